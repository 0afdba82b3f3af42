// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of drivers/iommu/iova.c as compiled from the tree, one file a part
 * of its API:
 *
 *   domain.c     init_iova_domain() at every granule, put_iova_domain()
 *   alloc.c      alloc_iova(): top-down placement, alignment, limits, windows
 *   max32.c      alloc_iova(): the max32_alloc_size heuristic
 *   reserve.c    reserve_iova()
 *   find_free.c  find_iova(), free_iova(), __free_iova()
 *   rcache.c     alloc_iova_fast(), free_iova_fast(): the per-CPU range caches
 *   fail.c       allocation failures
 *   random.c     random sequences against the model
 *
 * Expected values come from the kernel-doc of each function, worked out
 * independently: never by calling the allocator again. Where a test needs
 * to know which free space is in use it asks the model of the allocator,
 * oracle/iova_model.h, which states the facts of iova.c the expectations
 * rest on (top-down search below limit_pfn inclusive, size alignment, the
 * max32_alloc_size heuristic, the rounding of alloc_iova_fast(), cached
 * ranges staying in the rbtree). The per-CPU caches, as iova.c keeps them:
 * free_iova_fast() caches ranges of up to 32 pages (order <
 * IOVA_RANGE_CACHE_MAX_SIZE = 6) in per-CPU magazines of IOVA_MAG_SIZE =
 * 127 pfns ('loaded' and 'prev'); full magazines spill to a per-size depot
 * whose delayed work trims it down to num_online_cpus() magazines.
 *
 * This file holds the helpers the files share, the domain every test but
 * two runs in (run_in_domain: a configuration's name is the first part of
 * its cases' names, so each table of configurations below names its
 * cases) and the table: which tests run, in which domains, in which order.
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/* ---- helpers ------------------------------------------------------------ */

uint64_t live_objects(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.live_objects;
}

bool check_found(struct iova_domain *iovad, struct iova *iova, unsigned long lo,
		 unsigned long hi)
{
	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_lo, lo);
	KT_EXPECT_EQ(iova->pfn_hi, hi);
	KT_EXPECT_EQ(iova_size(iova), hi - lo + 1);
	KT_EXPECT(find_iova(iovad, lo) == iova);
	KT_EXPECT(find_iova(iovad, hi) == iova);
	KT_EXPECT(find_iova(iovad, lo + (hi - lo) / 2) == iova);
	return true;
}

bool check_fast_range(struct iova_domain *iovad, unsigned long pfn, unsigned long size)
{
	struct iova *iova = find_iova(iovad, pfn);

	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT(check_found(iovad, iova, pfn, pfn + size - 1));
	return true;
}

bool check_all_missing(struct iova_domain *iovad, const unsigned long *pfns,
		       unsigned long from, unsigned long to)
{
	for (unsigned long i = from; i < to; i++)
		if (find_iova(iovad, pfns[i]))
			KT_FAIL("pfns[%lu] = %#lx still in the tree", i, pfns[i]);
	return true;
}

bool check_all_present(struct iova_domain *iovad, const unsigned long *pfns,
		       unsigned long from, unsigned long to)
{
	for (unsigned long i = from; i < to; i++)
		if (!find_iova(iovad, pfns[i]))
			KT_FAIL("pfns[%lu] = %#lx not in the tree", i, pfns[i]);
	return true;
}

bool check_placement(const struct iova_model *m, const struct iova *iova,
		     unsigned long size, unsigned long limit, unsigned long align)
{
	const char *rule;
	char why[256];

	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_hi - iova->pfn_lo + 1, size);
	rule = iova_model_check_new(m, "alloc_iova", iova->pfn_lo, size, limit, align,
				    IOVA_MODEL_TOP_OF_GAP, why, sizeof(why));
	if (rule)
		KT_FAIL("%s: %s", rule, why);
	return true;
}

bool check_model(struct iova_domain *iovad, const struct iova_model *m, bool max32)
{
	struct iova_tree_walk w = {};
	const char *rule;
	char why[256];

	rule = iova_tree_walk(&w, iovad, why, sizeof(why));
	if (!rule)
		rule = iova_model_check_tree(m, &w, why, sizeof(why));
	iova_tree_walk_destroy(&w);
	if (!rule)
		rule = iova_model_check_find(m, iovad, why, sizeof(why));
	if (!rule && max32)
		rule = iova_model_check_max32(m, iovad, why, sizeof(why));
	if (rule)
		KT_FAIL("%s: %s", rule, why);
	return true;
}

/*
 * With IOVA_MAG_SIZE 127 and k = (n - 1) / 127, the CPU's magazines then
 * hold, for n >= 255:
 *
 *   prev   = f[0..126]                      (the first magazine filled)
 *   depot  = f[127..253], f[254..380], ...  (each full 'loaded' spilled when
 *            up to f[127k - 1], the last     both were full)
 *            one on top
 *   loaded = f[127k .. n - 1]               (the rest)
 */
bool alloc_then_free_singles(struct iova_domain *iovad, unsigned long *f, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		f[i] = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
		KT_EXPECT_NE(f[i], 0);
	}
	for (i = 0; i < n; i++)
		free_iova_fast(iovad, f[i], 1);
	return true;
}

