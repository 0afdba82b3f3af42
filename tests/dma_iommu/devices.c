// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-iommu suite: two devices on one domain, DMA_ATTR_MMIO,
 * DMA_ATTR_SKIP_CPU_SYNC, IOVA exhaustion, strict, flush-queue and
 * single-queue domains.
 */
#include <linux/pci.h>
#include <drivers/iommu/dma-iommu.h>
#include "tests/devenv.h"
#include "tests/dma_iommu/dma_iommu.h"

/* ---- two devices, one domain ------------------------------------------------ */

/* A test with a second device on the domain, both mapping at once.
 * Expect disjoint IOVAs and the domain to map exactly the union of what
 * the two were given, before and after each unmap. */
bool case_two_devices(struct env *e, const struct dcase *c)
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
bool case_mmio(struct env *e, const struct dcase *c)
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
bool case_skip_sync(struct env *e, const struct dcase *c)
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
bool case_exhaust(struct env *e, const struct dcase *c)
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
	if (ret) {
		struct scatterlist *s;
		unsigned int k;

		KT_EXPECT_EQ(check_sg_ranges(&sgt, cpu2, ARRAY_SIZE(cpu2)), nc);
		/*
		 * the DMA fields "invalidated" (__invalidate_sg()): no entry
		 * keeps a DMA length a caller could take for a mapping
		 */
		for_each_sgtable_sg(&sgt, s, k)
			if (sg_dma_len(s))
				KT_FAIL("entry %u keeps DMA length %#x after the failure", k,
					sg_dma_len(s));
	}
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
bool case_flush(struct env *e, const struct dcase *c)
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

/*
 * DUPLICATED from drivers/iommu/dma-iommu.c (checked by
 * scripts/check-duplicated.sh): "Timeout (in ms) after which entries are
 * flushed from the queue", a per-CPU queue's.
 */
#define IOVA_DEFAULT_FQ_TIMEOUT	10
/* DUPLICATED from drivers/iommu/dma-iommu.c: the single queue's timeout */
#define IOVA_SINGLE_FQ_TIMEOUT	1000

/* A test that a lazy domain's flush timer fires IOVA_DEFAULT_FQ_TIMEOUT ms
 * after the first unmap it holds, however many unmaps follow: at 9 ms
 * nothing is flushed, at 10 ms one flush-all, and both IOVAs are free
 * again (mutation class: a timer re-armed by every unmap, which holds the
 * IOVAs for as long as unmaps keep coming). The domain type says what was
 * set up: DMA_FQ with a flush queue, DMA when strict. */
bool case_flush_timeout(struct env *e, const struct dcase *c)
{
	bool fq = e->p->kind == DMALAB_DOMAIN_DMA_FQ;
	struct dmalab_iommu_stats s0, s1;
	phys_addr_t phys = buf_phys(0x58, 0);
	dma_addr_t d[2];
	unsigned int i;

	KT_EXPECT_EQ(iommu_get_domain_for_dev(e->dev)->type,
		     fq ? IOMMU_DOMAIN_DMA_FQ : IOMMU_DOMAIN_DMA);
	if (!fq)
		KT_SKIP("a strict domain has no flush timer");
	dmalab_run_deferred_work();
	dmalab_domain_stats(e->d, &s0);
	for (i = 0; i < 2; i++) {
		d[i] = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, 0);
		KT_EXPECT(!dma_mapping_error(e->dev, d[i]));
		dma_unmap_phys(e->dev, d[i], P, DMA_TO_DEVICE, 0);
		KT_EXPECT_EQ(dmalab_advance_jiffies(i ? IOVA_DEFAULT_FQ_TIMEOUT / 2 - 1 :
						    IOVA_DEFAULT_FQ_TIMEOUT / 2), 0);
	}
	dmalab_domain_stats(e->d, &s1);
	KT_EXPECT_EQ(s1.iotlb_flush_all, s0.iotlb_flush_all);
	KT_EXPECT_EQ(dmalab_advance_jiffies(1), 1);
	dmalab_domain_stats(e->d, &s1);
	KT_EXPECT_EQ(s1.iotlb_flush_all, s0.iotlb_flush_all + 1);
	for (i = 0; i < 2; i++)
		KT_EXPECT(check_iova_released(e->ck, e->dev, d[i], P));
	VERIFY(e);
	return true;
}

