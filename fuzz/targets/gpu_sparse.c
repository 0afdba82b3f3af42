// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "gpu-sparse": the system pages of a GPU SVM migration mapped
 * as drivers/gpu/drm/drm_pagemap.c maps them, over the compiled two-step
 * DMA API (dma_iova_try_alloc() of npages * PAGE_SIZE at the first present
 * folio, dma_iova_link() of each folio at the running offset,
 * dma_iova_sync(), dma_iova_destroy() of the offset; dma_map_page() per
 * folio where no IOVA can be had), on sparse migrate_pfn arrays with holes
 * and folios of mixed orders, on IOMMU and direct devices.
 *
 * drm_pagemap.c is not built whole (docs/gpu.md says why and what it
 * would take); its two mapping functions are, from the tree's text
 * extracted at build time (fuzz/drm_pagemap_repro.c), over the compiled
 * dma-iommu.c, mapping.c, direct.c, swiotlb.c, iova.c and page tables.
 *
 * Input: a program (fuzz/prog.h). The config makes the device as for
 * dma-map. Ops:
 *  - gpu_entry kind pfn order count: append count entries to the
 *    migrate_pfn array: holes, or folios of that order from buffer pfn
 *    pfn on (aligned to the order), each followed by the holes its other
 *    pages take, as migrate_vma fills the array (a folio overlapping one
 *    of another order is left out); at most 4096 entries;
 *  - gpu_migrate dir: map the array as drm_pagemap_migrate_sys_to_dev()
 *    (to_devmem, DMA_TO_DEVICE) or the RAM side of
 *    drm_pagemap_evict_to_ram() (to_ram, DMA_FROM_DEVICE) does, check it
 *    (oracle/gpu_check.h), unmap it, check that nothing is left and the
 *    reservation is released; the array stays;
 *  - clear, fail_nth, cpu, drain as everywhere.
 *
 * Findings: the oracle or the checker disagreeing; a map that fails
 * although no allocation failed and the device can address what it maps
 * (space_short()); a kernel WARN; anything left mapped or allocated at
 * teardown. A map that fails because a direct device must
 * bounce a folio larger than swiotlb's largest mapping is the known bug
 * drm-pagemap-folio-over-max-mapping: counted, not reported.
 *
 * Orders other than 0 and HPAGE_PMD_ORDER (9) are generated although
 * migrate_vma gives no others (it splits pte-mapped large folios): the
 * protocol does not depend on the order. Not generated: tail pages and
 * folios running past the array (migrate_vma never gives them: the suite
 * shows what the code does with them), device-private and device-coherent
 * pages, concurrency.
 */
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/swiotlb.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/drm_pagemap_repro.h"
#include "fuzz/gpu_emit.h"
#include "fuzz/target.h"
#include "oracle/gpu_check.h"
#include "oracle/known_bugs.h"

#define GPU_BUF_PFN	PHYS_PFN(DMALAB_DMA32_END)	/* buffers from 4 GiB up */
#define GPU_MAX_ENTRIES	4096
#define GPU_MAX_FOLIOS	256

static struct {
	struct fuzz_run *fr;
	struct fz_device fd;
	unsigned long mpfn[GPU_MAX_ENTRIES];
	struct drm_pagemap_addr addr[GPU_MAX_ENTRIES];
	struct gpu_check_addr caddr[GPU_MAX_ENTRIES];
	unsigned long n;
	/* the folios made in the memory model (dmalab_make_folio), to undo */
	struct { unsigned long pfn; unsigned int order; } folio[GPU_MAX_FOLIOS];
	unsigned int nr_folios;
	/* IOVA earlier unmaps may have left in a flush queue, until it is flushed */
	u64 fq_held;
} gs;

static void gpu_report(void *priv, const char *msg)
{
	run_finding(gs.fr, "checker", "check_verify", "%s", msg);
}

static bool gpu_setup(struct fuzz_run *r)
{
	memset(&gs, 0, sizeof(gs));
	gs.fr = r;
	if (!fz_device_setup(&gs.fd, r->p, "xe0", gpu_report))
		return false;
	if (c_emit_on)
		gpu_emit_setup(&gs.fd, r->p, "xe0", GPU_MAX_ENTRIES);
	return true;
}

