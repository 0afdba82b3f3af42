// SPDX-License-Identifier: GPL-2.0-only
/*
 * The streaming DMA API over dma-iommu and dma-direct, as compiled from the
 * tree, checked by the ground-truth checker (harness/checker.h).
 *
 * Every case runs once per profile of the table below, as the generic_pt
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
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/checker.h"

/* test buffers: above the shim's allocator, from 1 GiB above the 32-bit boundary */
#define BUF_PFN		max_t(unsigned long, DMALAB_KMEM_END_PFN, PHYS_PFN(DMALAB_DMA32_END + SZ_1G))
#define MMIO_PHYS	(DMALAB_HB_WINDOW_START + SZ_1M)	/* a BAR in the default PCI window */
#define P		PAGE_SIZE
#define MAX_ENTS	1100

static const enum dma_data_direction all_dirs[] = {
	DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL,
};

/* ==== profiles ============================================================ */

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool coherent;
	bool untrusted;
	u64 dma_mask;			/* 0: 64 bits */
	bool page_granule;		/* IOMMU pages of PAGE_SIZE and up only */
};

#define IOMMU_TRUSTED(f, fn, k, kn)						\
	{ fn "_" kn "_coh", true, f, k, true, false },				\
	{ fn "_" kn "_noncoh", true, f, k, false, false }
#define IOMMU_UNTRUSTED(f, fn, k, kn)						\
	{ fn "_" kn "_coh_untrusted", true, f, k, true, true },			\
	{ fn "_" kn "_noncoh_untrusted", true, f, k, false, true }
/*
 * Untrusted devices only on strict domains: the IOMMU core never gives
 * them a flush queue (iommu_get_default_domain_type()), and the mock
 * downgrades such a domain the same way.
 */
#define IOMMU_FORMAT(f, fn)							\
	IOMMU_TRUSTED(f, fn, DMALAB_DOMAIN_DMA, "dma"),				\
	IOMMU_UNTRUSTED(f, fn, DMALAB_DOMAIN_DMA, "dma"),			\
	IOMMU_TRUSTED(f, fn, DMALAB_DOMAIN_DMA_FQ, "dmafq")

static const struct profile profiles[] = {
	IOMMU_FORMAT(DMALAB_PT_X86_64, "x86_64"),
	IOMMU_FORMAT(DMALAB_PT_AMDV1, "amdv1"),
	IOMMU_FORMAT(DMALAB_PT_AMDV1_MOCK, "amdv1_mock"),
#if PAGE_SHIFT > 12
	/*
	 * A 16 KiB or 64 KiB page kernel (make PAGE_SHIFT=14|16): an AMD v1
	 * table limited to page-sized IOMMU pages gives a 16K or 64K granule.
	 */
	{ "amdv1pg_dma_coh", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA, true, false, 0, true },
	{ "amdv1pg_dma_noncoh", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA, false, false, 0, true },
	{ "amdv1pg_dma_coh_untrusted", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA, true, true, 0, true },
	{ "amdv1pg_dmafq_coh", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA_FQ, true, false, 0, true },
#endif
	{ "direct_coh", .coherent = true },
	{ "direct_noncoh" },
	{ "direct32_coh", .coherent = true, .dma_mask = DMA_BIT_MASK(32) },
	{ "direct32_noncoh", .dma_mask = DMA_BIT_MASK(32) },
};

/* ==== cases and the environment of one test =============================== */

struct env;

struct dcase {
	const char *name;
	bool (*fn)(struct env *e, const struct dcase *c);
	const void *arg;
	unsigned int need;
	u64 dma_mask;			/* device overrides, 0: profile/default */
	unsigned int max_seg;
	unsigned long boundary;
	bool min_align;			/* untrusted: min_align_mask = granule - 1 */
	const char *known_bug;		/* the kernel fails it on ... */
	unsigned int bug_on;		/* ... these profiles (0: all) */
};

#define NEED_IOMMU	BIT(0)
#define NEED_NONCOH	BIT(1)

#define ON_UNTRUSTED	BIT(0)		/* IOMMU, untrusted */
#define ON_TRUSTED	BIT(1)		/* IOMMU, trusted */

struct env {
	const struct profile *p;
	struct checker *ck;
	struct dmalab_domain *d;
	struct device *dev;
	unsigned long g;		/* IOMMU granule, or PAGE_SIZE */
};

static void report(void *priv, const char *msg)
{
	kt_report(__FILE__, __LINE__, "checker: %s", msg);
}

#define VERIFY(e)	KT_EXPECT(check_verify((e)->ck))

static bool swiotlb_poisoned;

/* The profile's domain and device, as case c (may be NULL) adjusts it. */
static bool env_init(struct env *e, const struct profile *p, const struct dcase *c)
{
	struct dmalab_domain_cfg dc = {
		.format = p->format, .kind = p->kind,
		.pgsize_bitmap = p->page_granule ? ~(u64)(PAGE_SIZE - 1) : 0,
	};
	struct dmalab_device_cfg cfg = {
		.name = "dev0",
		.dma_mask = c && c->dma_mask ? c->dma_mask : p->dma_mask,
		.coherent = p->coherent,
		.untrusted = p->untrusted,
		.max_segment_size = c ? c->max_seg : 0,
		.segment_boundary = c ? c->boundary : 0,
	};
	int err = 0;

	memset(e, 0, sizeof(*e));
	e->p = p;
	e->ck = check_create(report, NULL);
	dmalab_arch_syncs_clear();
	/*
	 * Free bounce slots hold stale bytes, as on a system that has run a
	 * while: padding the kernel forgets to clear shows (V8). Once: after
	 * that the slots keep what earlier tests bounced.
	 */
	if ((p->untrusted || p->dma_mask) && !swiotlb_poisoned &&
	    !dmalab_swiotlb_used_slots()) {
		if (!check_poison_swiotlb(e->ck, 0xa5))
			return false;
		swiotlb_poisoned = true;
	}
	if (p->iommu) {
		u64 bitmap;

		e->d = dmalab_domain_create(&dc, &err);
		if (!e->d)
			KT_FAIL("dmalab_domain_create: %d", err);
		/* as NVMe does: keep the offset in the granule when bouncing */
		bitmap = dmalab_domain_iommu(e->d)->pgsize_bitmap;
		if (c && c->min_align && p->untrusted)
			cfg.min_align_mask = (bitmap & -bitmap) - 1;
	}
	e->dev = dmalab_device_create(&cfg, e->d, &err);
	if (!e->dev)
		KT_FAIL("dmalab_device_create: %d", err);
	KT_EXPECT(check_add_device(e->ck, e->dev));
	e->g = check_granule(e->ck, e->dev);
	return true;
}

