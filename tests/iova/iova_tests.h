/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the iova suite share: the domain a test runs in, the
 * helpers that check nodes of the tree, and the tests of each file, for
 * the table in main.c.
 */
#ifndef DMALAB_TESTS_IOVA_TESTS_H
#define DMALAB_TESTS_IOVA_TESTS_H

#include <linux/iova.h>

#include "oracle/iova_model.h"
#include "tests/ktest.h"

#define GRANULE_4K	4096UL
#define DMA32_PFN	(1UL << 20)	/* first pfn above 4 GiB at 4 KiB granule */
#define MAG_SIZE	127		/* IOVA_MAG_SIZE */
#define CACHED_MAX	IOVA_MODEL_CACHED_MAX	/* largest cached range, in pages */

/*
 * The domain a test runs in. A configuration's name is the first part of
 * the names of its cases ("<name>_<test>", tests/ktest.h).
 */
struct dom_cfg {
	const char *name;
	unsigned long granule;
	unsigned long start_pfn;
	bool rcaches;			/* iova_domain_init_rcaches() too */
	unsigned int nr_cpus;		/* 0: leave the default */
};

/* A test run in a fresh domain; in main.c's table, the cases' arg. */
typedef bool (*dom_test_t)(struct iova_domain *iovad, const struct dom_cfg *cfg);
struct dom_test {
	dom_test_t fn;
};

/* main.c: run t->fn in a fresh domain of cfg (KTEST_PARAM's callback) */
bool run_in_domain(const void *cfg, const void *t);

/* ---- helpers (main.c) ---- */

static inline unsigned long align_dn(unsigned long x, unsigned long a)
{
	return x - x % a;
}

uint64_t live_objects(void);
/* find_iova() of lo, hi and the middle all give this very node. */
bool check_found(struct iova_domain *iovad, struct iova *iova, unsigned long lo,
		 unsigned long hi);
/* A pfn range the rcache handed out is a tree node of exactly that range. */
bool check_fast_range(struct iova_domain *iovad, unsigned long pfn, unsigned long size);
bool check_all_missing(struct iova_domain *iovad, const unsigned long *pfns,
		       unsigned long from, unsigned long to);
bool check_all_present(struct iova_domain *iovad, const unsigned long *pfns,
		       unsigned long from, unsigned long to);
/*
 * A fresh alloc_iova() range against the model before it is inserted: the
 * size asked, inside [start_pfn, limit], aligned, overlapping nothing, at
 * the top of the free gap it was taken from.
 */
bool check_placement(const struct iova_model *m, const struct iova *iova,
		     unsigned long size, unsigned long limit, unsigned long align);
/*
 * The tree (walked by hand), find_iova() and, with max32, max32_alloc_size
 * against the model (oracle/iova_model.h).
 */
bool check_model(struct iova_domain *iovad, const struct iova_model *m, bool max32);
/* Allocate n single pages with alloc_iova_fast(), then free them in order. */
bool alloc_then_free_singles(struct iova_domain *iovad, unsigned long *f, unsigned long n);

/* ---- the tests ---- */

/* domain.c */
bool test_init_iova_domain_granules(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_put_iova_domain_frees_everything(void);

/* alloc.c */
bool test_alloc_iova_top_down_aligned(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_top_down_unaligned(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_size_aligned(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_limit_inclusive(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_32bit_vs_64bit(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_start_pfn_floor(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_fill_window(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_exhaustion(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_retry_exact_fit(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_from_pfn_zero(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_free_reuse_top_down(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_retry_above_cached_node(struct iova_domain *iovad,
					      const struct dom_cfg *cfg);

/* max32.c */
bool test_alloc_iova_max32_reset_by_free(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_alloc_iova_max32_heuristic_limits(struct iova_domain *iovad,
					     const struct dom_cfg *cfg);

/* reserve.c */
bool test_reserve_iova_never_allocated(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_reserve_iova_overlap_and_adjacent(struct iova_domain *iovad,
					     const struct dom_cfg *cfg);
bool test_reserve_iova_rejects_huge_pfn(struct iova_domain *iovad, const struct dom_cfg *cfg);

/* find_free.c */
bool test_find_iova_hits_misses_and_free(struct iova_domain *iovad, const struct dom_cfg *cfg);

/* rcache.c */
bool test_rcache_hit_lifo_stays_in_tree(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_rcache_size_rounding(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_rcache_respects_limit(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_rcache_magazine_overflow_to_depot(struct iova_domain *iovad,
					     const struct dom_cfg *cfg);
bool test_rcache_depot_work_trims(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_rcache_per_cpu_and_depot_sharing(struct iova_domain *iovad,
					    const struct dom_cfg *cfg);
bool test_rcache_cpu_dead_returns_ranges(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_rcache_flush_on_failure(struct iova_domain *iovad, const struct dom_cfg *cfg);

/* fail.c */
bool test_init_rcaches_fail_nth(void);
bool test_alloc_fail_nth(struct iova_domain *iovad, const struct dom_cfg *cfg);

/* random.c */
bool test_random_alloc_free_reserve(struct iova_domain *iovad, const struct dom_cfg *cfg);
bool test_random_rcache(struct iova_domain *iovad, const struct dom_cfg *cfg);

#endif