/* A test that a PCI device whose DMA mask reaches past 4 GiB gets IOVAs
 * from the 32-bit space first (pci_32bit_workaround, unless
 * iommu.forcedac=1: "use 32-bit space first"), top-down from 4 GiB: in a
 * fresh domain the first page lies in [2 GiB, 4 GiB) (mutation class: the
 * 32-bit attempt skipped for some masks, or made under another limit). */
bool case_low_iova_first(struct env *e, const struct dcase *c)
{
	phys_addr_t phys = buf_phys(0x60, 0);
	dma_addr_t d;

	KT_EXPECT(dev_is_pci(e->dev));
	if (dma_get_mask(e->dev) <= DMA_BIT_MASK(32))
		KT_SKIP("a 32-bit device gets 32-bit IOVAs anyway");
	d = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	KT_EXPECT_GE(d, SZ_2G);
	KT_EXPECT_LT(d, SZ_4G);
	dma_unmap_phys(e->dev, d, P, DMA_TO_DEVICE, 0);
	return true;
}

/* A test that an untrusted device's dma_map_phys() fails cleanly when the
 * swiotlb pool is used up (64 MiB, bounced 256 KiB at a time): expect
 * DMA_MAPPING_ERROR within the pool's size, every earlier mapping intact,
 * a sync longer than the mapping refused with a WARN, and every slot back
 * once they are unmapped (mutation class: the bounce path's padding
 * clearing run on a failed bounce, at DMA_MAPPING_ERROR; the overflow
 * check of swiotlb_bounce() dropped). */
#define BOUNCE_CHUNK	SZ_256K
#define BOUNCE_MAX	(CONFIG_SWIOTLB_DEFAULT_SIZE_MB * SZ_1M / BOUNCE_CHUNK + 8)

bool case_bounce_exhaust(struct env *e, const struct dcase *c)
{
	static dma_addr_t dma[BOUNCE_MAX];
	phys_addr_t phys = buf_phys(0x800, 0x10);
	unsigned long used0 = dmalab_swiotlb_used_slots();
	size_t len = BOUNCE_CHUNK - 0x10;
	unsigned int n, i;
	dma_addr_t d = 0;

	if (!e->p->untrusted)
		KT_SKIP("only an untrusted device bounces every mapping");
	if (len > dma_max_mapping_size(e->dev))
		len = dma_max_mapping_size(e->dev) - 0x10;
	for (n = 0; n < BOUNCE_MAX; n++) {
		d = dma_map_phys(e->dev, phys, len, DMA_TO_DEVICE, 0);
		if (dma_mapping_error(e->dev, d))
			break;
		dma[n] = d;
	}
	KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
	KT_EXPECT_GT(n, 0);
	KT_EXPECT(dev_reads(e, dma[n - 1], phys, len));
	/*
	 * a sync longer than the bounce buffer: swiotlb_bounce() refuses it
	 * with its "Buffer overflow detected" WARN, and copies nothing
	 */
	{
		/* a WARN_ONCE: the first profile to get here sees it, once a process */
		static bool warned;
		unsigned long w0 = dmalab_warn_count();

		dma_sync_single_for_device(e->dev, dma[0], len + SZ_64K, DMA_TO_DEVICE);
		kt_expect_warns(warned ? 0 : 1);
		if (dmalab_warn_count() - w0 != (warned ? 0 : 1)) {
			for (i = 0; i < n; i++)
				dma_unmap_phys(e->dev, dma[i], len, DMA_TO_DEVICE, 0);
			KT_FAIL("%lu WARNs from an overlong sync, expected %u",
				dmalab_warn_count() - w0, warned ? 0 : 1);
		}
		warned = true;
	}
	for (i = 0; i < n; i++)
		dma_unmap_phys(e->dev, dma[i], len, DMA_TO_DEVICE, 0);
	KT_EXPECT_EQ(dmalab_swiotlb_used_slots(), used0);
	VERIFY(e);
	return true;
}

/* A test of dma_get_merge_boundary(): "the DMA merge boundary", the IOMMU
 * granule - 1 on a DMA domain (segments that meet there can be merged by
 * the IOVA layout), 0 when the device "cannot merge any DMA address
 * segments" (dma-direct). */
bool case_merge_boundary(struct env *e, const struct dcase *c)
{
	KT_EXPECT_EQ(dma_get_merge_boundary(e->dev), e->p->iommu ? e->g - 1 : 0);
	return true;
}

