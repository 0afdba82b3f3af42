/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Google Benchmark from C (bench/gbench.cc is the C++ side).
 *
 * A benchmark is a C function taking a gb_state *; it registers with
 * gb_register() and is configured like a benchmark::internal::Benchmark:
 *
 *	static void bm(gb_state *st)
 *	{
 *		size_t n = gb_range(st, 0);
 *		GB_LOOP(st) {			// or: while (gb_keep_running(st))
 *			work(n);
 *		}
 *		gb_set_bytes_processed(st, gb_iterations(st) * n);
 *	}
 *	gb_arg(gb_register("copy", bm), 4096);
 *
 * Timing loops, cheapest first:
 *   GB_LOOP(st) { ... }             one out-of-line call per loop, then a
 *                                   local countdown (as C++'s range-for)
 *   while (gb_keep_running(st))     one out-of-line call per iteration
 *   while (gb_keep_running_batch(st, k))  one call per k iterations
 * `make bench` measures all three against a native C++ loop (shim/ group).
 *
 * Benchmark names are given whole: gb_register("map/sg/4k/1GiB", ...).
 * Google Benchmark appends "/<arg-name>:<value>" for gb_arg_name()d
 * arguments, "/real_time" after gb_use_real_time() and "/threads:N" after
 * gb_threads(); nothing else is appended unless a gb_min_time(),
 * gb_iterations_fixed() or gb_repetitions() is set on the benchmark.
 *
 * Set-up shared by the threads of a gb_threads() benchmark: do it in thread
 * 0 before the loop; the other threads wait at the loop's start barrier
 * (and thread 0 tears down after the loop, past the stop barrier).
 */
#ifndef DMALAB_GBENCH_H
#define DMALAB_GBENCH_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_state gb_state;	/* a benchmark::State */
typedef struct gb_bench gb_bench;	/* a benchmark::internal::Benchmark */
typedef void (*gb_fn)(gb_state *st);

/* ---- registration (before gb_run) ---- */

gb_bench *gb_register(const char *name, gb_fn fn);
/* The same, for a body that takes an argument (a spec of the benchmark). */
gb_bench *gb_register_data(const char *name, void (*fn)(gb_state *st, void *data), void *data);
gb_bench *gb_arg(gb_bench *b, int64_t x);
gb_bench *gb_args(gb_bench *b, const int64_t *args, int n);
gb_bench *gb_range_args(gb_bench *b, int64_t lo, int64_t hi);	/* ->Range */
gb_bench *gb_range_multiplier(gb_bench *b, int mult);
gb_bench *gb_dense_range(gb_bench *b, int64_t lo, int64_t hi, int step);
gb_bench *gb_arg_name(gb_bench *b, const char *name);
gb_bench *gb_threads(gb_bench *b, int n);
gb_bench *gb_use_real_time(gb_bench *b);
gb_bench *gb_min_time(gb_bench *b, double seconds);
gb_bench *gb_iterations_fixed(gb_bench *b, int64_t n);
gb_bench *gb_repetitions(gb_bench *b, int n);
enum gb_unit { GB_NS, GB_US, GB_MS, GB_S };
gb_bench *gb_unit(gb_bench *b, enum gb_unit u);

/* ---- inside a benchmark ---- */

bool gb_keep_running(gb_state *st);
bool gb_keep_running_batch(gb_state *st, int64_t n);
void gb_pause(gb_state *st);		/* PauseTiming */
void gb_resume(gb_state *st);		/* ResumeTiming */
int64_t gb_range(const gb_state *st, int i);
int gb_thread_index(const gb_state *st);
int gb_thread_count(const gb_state *st);
int64_t gb_iterations(const gb_state *st);	/* done so far */
int64_t gb_max_iterations(const gb_state *st);
void gb_set_bytes_processed(gb_state *st, int64_t bytes);
void gb_set_items_processed(gb_state *st, int64_t items);
void gb_set_label(gb_state *st, const char *label);
void gb_skip_with_error(gb_state *st, const char *msg);	/* then leave the loop */
bool gb_error_occurred(const gb_state *st);

/* benchmark::Counter flags */
enum {
	GB_COUNTER_DEFAULT = 0,
	GB_COUNTER_RATE = 1 << 0,		/* divided by the seconds */
	GB_COUNTER_AVG_THREADS = 1 << 1,	/* divided by the threads */
	GB_COUNTER_ITERATION_INVARIANT = 1 << 2,	/* multiplied by iterations */
	GB_COUNTER_AVG_ITERATIONS = 1 << 3,	/* divided by the iterations */
	GB_COUNTER_INVERT = 1 << 31,		/* 1 / value (after the above) */
};
/* state.counters[name] = Counter(value, flags) (kIs1000) */
void gb_counter(gb_state *st, const char *name, double value, unsigned int flags);

/* ---- the fast loop: GB_LOOP(st) { body } ---- */

struct gb_loop {
	gb_state *st;
	uint64_t left;
	bool running;
};
/* Starts the timer; the number of iterations to run (0: done already). */
uint64_t gb_loop_start(gb_state *st);
void gb_loop_finish(gb_state *st);

static inline bool gb_loop_next(struct gb_loop *l)
{
	if (__builtin_expect(l->left != 0, 1)) {
		l->left--;
		return true;
	}
	if (l->running) {
		l->running = false;
		gb_loop_finish(l->st);
	}
	return false;
}

static inline struct gb_loop gb_loop_begin(gb_state *st)
{
	struct gb_loop l = { st, 0, false };

	l.left = gb_loop_start(st);
	l.running = l.left != 0;
	return l;
}

#define GB_LOOP(st) for (struct gb_loop _gb_l = gb_loop_begin(st); gb_loop_next(&_gb_l);)

/* ---- running ---- */

/* benchmark_context key=value, as --benchmark_context does */
void gb_add_context(const char *key, const char *value);
/*
 * Initialize (consumes --benchmark_* arguments), refuse unknown arguments,
 * run, shut down. Returns the exit status.
 */
int gb_run(int argc, char **argv);

/* A native C++ benchmark body for the shim overhead figures (gbench.cc). */
void gb_register_native_overhead(void);

#ifdef __cplusplus
}
#endif

#endif
