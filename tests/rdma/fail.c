// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: allocation failures. Every allocation a context makes
 * (its SGE and request arrays, the IOVA reservation, page-table pages,
 * swiotlb bookkeeping, the bvec MR path's sg table) fails in turn
 * (kt_fail_nth()). What the API promises then: init returns a negative
 * errno having undone everything, or falls back (a failed
 * dma_iova_try_alloc() to per-bvec SGEs) and whatever it gives is still
 * right (the oracle); after destroy nothing is left mapped or allocated
 * (the checker, and kt_fail_nth()'s slab count).
 */
#include "tests/rdma/rdma.h"

struct fail_ctx {
	const struct profile *p;
	bool bvec;
};

static const struct vec fv[] = {
	{ BUF(0, 0x800), P - 0x800 }, { BUF(9, 0), P }, { BUF(30, 0), 2 * P },
	{ BUF(60, 0), P }, { BUF(61, 0), P }, { BUF(90, 0), 0x400 },
};

/* one round: an HCA of its own (made with injection off), torn down whatever happened */
static bool fail_body(void *arg, unsigned long nth)
{
	struct fail_ctx *c = arg;
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	dmalab_fail_off();
	cfg_ib(&cfg);
	if (!env_init(&e, c->p, &cfg))
		return env_fini(&e) && false;
	dmalab_fail_nth(nth);
	ok = c->bvec ? drive_bvec(&e, fv, 6, DMA_TO_DEVICE, &r) :
		       drive_sg(&e, fv, 6, 0x100, DMA_TO_DEVICE, &r);
	dmalab_fail_off();
	if (ok && r.ret < 0 && !kt_fail_injected())
		kt_report(__FILE__, __LINE__, "init failed with %d, nothing injected", r.ret), ok = false;
	/*
	 * rdma_rw_ctx_init() passes dma_map_sgtable()'s error on, which is
	 * -EIO when a bounce slot cannot be had (untrusted devices);
	 * rdma_rw_ctx_init_bvec()'s kernel-doc promises -ENOMEM.
	 */
	if (ok && r.ret < 0 && r.ret != -ENOMEM && (c->bvec || r.ret != -EIO))
		kt_report(__FILE__, __LINE__, "init failed with %d", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of allocation failures under rdma_rw_ctx_init() on 6 scattered
 * entries. Expect -ENOMEM or a checked mapping each round, nothing left.
 */
bool test_fail_nth_sg(const void *param, const void *arg)
{
	struct fail_ctx c = { param, false };

	KT_EXPECT_GE(kt_fail_nth(fail_body, &c, 200), 1);
	return true;
}

/* The same under rdma_rw_ctx_init_bvec(). */
bool test_fail_nth_bvec(const void *param, const void *arg)
{
	struct fail_ctx c = { param, true };

	KT_EXPECT_GE(kt_fail_nth(fail_body, &c, 200), 1);
	return true;
}