/* Destroy whatever env_init made, then check_teardown(). */
static bool env_fini(struct env *e)
{
	bool ok = true;

	if (e->dev) {
		ok = check_remove_device(e->ck, e->dev);
		dmalab_device_destroy(e->dev);
	}
	dmalab_domain_destroy(e->d);
	ok = check_teardown(e->ck) && ok;
	check_destroy(e->ck);
	return ok;
}

static unsigned long syncs_now(void)
{
	return dmalab_arch_syncs();
}

/* ==== buffers =============================================================== */

static unsigned char pat(unsigned int seed, u64 x)
{
	x = (x + seed) * 0x9e3779b97f4a7c15ULL;
	return x >> 56;
}

static phys_addr_t buf_phys(unsigned long rel, unsigned long off)
{
	return PFN_PHYS(BUF_PFN + rel) + off;
}

/* Fill the pages around each range with the "before" pattern. */
static void fill_ranges(const struct check_range *r, unsigned int n, unsigned int seed)
{
	unsigned int i;
	u64 a;

	for (i = 0; i < n; i++) {
		u64 s = r[i].phys & PAGE_MASK, end = PAGE_ALIGN(r[i].phys + r[i].len);
		unsigned char *v = phys_to_virt(s);

		for (a = s; a < end; a++)
			v[a - s] = pat(seed, a);
	}
}

/*
 * After the unmap: the ranges (read in order as one stream) hold what the
 * device wrote, pat(wseed, stream offset), or the old bytes if it wrote
 * nothing; the rest of their pages is untouched.
 */
static bool check_ranges(const struct check_range *r, unsigned int n, unsigned int seed,
			 unsigned int wseed, bool written)
{
	size_t off = 0;
	unsigned int i;
	u64 a;

	for (i = 0; i < n; i++) {
		u64 s = r[i].phys & PAGE_MASK, end = PAGE_ALIGN(r[i].phys + r[i].len);
		const unsigned char *v = phys_to_virt(s);

		for (a = s; a < end; a++) {
			bool in = a >= r[i].phys && a < r[i].phys + r[i].len;
			unsigned char want = in && written ?
					     pat(wseed, off + (a - r[i].phys)) : pat(seed, a);

			if (v[a - s] != want)
				KT_FAIL("phys %#llx (%s range %u: %#llx + %#zx): %#x, expected %#x",
					(unsigned long long)a, in ? "in" : "next to", i,
					(unsigned long long)r[i].phys, r[i].len, v[a - s], want);
		}
		off += r[i].len;
	}
	return true;
}

/* As the device: write pat(wseed, stream offset) over DMA [dma, dma + len). */
static bool dev_write(struct env *e, dma_addr_t dma, size_t len, size_t stream_off,
		      unsigned int wseed)
{
	unsigned char *b = malloc(len);
	size_t i;
	bool ok;

	for (i = 0; i < len; i++)
		b[i] = pat(wseed, stream_off + i);
	ok = check_dma_write(e->ck, e->dev, dma, b, len);
	free(b);
	return ok;
}

/* As the device: DMA [dma, dma + len) reads what the CPU put at phys. */
static bool dev_reads(struct env *e, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	unsigned char *b = malloc(len);
	bool ok;

	ok = check_dma_read(e->ck, e->dev, dma, b, len);
	if (ok && memcmp(b, phys_to_virt(phys), len)) {
		kt_report(__FILE__, __LINE__, "device reads at dma %#llx differ from phys %#llx + %#zx",
			  (unsigned long long)dma, (unsigned long long)phys, len);
		ok = false;
	}
	free(b);
	return ok;
}

/* What a driver sizes its sg entries by: the segment and mapping limits. */
static unsigned int table_max_segment(struct device *dev)
{
	size_t m = min_t(size_t, dma_get_max_seg_size(dev), dma_max_mapping_size(dev));

	return min_t(size_t, m, UINT_MAX) & PAGE_MASK;
}

/* ==== the cases ============================================================= */

/* ---- sg: dma_map_sgtable / dma_unmap_sgtable ------------------------------- */

/* A physical range: page frame relative to BUF_PFN, offset, length. */
struct prange {
	unsigned long rel;
	unsigned int off;
	size_t len;
};

struct run {
	unsigned long rel;		/* first page frame, relative to BUF_PFN */
	unsigned int nr;
};

/*
 * An sg table: pages (runs) for sg_alloc_table_from_pages_segment(), or
 * entries one by one (ents, as a driver builds one from bio_vecs).
 */
struct sg_layout {
	struct run runs[4];
	unsigned int offset;		/* into the first page */
	unsigned int tail;		/* bytes left out of the last page */
	unsigned int folio_order;	/* > 0: runs[0] is a folio of that order */
	const struct prange *ents;
};

