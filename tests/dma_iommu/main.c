// SPDX-License-Identifier: GPL-2.0-only
/*
 * The streaming DMA API over dma-iommu and dma-direct, as compiled from the
 * tree, checked by the ground-truth checker (oracle/checker.h).
 *
 * Every case runs once per profile (env.c), as the generic_pt
 * kunit runs its cases per format: the page-table format (x86_64, amdv1,
 * amdv1_mock with its 2 KiB granule), the domain kind (dma: strict, dmafq:
 * lazy through the flush queue), coherent or not, trusted or untrusted
 * (bounced through swiotlb), and devices behind no IOMMU (direct; direct32
 * has a 32-bit mask, so every buffer, all above 4 GiB, is bounced). Tests
 * are named "<profile>_<case>".
 *
 * Each case records every mapping the API hands out with the checker and
 * runs check_verify() after every operation and check_teardown() at the
 * end, on top of the framework's leak and WARN checks. What the checker is
 * told to expect comes from the API's documentation
 * (Documentation/core-api/dma-api.rst, the kernel-doc of dma-iommu.c):
 *  - a mapping reaches exactly the bytes given; an untrusted device's
 *    partial IOMMU granules are bounced through swiotlb (dma_map_phys and
 *    each sg entry bounce whole when unaligned; dma_iova_link bounces only
 *    the unaligned head and tail, never the aligned middle);
 *  - a DMA_FROM_DEVICE/BIDIRECTIONAL unmap gives the CPU what the device
 *    wrote; nothing around the buffer changes;
 *  - a non-coherent device gets arch_sync_dma_for_device() on map and
 *    arch_sync_dma_for_cpu() on unmap over what it reaches, unless
 *    DMA_ATTR_SKIP_CPU_SYNC or DMA_ATTR_MMIO;
 *  - failures are clean: an error code, nothing left mapped or allocated.
 */
#include "tests/dma_iommu/dma_iommu.h"

/* ==== the table ============================================================== */

/*
 * dma_iova_link() of a range that starts off an IOMMU granule, on an
 * untrusted device without a min_align_mask: the head goes to a swiotlb
 * slot that iommu_dma_map_swiotlb() aligns to the granule
 * (alloc_align_mask = iova_mask), so the bounce copy starts at offset 0 of
 * its granule, but iommu_dma_iova_bounce_and_link() maps IOVA
 * addr - iova_start_pad to bounce_phys - iova_start_pad, an address off
 * the granule: the page table refuses it (generic_pt's map_range returns
 * -ENXIO; __iommu_map_domain_pgtbl() would say "unaligned" and -EINVAL)
 * and the link fails. Only devices whose min_align_mask covers the
 * granule (NVMe sets 4K - 1) get the offset kept and work: see the
 * _min_align variant, which passes. dma_map_phys() of the same range
 * works, it maps the copy at its own offset.
 */
/*
 * iommu_dma_map_sg() keeps a DMA segment from straddling the device's
 * segment boundary by padding the IOVA layout: it adds the padding to the
 * previous entry's length (prev->length += pad_len), and iommu_map_sg()
 * maps each entry's length from its physical address. So the padding IOVA
 * is mapped, readable (and writable, but for DMA_TO_DEVICE) by the device,
 * to the physical pages that follow the previous entry: memory the driver
 * never handed over, possibly anyone's. With 12K entries one page apart and
 * a 64K boundary the checker finds e.g. "dma 0xfffef000 ... is mapped to
 * phys 0x140073000, but no live mapping covers it": page 0x73 is the gap
 * after the entry at 0x70-0x72. Untrusted devices map each entry on its own
 * (no padding) and do not see it.
 */
