/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no device tree; its reserved regions are none. */
#ifndef _DMALAB_LINUX_OF_IOMMU_H
#define _DMALAB_LINUX_OF_IOMMU_H
struct device;
struct list_head;
static inline void of_iommu_get_resv_regions(struct device *dev, struct list_head *list) { }
#endif