/* discontiguous pages: 4 + 1 + 2 + 1 */
static const struct sg_layout sg_aligned = {
	{ { 0, 4 }, { 8, 1 }, { 10, 2 }, { 20, 1 } }, 0, 0,
};
static const struct sg_layout sg_unaligned = {
	{ { 0, 4 }, { 8, 1 }, { 10, 2 }, { 20, 1 } }, 0x234, 0x567,
};
static const struct sg_layout sg_tiny = {
	{ { 3, 1 } }, 0x10, 0x1000 - 0x30,
};
/* a 2 MiB folio and one more page; then starting mid-page */
static const struct sg_layout sg_folio = {
	{ { 0x200, 512 }, { 0x500, 1 } }, 0, 0, 9,
};
static const struct sg_layout sg_folio_unaligned = {
	{ { 0x200, 512 }, { 0x500, 1 } }, 0x800, 0x100, 9,
};
/* one entry, off a granule at both ends: 0x1800 bytes over 3 granules */
static const struct sg_layout sg_crossing = {
	{ { 0x30, 3 } }, 0xc00, 0xc00,
};
/* sub-page entries anywhere, in pages of their own */
static const struct prange bvecs[] = {
	{ 0x40, 0x100, 0x1200 }, { 0x44, 0x10, 0x20 }, { 0x46, 0, 0x1000 },
	{ 0x48, 0x7f0, 0x820 }, { 0x4a, 0x800, 0x800 }, { 0x4c, 0xc00, 0x1500 },
	{ 0 },
};
static const struct sg_layout sg_bvecs = { .ents = bvecs };
/* 12K entries: with a 64K segment boundary the sixth would straddle one */
static const struct prange seg_ents[] = {
	{ 0x60, 0, 0x3000 }, { 0x64, 0, 0x3000 }, { 0x68, 0, 0x3000 },
	{ 0x6c, 0, 0x3000 }, { 0x70, 0, 0x3000 }, { 0x74, 0, 0x3000 },
	{ 0x78, 0, 0x3000 },
	{ 0 },
};
static const struct sg_layout sg_seg = { .ents = seg_ents };
/*
 * 16K entries: with a 64K segment boundary they fit, four to a segment
 * (none crosses a boundary of its own: a direct mapping keeps them as is)
 */
static const struct prange fit_ents[] = {
	{ 0x80, 0, 0x4000 }, { 0x88, 0, 0x4000 }, { 0x90, 0, 0x4000 },
	{ 0x98, 0, 0x4000 }, { 0xa0, 0, 0x4000 }, { 0xa8, 0, 0x4000 },
	{ 0 },
};
static const struct sg_layout sg_fit = { .ents = fit_ents };

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
static bool sg_round(struct env *e, const struct sg_layout *l,
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
static bool case_sg(struct env *e, const struct dcase *c)
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

/* ---- dma_map_phys / dma_unmap_phys ----------------------------------------- */

static const struct prange phys_aligned[] = {
	{ 0x00, 0, 0x1000 }, { 0x10, 0, 0x3000 }, { 0x20, 0, 0x10000 },
	{ 0x200, 0, 0x200000 },
	{ 0 },
};

/* each in pages of its own */
static const struct prange phys_unaligned[] = {
	{ 0x01, 0x10, 0x20 },		/* inside one 2K granule */
	{ 0x02, 0x7f0, 0x20 },		/* across a 2K boundary */
	{ 0x03, 0xff0, 0x20 },		/* across a page */
	{ 0x05, 0x123, 0x3456 },
	{ 0x0a, 0, 0x1001 },		/* aligned start, one byte over */
	{ 0x0c, 0x800, 0x800 },		/* aligned for 2K granules only */
	{ 0x10, 0x800, 0x1800 },
	{ 0x20, 0xfff, 0x2 },
	{ 0 },
};

/* A test that maps all ranges at once with dma_map_phys, for each
 * direction. Expect each to verify while the others come and go, the arch
 * syncs of each call to cover exactly what it maps, and the unmap to give
 * the CPU what the device wrote. */
static bool case_phys(struct env *e, const struct dcase *c)
{
	const struct prange *pr = c->arg;
	struct check_range r[16];
	struct check_map *m[16];
	dma_addr_t dma[16];
	unsigned int n, i, di;

	for (n = 0; pr[n].len; n++)
		r[n] = (struct check_range){ buf_phys(pr[n].rel, pr[n].off), pr[n].len };

	for (di = 0; di < ARRAY_SIZE(all_dirs); di++) {
		enum dma_data_direction dir = all_dirs[di];
		bool wrote = dir != DMA_TO_DEVICE;

		fill_ranges(r, n, 3 + di);
		for (i = 0; i < n; i++) {
			unsigned long from = syncs_now();

			m[i] = NULL;
			if (r[i].len > dma_max_mapping_size(e->dev))
				continue;	/* a driver may not ask for more */
			dma[i] = dma_map_phys(e->dev, r[i].phys, r[i].len, dir, 0);
			KT_EXPECT(!dma_mapping_error(e->dev, dma[i]));
			m[i] = check_map_new(e->ck, e->dev, dir, 0);
			KT_EXPECT(check_map_range(m[i], dma[i], r[i].phys, r[i].len));
			VERIFY(e);
			KT_EXPECT(check_syncs(e->ck, m[i], from, true, false));
			if (dir != DMA_FROM_DEVICE)
				KT_EXPECT(dev_reads(e, dma[i], r[i].phys, r[i].len));
		}
		for (i = 0; i < n; i++)
			if (m[i] && wrote)
				KT_EXPECT(dev_write(e, dma[i], r[i].len, 0, 0x40 + i));
		VERIFY(e);
		for (i = n; i-- > 0;) {
			unsigned long from = syncs_now();

			if (!m[i])
				continue;
			dma_unmap_phys(e->dev, dma[i], r[i].len, dir, 0);
			KT_EXPECT(check_syncs(e->ck, m[i], from, false, false));
			check_unmap(m[i]);
			VERIFY(e);
			KT_EXPECT(check_ranges(&r[i], 1, 3 + di, 0x40 + i, wrote));
		}
	}
	return true;
}

/* ---- the IOVA API: dma_iova_try_alloc, _link, _sync, _unlink, _destroy ----- */

struct link {
	unsigned long rel;
	unsigned int off;
	size_t len;
};

/*
 * As the contract wants it (dma-api.rst, Part Ie): only the first link may
 * start off a granule, only the last may end off one. (The text asks for
 * the size of all but the last to be aligned; after an unaligned start
 * that can only mean the end, which is what the block layer does and what
 * the code needs: the next link must start on a granule of the IOVA.)
 */
static const struct link links_aligned[] = {
	{ 0x00, 0, 4 * 0x1000 }, { 0x08, 0, 0x1000 }, { 0x0a, 0, 2 * 0x1000 },
	{ 0x200, 0, 0x200000 },
	{ 0 },
};

static const struct link links_unaligned[] = {
	{ 0x00, 0x234, 3 * 0x1000 - 0x234 }, { 0x08, 0, 0x1000 },
	{ 0x0a, 0, 2 * 0x1000 }, { 0x14, 0, 0x567 },
	{ 0 },
};

static const struct link links_partial[] = {
	{ 0x00, 0x234, 3 * 0x1000 - 0x234 }, { 0x08, 0, 0x1000 },
	{ 0x0a, 0, 2 * 0x1000 }, { 0x30, 0, 4 * 0x1000 }, { 0x14, 0, 0x567 },
	{ 0 },
};

/*
 * Each link needs page-table pages of its own: the first (bounced head on
 * untrusted devices, then its middle) crosses a 2M boundary of the IOVA,
 * the second two more, the last starts past the next one.
 */
static const struct link links_fail[] = {
	{ 0x1000, 0x234, 0x203000 - 0x234 }, { 0x1400, 0, 0x3fd000 },
	{ 0x1800, 0, 0x567 },
	{ 0 },
};

static unsigned int links_count(const struct link *l, size_t *total)
{
	unsigned int n;

	*total = 0;
	for (n = 0; l[n].len; n++)
		*total += l[n].len;
	return n;
}

static size_t link_offset(const struct link *l, unsigned int i)
{
	size_t off = 0;

	while (i--)
		off += l[i].len;
	return off;
}

/*
 * Link l[i] at its offset, record it, verify, check the arch syncs it made.
 * Returns 0, or -errno if the link failed (nothing linked), or 1 if it was
 * linked but a check failed.
 */
static int do_link(struct env *e, struct dma_iova_state *st, struct check_map *m,
		   const struct link *l, unsigned int i, enum dma_data_direction dir,
		   unsigned long attrs)
{
	phys_addr_t phys = buf_phys(l[i].rel, l[i].off);
	size_t off = link_offset(l, i);
	unsigned long from = syncs_now();
	dma_addr_t a = st->addr + off;
	int ret;

	ret = dma_iova_link(e->dev, st, phys, off, l[i].len, dir, attrs);
	if (ret) {
		kt_report(__FILE__, __LINE__, "dma_iova_link(%#llx + %#zx at +%#zx): %d",
			  (unsigned long long)phys, l[i].len, off, ret);
		return ret;
	}
	if (!check_map_link(m, a, phys, l[i].len) || !check_verify(e->ck))
		return 1;
	/*
	 * dma_iova_link() hands arch_sync_dma_for_device() the granule-aligned
	 * range it maps, not just the bytes: allow that slack.
	 */
	return check_syncs_range(e->ck, m, a, a + l[i].len, from, true, true) ? 0 : 1;
}

/* Link all of l; if anything fails, destroy what is linked and say false. */
static bool link_all(struct env *e, struct dma_iova_state *st, struct check_map *m,
		     const struct link *l, unsigned int n, enum dma_data_direction dir,
		     unsigned long attrs)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = do_link(e, st, m, l, i, dir, attrs);
		if (ret) {
			dma_iova_destroy(e->dev, st, link_offset(l, i + (ret > 0)), dir, attrs);
			check_unmap(m);
			return false;
		}
	}
	return true;
}