static const struct dcase cases[] = {
	{ "sg_aligned", case_sg, &sg_aligned },
	{ "sg_unaligned", case_sg, &sg_unaligned },
	{ "sg_tiny", case_sg, &sg_tiny },
	{ "sg_folio_2m", case_sg, &sg_folio, .max_seg = SZ_4M },
	{ "sg_folio_2m_unaligned", case_sg, &sg_folio_unaligned, .max_seg = SZ_4M },
	{ "sg_crossing", case_sg, &sg_crossing },
	{ "sg_bvecs", case_sg, &sg_bvecs },
	{ "sg_max_seg_2pages", case_sg, &sg_aligned, .max_seg = 2 * PAGE_SIZE },
	{ "sg_seg_boundary_fit", case_sg, &sg_fit, .boundary = SZ_64K - 1 },
	{ "sg_seg_boundary_fit_bigseg", case_sg, &sg_fit_bigseg, .boundary = SZ_64K - 1,
	  .max_seg = SZ_1M },
	{ "sg_seg_boundary", case_sg, &sg_seg, .boundary = SZ_64K - 1,
	  .known_bug = "dma-iommu-sg-padding-mapped", .bug_on = ON_TRUSTED },
	{ "sg_one_byte", case_sg, &sg_one_byte },
	{ "sg_offset_then_page", case_sg, &sg_offset_page, .max_seg = SZ_1M },
	{ "sg_length_overflow", case_sg_length_overflow, .need = NEED_IOMMU,
	  .known_bug = "dma-iommu-sg-length-wrap-leaves-mapping", .bug_on = ON_TRUSTED,
	  .bug_any_granule = true },
	{ "prot", case_prot, .need = NEED_IOMMU },
	{ "phys_aligned", case_phys, phys_aligned },
	{ "phys_unaligned", case_phys, phys_unaligned },
	{ "iova_aligned", case_iova, links_aligned },
	{ "iova_unaligned", case_iova, links_unaligned,
	  .known_bug = "dma-iova-link-unaligned-head", .bug_on = ON_UNTRUSTED },
	{ "iova_unaligned_min_align", case_iova, links_unaligned, .min_align = true },
	{ "iova_head_middle_tail", case_iova, links_head_middle_tail, .min_align = true },
	{ "iova_within_granule", case_iova, links_within_granule, .min_align = true },
	{ "iova_require_coherent", case_iova_require_coherent },
	{ "iova_unaligned_later_link", case_iova_unaligned_later },
	{ "iova_partial_unlink", case_iova_partial, .min_align = true },
	{ "iova_link_fail_nth", case_iova_fail_nth, .need = NEED_IOMMU, .min_align = true },
	{ "two_devices", case_two_devices, .need = NEED_IOMMU },
	{ "mmio", case_mmio },
	{ "skip_cpu_sync", case_skip_sync, .need = NEED_NONCOH, .min_align = true },
	{ "exhaust_mask24", case_exhaust, .need = NEED_IOMMU, .dma_mask = DMA_BIT_MASK(24) },
	{ "flush", case_flush, .need = NEED_IOMMU },
	{ "flush_timeout", case_flush_timeout, .need = NEED_IOMMU },
	{ "low_iova_first", case_low_iova_first, .need = NEED_IOMMU },
	{ "low_iova_first_mask33", case_low_iova_first, .need = NEED_IOMMU,
	  .dma_mask = DMA_BIT_MASK(33) },
	{ "bounce_exhaust", case_bounce_exhaust, .need = NEED_IOMMU },
	{ "merge_boundary", case_merge_boundary },
	{ "page_and_coherent", case_page_and_coherent, .need = NEED_IOMMU },
	{ "flush_queue_rounds", case_flush_queue_rounds, .need = NEED_IOMMU },
	{ "single_flush_queue", case_single_flush_queue, .need = NEED_IOMMU },
	{ "iova_free_whole", case_iova_free_whole, .need = NEED_IOMMU },
	{ "iova_sync_range", case_iova_sync_range, .need = NEED_IOMMU, .min_align = true },
	{ "dma_ranges", case_dma_ranges, .need = NEED_IOMMU },
	{ "dma_ranges_to_top", case_dma_ranges_to_top, .need = NEED_IOMMU,
	  .known_bug = "dma-iommu-dma-range-top-wraps", .bug_any_granule = true },
	{ "dma_range_map", case_dma_range_map, .need = NEED_IOMMU },
	{ "hw_msi_doorbell", case_hw_msi_doorbell, .need = NEED_IOMMU },
	{ "swiotlb_page_align", case_swiotlb_page_align },
	{ "swiotlb_min_align", case_swiotlb_min_align },
	{ "swiotlb_cpu_area", case_swiotlb_cpu_area },
	{ "swiotlb_fill_slots", case_swiotlb_fill_slots },
	{ "swiotlb_fill_sets", case_swiotlb_fill_sets },
	{ "swiotlb_last_odd_slot", case_swiotlb_last_odd_slot,
	  .known_bug = "swiotlb-search-wrap-skips-slot" },
	{ "swiotlb_granule_fill", case_swiotlb_granule_fill, .need = NEED_IOMMU },
	{ "swiotlb_unmap_copy", case_swiotlb_unmap_copy },
	{ "swiotlb_unreachable", case_swiotlb_unreachable },
};

