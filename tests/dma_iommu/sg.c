// SPDX-License-Identifier: GPL-2.0-only
/* The dma-iommu suite: dma_map_sgtable and dma_unmap_sgtable. */
#include "tests/dma_iommu/dma_iommu.h"

/* discontiguous pages: 4 + 1 + 2 + 1 */
const struct sg_layout sg_aligned = {
	{ { 0, 4 }, { 8, 1 }, { 10, 2 }, { 20, 1 } }, 0, 0,
};
const struct sg_layout sg_unaligned = {
	{ { 0, 4 }, { 8, 1 }, { 10, 2 }, { 20, 1 } }, 0x234, 0x567,
};
const struct sg_layout sg_tiny = {
	{ { 3, 1 } }, 0x10, 0x1000 - 0x30,
};
/* a 2 MiB folio and one more page; then starting mid-page */
const struct sg_layout sg_folio = {
	{ { 0x200, 512 }, { 0x500, 1 } }, 0, 0, 9,
};
const struct sg_layout sg_folio_unaligned = {
	{ { 0x200, 512 }, { 0x500, 1 } }, 0x800, 0x100, 9,
};
/* one entry, off a granule at both ends: 0x1800 bytes over 3 granules */
const struct sg_layout sg_crossing = {
	{ { 0x30, 3 } }, 0xc00, 0xc00,
};
/* sub-page entries anywhere, in pages of their own */
static const struct prange bvecs[] = {
	{ 0x40, 0x100, 0x1200 }, { 0x44, 0x10, 0x20 }, { 0x46, 0, 0x1000 },
	{ 0x48, 0x7f0, 0x820 }, { 0x4a, 0x800, 0x800 }, { 0x4c, 0xc00, 0x1500 },
	{ 0 },
};
const struct sg_layout sg_bvecs = { .ents = bvecs };
/* 12K entries: with a 64K segment boundary the sixth would straddle one */
static const struct prange seg_ents[] = {
	{ 0x60, 0, 0x3000 }, { 0x64, 0, 0x3000 }, { 0x68, 0, 0x3000 },
	{ 0x6c, 0, 0x3000 }, { 0x70, 0, 0x3000 }, { 0x74, 0, 0x3000 },
	{ 0x78, 0, 0x3000 },
	{ 0 },
};
const struct sg_layout sg_seg = { .ents = seg_ents };
/*
 * 16K entries: with a 64K segment boundary they fit, four to a segment
 * (none crosses a boundary of its own: a direct mapping keeps them as is)
 */
static const struct prange fit_ents[] = {
	{ 0x80, 0, 0x4000 }, { 0x88, 0, 0x4000 }, { 0x90, 0, 0x4000 },
	{ 0x98, 0, 0x4000 }, { 0xa0, 0, 0x4000 }, { 0xa8, 0, 0x4000 },
	{ 0 },
};
/*
 * one-byte entries first and last, a page between: each is a DMA segment
 * of its own (mutation class: an unmap walk that stops at a short segment
 * and leaves the rest mapped)
 */
static const struct prange one_byte_ents[] = {
	{ 0xb0, 0, 1 }, { 0xb2, 0, PAGE_SIZE }, { 0xb4, 0x10, 1 },
	{ 0 },
};
const struct sg_layout sg_one_byte = {
	.ents = one_byte_ents, .iommu_segs = 3, .iommu_segs_granule = SZ_64K,
};
/*
 * an entry from 0x100 into a page to its end, then a whole page: behind a
 * trusted IOMMU one DMA segment (the first ends on a granule, so the
 * second is concatenated; max_seg 1M). Mutation class: the entry's offset
 * left out of that test, which then never lets the next entry merge.
 */
static const struct prange offset_page_ents[] = {
	{ 0xb8, 0x100, PAGE_SIZE - 0x100 }, { 0xba, 0, PAGE_SIZE },
	{ 0 },
};
const struct sg_layout sg_offset_page = {
	.ents = offset_page_ents, .iommu_segs = 1, .iommu_segs_granule = SZ_64K,
};
const struct sg_layout sg_fit = {
	.ents = fit_ents, .iommu_segs = 2, .iommu_segs_granule = SZ_16K,
};
/*
 * the same with max_seg 1M: only the 64K boundary ends a segment, 64K + 32K
 * (mutation class: a merge across the boundary); with IOMMU granules over
 * 16K (64K pages) the entries do not end on one and each is a segment
 */
const struct sg_layout sg_fit_bigseg = {
	.ents = fit_ents, .iommu_segs = 2, .iommu_segs_granule = SZ_16K,
};

