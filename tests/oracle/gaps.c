// SPDX-License-Identifier: GPL-2.0-only
/*
 * Wrong states the checker accepts today: its gaps. Each test builds the
 * wrong state next to the right one, requires the right one accepted, and
 * asks for a report of the wrong one. While the checker accepts it the
 * test is skipped with "checker gap: ..." (so the suite stays green and the
 * gap stays visible); once the checker reports it with the class named
 * here the test passes; a report of another class fails it.
 */
#include <string.h>

#include <linux/mm.h>
#include <linux/iommu.h>

#include "tests/oracle/oracle_test.h"

/*
 * A test that bounces an unaligned range DMA_FROM_DEVICE (untrusted behind
 * an IOMMU, a 32-bit mask directly) and changes one byte of the swiotlb
 * copy. swiotlb_tbl_map_single() copies the buffer into the slot whatever
 * the direction, "to preserve the original's data if the device does a
 * partial write" (the unmap copies the whole slot back; stale pool bytes
 * would clobber the buffer, and the device would read them). Expect V2 for
 * the changed copy (V8 would do for an untrusted device), the copy as the
 * kernel made it accepted.
 */
bool test_gap_from_device_copy(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg;
	struct check_map *m;
	struct device *dev;
	unsigned char *c;
	phys_addr_t copy;
	struct env e;
	dma_addr_t dma;
	bool ok = true;
	int gap;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 6);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_FROM_DEVICE, &dma, &copy)))
		return env_abort(&e);
	c = phys_to_virt(copy);
	KT_EXPECT(!memcmp(c, phys_to_virt(phys), len));
	ok &= ACCEPT(&e, check_verify(e.ck));
	c[0x10] = ~c[0x10];
	gap = GAP(&e, check_verify(e.ck), INV(V2) | INV(V8), NULL);
	c[0x10] = ~c[0x10];
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_FROM_DEVICE, 0);
	check_unmap(m);
	ok &= env_fini(&e);
	if (!gap)
		KT_SKIP("checker gap: V2 compares a bounce copy with the buffer for TO_DEVICE "
			"and BIDIRECTIONAL only; a DMA_FROM_DEVICE copy holding other bytes "
			"than the buffer's is accepted");
	return ok && gap > 0;
}

/*
 * A test that bounces a range within one granule and makes the device
 * reach an exact copy of the slot (data and zeroed padding) in a run of
 * the pool that swiotlb has not allocated: behind an IOMMU by pointing the
 * granule there, directly by recording that run as the DMA address. The
 * run is free, swiotlb may hand it to anyone at any time. Expect V2, and
 * the allocated slot accepted.
 */
bool test_gap_free_slot(const void *param, const void *arg)
{
	const phys_addr_t phys = buf(0, 0x123);
	const size_t len = 0x456;
	struct dmalab_device_cfg cfg;
	phys_addr_t copy, spare;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	bool ok = true;
	int gap = -1;

	if (!env_init(&e, param, 0))
		return false;
	cfg = bouncing(&e);
	fill(phys, len, 7);
	dev = env_dev(&e, &cfg);
	if (!dev || !(m = map_bounced(&e, dev, phys, len, DMA_TO_DEVICE, &dma, &copy)))
		return env_abort(&e);
	ok &= ACCEPT(&e, check_verify(e.ck));
	spare = spare_swiotlb(copy, e.g);
	KT_EXPECT_NE(spare, 0);
	memcpy(phys_to_virt(spare), phys_to_virt(ALIGN_DOWN(copy, e.g)), e.g);
	if (e.d) {
		if (remap(&e, ALIGN_DOWN(dma, e.g), e.g, spare)) {
			gap = GAP(&e, check_verify(e.ck), INV(V2), NULL);
			ok &= remap(&e, ALIGN_DOWN(dma, e.g), e.g, ALIGN_DOWN(copy, e.g));
		}
	} else {
		check_unmap(m);
		m = record(&e, dev, DMA_TO_DEVICE, 0, spare + copy % e.g, phys, len);
		gap = GAP(&e, check_verify(e.ck), INV(V2), NULL);
		check_unmap(m);
		m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, len);
	}
	ok &= ACCEPT(&e, check_verify(e.ck));
	dma_unmap_phys(dev, dma, len, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= env_fini(&e);
	if (!gap)
		KT_SKIP("checker gap: V2 accepts a bounced range that reaches a run of the "
			"swiotlb pool that is not allocated (swiotlb's slot of the range is "
			"not compared with the run the device reaches)");
	return ok && gap > 0;
}

/*
 * A test that maps a granule DMA_TO_DEVICE on a trusted device (the kernel
 * maps it IOMMU_READ only: dma_info_to_prot()) and maps it again, to the
 * same page, readable and writable. The device could then write memory it
 * was only given to read. Expect a report (no invariant names access
 * permissions: any class), and the read-only entry accepted; and the
 * checker, acting as the device, to refuse a write through the read-only
 * entry (as the IOMMU would fault it).
 */
bool test_gap_writable_to_device(const void *param, const void *arg)
{
	const struct dmalab_device_cfg cfg = { .name = "dev0", .coherent = true };
	const int ro = IOMMU_READ | IOMMU_CACHE;
	const phys_addr_t phys = buf(0, 0);
	struct iommu_domain *dom;
	struct check_map *m;
	struct device *dev;
	struct env e;
	dma_addr_t dma;
	unsigned char byte;
	bool ok = true;
	int gap = -1, wgap;

	if (!env_init(&e, param, 0))
		return false;
	dom = env_iommu(&e);
	dev = env_dev(&e, &cfg);
	if (!dev || !map_phys(dev, phys, e.g, DMA_TO_DEVICE, 0, &dma))
		return env_abort(&e);
	m = record(&e, dev, DMA_TO_DEVICE, 0, dma, phys, e.g);
	ok &= ACCEPT(&e, check_verify(e.ck));
	if (remap(&e, dma, e.g, phys)) {	/* PROT_RW */
		gap = GAP(&e, check_verify(e.ck), INV_ANY, NULL);
		KT_EXPECT_EQ(iommu_unmap(dom, dma, e.g), e.g);
		KT_EXPECT_EQ(iommu_map(dom, dma, phys, e.g, ro, GFP_KERNEL), 0);
	}
	ok &= ACCEPT(&e, check_verify(e.ck));
	/* the device model: a write through the read-only entry */
	byte = *(unsigned char *)phys_to_virt(phys);
	wgap = GAP(&e, check_dma_write(e.ck, dev, dma, &byte, 1), INV_ANY, NULL);
	dma_unmap_phys(dev, dma, e.g, DMA_TO_DEVICE, 0);
	check_unmap(m);
	ok &= env_fini(&e);
	if (!gap || !wgap)
		KT_SKIP("checker gap: no invariant covers access permissions:%s%s",
			gap ? "" : " a DMA_TO_DEVICE mapping whose page table entries let "
			"the device write is accepted;",
			wgap ? "" : " check_dma_write() writes through a read-only entry");
	return ok && gap > 0 && wgap > 0;
}
