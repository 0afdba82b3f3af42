// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker's negatives for what a domain maps beyond the live mappings
 * (V4), for the segments of sg mappings (V7) and for the IOVA space a
 * device's domain sets aside.
 */
#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <linux/pci.h>
#include <linux/iova.h>
#include <dmalab/pci.h>

#include "tests/oracle/oracle_test.h"

static const struct dmalab_device_cfg dev0 = { .name = "dev0", .coherent = true };

/*
 * A test that maps two granules with dma_map_phys(), then maps one more
 * granule on the domain with iommu_map(), right after the mapping, right
 * before it, and far from it (256 MiB), unmapping each again with
 * iommu_unmap(). Expect V4 for each extra granule ("granule after" /
 * "granule before" a live mapping, and for the far one, which no probe
 * reaches, "the page table maps" more bytes than the live mappings), and
 * the domain accepted once it is gone.
 */
bool test_v4_extra_granule(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0), other = buf(0x20, 0);
	struct iommu_domain *dom;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma, at[3];
	const char *why[3] = {
		"the granule after", "the granule before", "the page table maps",
	};
	unsigned int i;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dom = env_iommu(&e);
	dev = env_dev(&e, &dev0);
	if (!dev || !map_phys(dev, phys, 2 * e.g, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, 2 * e.g);
	ok &= ACCEPT(&e, check_verify(e.ck));
	at[0] = dma + 2 * e.g;
	at[1] = dma - e.g;
	at[2] = SZ_256M;	/* far from it: only the byte count sees it */
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		KT_EXPECT_EQ(iommu_iova_to_phys(dom, at[i]), 0);
		KT_EXPECT_EQ(iommu_map(dom, at[i], other, e.g, PROT_RW, GFP_KERNEL), 0);
		ok &= REJECT(&e, check_verify(e.ck), INV(V4), 0, why[i]);
		KT_EXPECT_EQ(iommu_unmap(dom, at[i], e.g), e.g);
		ok &= ACCEPT(&e, check_verify(e.ck));
	}
	dma_unmap_phys(dev, dma, 2 * e.g, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test that reserves four pages of IOVA with dma_iova_try_alloc(), links
 * the first two, and maps one granule of the fourth page on the domain
 * with iommu_map(). Expect V4 ("unlinked IOVA of a reservation"), and the
 * reservation accepted before and after.
 */
bool test_v4_reservation(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0), other = buf(0x20, 0);
	struct dma_iova_state st;
	struct iommu_domain *dom;
	struct check_map *m;
	struct device *dev;
	struct env e;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dom = env_iommu(&e);
	dev = env_dev(&e, &dev0);
	if (!dev)
		return env_abort(&e);
	KT_EXPECT(dma_iova_try_alloc(dev, &st, phys, 4 * P));
	KT_EXPECT_EQ(dma_iova_link(dev, &st, phys, 0, 2 * P, DMA_TO_DEVICE, 0), 0);
	KT_EXPECT_EQ(dma_iova_sync(dev, &st, 0, 2 * P), 0);
	m = check_map_new(e.ck, dev, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, check_map_reserve(m, st.addr, 4 * P));
	ok &= ACCEPT(&e, check_map_link(m, st.addr, phys, 2 * P));
	ok &= ACCEPT(&e, check_verify(e.ck));
	KT_EXPECT_EQ(iommu_map(dom, st.addr + 3 * P, other, e.g, PROT_RW, GFP_KERNEL), 0);
	ok &= REJECT(&e, check_verify(e.ck), INV(V4), 0, "unlinked IOVA of a reservation");
	KT_EXPECT_EQ(iommu_unmap(dom, st.addr + 3 * P, e.g), e.g);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_iova_destroy(dev, &st, 2 * P, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= ACCEPT(&e, check_verify(e.ck));
	return env_fini(&e) && ok;
}

/*
 * A test of V9 (the IOVA is the allocator's): two pages reserved with
 * dma_iova_try_alloc() and linked, recorded with a reservation of eight
 * pages (past the allocation, which holds what was asked, rounded up to a
 * power of two), then with the real two; and one page mapped with
 * iommu_map() at an IOVA nobody allocated, recorded. Expect V9 for both
 * wrong states and the real reservation accepted. (make mutate: a
 * dma_iova_try_alloc() that forgot the start offset when sizing its
 * allocation survived every suite before V9.)
 */
bool test_v9_allocated_iova(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0), other = buf(0x20, 0);
	const dma_addr_t nowhere = SZ_256M;
	struct dma_iova_state st;
	struct iommu_domain *dom;
	struct check_map *m, *hand;
	struct device *dev;
	struct env e;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	check_skip_iova_allocator(e.ck, false);
	dom = env_iommu(&e);
	dev = env_dev(&e, &dev0);
	if (!dev)
		return env_abort(&e);
	KT_EXPECT(dma_iova_try_alloc(dev, &st, phys, 2 * P));
	KT_EXPECT_EQ(dma_iova_link(dev, &st, phys, 0, 2 * P, DMA_TO_DEVICE, 0), 0);
	KT_EXPECT_EQ(dma_iova_sync(dev, &st, 0, 2 * P), 0);
	m = check_map_new(e.ck, dev, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, check_map_reserve(m, st.addr, 8 * P));
	ok &= ACCEPT(&e, check_map_link(m, st.addr, phys, 2 * P));
	ok &= REJECT(&e, check_verify(e.ck), INV(V9), 0, "runs past its IOVA allocation");
	ok &= ACCEPT(&e, check_map_reserve(m, st.addr, 2 * P));
	ok &= ACCEPT(&e, check_verify(e.ck));
	KT_EXPECT_EQ(iommu_map(dom, nowhere, other, e.g, PROT_RW, GFP_KERNEL), 0);
	hand = record(&e, dev, DMA_TO_DEVICE, 0, nowhere, other, e.g);
	ok &= REJECT(&e, check_verify(e.ck), INV(V9), 0, "not allocated");
	check_unmap(hand);
	KT_EXPECT_EQ(iommu_unmap(dom, nowhere, e.g), e.g);
	dma_iova_destroy(dev, &st, 2 * P, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/* An sg table of n entries, entry i the page rel[i] with len[i] bytes. */
static bool table(struct sg_table *sgt, const unsigned long *rel, const unsigned int *len,
		  unsigned int n)
{
	struct scatterlist *s;
	unsigned int i;

	if (sg_alloc_table(sgt, n, GFP_KERNEL))
		KT_FAIL("sg_alloc_table(%u) failed", n);
	for_each_sgtable_sg(sgt, s, i)
		sg_set_page(s, pfn_to_page(BUF_PFN + rel[i]), len[i], 0);
	return true;
}

/*
 * Map sgt on dev (DMA_TO_DEVICE) and record it: cpu[] holds its CPU side
 * from before the call.
 */
static struct check_map *map_sg(struct env *e, struct device *dev, struct sg_table *sgt,
				struct check_range *cpu, unsigned int *n)
{
	struct check_map *m;
	int ret;

	*n = check_sg_ranges(sgt, cpu, 4);
	ret = dma_map_sgtable(dev, sgt, DMA_TO_DEVICE, 0);
	if (ret) {
		kt_report(__FILE__, __LINE__, "dma_map_sgtable: %d", ret);
		return NULL;
	}
	m = check_map_sg(e->ck, dev, sgt, cpu, *n, DMA_TO_DEVICE, 0);
	ACCEPT(e, m != NULL);
	return m;
}

/*
 * A test on a device with an 8 KiB max segment size that maps an sg table
 * of one 16 KiB entry (the kernel hands the DMA segment back as long as
 * the entry), then of the same bytes as two 8 KiB entries. Expect V7
 * ("max segment size") for the first, the second accepted.
 */
bool test_v7_max_seg(const void *param, const void *arg)
{
	const struct dmalab_device_cfg cfg = {
		.name = "dev0", .coherent = true, .max_segment_size = SZ_8K,
	};
	static const unsigned long rel[][2] = { { 0 }, { 0, SZ_8K / P } };
	static const unsigned int len[][2] = { { SZ_16K }, { SZ_8K, SZ_8K } };
	struct check_range cpu[4];
	struct sg_table sgt;
	struct check_map *m;
	struct device *dev;
	struct env e;
	unsigned int i, n;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &cfg);
	if (!dev)
		return env_abort(&e);
	for (i = 0; i < 2; i++) {
		if (!table(&sgt, rel[i], len[i], i + 1))
			break;
		m = map_sg(&e, dev, &sgt, cpu, &n);
		if (m) {
			KT_EXPECT_EQ(sgt.nents, i + 1);
			if (!i)
				ok &= REJECT(&e, check_verify(e.ck), INV(V7), 0,
					     "max segment size");
			else
				ok &= ACCEPT(&e, check_verify(e.ck));
			dma_unmap_sgtable(dev, &sgt, DMA_TO_DEVICE, 0);
			check_unmap(m);
		} else {
			ok = false;
		}
		sg_free_table(&sgt);
	}
	return env_fini(&e) && ok;
}

/*
 * A test on a device with a 64 KiB segment boundary (and a 256 KiB max
 * segment size) that maps 128 KiB with dma_map_phys() and records it as an
 * sg mapping of one DMA segment (check_map_segment), crossing a boundary,
 * then as segments split at the boundaries. Expect V7 ("crosses a segment
 * boundary") for the first, the second accepted.
 */
bool test_v7_seg_boundary(const void *param, const void *arg)
{
	const struct dmalab_device_cfg cfg = {
		.name = "dev0", .coherent = true, .max_segment_size = SZ_256K,
		.segment_boundary = SZ_64K - 1,
	};
	const phys_addr_t phys = buf(0, 0);
	const size_t len = SZ_128K;
	struct check_map *m;
	struct device *dev;
	dma_addr_t dma, s, end;
	struct env e;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &cfg);
	if (!dev || !map_phys(dev, phys, len, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	ok &= ACCEPT(&e, check_map_segment(m, dma, len));
	ok &= REJECT(&e, check_verify(e.ck), INV(V7), 0, "crosses a segment boundary");
	check_unmap(m);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	for (s = dma; s < dma + len; s = end) {
		end = min(dma + len, (s | (SZ_64K - 1)) + 1);
		ok &= ACCEPT(&e, check_map_segment(m, s, end - s));
	}
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	return env_fini(&e) && ok;
}

/*
 * A test that maps an sg table of two pages, then points its second CPU
 * entry at another page (same offset and length) before recording it,
 * then back; then says the table has one CPU entry (orig_nents), then
 * two again. Expect check_map_sg() to refuse the changed tables with V7
 * (the CPU side is not "what it was before the mapping call"), and to
 * record the restored one, which verifies.
 */
bool test_v7_cpu_entry_changed(const void *param, const void *arg)
{
	static const unsigned long rel[] = { 0, 4 };
	static const unsigned int len[] = { P, P };
	struct check_range cpu[4];
	struct scatterlist *s;
	struct check_map *m;
	struct sg_table sgt;
	struct device *dev;
	struct env e;
	unsigned int n;
	int ret;
	bool ok = true;

	if (!env_init(&e, param, 0))
		return false;
	dev = env_dev(&e, &dev0);
	if (!dev || !table(&sgt, rel, len, 2))
		return env_abort(&e);
	n = check_sg_ranges(&sgt, cpu, ARRAY_SIZE(cpu));
	ret = dma_map_sgtable(dev, &sgt, DMA_TO_DEVICE, 0);
	KT_EXPECT_EQ(ret, 0);
	s = sg_next(sgt.sgl);
	sg_set_page(s, pfn_to_page(BUF_PFN + 8), P, 0);
	m = check_map_sg(e.ck, dev, &sgt, cpu, n, DMA_TO_DEVICE, 0);
	ok &= REJECT(&e, m != NULL, INV(V7), 0, "after mapping");
	check_unmap(m);
	sg_set_page(s, pfn_to_page(BUF_PFN + rel[1]), P, 0);
	sgt.orig_nents = 1;
	m = check_map_sg(e.ck, dev, &sgt, cpu, n, DMA_TO_DEVICE, 0);
	ok &= REJECT(&e, m != NULL, INV(V7), 0, "CPU entries after mapping");
	check_unmap(m);
	sgt.orig_nents = 2;
	m = check_map_sg(e.ck, dev, &sgt, cpu, n, DMA_TO_DEVICE, 0);
	ok &= ACCEPT(&e, m != NULL);
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_sgtable(dev, &sgt, DMA_TO_DEVICE, 0);
	check_unmap(m);
	sg_free_table(&sgt);
	return env_fini(&e) && ok;
}

/*
 * A test of what check_add_device() requires the domain to have set aside
 * for a device behind a host bridge with inbound windows (dma-ranges), and
 * of check_iova_free(). The device is attached (dma-iommu reserves the
 * gaps), then the reservation of the gap between the two windows is freed
 * from the allocator: expect check_add_device() to report an IOVA "outside
 * every dma-range" free. Then a live mapping's IOVA: expect
 * check_iova_free() to report it held, and a granule of the first window
 * accepted as free.
 */
bool test_reserved_dma_range_gap(const void *param, const void *arg)
{
	struct pci_host_bridge *host = dmalab_pci_host_bridge_create(5, 0);
	struct dmalab_pci_place place = {
		.bus = host->bus, .vendor = 0x1af4, .device = 0x1000,
		.pcie_type = PCI_EXP_TYPE_ENDPOINT,
	};
	struct dmalab_device_cfg cfg = { .name = "inbound", .coherent = true, .pci = &place };
	const u64 gap = SZ_2G;		/* between [1G, 2G) and [3G, 4G) */
	struct iova_domain *iovad;
	struct device *dev;
	struct check_map *m;
	struct iova *n;
	dma_addr_t dma;
	struct env e;
	bool ok = true;
	int err = 0;

	dmalab_pci_host_bridge_add_dma_range(host, SZ_1G, SZ_1G, SZ_1G);
	dmalab_pci_host_bridge_add_dma_range(host, 3ULL * SZ_1G, SZ_1G, 3ULL * SZ_1G);
	if (!env_init(&e, param, 0))
		goto out_host;
	check_skip_iova_allocator(e.ck, false);
	dev = dmalab_device_create(&cfg, e.d, &err);
	if (!dev) {
		kt_report(__FILE__, __LINE__, "dmalab_device_create: %d", err);
		ok = env_abort(&e);
		goto out_host;
	}
	e.dev[e.nr_devs++] = dev;
	/* the allocator, as the checker finds it (dma_iovad(): its first member) */
	iovad = (struct iova_domain *)env_iommu(&e)->iova_cookie;
	n = find_iova(iovad, gap >> iova_shift(iovad));
	KT_EXPECT(n);
	__free_iova(iovad, n);
	ok &= REJECT(&e, check_add_device(e.ck, dev), INV(OTHER), 0, "outside every dma-range");

	if (!map_phys(dev, buf(0, 0), e.g, DMA_TO_DEVICE, 0, &dma)) {
		ok = env_abort(&e);
		goto out_host;
	}
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, buf(0, 0), e.g);
	ok &= REJECT(&e, check_iova_free(e.ck, dev, dma, e.g), INV(OTHER), 0, "not free");
	ok &= ACCEPT(&e, check_iova_free(e.ck, dev, SZ_1G + SZ_512M, e.g));
	dma_unmap_phys(dev, dma, e.g, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok = env_fini(&e) && ok;
out_host:
	dmalab_pci_host_bridge_destroy(host);
	return ok;
}