static void links_ranges(const struct link *l, struct check_range *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		r[i] = (struct check_range){ buf_phys(l[i].rel, l[i].off), l[i].len };
}

/* A test for a device behind no IOMMU. Expect dma_iova_try_alloc() to say
 * no, with the state zeroed: the caller falls back to the streaming API. */
static bool iova_unsupported(struct env *e)
{
	struct dma_iova_state st;

	memset(&st, 0xa5, sizeof(st));
	KT_EXPECT(!dma_iova_try_alloc(e->dev, &st, buf_phys(0, 0), P));
	KT_EXPECT(!dma_use_iova(&st));
	KT_EXPECT_EQ(st.addr, 0);
	return true;
}

/* A test that links the ranges into one IOVA allocation, syncs, lets the
 * device read and write, and destroys it, for each direction. Expect one
 * contiguous DMA range reaching each buffer in turn, and the destroy to
 * leave no byte mapped and the data where the device put it. */
static bool case_iova(struct env *e, const struct dcase *c)
{
	const struct link *l = c->arg;
	struct check_range r[8];
	struct dma_iova_state st;
	struct check_map *m;
	unsigned int n, i, di;
	unsigned long from;
	size_t total;

	if (!e->p->iommu)
		return iova_unsupported(e);
	n = links_count(l, &total);
	links_ranges(l, r, n);
	for (di = 0; di < ARRAY_SIZE(all_dirs); di++) {
		enum dma_data_direction dir = all_dirs[di];
		bool wrote = dir != DMA_TO_DEVICE;

		fill_ranges(r, n, 5 + di);
		KT_EXPECT(dma_iova_try_alloc(e->dev, &st, r[0].phys, total));
		KT_EXPECT(dma_use_iova(&st));
		KT_EXPECT_EQ(st.addr & (e->g - 1), r[0].phys & (e->g - 1));
		m = check_map_new(e->ck, e->dev, dir, 0);
		KT_EXPECT(check_map_reserve(m, st.addr, total));
		VERIFY(e);
		if (!link_all(e, &st, m, l, n, dir, 0))
			return false;
		KT_EXPECT_EQ(dma_iova_sync(e->dev, &st, 0, total), 0);
		VERIFY(e);
		for (i = 0; i < n; i++)
			if (dir != DMA_FROM_DEVICE)
				KT_EXPECT(dev_reads(e, st.addr + link_offset(l, i), r[i].phys,
						    r[i].len));
		if (wrote)
			KT_EXPECT(dev_write(e, st.addr, total, 0, 6 + di));
		VERIFY(e);
		from = syncs_now();
		dma_iova_destroy(e->dev, &st, total, dir, 0);
		KT_EXPECT(check_syncs(e->ck, m, from, false, false));
		check_unmap(m);
		VERIFY(e);
		KT_EXPECT(check_ranges(r, n, 5 + di, 6 + di, wrote));
	}
	return true;
}

/* A test that links five ranges, unlinks the middle two, then the last,
 * and links them again. Expect the checker to find exactly the remaining
 * ranges mapped after each unlink (the unlinked IOVA translating to
 * nothing, its bounce slots released), and a clean destroy at the end. */