static unsigned int layout_pages(const struct sg_layout *l, struct page **pages)
{
	unsigned int i, k, n = 0;

	for (i = 0; i < ARRAY_SIZE(l->runs) && l->runs[i].nr; i++)
		for (k = 0; k < l->runs[i].nr; k++) {
			if (pages)
				pages[n] = pfn_to_page(BUF_PFN + l->runs[i].rel + k);
			n++;
		}
	return n;
}

/* The table of layout l: from its pages, or entry by entry. */
static int layout_table(struct env *e, const struct sg_layout *l, struct sg_table *sgt)
{
	unsigned int npages = layout_pages(l, NULL), n, i;
	struct scatterlist *s;
	struct page **pages;
	int ret;

	if (l->ents) {
		for (n = 0; l->ents[n].len; n++)
			;
		ret = sg_alloc_table(sgt, n, GFP_KERNEL);
		if (ret)
			return ret;
		for_each_sgtable_sg(sgt, s, i)
			sg_set_page(s, pfn_to_page(BUF_PFN + l->ents[i].rel), l->ents[i].len,
				    l->ents[i].off);
		return 0;
	}
	pages = calloc(npages, sizeof(*pages));
	layout_pages(l, pages);
	ret = sg_alloc_table_from_pages_segment(sgt, pages, npages, l->offset,
						(size_t)npages * P - l->offset - l->tail,
						table_max_segment(e->dev), GFP_KERNEL);
	free(pages);
	return ret;
}

/*
 * As the device: read each DMA segment and compare with the CPU bytes it
 * stands for (byte k of the DMA stream is byte k of the CPU stream), then
 * write pat(2, stream offset) if the direction lets it.
 */
static bool sg_device_io(struct env *e, struct sg_table *sgt, const struct check_range *cpu,
			 unsigned int n, enum dma_data_direction dir, bool wrote)
{
	size_t off = 0, at = 0;		/* stream offset; offset in cpu[j] */
	struct scatterlist *s;
	unsigned int i, j = 0;
	bool ok = true;

	for_each_sgtable_dma_sg(sgt, s, i) {
		size_t len = sg_dma_len(s), k;
		unsigned char *b = malloc(len);

		if (dir != DMA_FROM_DEVICE)
			ok = check_dma_read(e->ck, e->dev, sg_dma_address(s), b, len);
		for (k = 0; ok && k < len; k++, at++) {
			while (j < n && at == cpu[j].len) {
				j++;
				at = 0;
			}
			if (j == n || dir == DMA_FROM_DEVICE)
				continue;
			if (b[k] == pat(1, cpu[j].phys + at))
				continue;
			kt_report(__FILE__, __LINE__, "device read %#x at dma %#llx, phys %#llx holds %#x",
				  b[k], (unsigned long long)(sg_dma_address(s) + k),
				  (unsigned long long)(cpu[j].phys + at), pat(1, cpu[j].phys + at));
			ok = false;
		}
		free(b);
		if (!ok || (wrote && !dev_write(e, sg_dma_address(s), len, off, 2)))
			return false;
		off += len;
	}
	return true;
}

/*
 * Map the layout as an sg table in direction dir, check it, let the device
 * read and write, unmap, check again. Whatever fails, it returns with
 * nothing mapped and the table freed.
 */
bool sg_round(struct env *e, const struct sg_layout *l,
		     enum dma_data_direction dir, unsigned long attrs)
{
	static struct check_range cpu[MAX_ENTS];
	bool wrote = dir != DMA_TO_DEVICE && !(attrs & DMA_ATTR_SKIP_CPU_SYNC);
	struct check_map *m;
	struct sg_table sgt;
	unsigned long from;
	unsigned int n;
	bool ok;
	int ret;

	ret = layout_table(e, l, &sgt);
	if (ret)
		KT_FAIL("building the sg table: %d", ret);
	n = check_sg_ranges(&sgt, cpu, MAX_ENTS);
	fill_ranges(cpu, n, 1);

	from = syncs_now();
	ret = dma_map_sgtable(e->dev, &sgt, dir, attrs);
	if (ret) {
		sg_free_table(&sgt);
		KT_FAIL("dma_map_sgtable: %d", ret);
	}
	/* mutation class: a merge rule that concatenates less than it promises */
	if (l->iommu_segs && e->p->iommu && !e->p->untrusted && e->g <= l->iommu_segs_granule &&
	    sgt.nents != l->iommu_segs) {
		dma_unmap_sgtable(e->dev, &sgt, dir, attrs);
		sg_free_table(&sgt);
		KT_FAIL("dma_map_sgtable() made %u DMA segments, expected %u", sgt.nents,
			l->iommu_segs);
	}
	m = check_map_sg(e->ck, e->dev, &sgt, cpu, n, dir, attrs);
	ok = m && check_verify(e->ck) && check_syncs(e->ck, m, from, true, false) &&
	     sg_device_io(e, &sgt, cpu, n, dir, wrote) && check_verify(e->ck);

