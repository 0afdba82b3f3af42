/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interface between the harness and the shim runtime: hooks, counters
 * and knobs that have no kernel equivalent. Plain C types only, so that both
 * kernel-side and host-side translation units can include it.
 */
#ifndef _DMALAB_RUNTIME_H
#define _DMALAB_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- WARN/BUG ------------------------------------------------------- */

enum dmalab_warn_kind { DMALAB_WARN, DMALAB_BUG };

enum dmalab_warn_mode {
	DMALAB_WARN_COUNT,	/* record and go on, as the kernel does (tests) */
	DMALAB_WARN_ABORT,	/* print and abort() at once (fuzzing) */
};

struct dmalab_warn_record {
	const char *file;	/* kernel source file as compiled */
	int line;
	const char *func;
	enum dmalab_warn_kind kind;
	char msg[160];		/* formatted WARN() message or condition text */
};

void dmalab_warn(enum dmalab_warn_kind kind, const char *file, int line,
		 const char *func, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
__attribute__((noreturn)) void dmalab_bug(const char *file, int line,
					  const char *func, const char *what);
__attribute__((noreturn)) void dmalab_unimplemented(const char *what);

void dmalab_warn_set_mode(enum dmalab_warn_mode mode);
unsigned long dmalab_warn_count(void);
/* The most recent WARN, or NULL if none since the last reset. */
const struct dmalab_warn_record *dmalab_warn_last(void);
void dmalab_warn_reset(void);

/* ---- printk --------------------------------------------------------- */

/* Kernel log lines are kept in a ring and echoed to stderr if enabled. */
void dmalab_log_set_echo(bool echo);
/* Copy of the log since the last clear (NUL-terminated, may be truncated). */
const char *dmalab_log(void);
void dmalab_log_clear(void);

/* ---- slab ----------------------------------------------------------- */

struct dmalab_slab_stats {
	uint64_t allocs;		/* successful allocations, all kinds */
	uint64_t frees;
	uint64_t live_objects;		/* allocated and not yet freed */
	uint64_t live_bytes;		/* bytes as the kernel would charge them:
					   kmalloc size class or cache object size */
	uint64_t live_requested;	/* bytes the callers asked for */
	uint64_t failed;		/* allocations failed by injection */
};

void dmalab_slab_stats(struct dmalab_slab_stats *st);
/* Size class a kmalloc(size) lands in, as SLUB would pick it (0 if > 8 KiB
 * and served by the page allocator: then the charge is whole pages). */
size_t dmalab_kmalloc_size_class(size_t size);
/*
 * Report live objects (allocation site and size) to the log and return
 * how many there are. A test's teardown calls it expecting 0.
 */
unsigned long dmalab_slab_report_leaks(void);
/* Forget every live object without freeing it (after a deliberate leak). */
void dmalab_slab_forget_all(void);
/*
 * The allocation site of p if p is a live kmalloc or kmem_cache object (its
 * start), else NULL: whether the kernel freed something it was to free.
 */
const char *dmalab_slab_owner(const void *p);

/*
 * Allocation-failure injection. Applies to kmalloc, kmem_cache_alloc,
 * percpu and page allocations, except where the caller passed __GFP_NOFAIL.
 *   every_nth:  fail the Nth, 2Nth, ... allocation from now (0: off)
 *   fail_nth:   fail exactly the Nth allocation from now (0: off)
 *   seeded:     fail each allocation with probability permille/1000, from
 *               a private PRNG seeded with seed (0 permille: off)
 */
void dmalab_fail_every_nth(unsigned long every_nth);
void dmalab_fail_nth(unsigned long nth);
void dmalab_fail_random(uint64_t seed, unsigned int permille);
void dmalab_fail_off(void);
/* Allocations attempted since failure injection was last configured. */
unsigned long dmalab_fail_attempts(void);

/* ---- CPUs, per-cpu, deferred work ------------------------------------ */

/*
 * Number of possible (= online) CPUs; default 4, at most CONFIG_NR_CPUS.
 * -EBUSY while per-cpu memory is allocated: as in the kernel, the set of
 * possible CPUs does not change under live per-cpu data. The current CPU
 * falls back to 0 if it is no longer possible.
 */
int dmalab_set_nr_cpus(unsigned int nr);
unsigned int dmalab_nr_cpus(void);
/* The CPU the calling thread runs on (default 0). */
void dmalab_set_cpu(unsigned int cpu);
unsigned int dmalab_cpu(void);
/*
 * Run the cpuhp "dead" callbacks of every multi-instance state for cpu, as
 * the kernel does when the CPU goes offline. The CPU stays online and
 * usable afterwards (the model has no offline CPUs).
 */
void dmalab_cpu_dead(unsigned int cpu);
/* Run every queued (delayed) work item now; returns how many ran. */
unsigned long dmalab_run_deferred_work(void);
unsigned long dmalab_pending_work(void);
/* let n jiffies pass: run the timers due by then (only those), in expiry order */
unsigned long dmalab_advance_jiffies(unsigned long n);

/* ---- the kernel command line ----------------------------------------- */

/*
 * A program may add to the kernel command line (before DMALAB_CMDLINE) by
 * defining `const char *const dmalab_program_cmdline`. The fuzz engines
 * and the tools that replay their inputs define it as DMALAB_FUZZ_CMDLINE,
 * so that a finding replays with the very same kernel: a 16 MiB swiotlb
 * pool (8192 slots) instead of the default 64 MiB, which swiotlb_init()
 * clears at every start (a fuzz or replay process starts in a quarter of
 * the time). The test suites keep the kernel's default.
 */
#define DMALAB_FUZZ_CMDLINE	"swiotlb=8192"

/* ---- random numbers --------------------------------------------------- */

/* Seed the kernel's get_random_*() (linux/random.h): a run replays exactly. */
void dmalab_set_random_seed(uint64_t seed);

/* ---- one run ----------------------------------------------------------- */

/*
 * The bracket a test case or a fuzz run puts around its work, so that each
 * starts from the same state and what it leaves behind is seen:
 * dmalab_run_begin() clears the WARN record, the log and the record of
 * arch cache maintenance (dmalab_arch_syncs(): it counts from 0 in every
 * run, and a fuzzing process does not grow it run after run), turns failure
 * injection off, puts the thread on CPU 0 and snapshots the slab;
 * dmalab_run_end() turns injection off, runs the work the run queued (it
 * belongs to the run), and reports the slab objects left since the begin
 * and the WARNs raised; then it restores CPU 0 and the CPU count the run
 * found (tests and fuzz programs change both).
 */
struct dmalab_run {
	struct dmalab_slab_stats slab;
	unsigned int nr_cpus;
};
struct dmalab_run_result {
	long long leaked;		/* slab objects live now, minus at the begin */
	unsigned long warns;		/* WARNs since the begin */
};
void dmalab_run_begin(struct dmalab_run *r);
void dmalab_run_end(struct dmalab_run *r, struct dmalab_run_result *res);

#endif