static bool case_iova_partial(struct env *e, const struct dcase *c)
{
	const struct link *l = links_partial;
	struct check_range r[8];
	struct dma_iova_state st;
	enum dma_data_direction dir = DMA_BIDIRECTIONAL;
	unsigned long used0 = dmalab_swiotlb_used_slots(), used, from;
	struct check_map *m;
	dma_addr_t a;
	size_t total, len;
	unsigned int n, i;

	if (!e->p->iommu)
		return iova_unsupported(e);
	n = links_count(l, &total);
	links_ranges(l, r, n);
	fill_ranges(r, n, 9);
	KT_EXPECT(dma_iova_try_alloc(e->dev, &st, r[0].phys, total));
	m = check_map_new(e->ck, e->dev, dir, 0);
	KT_EXPECT(check_map_reserve(m, st.addr, total));
	if (!link_all(e, &st, m, l, n, dir, 0))
		return false;
	KT_EXPECT_EQ(dma_iova_sync(e->dev, &st, 0, total), 0);
	VERIFY(e);

	/* the middle two */
	a = st.addr + link_offset(l, 1);
	len = l[1].len + l[2].len;
	from = syncs_now();
	dma_iova_unlink(e->dev, &st, link_offset(l, 1), len, dir, 0);
	KT_EXPECT(check_syncs_range(e->ck, m, a, a + len, from, false, false));
	KT_EXPECT(check_unmap_range(m, a, len));
	VERIFY(e);

	/* the last, unaligned: bounced on untrusted devices, its slot freed */
	a = st.addr + link_offset(l, 4);
	from = syncs_now();
	used = dmalab_swiotlb_used_slots();
	dma_iova_unlink(e->dev, &st, link_offset(l, 4), l[4].len, dir, 0);
	KT_EXPECT(check_syncs_range(e->ck, m, a, a + l[4].len, from, false, false));
	if (e->p->untrusted)
		KT_EXPECT_LT(dmalab_swiotlb_used_slots(), used);
	KT_EXPECT(check_unmap_range(m, a, l[4].len));
	VERIFY(e);
	KT_EXPECT_GT(check_map_nr_ranges(m), 0);

	/* and back */
	for (i = 1; i < n; i++)
		if (i != 3 && do_link(e, &st, m, l, i, dir, 0))
			return false;
	KT_EXPECT_EQ(dma_iova_sync(e->dev, &st, 0, total), 0);
	VERIFY(e);
	KT_EXPECT_EQ(check_map_bytes(m), total);
	dma_iova_destroy(e->dev, &st, total, dir, 0);
	check_unmap(m);
	VERIFY(e);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	KT_EXPECT(check_ranges(r, n, 9, 0, false));
	return true;
}

/*
 * One round of the fail-nth loop on its own domain and device: allocate,
 * link until the nth allocation fails, destroy what was linked. *done when
 * the nth allocation was never reached.
 */
static bool fail_nth_round(const struct profile *p, const struct dcase *c,
			   unsigned long nth, bool *done, unsigned int *failed_link)
{
	const struct link *l = links_fail;
	enum dma_data_direction dir = DMA_BIDIRECTIONAL;
	struct check_range r[8];
	struct dma_iova_state st, again;
	struct check_map *m = NULL;
	size_t total, mapped = 0;
	unsigned long attempts;
	unsigned int n, i = 0;
	bool failed = false;
	struct env e;
	int ret = 0;

	*failed_link = UINT_MAX;
	if (!env_init(&e, p, c)) {
		env_fini(&e);
		return false;
	}
	n = links_count(l, &total);
	links_ranges(l, r, n);
	fill_ranges(r, n, 11);

	dmalab_fail_nth(nth);
	if (!dma_iova_try_alloc(e.dev, &st, r[0].phys, total)) {
		/* an allocation failure here is a clean "no" too */
		attempts = dmalab_fail_attempts();
		failed = true;
		goto out;
	}
	m = check_map_new(e.ck, e.dev, dir, 0);
	check_map_reserve(m, st.addr, total);
	for (i = 0; i < n; i++) {
		ret = dma_iova_link(e.dev, &st, r[i].phys, mapped, r[i].len, dir, 0);
		if (ret)
			break;
		check_map_link(m, st.addr + mapped, r[i].phys, r[i].len);
		mapped += r[i].len;
	}
	failed = i < n;
	attempts = dmalab_fail_attempts();
	dmalab_fail_off();
	if (failed)
		*failed_link = i;
	if (failed && ret != -ENOMEM)
		kt_report(__FILE__, __LINE__, "fail_nth %lu: link %u returned %d, expected -ENOMEM",
			  nth, i, ret);
	/* the failed link left nothing behind: the checker sees the others only */
	if (!check_verify(e.ck))
		kt_report(__FILE__, __LINE__, "fail_nth %lu: after link %u failed", nth, i);
	dma_iova_destroy(e.dev, &st, mapped, dir, 0);
	check_unmap(m);
	if (!check_verify(e.ck))
		kt_report(__FILE__, __LINE__, "fail_nth %lu: after dma_iova_destroy(%#zx)",
			  nth, mapped);
	/* the IOVA is free again: the same request gets it back */
	if (!dma_iova_try_alloc(e.dev, &again, r[0].phys, total) || again.addr != st.addr)
		kt_report(__FILE__, __LINE__, "fail_nth %lu: the destroyed IOVA %#llx did not "
			  "come back (got %#llx)", nth, (unsigned long long)st.addr,
			  (unsigned long long)again.addr);
	else
		dma_iova_free(e.dev, &again);
out:
	dmalab_fail_off();
	*done = !failed && attempts < nth;
	if (!check_ranges(r, n, 11, 0, false))
		kt_report(__FILE__, __LINE__, "fail_nth %lu: buffers changed", nth);
	return env_fini(&e);
}

/* A test that fails the 1st, 2nd, ... allocation of dma_iova_try_alloc() and
 * three dma_iova_link() calls (page-table pages: the links are spread over
 * several tables), until none fails. Expect each failed link to return
 * -ENOMEM having mapped nothing, and dma_iova_destroy() of what was linked
 * to leave no page table, IOVA, swiotlb slot or slab object behind. */
