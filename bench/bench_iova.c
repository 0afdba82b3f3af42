// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOVA allocator (drivers/iommu/iova.c) by itself, as dma-iommu uses
 * it: one 4 KiB-granule domain with rcaches, limit at 48 bits.
 *
 *   iova/fast/live:N   alloc_iova_fast() + free_iova_fast() of one page
 *                      (the per-CPU rcache after the first round)
 *   iova/tree/live:N   alloc_iova() + __free_iova() of one page (the rbtree)
 *
 * N IOVAs of one page are live in the tree beforehand (allocated with
 * alloc_iova, packed from the top of the space down, as a busy device's
 * mappings are). One iteration is one alloc + free pair.
 *
 * With gb_threads(T) ("/real_time/threads:T"), T threads share the domain;
 * thread i is CPU i of the model (dmalab_set_cpu), so each has its own
 * rcache and they meet on the rbtree lock and the depot lock: spinlocks,
 * real ones. items_per_second is the total rate of pairs.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/iova.h>

#include "bench.h"

#define LIMIT_PFN	((1UL << (48 - 12)) - 1)

static struct iova_domain iovad;
static bool iovad_ready;
static struct iova **pool;
static unsigned long pool_live, pool_cap;

static void iovad_init(void)
{
	if (iovad_ready)
		return;
	if (iova_cache_get()) {
		fprintf(stderr, "dmalab-bench: iova_cache_get failed\n");
		exit(1);
	}
	init_iova_domain(&iovad, 4096, 1);
	if (iova_domain_init_rcaches(&iovad)) {
		fprintf(stderr, "dmalab-bench: iova_domain_init_rcaches failed\n");
		exit(1);
	}
	iovad_ready = true;
}

/* Make exactly n IOVAs of the pool live. */
static bool pool_resize(unsigned long n)
{
	if (n > pool_cap) {
		pool = realloc(pool, n * sizeof(*pool));
		if (!pool)
			return false;
		pool_cap = n;
	}
	while (pool_live < n) {
		pool[pool_live] = alloc_iova(&iovad, 1, LIMIT_PFN, true);
		if (!pool[pool_live])
			return false;
		pool_live++;
	}
	while (pool_live > n)
		__free_iova(&iovad, pool[--pool_live]);
	return true;
}

static bool setup(gb_state *st)
{
	dmalab_set_cpu(gb_thread_index(st));
	if (gb_thread_index(st) == 0) {
		iovad_init();
		if (!pool_resize(gb_range(st, 0))) {
			gb_skip_with_error(st, "cannot populate the IOVA space");
			return false;
		}
	}
	return true;
}

static void bm_fast(gb_state *st)
{
	unsigned long pfn;

	if (!setup(st))
		return;
	GB_LOOP(st) {
		pfn = alloc_iova_fast(&iovad, 1, LIMIT_PFN, true);
		if (unlikely(!pfn)) {
			gb_skip_with_error(st, "alloc_iova_fast failed");
			break;
		}
		free_iova_fast(&iovad, pfn, 1);
	}
	gb_set_items_processed(st, gb_iterations(st));
}

static void bm_tree(gb_state *st)
{
	struct iova *iova;

	if (!setup(st))
		return;
	GB_LOOP(st) {
		iova = alloc_iova(&iovad, 1, LIMIT_PFN, true);
		if (unlikely(!iova)) {
			gb_skip_with_error(st, "alloc_iova failed");
			break;
		}
		__free_iova(&iovad, iova);
	}
	gb_set_items_processed(st, gb_iterations(st));
}

void bench_register_iova(void)
{
	static const int64_t quick_live[] = { 1, 1024, 1 << 20 };
	static const int quick_threads[] = { 1, 2, 4 };
	static const int full_threads[] = { 1, 2, 4, 8 };
	void (*fns[2])(gb_state *) = { bm_fast, bm_tree };
	static const char *const names[2] = { "iova/fast", "iova/tree" };
	const int *threads = bench_opts.full ? full_threads : quick_threads;
	unsigned int nthreads = bench_opts.full ? ARRAY_SIZE(full_threads) :
					ARRAY_SIZE(quick_threads);
	unsigned int f, i, t;

	if (!bench_wanted(SET_REST, false))
		return;
	for (f = 0; f < 2; f++) {
		gb_bench *b = gb_arg_name(gb_register(names[f], fns[f]), "live");

		if (bench_opts.full)
			gb_range_multiplier(gb_range_args(b, 1, 1 << 20), 16);
		else
			for (i = 0; i < ARRAY_SIZE(quick_live); i++)
				gb_arg(b, quick_live[i]);
	}
	for (f = 0; f < 2; f++) {
		gb_bench *b = gb_arg_name(gb_register(names[f], fns[f]), "live");

		gb_use_real_time(gb_arg(b, 1024));
		if (bench_opts.full)
			gb_arg(b, 1 << 20);
		for (t = 0; t < nthreads; t++) {
			if ((unsigned int)threads[t] > bench_opts.nr_cpus)
				break;
			gb_threads(b, threads[t]);
		}
	}
}
