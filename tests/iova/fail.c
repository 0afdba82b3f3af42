// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation failures: iova_domain_init_rcaches() failing at each of its
 * allocations, and alloc_iova(), alloc_iova_fast() and free_iova_fast()
 * when their struct iova or magazine cannot be allocated.
 */
#include <errno.h>

#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

struct init_rcaches_ctx {
	unsigned long allocs;	/* allocations of a call that did not fail */
};

static bool init_rcaches_round(struct iova_domain *iovad, struct init_rcaches_ctx *c,
			       unsigned long nth)
{
	uint64_t before = live_objects();
	unsigned long attempts;
	bool injected;
	int ret;

	ret = iova_domain_init_rcaches(iovad);
	attempts = dmalab_fail_attempts();
	injected = kt_fail_injected();
	dmalab_fail_off();
	if (injected) {
		KT_EXPECT_EQ(ret, -ENOMEM);
		/*
		 * at the failed allocation, or one later: 7.2 allocates each
		 * CPU's loaded and prev magazines at init and tries both before
		 * it checks either (7.3 allocates them on first use)
		 */
		KT_EXPECT_GE(attempts, nth);
		KT_EXPECT_LE(attempts, nth + 1);
		KT_EXPECT_NULL(iovad->rcaches);
		KT_EXPECT_EQ(live_objects(), before);
		return true;
	}
	KT_EXPECT_EQ(ret, 0);
	KT_EXPECT_EQ(attempts, nth - 1);
	c->allocs = attempts;
	/* 7.2 also allocates two magazines per CPU and size class */
	if (live_objects() - before != 7)
		KT_EXPECT_EQ(live_objects() - before, 7 + 2 * 6 * num_possible_cpus());
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xfffff);
	free_iova_fast(iovad, 0xfffff, 1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xfffff);
	return true;
}

/* one round of kt_fail_nth(): a domain of its own, torn down whatever happened */
static bool init_rcaches_body(void *ctx, unsigned long nth)
{
	struct iova_domain iovad = {};	/* callers embed it in zeroed memory */
	bool ok;

	init_iova_domain(&iovad, GRANULE_4K, 1);
	ok = init_rcaches_round(&iovad, ctx, nth);
	put_iova_domain(&iovad);
	return ok;
}

/*
 * A test that iova_domain_init_rcaches() fails cleanly at each of its
 * allocations: its 1st, 2nd, ... allocation fails until it succeeds
 * (kt_fail_nth(), each round in a fresh domain). Expect every failure to return
 * -ENOMEM right at the failed allocation, to leave iovad->rcaches NULL and
 * nothing allocated (and no cpuhp instance registered: iova_cache_put() would
 * WARN); and the call that succeeds to allocate at least the rcache array and
 * one per-cpu area per size class (7 objects, more allocations if slab pages
 * stand behind them, also failure points in the shim; 7.2 also allocates two
 * magazines per CPU and size class), after which the caches work.
 */
bool test_init_rcaches_fail_nth(void)
{
	struct init_rcaches_ctx c = { 0 };
	long rounds;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	dmalab_set_cpu(0);
	rounds = kt_fail_nth(init_rcaches_body, &c, 256);
	iova_cache_put();
	KT_EXPECT_GE(rounds, 7);
	KT_EXPECT_EQ(rounds, c.allocs);
	return true;
}

/*
 * A test that alloc_iova() and alloc_iova_fast() cope with a struct iova that
 * cannot be allocated, and free_iova_fast() with a magazine that cannot. Expect
 * alloc_iova() to return NULL, take no space (the next allocation gets the top
 * page) and not count as a failed search (max32_alloc_size untouched: the same
 * size under a 32-bit limit works); alloc_iova_fast() to return 0 without flush
 * and, with flush, to flush, retry and succeed; and free_iova_fast() to fall
 * back to free_iova(): the range leaves the tree.
 */
bool test_alloc_fail_nth(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static unsigned long q[2 * MAG_SIZE];
	unsigned long p;
	unsigned int i;

	dmalab_fail_nth(1);
	KT_EXPECT_NULL(alloc_iova(iovad, 1, DMA32_PFN - 1, false));
	KT_EXPECT_EQ(dmalab_fail_attempts(), 1);
	dmalab_fail_off();
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN - 1, false),
			      0xfffff, 0xfffff));

	dmalab_fail_nth(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, false), 0);
	dmalab_fail_nth(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xffffe);
	KT_EXPECT_GE(dmalab_fail_attempts(), 2);
	dmalab_fail_off();

	/*
	 * free_iova_fast() allocates a magazine when the CPU's loaded and prev
	 * ones are full (and 7.3 when it has none yet; 7.2 allocates both at
	 * init): fill both, then fail the allocation the next free makes.
	 */
	for (i = 0; i < 2 * MAG_SIZE; i++) {
		q[i] = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
		KT_EXPECT_NE(q[i], 0);
	}
	p = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_EQ(p, 0xffffd - 2 * MAG_SIZE);
	for (i = 0; i < 2 * MAG_SIZE; i++)
		free_iova_fast(iovad, q[i], 1);
	dmalab_fail_nth(1);
	free_iova_fast(iovad, p, 1);		/* magazine allocation fails */
	KT_EXPECT_EQ(dmalab_fail_attempts(), 1);
	dmalab_fail_off();
	KT_EXPECT_NULL(find_iova(iovad, p));
	/* the cached ranges stay in the tree: the tree's highest hole is p */
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN - 1, false), p, p));
	return true;
}
