/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: MSI descriptors, reduced to what the IOMMU MSI cookie uses. */
#ifndef _DMALAB_LINUX_MSI_H
#define _DMALAB_LINUX_MSI_H
#include <linux/types.h>

struct device;
struct msi_desc {
	struct device *dev;
	u64 iommu_msi_iova;
	unsigned int iommu_msi_shift;
};

static inline struct device *msi_desc_to_dev(struct msi_desc *desc)
{
	return desc->dev;
}

static inline void msi_desc_set_iommu_msi_iova(struct msi_desc *desc, u64 msi_iova,
					       unsigned int msi_shift)
{
	desc->iommu_msi_iova = msi_iova >> msi_shift;
	desc->iommu_msi_shift = msi_shift;
}
#endif