/* A test of dma_map_page_attrs() at an offset into its page, and of
 * DMA_ATTR_REQUIRE_COHERENT through dma_map_phys() and dma_map_sgtable():
 * the page's mapping starts at page + offset (mutation class: a dropped
 * offset); a coherent device maps a page-aligned buffer with
 * REQUIRE_COHERENT, a non-coherent one is refused (DMA_MAPPING_ERROR,
 * -EOPNOTSUPP), as dma_map_phys() and __dma_map_sg_attrs() check first. */
bool case_page_and_coherent(struct env *e, const struct dcase *c)
{
	const unsigned long attrs = DMA_ATTR_REQUIRE_COHERENT;
	struct page *page = pfn_to_page(BUF_PFN + 0x70);
	phys_addr_t phys = buf_phys(0x70, 0x123);
	struct check_map *m;
	struct sg_table sgt;
	dma_addr_t d;
	int ret;

	d = dma_map_page_attrs(e->dev, page, 0x123, 0x456, DMA_TO_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(e->dev, d));
	m = check_map_new(e->ck, e->dev, DMA_TO_DEVICE, 0);
	KT_EXPECT(check_map_range(m, d, phys, 0x456));
	VERIFY(e);
	KT_EXPECT(dev_reads(e, d, phys, 0x456));
	dma_unmap_page_attrs(e->dev, d, 0x456, DMA_TO_DEVICE, 0);
	check_unmap(m);
	VERIFY(e);

	phys = buf_phys(0x74, 0);
	d = dma_map_phys(e->dev, phys, P, DMA_TO_DEVICE, attrs);
	if (!e->p->coherent) {
		KT_EXPECT_EQ(d, DMA_MAPPING_ERROR);
	} else {
		KT_EXPECT(!dma_mapping_error(e->dev, d));
		m = check_map_new(e->ck, e->dev, DMA_TO_DEVICE, attrs);
		KT_EXPECT(check_map_range(m, d, phys, P));
		VERIFY(e);
		dma_unmap_phys(e->dev, d, P, DMA_TO_DEVICE, attrs);
		check_unmap(m);
	}
	KT_EXPECT_EQ(sg_alloc_table(&sgt, 1, GFP_KERNEL), 0);
	sg_set_page(sgt.sgl, pfn_to_page(BUF_PFN + 0x74), P, 0);
	ret = dma_map_sgtable(e->dev, &sgt, DMA_TO_DEVICE, attrs);
	KT_EXPECT_EQ(ret, e->p->coherent ? 0 : -EOPNOTSUPP);
	if (!ret)
		dma_unmap_sgtable(e->dev, &sgt, DMA_TO_DEVICE, attrs);
	sg_free_table(&sgt);
	VERIFY(e);
	return true;
}

/*
 * A test that a flush queue drained by its timer takes unmaps again and
 * drains them again, round after round, freeing each IOVA once: three
 * rounds of three unmaps, each drained by the timer, then eight buffers
 * mapped at once must each get an IOVA of their own that the allocator
 * holds. Bug class: a drain that leaves the ring's head in the wrong place
 * (the next drain frees stale or never-used entries: IOVAs freed twice are
 * then handed to two buffers, an empty entry frees IOVA 0). First, the
 * queue set up again on a lazy domain must succeed (sysfs DMA-FQ).
 */
bool case_flush_queue_rounds(struct env *e, const struct dcase *c)
{
	struct check_map *m[8];
	dma_addr_t d[8];
	unsigned int round, i;
	bool ok = true;

	if (e->p->kind != DMALAB_DOMAIN_DMA_FQ)
		KT_SKIP("a strict domain has no flush queue");
	/*
	 * what the IOMMU core calls when the group's type is set to DMA-FQ
	 * through sysfs: on a domain that has its queue, nothing to do
	 */
	KT_EXPECT_EQ(iommu_dma_init_fq(iommu_get_domain_for_dev(e->dev)), 0);
	dmalab_run_deferred_work();
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 3; i++) {
			d[i] = dma_map_phys(e->dev, buf_phys(0xa0 + 4 * i, 0), (i + 1) * P,
					    DMA_TO_DEVICE, 0);
			KT_EXPECT(!dma_mapping_error(e->dev, d[i]));
		}
		for (i = 0; i < 3; i++)
			dma_unmap_phys(e->dev, d[i], (i + 1) * P, DMA_TO_DEVICE, 0);
		KT_EXPECT_EQ(dmalab_advance_jiffies(IOVA_DEFAULT_FQ_TIMEOUT), 1);
	}
	for (i = 0; i < ARRAY_SIZE(d) && ok; i++) {
		phys_addr_t phys = buf_phys(0xc0 + 2 * i, 0);

		d[i] = dma_map_phys(e->dev, phys, (i % 2 + 1) * P, DMA_TO_DEVICE, 0);
		KT_EXPECT(!dma_mapping_error(e->dev, d[i]));
		m[i] = check_map_new(e->ck, e->dev, DMA_TO_DEVICE, 0);
		ok = check_map_range(m[i], d[i], phys, (i % 2 + 1) * P);
	}
	ok = ok && check_verify(e->ck);
	while (i--) {
		dma_unmap_phys(e->dev, d[i], (i % 2 + 1) * P, DMA_TO_DEVICE, 0);
		check_unmap(m[i]);
	}
	KT_EXPECT(ok);
	VERIFY(e);
	return true;
}

