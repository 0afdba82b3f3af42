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
