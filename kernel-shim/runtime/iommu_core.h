/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the IOMMU core (iommu_core.c) keeps per device group, for the
 * drivers of the shim (mock_iommu.c) to fill in. In the kernel, struct
 * iommu_group is private to drivers/iommu/iommu.c, which creates groups and
 * attaches their domains while probing devices; dmalab has no probe, so the
 * mock driver sets a group up the way the core would.
 */
#ifndef _DMALAB_IOMMU_CORE_H
#define _DMALAB_IOMMU_CORE_H

#include <linux/iommu.h>

struct iommu_group {
	/* the domain attached now (iommu_get_domain_for_dev()) */
	struct iommu_domain *domain;
	/* the domain the DMA API maps through (iommu_get_dma_domain()) */
	struct iommu_domain *default_domain;
};

#endif
