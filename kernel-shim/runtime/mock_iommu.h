/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the IOMMU core (iommu_core.c) and the mock driver (mock_iommu.c). */
#ifndef _DMALAB_MOCK_IOMMU_H
#define _DMALAB_MOCK_IOMMU_H

#include <linux/iommu.h>

struct iommu_domain *dmalab_group_domain(struct iommu_group *group);
bool dmalab_device_deferred_flush(struct device *dev);
void dmalab_domain_count_map(struct iommu_domain *domain, unsigned long iova,
			     phys_addr_t paddr, size_t size, size_t mapped, int ret);
void dmalab_domain_count_unmap(struct iommu_domain *domain, unsigned long iova,
			       size_t size, size_t unmapped);
#endif
