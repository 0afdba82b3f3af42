// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim group: what our own machinery costs, so that its share of each
 * figure can be stated (scripts/bench.py writes shim-overhead.txt).
 *
 *   shim/loop/cxx             native C++ range-for, the body a compiler
 *                             barrier (as in the C loops): the floor
 *   shim/loop/c               empty C body, gb_keep_running() per iteration
 *   shim/loop/c-inline        empty C body, GB_LOOP (one call per run)
 *   shim/pause-resume/cxx     PauseTiming + ResumeTiming: the timer time
 *   shim/pause-resume/c       each pause/resume pair adds to a benchmark
 *                             (map/unmap pay it once per batch of K)
 *   shim/kmalloc/64           kmalloc(64) + kfree() through the shim's slab
 *                             (per-thread magazine and counters, site)
 *   shim/malloc/64            glibc malloc(64) + free(): a per-thread-cached
 *                             allocator, as SLUB's per-CPU fast path is
 *   shim/alloc-page/4k        alloc_page() + __free_page() (page tables, sg
 *                             chunks) through the shim's page allocator
 *   shim/spinlock/pair        spin_lock() + spin_unlock(), uncontended
 *   shim/iommu-stats/map      what the mock IOMMU's statistics add to each
 *                             map, unmap or IOTLB sync (its per-thread
 *                             counters: dmalab_domain_count_map())
 *   shim/kmalloc/64/real_time/threads:T   the slab shared by T threads
 */
#include <stdlib.h>

#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <dmalab/iommu.h>

#include "bench.h"

/* the body is a compiler barrier: every iteration exists, in every loop */
static void bm_loop_c(gb_state *st)
{
	while (gb_keep_running(st))
		__asm__ volatile("" : : : "memory");
}

static void bm_loop_inline(gb_state *st)
{
	GB_LOOP(st)
		__asm__ volatile("" : : : "memory");
}

static void bm_pause_resume(gb_state *st)
{
	while (gb_keep_running(st)) {
		gb_pause(st);
		gb_resume(st);
	}
}

static void bm_kmalloc(gb_state *st)
{
	void *p;

	dmalab_set_cpu(gb_thread_index(st));
	GB_LOOP(st) {
		p = kmalloc(64, GFP_KERNEL);
		__asm__ volatile("" : : "r"(p) : "memory");
		kfree(p);
	}
}

static void bm_malloc(gb_state *st)
{
	void *p;

	GB_LOOP(st) {
		p = malloc(64);
		__asm__ volatile("" : : "r"(p) : "memory");
		free(p);
	}
}

static void bm_alloc_page(gb_state *st)
{
	struct page *p;

	GB_LOOP(st) {
		p = alloc_page(GFP_KERNEL);
		__asm__ volatile("" : : "r"(p) : "memory");
		__free_page(p);
	}
}

static void bm_spinlock(gb_state *st)
{
	spinlock_t lock;

	spin_lock_init(&lock);
	GB_LOOP(st) {
		spin_lock(&lock);
		spin_unlock(&lock);
	}
}

static void bm_iommu_stats(gb_state *st)
{
	struct dmalab_domain_cfg cfg = { .format = DMALAB_PT_X86_64,
					 .kind = DMALAB_DOMAIN_DMA };
	struct dmalab_domain *d;
	int err;

	d = dmalab_domain_create(&cfg, &err);
	if (!d) {
		gb_skip_with_error(st, "dmalab_domain_create failed");
		return;
	}
	GB_LOOP(st)
		dmalab_domain_count_map(d, PAGE_SIZE);
	dmalab_domain_destroy(d);
}

void bench_register_shim(void)
{
	unsigned int t;

	if (bench_wanted(SET_REST, false)) {
		/* the shim's slab shared by threads (magazines, shared stacks) */
		gb_bench *b = gb_use_real_time(gb_register("shim/kmalloc/64", bm_kmalloc));

		for (t = 1; t <= 4 && t <= bench_opts.nr_cpus; t *= 2)
			gb_threads(b, t);
	}
	if (!bench_wanted(SET_HEADLINE, false))
		return;
	gb_register_native_overhead();
	gb_register("shim/loop/c", bm_loop_c);
	gb_register("shim/loop/c-inline", bm_loop_inline);
	gb_register("shim/pause-resume/c", bm_pause_resume);
	gb_register("shim/kmalloc/64", bm_kmalloc);
	gb_register("shim/malloc/64", bm_malloc);
	gb_register("shim/alloc-page/4k", bm_alloc_page);
	gb_register("shim/spinlock/pair", bm_spinlock);
	gb_register("shim/iommu-stats/map", bm_iommu_stats);
}