/* ==== the suite: every case over every profile ============================= */

static bool test_case(const void *param, const void *arg)
{
	const struct profile *p = param;
	const struct dcase *c = arg;
	struct env e;
	bool ok;

	if (c->fn == case_iova_fail_nth) {
		/* builds its own environments */
		e.p = p;
		return c->fn(&e, c);
	}
	if (!env_init(&e, p, c)) {
		env_fini(&e);
		return false;
	}
	ok = c->fn(&e, c);
	return env_fini(&e) && ok;
}

/*
 * Can the mock build a domain of this format? If it cannot, that is a
 * problem of the shim, not of the kernel: the format's profiles are
 * skipped with that reason rather than failed one by one.
 */
static const char *format_unusable(enum dmalab_pt_format f)
{
	static int err[DMALAB_PT_NR_FORMATS];
	static bool tried[DMALAB_PT_NR_FORMATS];
	static char why[DMALAB_PT_NR_FORMATS][96];

	if (!tried[f]) {
		struct dmalab_domain_cfg dc = { .format = f, .kind = DMALAB_DOMAIN_DMA };
		struct dmalab_domain *d = dmalab_domain_create(&dc, &err[f]);

		tried[f] = true;
		if (d)
			dmalab_domain_destroy(d);
		else
			snprintf(why[f], sizeof(why[f]), "dmalab_domain_create(%s) fails with %d: "
				 "a shim problem", dmalab_pt_format_name(f), err[f]);
	}
	return why[f][0] ? why[f] : NULL;
}

static const char *profile_skip(const void *param, const struct ktest *t)
{
	const struct profile *p = param;
	const struct dcase *c = t->arg;

	if (p->iommu && format_unusable(p->format))
		return format_unusable(p->format);
	if ((c->need & NEED_IOMMU) && !p->iommu)
		return "needs a device behind an IOMMU";
	if ((c->need & NEED_NONCOH) && p->coherent)
		return "needs a non-coherent device";
	/*
	 * The IOVA-link layouts are written in 4 KiB units: with a larger
	 * granule their later links start off the merge boundary, which the
	 * API does not allow. The other cases hold for any granule.
	 */
	if (p->page_granule && PAGE_SIZE > SZ_4K &&
	    (!strncmp(c->name, "iova_", 5) || !strcmp(c->name, "skip_cpu_sync")))
		return "the IOVA-link layouts are written for 4 KiB granules";
	return NULL;
}

static const char *profile_known_bug(const void *param, const struct ktest *t)
{
	const struct profile *p = param;
	const struct dcase *c = t->arg;

	if (!c->known_bug)
		return NULL;
	/* the layouts that show the other bugs are for 4 KiB granules */
	if (p->page_granule && PAGE_SIZE > SZ_4K && !c->bug_any_granule)
		return NULL;
	if (!c->bug_on)
		return c->known_bug;
	if (!p->iommu)
		return NULL;
	return c->bug_on & (p->untrusted ? ON_UNTRUSTED : ON_TRUSTED) ? c->known_bug : NULL;
}

static struct kt_params profile_params = { .table = profiles, .size = sizeof(profiles[0]),
	.skip = profile_skip, .known_bug = profile_known_bug };

int main(int argc, char **argv)
{
	static struct ktest tests[ARRAY_SIZE(cases)];
	size_t i;

	profile_params.nmemb = nr_profiles;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		tests[i] = (struct ktest){ .name = cases[i].name, .pfn = test_case,
					   .params = &profile_params, .arg = &cases[i] };
	return ktest_main("dma-iommu", tests, ARRAY_SIZE(cases), argc, argv);
}