	from = syncs_now();
	dma_unmap_sgtable(e->dev, &sgt, dir, attrs);
	ok = ok && check_syncs(e->ck, m, from, false, false);
	check_unmap(m);
	ok = ok && check_verify(e->ck) && check_ranges(cpu, n, 1, 2, wrote);
	sg_free_table(&sgt);
	return ok;
}

/* A test that maps an sg table of the layout in each direction. Expect every
 * byte to reach its page (or a bounce copy of it), and FROM_DEVICE data to
 * land in the pages on unmap, the bytes around them untouched. */
bool case_sg(struct env *e, const struct dcase *c)
{
	const struct sg_layout *l = c->arg;
	bool ok = true;
	unsigned int i;

	if (l->folio_order)
		dmalab_make_folio(BUF_PFN + l->runs[0].rel, l->folio_order);
	for (i = 0; i < ARRAY_SIZE(all_dirs) && ok; i++)
		ok = sg_round(e, l, all_dirs[i], 0);
	if (l->folio_order)
		dmalab_clear_folio(BUF_PFN + l->runs[0].rel);
	return ok;
}

/*
 * dma_map_sgtable() of sgl[0..n) must fail with -EINVAL and leave nothing
 * mapped. Whether it maps first and undoes it is the kernel's choice: 7.3
 * refuses the lengths before mapping (check_add_overflow() on the padded
 * length in iommu_dma_map_sg()), 7.2 wraps the length, maps less than the
 * IOVA length and unmaps it again; both return -EINVAL with nothing left.
 */
static bool refused_einval(struct env *e, struct scatterlist *sgl, unsigned int n)
{
	struct sg_table sgt = { .sgl = sgl, .orig_nents = n };
	struct dmalab_iommu_stats s0, s1;
	unsigned int len0 = sgl[0].length, off0 = sgl[0].offset;
	int ret;

	dmalab_domain_stats(e->d, &s0);
	ret = dma_map_sgtable(e->dev, &sgt, DMA_TO_DEVICE, DMA_ATTR_SKIP_CPU_SYNC);
	dmalab_domain_stats(e->d, &s1);
	KT_EXPECT_EQ(ret, -EINVAL);
	KT_EXPECT_EQ(s1.bytes_mapped - s0.bytes_mapped, s1.bytes_unmapped - s0.bytes_unmapped);
	/* the table as the caller built it */
	KT_EXPECT_EQ(sgl[0].length, len0);
	KT_EXPECT_EQ(sgl[0].offset, off0);
	return true;
}

/*
 * A test that dma_map_sgtable() refuses with -EINVAL, mapping nothing and
 * leaving the table as it was, entries whose DMA layout does not fit the
 * unsigned int lengths of a scatterlist: one entry of 4 GiB - 1 bytes
 * starting a byte into its page (its IOVA length, granules, is 4 GiB), and
 * an entry of 4 GiB less a granule followed by one that needs segment
 * boundary padding (the padding would make the first 4 GiB long).
 * -EINVAL is the documented answer (dma_map_sgtable(): "An invalid
 * argument, unaligned access or other error in usage. Will not succeed if
 * retried."), passed through by __dma_map_sg_attrs() without a WARN.
 * Mutation classes: an overflow check turned into a plain add, an errno
 * passthrough inverted. Behind a trusted IOMMU: dma-direct maps such an
 * entry as it is, and a bounce refuses it for its size.
 */
bool case_sg_length_overflow(struct env *e, const struct dcase *c)
{
	struct page *page = pfn_to_page(BUF_PFN + 0xc0);
	struct scatterlist sgl[2];

	if (!e->p->iommu || e->p->untrusted)
		KT_SKIP("a trusted device behind an IOMMU");
	sg_init_table(sgl, 1);
	sg_set_page(&sgl[0], page, U32_MAX, 1);
	KT_EXPECT(refused_einval(e, sgl, 1));

	sg_init_table(sgl, 2);
	sg_set_page(&sgl[0], page, (unsigned int)(SZ_4G - e->g), 0);
	sg_set_page(&sgl[1], pfn_to_page(BUF_PFN + 0xc8), 2 * e->g, 0);
	KT_EXPECT(refused_einval(e, sgl, 2));
	VERIFY(e);
	return true;
}