/* ---- a domain around each test ------------------------------------------ */

/*
 * Run the test on a fresh domain, then tear it down whatever the test
 * returned: put_iova_domain() must give back every object allocated since
 * before init_iova_domain() (checked here on top of the framework's leak
 * check) and cancel the depot work. The CPU settings are restored, so a
 * failing test does not leak its CPU count into the next one.
 */
bool run_in_domain(const void *param, const void *arg)
{
	const struct dom_cfg *cfg = param;
	const struct dom_test *t = arg;
	struct iova_domain iovad = {};	/* callers embed it in zeroed memory */
	struct dmalab_slab_stats before, after;
	unsigned int old_nr = dmalab_nr_cpus();
	bool ok = false;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	dmalab_set_cpu(0);
	if (cfg->nr_cpus)
		dmalab_set_nr_cpus(cfg->nr_cpus);
	dmalab_slab_stats(&before);
	init_iova_domain(&iovad, cfg->granule, cfg->start_pfn);
	if (cfg->rcaches && iova_domain_init_rcaches(&iovad))
		kt_report(__FILE__, __LINE__, "iova_domain_init_rcaches() failed");
	else
		ok = t->fn(&iovad, cfg);
	dmalab_set_cpu(0);
	put_iova_domain(&iovad);
	dmalab_slab_stats(&after);
	iova_cache_put();
	dmalab_set_nr_cpus(old_nr);
	if (after.live_objects != before.live_objects) {
		kt_report(__FILE__, __LINE__, "put_iova_domain() left %lld objects",
			  (long long)(after.live_objects - before.live_objects));
		ok = false;
	}
	if (dmalab_pending_work()) {
		kt_report(__FILE__, __LINE__, "%lu work items still queued after put_iova_domain()",
			  dmalab_pending_work());
		ok = false;
	}
	return ok;
}

/* ---- the domains -------------------------------------------------------- */

#define DOM(n, g, start, ...)						\
	{ .name = (n), .granule = (g), .start_pfn = (start), __VA_ARGS__ }
#define DOM4K(n, start, ...)	DOM(n, GRANULE_4K, start, __VA_ARGS__)

/*
 * init_iova_domain() at every granule the IOMMU drivers use and a few
 * start_pfns; the suite's usual domain (4 KiB, start_pfn 1) is the plain
 * "init_iova_domain".
 */
static const struct dom_cfg dom_granules[] = {
	DOM("init_iova_domain_512_0x0", 512, 0),
	DOM("init_iova_domain_512_0x1", 512, 1),
	DOM("init_iova_domain_512_0x10", 512, 0x10),
	DOM("init_iova_domain_512_0x12345", 512, 0x12345),
	DOM("init_iova_domain_1024_0x0", 1024, 0),
	DOM("init_iova_domain_1024_0x1", 1024, 1),
	DOM("init_iova_domain_1024_0x10", 1024, 0x10),
	DOM("init_iova_domain_1024_0x12345", 1024, 0x12345),
	DOM("init_iova_domain_2048_0x0", 2048, 0),
	DOM("init_iova_domain_2048_0x1", 2048, 1),
	DOM("init_iova_domain_2048_0x10", 2048, 0x10),
	DOM("init_iova_domain_2048_0x12345", 2048, 0x12345),
	DOM("init_iova_domain_4096_0x0", 4096, 0),
	DOM("init_iova_domain", 4096, 1),
	DOM("init_iova_domain_4096_0x10", 4096, 0x10),
	DOM("init_iova_domain_4096_0x12345", 4096, 0x12345),
};

#define RC	.rcaches = true

static const struct dom_cfg dom_alloc_iova[] = { DOM4K("alloc_iova", 1) };
static const struct dom_cfg dom_alloc_iova_start_6[] = { DOM4K("alloc_iova", 6) };
static const struct dom_cfg dom_alloc_iova_start_0[] = { DOM4K("alloc_iova", 0) };
static const struct dom_cfg dom_alloc_iova_at_4g[] = { DOM4K("alloc_iova", DMA32_PFN) };
static const struct dom_cfg dom_alloc_iova_above_4g[] = {
	DOM4K("alloc_iova", DMA32_PFN + 0x100),
};
static const struct dom_cfg dom_alloc_iova_below_4g[] = { DOM4K("alloc_iova", 0x1000) };
/* below 4 GiB the search starts at cached32_node, above at cached_node */
static const struct dom_cfg dom_alloc_iova_both_nodes[] = {
	DOM4K("alloc_iova", 0x1000), DOM4K("alloc_iova_64bit", 0x200000),
};
static const struct dom_cfg dom_reserve_iova[] = { DOM4K("reserve_iova", 1) };
static const struct dom_cfg dom_reserve_iova_below_4g[] = { DOM4K("reserve_iova", 0x1000) };
static const struct dom_cfg dom_find_iova[] = { DOM4K("find_iova", 1) };
static const struct dom_cfg dom_rcache[] = { DOM4K("rcache", 1, RC) };
static const struct dom_cfg dom_rcache_1cpu[] = { DOM4K("rcache", 1, RC, .nr_cpus = 1) };
static const struct dom_cfg dom_rcache_2cpus[] = { DOM4K("rcache", 1, RC, .nr_cpus = 2) };
static const struct dom_cfg dom_rcache_below_4g[] = { DOM4K("rcache", 0x1000, RC) };
static const struct dom_cfg dom_rcache_at_4g[] = { DOM4K("rcache", DMA32_PFN, RC) };
static const struct dom_cfg dom_alloc_rcache[] = { DOM4K("alloc", 1, RC) };
/* 2048-page windows straddling 4 GiB */
static const struct dom_cfg dom_random_window[] = { DOM4K("random", DMA32_PFN - 1024) };
static const struct dom_cfg dom_random_rcache[] = { DOM4K("random", DMA32_PFN - 512, RC) };

