// SPDX-License-Identifier: GPL-2.0-only
/* The dma-iommu suite: dma_map_phys and dma_unmap_phys. */
#include "tests/dma_iommu/dma_iommu.h"

/* ---- dma_map_phys / dma_unmap_phys ----------------------------------------- */

const struct prange phys_aligned[] = {
	{ 0x00, 0, 0x1000 }, { 0x10, 0, 0x3000 }, { 0x20, 0, 0x10000 },
	{ 0x200, 0, 0x200000 },
	{ 0 },
};

/* each in pages of its own */
const struct prange phys_unaligned[] = {
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
 * syncs of each call to cover exactly what it maps, and a sync for the CPU,
 * then the unmap, to give the CPU what the device wrote. */
bool case_phys(struct env *e, const struct dcase *c)
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
			if (dir != DMA_TO_DEVICE)
				continue;
			/*
			 * the CPU writes again and hands it over with
			 * dma_sync_single_for_device(): the device reads the
			 * new bytes, bounced or not (mutation class: a sync
			 * that returns early for a coherent device whose
			 * mapping bounces)
			 */
			fill_ranges(&r[i], 1, 50 + i);
			from = syncs_now();
			dma_sync_single_for_device(e->dev, dma[i], r[i].len, dir);
			KT_EXPECT(check_syncs(e->ck, m[i], from, true, false));
			KT_EXPECT(dev_reads(e, dma[i], r[i].phys, r[i].len));
			fill_ranges(&r[i], 1, 3 + di);
			dma_sync_single_for_device(e->dev, dma[i], r[i].len, dir);
		}
		for (i = 0; i < n; i++)
			if (m[i] && wrote)
				KT_EXPECT(dev_write(e, dma[i], r[i].len, 0, 0x40 + i));
		VERIFY(e);
		/*
		 * the CPU looks before the unmap: dma_sync_single_for_cpu()
		 * gives it the device's bytes, bounced or not, with the arch
		 * syncs of an unmap (mutation class: a sync that returns early
		 * for a coherent device whose mapping bounces)
		 */
		for (i = 0; i < n; i++) {
			unsigned long from = syncs_now();

			if (!m[i] || !wrote)
				continue;
			dma_sync_single_for_cpu(e->dev, dma[i], r[i].len, dir);
			KT_EXPECT(check_syncs(e->ck, m[i], from, false, false));
			KT_EXPECT(check_ranges(&r[i], 1, 3 + di, 0x40 + i, true));
		}
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

/*
 * The permissions a mapping must give the device, from the IOMMU API's
 * flags (include/linux/iommu.h): read what it is sent (TO_DEVICE), write
 * what it returns (FROM_DEVICE), both for BIDIRECTIONAL; IOMMU_CACHE for a
 * coherent device's memory, IOMMU_MMIO (and no IOMMU_CACHE) for MMIO.
 */
static int expected_prot(enum dma_data_direction dir, bool coherent, unsigned long attrs)
{
	int prot = attrs & DMA_ATTR_MMIO ? IOMMU_MMIO : coherent ? IOMMU_CACHE : 0;

	if (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL)
		prot |= IOMMU_READ;
	if (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL)
		prot |= IOMMU_WRITE;
	return prot;
}

/*
 * A test of the permissions the page table is asked to write for a
 * mapping, through dma_map_phys() and dma_iova_link(), for each direction,
 * of memory and (without a bounce) of MMIO. Bug class: a device that may
 * write a buffer it was only sent, or read one it was only to fill (a
 * FROM_DEVICE buffer readable by the device exposes what the memory held
 * before), or memory mapped without the cache-coherent attribute.
 */
bool case_prot(struct env *e, const struct dcase *c)
{
	bool coherent = e->p->coherent;
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(all_dirs); i++) {
		for (k = 0; k < 2; k++) {
			unsigned long attrs = k ? DMA_ATTR_MMIO : 0;
			phys_addr_t phys = k ? MMIO_PHYS : buf_phys(0x300, 0);
			enum dma_data_direction dir = all_dirs[i];
			struct dma_iova_state st = {};
			dma_addr_t dma;

			dma = dma_map_phys(e->dev, phys, P, dir, attrs);
			KT_EXPECT(!dma_mapping_error(e->dev, dma));
			KT_EXPECT_EQ(dmalab_domain_last_prot(e->d),
				     expected_prot(dir, coherent, attrs));
			dma_unmap_phys(e->dev, dma, P, dir, attrs);

			if (!dma_iova_try_alloc(e->dev, &st, phys, P))
				continue;
			KT_EXPECT_EQ(dma_iova_link(e->dev, &st, phys, 0, P, dir, attrs), 0);
			KT_EXPECT_EQ(dmalab_domain_last_prot(e->d),
				     expected_prot(dir, coherent, attrs));
			dma_iova_destroy(e->dev, &st, P, dir, attrs);
		}
	}
	VERIFY(e);
	return true;
}
