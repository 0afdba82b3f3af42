// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tso suite: allocation failures. Every allocation tso_dma_map_init()
 * makes (the IOVA reservation, page-table pages, swiotlb bookkeeping,
 * each dma_map_phys() of the fallback) fails in turn (kt_fail_nth()).
 * What the kernel-doc promises: "0 on success, -ENOMEM on DMA mapping
 * failure (partial mappings are cleaned up internally)"; a failure on the
 * IOVA path falls back to dma_map_phys() per region, and whatever init
 * gives is still right (the oracle); after cleanup, or a failed init,
 * nothing is left mapped or allocated (the checker, kt_fail_nth()'s slab
 * count).
 */
#include "tests/tso/tso.h"

#include <dmalab/runtime.h>

/* headers, a page of linear payload, aligned frags: the IOVA path when nothing fails */
static const struct tso_skb_desc fh = {
	.linear = BUF(1, 0) - HDR_LEN, .linear_len = HDR_LEN + P, .nr_frags = 4,
	.frags = { { BUF(10, 0), P }, { BUF(30, 0), 2 * P }, { BUF(12, 0), P },
		   { BUF(40, 0), 0x321 } },
};

/*
 * headers and two pages and a bit of linear payload, no frag: a failed IOVA
 * attempt must leave no frag behind for the fallback's map and cleanup
 */
static const struct tso_skb_desc fh_linear = {
	.linear = BUF(1, 0) - HDR_LEN, .linear_len = HDR_LEN + 2 * P + 0x123,
};

struct fail_case {
	const struct profile *p;
	const struct tso_skb_desc *h;
};

/* one round: a device of its own (made with injection off), torn down whatever happened */
static bool fail_body(void *arg, unsigned long nth)
{
	const struct fail_case *c = arg;
	struct tso_check_result r;
	struct env e;
	bool ok;

	dmalab_fail_off();
	if (!env_init(&e, c->p))
		return env_fini(&e) && false;
	dmalab_fail_nth(nth);
	ok = drive(&e, c->h, MSS, NULL, 0, &r);
	dmalab_fail_off();
	if (ok && r.ret < 0 && !kt_fail_injected())
		kt_report(__FILE__, __LINE__, "init failed with %d, nothing injected", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of allocation failures under tso_dma_map_init() on an skb of a
 * linear payload and 4 frags, then on one of a linear payload alone (a
 * page-table page refused under dma_iova_link() sends it to the fallback
 * with the map reset: a stale frag count there is unmapped by cleanup).
 * Expect -ENOMEM or a checked mapping each round, nothing left; behind an
 * IOMMU at least one allocation to fail.
 */
bool test_fail_nth(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct fail_case frags = { p, &fh }, lin = { p, &fh_linear };

	/* dma-direct and swiotlb allocate nothing a mapping: no round fails then */
	KT_EXPECT_GE(kt_fail_nth(fail_body, &frags, 200), p->iommu ? 1 : 0);
	KT_EXPECT_GE(kt_fail_nth(fail_body, &lin, 200), p->iommu ? 1 : 0);
	return true;
}
