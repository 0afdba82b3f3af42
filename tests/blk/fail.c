// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blk suite: allocation failures. Every allocation a request mapping
 * makes (the IOVA reservation and its rcache magazines, page-table pages
 * for dma_iova_link() and dma_map_phys(), swiotlb bookkeeping) fails in
 * turn (kt_fail_nth()). What the API promises then: the iterator stops
 * with a status (BLK_STS_RESOURCE for a failed dma_map_phys(), the
 * errno's status for a failed link or sync) or falls back to the direct
 * path when dma_iova_try_alloc() fails, and whatever it gives is still
 * right (the oracle); after the driver's unmap nothing is left mapped or
 * allocated (the checker, and kt_fail_nth()'s slab count).
 */
#include "tests/blk/blk.h"

#define V(rel, off, len)	{ BUF(rel, off), len, 0 }

static const struct blk_model_vec v1[] = {
	V(0, 0, 3 * P), V(1000, 0, P), { BUF(2048, 0), SZ_1M, 9 },
};
static const struct blk_model_vec v2[] = { V(4000, 0, 2 * P), V(6000, 0, 2 * P) };
/*
 * 8 bytes per 512-byte interval: 0x4100 bytes for v1, 0x100 for v2. The
 * first buffer starts mid-page and ends on a page: the integrity payload's
 * own gaps allow the IOVA path (else this is blk-integrity-iova-data-gaps).
 */
static const struct blk_model_vec iv1[] = { V(300, 0xf00, 0x4100) };
static const struct blk_model_vec iv2[] = { V(310, 0, 0x100) };

struct fail_ctx {
	const struct profile *p;
	bool integrity;
	unsigned int stopped;
};

/*
 * One round: a domain and device of its own (made with injection off, so
 * the nth allocation is the mapping's own), torn down whatever happened.
 */
static bool fail_body(void *arg, unsigned long nth)
{
	struct fail_ctx *c = arg;
	struct queue_limits lim = { .max_sectors = 4096 };
	struct blk_model_rq m;
	struct mapped r;
	struct env e;
	bool ok;

	if (c->integrity) {
		lim.integrity.metadata_size = 8;
		lim.integrity.interval_exp = 9;
		lim.max_integrity_segments = 4;
	}
	dmalab_fail_off();
	if (!env_init(&e, c->p, &lim))
		return false;
	blk_model_rq_init(&m, &e.q, true, c->integrity);
	ok = !blk_model_rq_add_bio(&m, v1, 3, iv1, 1) && !blk_model_rq_add_bio(&m, v2, 2, iv2, 1);
	if (!ok)
		kt_report(__FILE__, __LINE__, "the model refuses the request");
	if (ok) {
		dmalab_fail_nth(nth);
		ok = map_payload(&e, &m.rq, c->integrity, &r);
		dmalab_fail_off();
	}
	if (ok && !r.ok) {
		if (!kt_fail_injected()) {
			kt_report(__FILE__, __LINE__, "mapping stopped with status %u without an "
				  "injected failure", r.status);
			ok = false;
		} else if (r.status == BLK_STS_OK) {
			kt_report(__FILE__, __LINE__, "mapping stopped without a status");
			ok = false;
		}
		c->stopped++;
	}
	blk_model_rq_free(&m);
	return env_fini(&e) && ok;
}

static bool fail_run(const void *param, bool integrity)
{
	struct fail_ctx c = { param, integrity, 0 };
	long rounds = kt_fail_nth(fail_body, &c, 200);

	if (rounds < 0)
		return false;
	/* behind an IOMMU the mapping allocates (IOVAs, page tables) */
	if (c.p->iommu && rounds == 0)
		KT_FAIL("no allocation failed behind an IOMMU");
	return true;
}

/* The data payload of two merged bios, pages and a folio, under fail-nth. */
bool test_fail_nth_data(const void *param, const void *arg)
{
	return fail_run(param, false);
}

/* The integrity payload of the same request, under fail-nth. */
bool test_fail_nth_integrity(const void *param, const void *arg)
{
	return fail_run(param, true);
}