static bool case_iova_fail_nth(struct env *e, const struct dcase *c)
{
	const struct profile *p = e->p;
	bool done = false, ok = true;
	unsigned int failed_link, later = 0;
	unsigned long nth;

	/* each round builds its own domain and device (run_instance() made none) */
	for (nth = 1; !done && nth < 200; nth++) {
		ok = fail_nth_round(p, c, nth, &done, &failed_link) && ok;
		if (failed_link != UINT_MAX && failed_link > 0)
			later++;
	}
	KT_EXPECT(done);
	/* some rounds failed a link after others had been linked */
	KT_EXPECT_GT(later, 0);
	return ok;
}

/* ---- two devices, one domain ------------------------------------------------ */

/* A test with a second device on the domain, both mapping at once.
 * Expect disjoint IOVAs and the domain to map exactly the union of what
 * the two were given, before and after each unmap. */
static bool case_two_devices(struct env *e, const struct dcase *c)
{
	struct dmalab_device_cfg cfg = {
		.name = "dev1", .coherent = e->p->coherent, .untrusted = e->p->untrusted,
	};
	struct check_map *m[2][4] = {};
	struct device *dev[2] = { e->dev };
	dma_addr_t dma[2][4];
	struct check_range r;
	unsigned int i, k;
	bool ok = true;
	int err = 0;

	dev[1] = dmalab_device_create(&cfg, e->d, &err);
	if (!dev[1])
		KT_FAIL("dmalab_device_create: %d", err);
	if (!check_add_device(e->ck, dev[1])) {
		dmalab_device_destroy(dev[1]);
		return false;
	}
	for (k = 0; k < 4 && ok; k++)
		for (i = 0; i < 2 && ok; i++) {
			r.phys = buf_phys(0x10 * k + 0x100 * i, 0x300 * k);
			r.len = 0x1800;
			fill_ranges(&r, 1, 20);
			dma[i][k] = dma_map_phys(dev[i], r.phys, r.len, DMA_BIDIRECTIONAL, 0);
			if (dma_mapping_error(dev[i], dma[i][k])) {
				kt_report(__FILE__, __LINE__, "dma_map_phys on dev%u failed", i);
				ok = false;
				break;
			}
			m[i][k] = check_map_new(e->ck, dev[i], DMA_BIDIRECTIONAL, 0);
			ok = check_map_range(m[i][k], dma[i][k], r.phys, r.len) &&
			     check_verify(e->ck);
		}
	for (k = 0; k < 4; k++)
		for (i = 0; i < 2; i++) {
			if (!m[i][k])
				continue;
			dma_unmap_phys(dev[i], dma[i][k], 0x1800, DMA_BIDIRECTIONAL, 0);
			check_unmap(m[i][k]);
			ok = ok && check_verify(e->ck);
		}
	ok = check_remove_device(e->ck, dev[1]) && ok;
	dmalab_device_destroy(dev[1]);
	return ok;
}

/* ---- DMA_ATTR_MMIO ---------------------------------------------------------- */

/* A test that maps MMIO (a BAR, no struct page) with DMA_ATTR_MMIO through
 * dma_map_phys and, behind an IOMMU, dma_iova_link. Expect no bounce even
 * on untrusted devices, no cache maintenance even on non-coherent ones. */
static bool case_mmio(struct env *e, const struct dcase *c)
{
	static const struct prange mm[] = {
		{ 0, 0, 0x1000 }, { 0, 0x2010, 0x100 }, { 0, 0x4000, 0x3000 },
	};
	const unsigned long attrs = DMA_ATTR_MMIO;
	unsigned long used0 = dmalab_swiotlb_used_slots(), from;
	struct check_map *m[ARRAY_SIZE(mm)];
	dma_addr_t dma[ARRAY_SIZE(mm)];
	struct dma_iova_state st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mm); i++) {
		from = syncs_now();
		dma[i] = dma_map_phys(e->dev, MMIO_PHYS + mm[i].off, mm[i].len,
				      DMA_BIDIRECTIONAL, attrs);
		KT_EXPECT(!dma_mapping_error(e->dev, dma[i]));
		KT_EXPECT_EQ(syncs_now(), from);
		m[i] = check_map_new(e->ck, e->dev, DMA_BIDIRECTIONAL, attrs);
		KT_EXPECT(check_map_range(m[i], dma[i], MMIO_PHYS + mm[i].off, mm[i].len));
		VERIFY(e);
	}
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	for (i = 0; i < ARRAY_SIZE(mm); i++) {
		from = syncs_now();
		dma_unmap_phys(e->dev, dma[i], mm[i].len, DMA_BIDIRECTIONAL, attrs);
		KT_EXPECT_EQ(syncs_now(), from);
		check_unmap(m[i]);
		VERIFY(e);
	}
	if (!e->p->iommu)
		return true;

	/* two BAR pages and a third, linked as one range each */
	KT_EXPECT(dma_iova_try_alloc(e->dev, &st, MMIO_PHYS, 3 * P));
	m[0] = check_map_new(e->ck, e->dev, DMA_FROM_DEVICE, attrs);
	KT_EXPECT(check_map_reserve(m[0], st.addr, 3 * P));
	from = syncs_now();
	KT_EXPECT_EQ(dma_iova_link(e->dev, &st, MMIO_PHYS, 0, 2 * P, DMA_FROM_DEVICE, attrs), 0);
	KT_EXPECT_EQ(dma_iova_link(e->dev, &st, MMIO_PHYS + 8 * P, 2 * P, P, DMA_FROM_DEVICE,
				   attrs), 0);
	KT_EXPECT_EQ(dma_iova_sync(e->dev, &st, 0, 3 * P), 0);
	KT_EXPECT_EQ(syncs_now(), from);
	KT_EXPECT(check_map_range(m[0], st.addr, MMIO_PHYS, 2 * P));
	KT_EXPECT(check_map_range(m[0], st.addr + 2 * P, MMIO_PHYS + 8 * P, P));
	VERIFY(e);
	dma_iova_destroy(e->dev, &st, 3 * P, DMA_FROM_DEVICE, attrs);
	KT_EXPECT_EQ(syncs_now(), from);
	check_unmap(m[0]);
	VERIFY(e);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	return true;
}

