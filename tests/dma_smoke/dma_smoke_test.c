// SPDX-License-Identifier: GPL-2.0-only
/* Smoke tests: each DMA path maps a buffer and the page table says so. */
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/printk.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <dmalab/iommu.h>

#include <dmalab/machine.h>
#include <dmalab/runtime.h>

#include "tests/ktest.h"

#define BUF_PFN DMALAB_KMEM_END_PFN	/* the first RAM nobody allocates */

static bool test_map_phys_strict(void)
{
	struct dmalab_domain_cfg dc = { .format = DMALAB_PT_X86_64, .kind = DMALAB_DOMAIN_DMA };
	struct dmalab_device_cfg cfg = { .name = "nic0", .coherent = true };
	struct dmalab_domain *d;
	struct device *dev;
	dma_addr_t dma;
	int err = 0;

	d = dmalab_domain_create(&dc, &err);
	KT_EXPECT_NOT_NULL(d);
	dev = dmalab_device_create(&cfg, d, &err);
	KT_EXPECT_NOT_NULL(dev);
	dma = dma_map_phys(dev, PFN_PHYS(BUF_PFN) + 0x10, 0x2000, DMA_TO_DEVICE, 0);
	KT_EXPECT(!dma_mapping_error(dev, dma));
	printf("    dma %#llx\n", (unsigned long long)dma);
	KT_EXPECT_EQ(iommu_iova_to_phys(dmalab_domain_iommu(d), dma), PFN_PHYS(BUF_PFN) + 0x10);
	KT_EXPECT_EQ(iommu_iova_to_phys(dmalab_domain_iommu(d), dma + 0x1ff0),
		     PFN_PHYS(BUF_PFN) + 0x2000);
	dma_unmap_phys(dev, dma, 0x2000, DMA_TO_DEVICE, 0);
	KT_EXPECT_EQ(iommu_iova_to_phys(dmalab_domain_iommu(d), dma), 0);
	dmalab_device_destroy(dev);
	dmalab_domain_destroy(d);
	return true;
}

/*
 * The compiled code's messages are formatted as the kernel's printf would
 * (lib/vsprintf.c): %pa and %pad print the address pointed to, not the
 * pointer and "ad" as libc would (dma-direct's overflow WARN, swiotlb's).
 */
static bool test_printk_kernel_formats(void)
{
	phys_addr_t phys = 0x123456000ULL;
	dma_addr_t dma = 0xfffff000ULL;
	char want[160];

	dmalab_log_clear();
	printk(KERN_INFO "a %pa b %pap c %pad d %pS e %d %s %#lx %5.2s|\n", &phys, &phys, &dma,
	       (void *)test_printk_kernel_formats, -5, "str", 0x10UL, "xyz");
	snprintf(want, sizeof(want), "a 0x0000000123456000 b 0x0000000123456000 "
		 "c 0x00000000fffff000 d %p e -5 str 0x10    xy|\n",
		 (void *)test_printk_kernel_formats);
	if (!strstr(dmalab_log(), want))
		KT_FAIL("printk gave '%s', expected '%s'", dmalab_log(), want);
	return true;
}

static const struct ktest tests[] = {
	KTEST(map_phys_strict),
	KTEST(printk_kernel_formats),
};

KTEST_MAIN("dma-smoke", tests)