/* The folio of order at pfn, made unless it is made already; false if it overlaps another. */
static bool make_folio(unsigned long pfn, unsigned int order)
{
	unsigned long end = pfn + (1UL << order);
	unsigned int i;

	for (i = 0; i < gs.nr_folios; i++) {
		unsigned long s = gs.folio[i].pfn, e = s + (1UL << gs.folio[i].order);

		if (s == pfn && gs.folio[i].order == order)
			return true;
		if (pfn < e && s < end)
			return false;
	}
	if (gs.nr_folios == GPU_MAX_FOLIOS)
		return false;
	dmalab_make_folio(pfn, order);
	if (c_emit_on)
		gpu_emit_make_folio(pfn, order);
	gs.folio[gs.nr_folios].pfn = pfn;
	gs.folio[gs.nr_folios++].order = order;
	return true;
}

static void op_entry(struct fuzz_run *r, const uint64_t *a)
{
	unsigned int order = a[2], k;
	unsigned long nr = 1UL << order, pfn = ALIGN(GPU_BUF_PFN + a[1], nr);

	if (!a[0]) {
		for (k = 0; k < a[3] && gs.n < GPU_MAX_ENTRIES; k++)
			gs.mpfn[gs.n++] = 0;
		if (c_emit_on && k)
			gpu_emit_holes(k, gs.n);
		return;
	}
	for (k = 0; k < a[3]; k++) {
		if (gs.n + nr > GPU_MAX_ENTRIES)
			return;
		if (!make_folio(pfn, order)) {
			run_say(r, "folio at pfn %#lx left out: it overlaps another", pfn);
			return;
		}
		/* the head, then the entries its other pages would take: holes */
		gs.mpfn[gs.n] = migrate_pfn(pfn) | MIGRATE_PFN_MIGRATE |
				(order ? MIGRATE_PFN_COMPOUND : 0);
		memset(&gs.mpfn[gs.n + 1], 0, (nr - 1) * sizeof(gs.mpfn[0]));
		gs.n += nr;
		if (c_emit_on)
			gpu_emit_folio(pfn, order, gs.n);
		pfn += nr;
	}
}

/*
 * May dma-direct have to bounce a folio through swiotlb (a device that
 * cannot reach it, or swiotlb=force) that is larger than swiotlb's largest
 * mapping? Then dma_map_page() must fail, and the migration with it.
 */
static bool folio_too_big_to_bounce(void)
{
	u64 mask = min_not_zero(dma_get_mask(gs.fd.dev), gs.fd.dev->bus_dma_limit);
	unsigned long i;

	if (gs.fd.iommu)
		return false;
	for (i = 0; i < gs.n; i++) {
		struct page *page = migrate_pfn_to_page(gs.mpfn[i]);
		phys_addr_t end;

		if (!page)
			continue;
		end = page_to_phys(page) + page_size(page) - 1;
		if ((end > mask || is_swiotlb_force_bounce(gs.fd.dev)) &&
		    page_size(page) > swiotlb_max_mapping_size(gs.fd.dev))
			return true;
	}
	return false;
}

/*
 * May the map fail for want of DMA space the device can address? Then a
 * failure is the device's limit, not judged: behind an IOMMU, a DMA mask
 * whose IOVA space is less than four times the reservation (the per-page
 * fallback allocates size-aligned IOVA per folio), counting the IOVA a
 * flush-queue domain still holds for earlier unmaps (freed when the queue
 * is flushed, by its timer: lazy invalidation's trade); directly, a device
 * that must bounce more than a quarter of the swiotlb pool, or below 4 GiB
 * (the pool may lie above its mask).
 */
static bool space_short(void)
{
	u64 limit = min_not_zero(dma_get_mask(gs.fd.dev), gs.fd.dev->bus_dma_limit);
	u64 need = roundup_pow_of_two(gs.n * PAGE_SIZE), bounce = 0;
	unsigned long i;

	if (!dmalab_pending_work())
		gs.fq_held = 0;		/* nothing deferred: the queue was flushed */
	if (gs.fd.iommu)
		return limit / 4 < need + gs.fq_held;
	for (i = 0; i < gs.n; i++) {
		struct page *page = migrate_pfn_to_page(gs.mpfn[i]);

		if (page && (page_to_phys(page) + page_size(page) - 1 > limit ||
			     is_swiotlb_force_bounce(gs.fd.dev)))
			bounce += page_size(page);
	}
	return bounce && (limit < DMALAB_DMA32_END - 1 ||
			  bounce > (u64)swiotlb_size_or_default() / 4);
}