/* ---- the table ---------------------------------------------------------- */

/* test_<f>() in a fresh domain of each configuration of cfgs: "<cfg>_<name>" */
#define KTEST_DOM(t, cfgs, f)						\
	{ .name = #t, .pfn = run_in_domain,				\
	  .params = &(const struct kt_params)KT_PARAMS(cfgs),		\
	  .arg = &(const struct dom_test){ test_##f } }

static const struct ktest tests[] = {
	KTEST_DOM(granules, dom_granules, init_iova_domain_granules),
	KTEST_DOM(top_down_aligned, dom_alloc_iova, alloc_iova_top_down_aligned),
	KTEST_DOM(top_down_unaligned, dom_alloc_iova, alloc_iova_top_down_unaligned),
	KTEST_DOM(size_aligned, dom_alloc_iova, alloc_iova_size_aligned),
	KTEST_DOM(limit_inclusive, dom_alloc_iova, alloc_iova_limit_inclusive),
	KTEST_DOM(32bit_vs_64bit, dom_alloc_iova, alloc_iova_32bit_vs_64bit),
	KTEST_DOM(start_pfn_floor, dom_alloc_iova_start_6, alloc_iova_start_pfn_floor),
	KTEST_DOM(fill_window, dom_alloc_iova_above_4g, alloc_iova_fill_window),
	KTEST_DOM(exhaustion_below_4g, dom_alloc_iova_below_4g, alloc_iova_exhaustion),
	KTEST_DOM(exhaustion_above_4g, dom_alloc_iova_at_4g, alloc_iova_exhaustion),
	KTEST_DOM(max32_reset_by_free, dom_alloc_iova_below_4g, alloc_iova_max32_reset_by_free),
	KTEST_DOM(max32_heuristic_limits, dom_alloc_iova_below_4g,
		  alloc_iova_max32_heuristic_limits),
	KTEST_DOM(retry_exact_fit, dom_alloc_iova_both_nodes, alloc_iova_retry_exact_fit),
	KTEST_DOM(from_pfn_zero, dom_alloc_iova_start_0, alloc_iova_from_pfn_zero),
	KTEST_DOM(free_reuse_top_down, dom_alloc_iova, alloc_iova_free_reuse_top_down),
	KTEST_DOM(retry_above_cached_node, dom_alloc_iova_both_nodes,
		  alloc_iova_retry_above_cached_node),
	KTEST_DOM(never_allocated, dom_reserve_iova_below_4g, reserve_iova_never_allocated),
	KTEST_DOM(overlap_and_adjacent, dom_reserve_iova, reserve_iova_overlap_and_adjacent),
	KTEST_DOM(rejects_huge_pfn, dom_reserve_iova, reserve_iova_rejects_huge_pfn),
	KTEST_DOM(hits_misses_and_free, dom_find_iova, find_iova_hits_misses_and_free),
	KTEST_DOM(hit_lifo_stays_in_tree, dom_rcache, rcache_hit_lifo_stays_in_tree),
	KTEST_DOM(size_rounding, dom_rcache, rcache_size_rounding),
	KTEST_DOM(respects_limit, dom_rcache, rcache_respects_limit),
	KTEST_DOM(magazine_overflow_to_depot, dom_rcache, rcache_magazine_overflow_to_depot),
	KTEST_DOM(depot_work_trims, dom_rcache_1cpu, rcache_depot_work_trims),
	KTEST_DOM(per_cpu_and_depot_sharing, dom_rcache_2cpus, rcache_per_cpu_and_depot_sharing),
	KTEST_DOM(cpu_dead_returns_ranges, dom_rcache, rcache_cpu_dead_returns_ranges),
	KTEST_DOM(flush_on_failure_below_4g, dom_rcache_below_4g, rcache_flush_on_failure),
	KTEST_DOM(flush_on_failure_above_4g, dom_rcache_at_4g, rcache_flush_on_failure),
	KTEST(put_iova_domain_frees_everything),
	KTEST(init_rcaches_fail_nth),
	KTEST_DOM(fail_nth, dom_alloc_rcache, alloc_fail_nth),
	KTEST_DOM(alloc_free_reserve, dom_random_window, random_alloc_free_reserve),
	KTEST_DOM(rcache, dom_random_rcache, random_rcache),
};

KTEST_MAIN("iova", tests)