/* ---- DMA_ATTR_SKIP_CPU_SYNC ------------------------------------------------- */

/* A test on a non-coherent device that maps and unmaps through each path
 * with DMA_ATTR_SKIP_CPU_SYNC. Expect the mappings to verify and not one
 * arch_sync_dma_for_device/for_cpu call. */
static bool case_skip_sync(struct env *e, const struct dcase *c)
{
	const unsigned long attrs = DMA_ATTR_SKIP_CPU_SYNC;
	const struct link *l = links_unaligned;
	struct check_range r[8];
	struct dma_iova_state st;
	struct check_map *m;
	unsigned long from;
	unsigned int n;
	size_t total;
	dma_addr_t dma;

	if (!sg_round(e, &sg_unaligned, DMA_BIDIRECTIONAL, attrs))
		return false;

	fill_ranges(&(struct check_range){ buf_phys(0x40, 0x123), 0x3456 }, 1, 13);
	from = syncs_now();
	dma = dma_map_phys(e->dev, buf_phys(0x40, 0x123), 0x3456, DMA_FROM_DEVICE, attrs);
	KT_EXPECT(!dma_mapping_error(e->dev, dma));
	m = check_map_new(e->ck, e->dev, DMA_FROM_DEVICE, attrs);
	KT_EXPECT(check_map_range(m, dma, buf_phys(0x40, 0x123), 0x3456));
	VERIFY(e);
	dma_unmap_phys(e->dev, dma, 0x3456, DMA_FROM_DEVICE, attrs);
	check_unmap(m);
	VERIFY(e);
	KT_EXPECT_EQ(syncs_now(), from);

	if (!e->p->iommu)
		return true;
	n = links_count(l, &total);
	links_ranges(l, r, n);
	KT_EXPECT(dma_iova_try_alloc(e->dev, &st, r[0].phys, total));
	m = check_map_new(e->ck, e->dev, DMA_TO_DEVICE, attrs);
	KT_EXPECT(check_map_reserve(m, st.addr, total));
	if (!link_all(e, &st, m, l, n, DMA_TO_DEVICE, attrs))
		return false;
	KT_EXPECT_EQ(dma_iova_sync(e->dev, &st, 0, total), 0);
	VERIFY(e);
	dma_iova_destroy(e->dev, &st, total, DMA_TO_DEVICE, attrs);
	check_unmap(m);
	VERIFY(e);
	KT_EXPECT_EQ(syncs_now(), from);
	return true;
}

/* ---- IOVA exhaustion ------------------------------------------------------- */

#define EXH_SPACE	(1UL << 24)
#define EXH_CHUNK	0x40000UL	/* 256 KiB, then halves down to a granule */
#define EXH_MAX		128

/* A test with a 24-bit DMA mask (16 MiB of IOVA space) that maps 256 KiB
 * chunks until the space runs out, then ever smaller ones into the holes
 * down to one granule. Expect every granule but IOVA 0 (reserved) to get
 * used, each failure to be a clean DMA_MAPPING_ERROR with everything
 * mapped before still verifying, the sg path to fail with -ENOMEM and its
 * table intact, dma_iova_try_alloc() to say no; and after one unmap, a new
 * mapping to fit at once in a strict domain, but in a lazy one only once
 * the flush queue has been flushed. */
static bool case_exhaust(struct env *e, const struct dcase *c)
{
	struct check_map *m[EXH_MAX];
	dma_addr_t dma[EXH_MAX];
	size_t len[EXH_MAX], sz, total = 0;
	struct check_range cpu[4], cpu2[4];
	phys_addr_t phys = buf_phys(0x400, 0);
	unsigned long used0 = dmalab_swiotlb_used_slots();
	struct dma_iova_state st;
	struct page *pages[2];
	struct sg_table sgt;
	unsigned int n = 0, i, nc;
	dma_addr_t d;
	int ret;

	for (sz = EXH_CHUNK; sz >= e->g; sz /= 2) {
		for (;;) {
			KT_EXPECT_LT(n, EXH_MAX);
			d = dma_map_phys(e->dev, phys, sz, DMA_BIDIRECTIONAL, 0);
			if (dma_mapping_error(e->dev, d))
				break;
			dma[n] = d;
			len[n] = sz;
			m[n] = check_map_new(e->ck, e->dev, DMA_BIDIRECTIONAL, 0);
			KT_EXPECT(check_map_range(m[n], d, phys, sz));
			n++;
			total += sz;
			VERIFY(e);
		}
		KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
	}
	KT_EXPECT_EQ(total, EXH_SPACE - e->g);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);

	pages[0] = pfn_to_page(BUF_PFN + 0x800);
	pages[1] = pfn_to_page(BUF_PFN + 0x900);
	KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(&sgt, pages, 2, 0x10, 2 * P - 0x20,
						       UINT_MAX & PAGE_MASK, GFP_KERNEL), 0);
	nc = check_sg_ranges(&sgt, cpu, ARRAY_SIZE(cpu));
	ret = dma_map_sgtable(e->dev, &sgt, DMA_TO_DEVICE, 0);
	if (ret)
		KT_EXPECT_EQ(check_sg_ranges(&sgt, cpu2, ARRAY_SIZE(cpu2)), nc);
	sg_free_table(&sgt);
	/*
	 * An untrusted device maps each entry with iommu_dma_map_phys(), whose
	 * DMA_MAPPING_ERROR comes back as the legacy -EIO (dma_map_sgtable()'s
	 * kernel-doc gives that very case), the others as -ENOMEM.
	 */
	KT_EXPECT_EQ(ret, e->p->untrusted ? -EIO : -ENOMEM);
	KT_EXPECT(!memcmp(cpu, cpu2, nc * sizeof(*cpu)));
	KT_EXPECT(!dma_iova_try_alloc(e->dev, &st, phys, e->g));
	KT_EXPECT(!dma_use_iova(&st));
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);

	/* give the first one back and ask again */
	dma_unmap_phys(e->dev, dma[0], len[0], DMA_BIDIRECTIONAL, 0);
	check_unmap(m[0]);
	VERIFY(e);
	d = dma_map_phys(e->dev, phys, len[0], DMA_BIDIRECTIONAL, 0);
	if (e->p->kind == DMALAB_DOMAIN_DMA_FQ) {
		/* the IOVA waits in the flush queue */
		KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
		KT_EXPECT_GT(dmalab_run_deferred_work(), 0);
		d = dma_map_phys(e->dev, phys, len[0], DMA_BIDIRECTIONAL, 0);
	}
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	dma[0] = d;
	m[0] = check_map_new(e->ck, e->dev, DMA_BIDIRECTIONAL, 0);
	KT_EXPECT(check_map_range(m[0], d, phys, len[0]));
	VERIFY(e);

	for (i = 0; i < n; i++) {
		dma_unmap_phys(e->dev, dma[i], len[i], DMA_BIDIRECTIONAL, 0);
		check_unmap(m[i]);
		VERIFY(e);
	}
	return true;
}