static void op_migrate(struct fuzz_run *r, const uint64_t *a)
{
	enum dma_data_direction dir = a[0] ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	struct drm_pagemap_iova_state state = {};
	struct dmalab_slab_stats before, after;
	struct gpu_check gc;
	unsigned long i;
	char msg[512];
	int ret;

	if (!gs.n)
		return;
	memset(gs.addr, 0, gs.n * sizeof(gs.addr[0]));
	gpu_check_init(&gc, gs.fd.ck, gs.fd.dev, gs.mpfn, gs.n, dir);
	dmalab_slab_stats(&before);
	ret = drm_pagemap_repro_map(gs.fd.dev, gs.addr, gs.mpfn, gs.n, dir, &state);
	dmalab_slab_stats(&after);
	if (c_emit_on)
		gpu_emit_map(gs.n, dir, ret);
	for (i = 0; i < gs.n; i++)
		gs.caddr[i] = (struct gpu_check_addr){ gs.addr[i].addr, gs.addr[i].order };
	if (!gpu_check_mapped(&gc, ret, gs.caddr, &state.dma_state, state.offset, msg,
			      sizeof(msg))) {
		run_finding(r, "oracle", "drm_pagemap_migrate_map_system_pages", "%s", msg);
		drm_pagemap_repro_unmap(gs.fd.dev, gs.addr, gs.mpfn, gs.n, dir, &state);
		goto out;
	}
	run_say(r, "map: %d, %s path, %lu entries mapped, %#zx bytes linked", ret,
		gc.iova ? "IOVA" : "per-page", gc.mapped, gc.linked);
	if (ret && after.failed == before.failed) {
		if (folio_too_big_to_bounce()) {
			run_say(r, "known bug drm-pagemap-folio-over-max-mapping");
			known_bug_hit("drm-pagemap-folio-over-max-mapping");
			if (c_emit_on)
				gpu_emit_map_failed(ret, "no allocation failed: a direct device must "
						    "bounce a folio larger than "
						    "swiotlb_max_mapping_size()",
						    "drm-pagemap-folio-over-max-mapping");
		} else if (space_short()) {
			run_say(r, "not judged: more than the device can address");
			if (c_emit_on)
				gpu_emit_map_failed(ret, "not judged: more DMA space than the "
						    "device can address", NULL);
		} else {
			if (c_emit_on)
				gpu_emit_map_failed(ret, "no allocation failed, the device can "
						    "address it: a finding", NULL);
			run_finding(r, "oracle", "drm_pagemap_migrate_map_system_pages",
				    "the map failed with %d, no allocation failed", ret);
		}
	}
	if (c_emit_on && ret && after.failed != before.failed)
		gpu_emit_map_failed(ret, "an allocation failed (fail_nth), a clean failure", NULL);
	drm_pagemap_repro_unmap(gs.fd.dev, gs.addr, gs.mpfn, gs.n, dir, &state);
	if (gs.fr->p->cfg[CFG_DOMAIN] == 1)	/* DMA_FQ (fuzz/device.c) */
		gs.fq_held += roundup_pow_of_two(gs.n * PAGE_SIZE);
	if (c_emit_on)
		gpu_emit_unmap(gs.n, dir);
	if (!r->failed && !gpu_check_unmapped(&gc, msg, sizeof(msg)))
		run_finding(r, "oracle", "drm_pagemap_migrate_unmap_pages", "%s", msg);
out:
	gpu_check_fini(&gc);
}

static void gpu_op(struct fuzz_run *r, const struct prog_op *op)
{
	if (run_env_op(r, op))
		return;
	switch (op->code) {
	case OP_GPU_ENTRY:
		op_entry(r, op->arg);
		break;
	case OP_GPU_MIGRATE:
		op_migrate(r, op->arg);
		break;
	case OP_CLEAR:
		/* the reproducer declares its array with the first entry */
		if (c_emit_on && gs.n)
			gpu_emit_clear();
		gs.n = 0;
		break;
	default:
		break;		/* other targets' ops */
	}
}

static void gpu_teardown(struct fuzz_run *r)
{
	unsigned int i;

	fz_device_teardown(&gs.fd, r);
	for (i = 0; i < gs.nr_folios; i++) {
		dmalab_clear_folio(gs.folio[i].pfn);
		if (c_emit_on)
			gpu_emit_clear_folio(gs.folio[i].pfn);
	}
	memset(&gs, 0, sizeof(gs));
}

const struct target target_gpu_sparse = {
	.name = "gpu-sparse",
	.summary = "drm_pagemap's two migration mapping functions over dma_iova_*, checked",
	.codec = &prog_codec,
	.max_len = 2000,
	.timeout = 25,
	.setup = gpu_setup,
	.op = gpu_op,
	.teardown = gpu_teardown,
};