/*
 * A test of the single flush queue dma-iommu gives a lazy domain whose
 * IOMMU shadows its IOTLB flushes (dev->iommu->shadow_on_flush: Intel
 * caching mode, virtio-iommu): the domain stays lazy, an unmap's IOVA is
 * held until the queue's timer fires IOVA_SINGLE_FQ_TIMEOUT ms later with
 * one flush of the whole domain, and is free after it. Bug class: the
 * queue set up wrong (the domain falls back to strict mode, or the IOVAs
 * are never given back).
 */
bool case_single_flush_queue(struct env *e, const struct dcase *c)
{
	struct dmalab_domain_cfg dc = {
		.format = e->p->format, .kind = DMALAB_DOMAIN_DMA_FQ,
		.pgsize_bitmap = e->p->page_granule ? ~(u64)(PAGE_SIZE - 1) : 0,
	};
	struct dmalab_device_cfg cfg = {
		.name = "shadowing", .coherent = e->p->coherent, .shadow_on_flush = true,
	};
	struct test_dev td = { .ck = e->ck };
	struct dmalab_iommu_stats s0, s1;
	phys_addr_t phys = buf_phys(0xe0, 0);
	dma_addr_t d[3];
	unsigned int i;
	bool ok = false;
	int err = 0;

	if (e->p->kind != DMALAB_DOMAIN_DMA_FQ)
		KT_SKIP("runs once per format, on its lazy profile");
	td.d = dmalab_domain_create(&dc, &err);
	KT_EXPECT(td.d);
	td.dev = dmalab_device_create(&cfg, td.d, &err);
	if (!td.dev || !check_add_device(e->ck, td.dev)) {
		kt_report(__FILE__, __LINE__, "the shadowing device: %d", err);
		goto out;
	}
	if (iommu_get_domain_for_dev(td.dev)->type != IOMMU_DOMAIN_DMA_FQ) {
		kt_report(__FILE__, __LINE__, "the single flush queue failed: strict domain");
		goto out;
	}
	dmalab_domain_stats(td.d, &s0);
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		d[i] = dma_map_phys(td.dev, phys + i * 2 * P, P, DMA_TO_DEVICE, 0);
		if (dma_mapping_error(td.dev, d[i]))
			goto out;
		dma_unmap_phys(td.dev, d[i], P, DMA_TO_DEVICE, 0);
	}
	dmalab_domain_stats(td.d, &s1);
	if (dmalab_advance_jiffies(IOVA_SINGLE_FQ_TIMEOUT - 1) != 0 ||
	    s1.iotlb_flush_all != s0.iotlb_flush_all)
		goto report;
	dmalab_domain_stats(td.d, &s1);
	if (s1.iotlb_flush_all != s0.iotlb_flush_all || dmalab_advance_jiffies(1) != 1)
		goto report;
	dmalab_domain_stats(td.d, &s1);
	if (s1.iotlb_flush_all != s0.iotlb_flush_all + 1)
		goto report;
	ok = true;
	for (i = 0; i < ARRAY_SIZE(d) && ok; i++)
		ok = check_iova_released(e->ck, td.dev, d[i], P);
	goto out;
report:
	kt_report(__FILE__, __LINE__, "the single queue did not hold the unmaps for %d ms "
		  "and then flush once (flush-alls %llu -> %llu)", IOVA_SINGLE_FQ_TIMEOUT,
		  (unsigned long long)s0.iotlb_flush_all,
		  (unsigned long long)s1.iotlb_flush_all);
out:
	if (td.dev && !check_remove_device(e->ck, td.dev))
		ok = false;
	dmalab_device_destroy(td.dev);
	dmalab_domain_destroy(td.d);
	return ok;
}