/* ---- strict vs flush queue -------------------------------------------------- */

/* A test that maps and unmaps a page again and again. Expect a strict
 * domain to invalidate at each unmap and never flush all; a lazy one to
 * neither invalidate nor reuse an unmapped IOVA until the flush timer runs
 * (one flush-all then, and the IOVAs come back), or until its queue fills
 * up, which flushes at once. */
static bool case_flush(struct env *e, const struct dcase *c)
{
	bool fq = e->p->kind == DMALAB_DOMAIN_DMA_FQ;
	struct dmalab_iommu_stats s0, s1;
	phys_addr_t phys = buf_phys(0x50, 0);
	dma_addr_t queued[8], d;
	struct check_map *m;
	unsigned int i, k;

	dmalab_domain_stats(e->d, &s0);
	for (i = 0; i < ARRAY_SIZE(queued); i++) {
		d = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, 0);
		KT_EXPECT(!dma_mapping_error(e->dev, d));
		for (k = 0; fq && k < i; k++)
			if (d == queued[k])
				KT_FAIL("IOVA %#llx reused before the flush queue was flushed",
					(unsigned long long)d);
		m = check_map_new(e->ck, e->dev, DMA_TO_DEVICE, 0);
		KT_EXPECT(check_map_range(m, d, phys, P));
		VERIFY(e);
		dma_unmap_phys(e->dev, d, P, DMA_TO_DEVICE, 0);
		check_unmap(m);
		VERIFY(e);
		queued[i] = d;
		dmalab_domain_stats(e->d, &s1);
		KT_EXPECT_EQ(s1.iotlb_flush_all, s0.iotlb_flush_all);
		KT_EXPECT_EQ(s1.iotlb_syncs, s0.iotlb_syncs + (fq ? 0 : i + 1));
	}
	if (!fq) {
		KT_EXPECT_EQ(dmalab_pending_work(), 0);
		return true;
	}

	KT_EXPECT_GT(dmalab_pending_work(), 0);
	dmalab_run_deferred_work();
	dmalab_domain_stats(e->d, &s1);
	KT_EXPECT_EQ(s1.iotlb_flush_all, s0.iotlb_flush_all + 1);
	d = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	for (k = 0; k < ARRAY_SIZE(queued) && d != queued[k]; k++)
		;
	KT_EXPECT_LT(k, ARRAY_SIZE(queued));	/* freed, and reused */
	dma_unmap_phys(e->dev, d, P, DMA_TO_DEVICE, 0);
	dmalab_run_deferred_work();

	/* a full queue (IOVA_DEFAULT_FQ_SIZE = 256 entries) flushes by itself */
	dmalab_domain_stats(e->d, &s0);
	for (i = 0; i < 300; i++) {
		d = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, 0);
		KT_EXPECT(!dma_mapping_error(e->dev, d));
		dma_unmap_phys(e->dev, d, P, DMA_TO_DEVICE, 0);
		dmalab_domain_stats(e->d, &s1);
		if (i < 255)
			KT_EXPECT_EQ(s1.iotlb_flush_all, s0.iotlb_flush_all);
	}
	KT_EXPECT_GE(s1.iotlb_flush_all, s0.iotlb_flush_all + 1);
	VERIFY(e);
	return true;
}

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
	{ "sg_seg_boundary", case_sg, &sg_seg, .boundary = SZ_64K - 1,
	  .known_bug = "dma-iommu-sg-padding-mapped", .bug_on = ON_TRUSTED },
	{ "phys_aligned", case_phys, phys_aligned },
	{ "phys_unaligned", case_phys, phys_unaligned },
	{ "iova_aligned", case_iova, links_aligned },
	{ "iova_unaligned", case_iova, links_unaligned,
	  .known_bug = "dma-iova-link-unaligned-head", .bug_on = ON_UNTRUSTED },
	{ "iova_unaligned_min_align", case_iova, links_unaligned, .min_align = true },
	{ "iova_partial_unlink", case_iova_partial, .min_align = true },
	{ "iova_link_fail_nth", case_iova_fail_nth, .need = NEED_IOMMU, .min_align = true },
	{ "two_devices", case_two_devices, .need = NEED_IOMMU },
	{ "mmio", case_mmio },
	{ "skip_cpu_sync", case_skip_sync, .need = NEED_NONCOH, .min_align = true },
	{ "exhaust_mask24", case_exhaust, .need = NEED_IOMMU, .dma_mask = DMA_BIT_MASK(24) },
	{ "flush", case_flush, .need = NEED_IOMMU },
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
	/* the layouts that show the bugs are for 4 KiB granules */
	if (p->page_granule && PAGE_SIZE > SZ_4K)
		return NULL;
	if (!c->bug_on)
		return c->known_bug;
	if (!p->iommu)
		return NULL;
	return c->bug_on & (p->untrusted ? ON_UNTRUSTED : ON_TRUSTED) ? c->known_bug : NULL;
}

static const struct kt_params profile_params = KT_PARAMS(profiles,
	.skip = profile_skip, .known_bug = profile_known_bug);

int main(int argc, char **argv)
{
	static struct ktest tests[ARRAY_SIZE(cases)];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		tests[i] = (struct ktest){ .name = cases[i].name, .pfn = test_case,
					   .params = &profile_params, .arg = &cases[i] };
	return ktest_main("dma-iommu", tests, ARRAY_SIZE(cases), argc, argv);
}
