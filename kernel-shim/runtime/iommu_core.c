// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOMMU core entry points dma-iommu.c calls.
 *
 * The kernel's drivers/iommu/iommu.c is not compiled: it is the whole
 * device/group/bus model. These functions are written here from its
 * documented semantics, for the domains dmalab has (generic_pt page tables,
 * driven through pt_iommu_ops->map_range/unmap_range exactly as iommu.c
 * drives "iommupt" domains, plus identity and blocked domains):
 *
 *  - iommu_map_nosync() maps [iova, iova + size) to paddr or fails; on
 *    failure whatever was mapped is unmapped again (so nothing is left).
 *  - iommu_unmap_fast() unmaps and gathers the invalidation; iommu_unmap()
 *    also syncs it. Both return the bytes unmapped, which may stop short at
 *    a hole.
 *  - iommu_map_sg() merges physically contiguous entries into one map call,
 *    skips bus-address (P2P) entries, syncs once, and unwinds on failure.
 *
 * Every call is counted for the mock IOMMU's statistics (mock_iommu.c).
 */
#include <linux/iommu.h>
#include <linux/generic_pt/iommu.h>
#include <linux/scatterlist.h>
#include <linux/dma-map-ops.h>
#include <linux/slab.h>

#include <dmalab/iommu.h>
#include "mock_iommu.h"

struct iommu_domain *iommu_get_dma_domain(struct device *dev)
{
	return dev->iommu_group ? dmalab_group_domain(dev->iommu_group) : NULL;
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	return iommu_get_dma_domain(dev);
}

bool device_iommu_capable(struct device *dev, enum iommu_cap cap)
{
	switch (cap) {
	case IOMMU_CAP_CACHE_COHERENCY:
		return true;
	case IOMMU_CAP_DEFERRED_FLUSH:
		return dmalab_device_deferred_flush(dev);
	default:
		return false;
	}
}

/* No firmware-reserved regions (IORT, device tree, MSI windows). */
void iommu_get_resv_regions(struct device *dev, struct list_head *list)
{
}

void iommu_put_resv_regions(struct device *dev, struct list_head *list)
{
	struct iommu_resv_region *entry, *next;

	list_for_each_entry_safe(entry, next, list, list) {
		if (entry->free)
			entry->free(dev, entry);
		else
			kfree(entry);
	}
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	if (domain->type == IOMMU_DOMAIN_IDENTITY)
		return iova;
	if (domain->type == IOMMU_DOMAIN_BLOCKED)
		return 0;
	return domain->ops->iova_to_phys(domain, iova);
}

int iommu_sync_map(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	if (!domain->ops->iotlb_sync_map)
		return 0;
	return domain->ops->iotlb_sync_map(domain, iova, size);
}

static size_t __iommu_unmap(struct iommu_domain *domain, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);
	size_t unmapped;

	if (WARN_ON_ONCE(!(domain->type & __IOMMU_DOMAIN_PAGING) ||
			 !domain->pgsize_bitmap || !pt))
		return 0;
	unmapped = pt->ops->unmap_range(pt, iova, size, gather);
	dmalab_domain_count_unmap(domain, iova, size, unmapped);
	return unmapped;
}

size_t iommu_unmap_fast(struct iommu_domain *domain, unsigned long iova,
			size_t size, struct iommu_iotlb_gather *gather)
{
	return __iommu_unmap(domain, iova, size, gather);
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	struct iommu_iotlb_gather gather;
	size_t ret;

	iommu_iotlb_gather_init(&gather);
	ret = __iommu_unmap(domain, iova, size, &gather);
	iommu_iotlb_sync(domain, &gather);
	return ret;
}

int iommu_map_nosync(struct iommu_domain *domain, unsigned long iova,
		     phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);
	size_t mapped = 0;
	int ret;

	/* as iommu.c: no strange GFP flags, only paging domains */
	if (WARN_ON_ONCE(!(domain->type & __IOMMU_DOMAIN_PAGING) ||
			 !domain->pgsize_bitmap || !pt ||
			 (gfp & (__GFP_COMP | __GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM))))
		return -EINVAL;

	ret = pt->ops->map_range(pt, iova, paddr, size, prot, gfp, &mapped);
	dmalab_domain_count_map(domain, iova, paddr, size, mapped, ret);
	if (ret) {
		iommu_unmap(domain, iova, mapped);
		return ret;
	}
	return 0;
}

int iommu_map(struct iommu_domain *domain, unsigned long iova,
	      phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	int ret = iommu_map_nosync(domain, iova, paddr, size, prot, gfp);

	if (ret)
		return ret;
	ret = iommu_sync_map(domain, iova, size);
	if (ret)
		iommu_unmap(domain, iova, size);
	return ret;
}

ssize_t iommu_map_sg(struct iommu_domain *domain, unsigned long iova,
		     struct scatterlist *sg, unsigned int nents, int prot, gfp_t gfp)
{
	size_t run = 0, mapped = 0;
	phys_addr_t run_start = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < nents; i++, sg = sg_next(sg)) {
		phys_addr_t phys = sg_phys(sg);

		/* a run ends where the next entry is not physically adjacent */
		if (run && phys != run_start + run) {
			ret = iommu_map_nosync(domain, iova + mapped, run_start, run,
					       prot, gfp);
			if (ret)
				goto unwind;
			mapped += run;
			run = 0;
		}
		/* a P2P entry mapped by bus address takes no IOVA here */
		if (sg_dma_is_bus_address(sg))
			continue;
		if (run) {
			run += sg->length;
		} else {
			run_start = phys;
			run = sg->length;
		}
	}
	if (run) {
		ret = iommu_map_nosync(domain, iova + mapped, run_start, run, prot, gfp);
		if (ret)
			goto unwind;
		mapped += run;
	}
	ret = iommu_sync_map(domain, iova, mapped);
	if (ret)
		goto unwind;
	return mapped;

unwind:
	iommu_unmap(domain, iova, mapped);
	return ret;
}
