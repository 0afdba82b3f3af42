// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-iommu suite: the profiles, the environment of one case and the
 * buffers the cases map (dma_iommu.h).
 */
#include "tests/devenv.h"
#include "tests/dma_iommu/dma_iommu.h"

const enum dma_data_direction all_dirs[3] = {
	DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL,
};

/* ==== profiles ============================================================ */

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

const struct profile profiles[] = {
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

const unsigned int nr_profiles = ARRAY_SIZE(profiles);

static void report(void *priv, const char *msg)
{
	kt_report(__FILE__, __LINE__, "checker: %s", msg);
}

#define VERIFY(e)	KT_EXPECT(check_verify((e)->ck))

static bool swiotlb_poisoned;

/* The profile's domain and device, as case c (may be NULL) adjusts it. */
bool env_init(struct env *e, const struct profile *p, const struct dcase *c)
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

/* Destroy whatever env_init made, then check_teardown(): the caller suites' teardown. */
bool env_fini(struct env *e)
{
	struct test_dev td = { .ck = e->ck, .d = e->d, .dev = e->dev };

	return test_dev_fini(&td);
}

unsigned long syncs_now(void)
{
	return dmalab_arch_syncs();
}

/* ==== buffers =============================================================== */

unsigned char pat(unsigned int seed, u64 x)
{
	x = (x + seed) * 0x9e3779b97f4a7c15ULL;
	return x >> 56;
}

phys_addr_t buf_phys(unsigned long rel, unsigned long off)
{
	return PFN_PHYS(BUF_PFN + rel) + off;
}

/* Fill the pages around each range with the "before" pattern. */
void fill_ranges(const struct check_range *r, unsigned int n, unsigned int seed)
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
bool check_ranges(const struct check_range *r, unsigned int n, unsigned int seed,
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
bool dev_write(struct env *e, dma_addr_t dma, size_t len, size_t stream_off,
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
bool dev_reads(struct env *e, dma_addr_t dma, phys_addr_t phys, size_t len)
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
unsigned int table_max_segment(struct device *dev)
{
	size_t m = min_t(size_t, dma_get_max_seg_size(dev), dma_max_mapping_size(dev));

	return min_t(size_t, m, UINT_MAX) & PAGE_MASK;
}
