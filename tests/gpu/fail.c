// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu suite: allocation failures. Every allocation a migration's
 * mapping makes (the IOVA reservation, its rbtree node, page-table pages,
 * swiotlb bookkeeping) fails in turn (kt_fail_nth()). What drm_pagemap
 * relies on then: the map returns an error having mapped a prefix of the
 * present entries (or falls back from a failed dma_iova_try_alloc() to
 * dma_map_page() per folio, and whatever it gives is still right: the
 * oracle), and drm_pagemap_migrate_unmap_pages() undoes exactly that
 * (dma_iova_destroy() of the running offset), leaving nothing mapped, the
 * reservation released and nothing allocated (the oracle, the checker's
 * teardown and kt_fail_nth()'s slab count).
 */
#include "tests/gpu/gpu.h"

struct fail_ctx {
	const struct profile *p;
	enum dma_data_direction dir;
};

/* holes, pages, an order-4 folio, and a PMD folio unless the device bounces */
static void fail_array(struct env *e)
{
	add_holes(e, 2);
	add_folio(e, 1, 0);
	add_folio(e, 16, 4);
	add_holes(e, 5);
	add_folio(e, 2, 0);
	if (!e->p->dma_mask)
		add_folio(e, 512, PMD_ORDER);
	add_folio(e, 3, 0);
}

static bool fail_body(void *arg, unsigned long nth)
{
	struct fail_ctx *c = arg;
	struct env e;
	bool ok;
	int ret;

	dmalab_fail_off();
	if (!env_init(&e, c->p))
		return env_fini(&e) && false;
	fail_array(&e);
	dmalab_fail_nth(nth);
	ok = migrate(&e, c->dir, &ret, NULL);
	dmalab_fail_off();
	if (ok && ret && !kt_fail_injected())
		kt_report(__FILE__, __LINE__, "the map failed with %d, nothing injected", ret),
			ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of allocation failures under the mapping of a migration to
 * device memory (DMA_TO_DEVICE). Expect an error or a checked mapping
 * each round, nothing left. Found: correct.
 */
bool test_fail_nth_to_devmem(const void *param, const void *arg)
{
	struct fail_ctx c = { param, DMA_TO_DEVICE };

	KT_EXPECT_GE(kt_fail_nth(fail_body, &c, 200), 0);
	return true;
}

/* The same for the RAM side of an eviction or a CPU fault (DMA_FROM_DEVICE). */
bool test_fail_nth_to_ram(const void *param, const void *arg)
{
	struct fail_ctx c = { param, DMA_FROM_DEVICE };

	KT_EXPECT_GE(kt_fail_nth(fail_body, &c, 200), 0);
	return true;
}

/*
 * A test that the unmap destroys exactly what was linked after a link
 * failed mid-way: three PMD folios and pages, on a strict x86_64 domain,
 * with the nth allocation failing for n = 1, 2, ... until a round in which
 * the map failed with some folios linked (a page-table page for a later
 * link could not be had). drm_pagemap_migrate_map_system_pages() returns
 * dma_iova_link()'s error with state->offset at the bytes linked before
 * it; drm_pagemap_migrate_unmap_pages() calls dma_iova_destroy(dev, state,
 * state->offset, dir, 0). Expect the linked prefix right (the oracle), and
 * after the unmap nothing mapped and the reservation released. Found:
 * correct.
 */
bool test_link_failure_midway(void)
{
	unsigned long nth;

	for (nth = 1; nth < 200; nth++) {
		struct dmalab_slab_stats before, after;
		struct drm_pagemap_iova_state st;
		struct gpu_check gc;
		struct env e;
		bool ok, midway;
		int ret;

		if (!env_init(&e, &gpu_x86_64_strict))
			return env_fini(&e) && false;
		add_folio(&e, 1, 0);
		add_folio(&e, 512, PMD_ORDER);
		add_holes(&e, 3);
		add_folio(&e, 1024, PMD_ORDER);
		add_folio(&e, 2, 0);
		add_folio(&e, 2048, PMD_ORDER);
		dmalab_slab_stats(&before);
		dmalab_fail_nth(nth);
		ok = migrate_map(&e, DMA_TO_DEVICE, &gc, &st, &ret);
		dmalab_fail_off();
		dmalab_slab_stats(&after);
		midway = ret && gc.mapped > 0;
		if (midway)
			kt_diag("allocation %lu failed: %d after %lu folios, %#lx bytes linked", nth,
				ret, gc.mapped, st.offset);
		ok = migrate_unmap(&e, DMA_TO_DEVICE, &gc, &st) && ok;
		ok = env_fini(&e) && ok;
		if (!ok || midway)
			return ok;
		if (after.failed == before.failed)
			break;		/* no allocation left to fail */
	}
	KT_FAIL("no allocation failure stopped the links mid-way");
}
