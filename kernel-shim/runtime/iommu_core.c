// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOMMU core entry points dma-iommu.c, the harness and the kernel's
 * KUnit suites call.
 *
 * The kernel's drivers/iommu/iommu.c is not compiled: it is the whole
 * device/group/bus model. These functions are written here from what it
 * does on map and unmap, check for check, for any domain a driver gives it:
 *
 *  - "iommupt" domains (a generic_pt table: domain->is_iommupt) are handed
 *    to pt_iommu_ops->map_range/unmap_range, which validate the range
 *    themselves (length 0, wrap-around, alignment, the table's reach);
 *  - other paging domains go through the driver's map_pages/unmap_pages,
 *    after the core's own alignment check against the smallest page size,
 *    in runs of the largest page size that fits;
 *  - both refuse non-paging domains, domains without page sizes and odd
 *    GFP flags (one WARN per call site, as WARN_ON_ONCE), and a failed map
 *    unmaps what it mapped;
 *  - iommu_map_sg() merges physically contiguous entries, skips bus-address
 *    (P2P) entries, syncs once and unwinds on failure, with iommu.c's loop.
 *
 * The core knows no driver: devices reach their domains through their group
 * (iommu_core.h), capabilities through the driver's iommu_ops, and what a
 * driver counts (mock_iommu.c's statistics) it counts behind its own ops.
 */
#include <linux/iommu.h>
#include <linux/generic_pt/iommu.h>
#include <linux/scatterlist.h>
#include <linux/dma-map-ops.h>
#include <linux/slab.h>
#include <linux/bitops.h>

#include "iommu_core.h"

struct iommu_domain *iommu_get_dma_domain(struct device *dev)
{
	return dev->iommu_group->default_domain;
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	struct iommu_group *group = dev->iommu_group;

	return group ? group->domain : NULL;
}

bool device_iommu_capable(struct device *dev, enum iommu_cap cap)
{
	const struct iommu_ops *ops;

	if (!dev->iommu || !dev->iommu->iommu_dev)
		return false;
	ops = dev->iommu->iommu_dev->ops;
	return ops->capable ? ops->capable(dev, cap) : false;
}

/*
 * DUPLICATED from drivers/iommu/intel/iommu.c (checked by
 * scripts/check-duplicated.sh; AMD's MSI_RANGE_START/END are the same):
 * the interrupt range, which a DMA write hits as an MSI, never memory.
 */
#define IOAPIC_RANGE_START	(0xfee00000)
#define IOAPIC_RANGE_END	(0xfeefffff)

struct iommu_resv_region *iommu_alloc_resv_region(phys_addr_t start, size_t length, int prot,
						  enum iommu_resv_type type, gfp_t gfp)
{
	struct iommu_resv_region *region = kzalloc(sizeof(*region), gfp);

	if (!region)
		return NULL;
	INIT_LIST_HEAD(&region->list);
	region->start = start;
	region->length = length;
	region->prot = prot;
	region->type = type;
	return region;
}

/*
 * What the mock IOMMU's get_resv_regions reports: the interrupt range as
 * IOMMU_RESV_MSI, as the Intel and AMD drivers do for every device (no
 * RMRR/IVMD direct regions, no AMD HyperTransport hole). dma-iommu
 * reserves it in each DMA domain's IOVA space.
 */
void iommu_get_resv_regions(struct device *dev, struct list_head *list)
{
	struct iommu_resv_region *region;

	if (!dev->iommu)
		return;
	region = iommu_alloc_resv_region(IOAPIC_RANGE_START,
					 IOAPIC_RANGE_END - IOAPIC_RANGE_START + 1, 0,
					 IOMMU_RESV_MSI, GFP_KERNEL);
	if (region)
		list_add_tail(&region->list, list);
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

/* ---- domains without a generic_pt table: map_pages/unmap_pages ---- */

static unsigned long smallest_page(const struct iommu_domain *domain)
{
	return 1UL << __ffs(domain->pgsize_bitmap);
}

/* bits 0 to bit, set */
static unsigned long bits_upto(unsigned int bit)
{
	return ~0UL >> (BITS_PER_LONG - 1 - bit);
}

/*
 * The page size for the next driver call at iova -> paddr with size bytes
 * left: the largest the domain has that both addresses are aligned to and
 * that size holds. *count is how many of them to map at once: all that
 * size holds, unless a larger page size could start at the next boundary
 * of that larger size (iova and paddr equally offset in it, and size
 * reaching past a whole one); then only as many as lead up to it.
 */
static size_t next_pgsize(const struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t size, size_t *count)
{
	unsigned long addrs = iova | paddr;
	unsigned long fits, larger;
	unsigned int shift;
	size_t pgsize, bigger, to_boundary, past;

	fits = domain->pgsize_bitmap & bits_upto(__fls(size));
	if (addrs)
		fits &= bits_upto(__ffs(addrs));
	/* the callers checked the alignment: some page size always fits */
	BUG_ON(!fits);

	shift = __fls(fits);
	pgsize = 1UL << shift;
	*count = size >> shift;

	larger = domain->pgsize_bitmap & ~bits_upto(shift);
	if (!larger)
		return pgsize;
	bigger = 1UL << __ffs(larger);
	if ((iova ^ paddr) & (bigger - 1))
		return pgsize;
	to_boundary = bigger - (addrs & (bigger - 1));
	if (!check_add_overflow(to_boundary, bigger, &past) && past <= size)
		*count = to_boundary >> shift;
	return pgsize;
}

static int map_with_pages(struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t size, int prot, gfp_t gfp,
			  size_t *mapped)
{
	const struct iommu_domain_ops *ops = domain->ops;
	unsigned long min_pgsize;

	if (WARN_ON(!ops->map_pages))
		return -ENODEV;

	/* iova, paddr and size must all be whole smallest pages */
	min_pgsize = smallest_page(domain);
	if (!IS_ALIGNED(iova | paddr | size, min_pgsize)) {
		pr_err("unaligned: iova 0x%lx pa 0x%llx size 0x%zx min_pagesz 0x%lx\n",
		       iova, (unsigned long long)paddr, size, min_pgsize);
		return -EINVAL;
	}

	while (size) {
		size_t pgsize, count, done = 0;
		int ret;

		pgsize = next_pgsize(domain, iova, paddr, size, &count);
		ret = ops->map_pages(domain, iova, paddr, pgsize, count, prot, gfp, &done);
		/* what a failed call did map is unmapped by the caller */
		*mapped += done;
		if (ret)
			return ret;
		size -= done;
		iova += done;
		paddr += done;
	}
	return 0;
}

static size_t unmap_with_pages(struct iommu_domain *domain, unsigned long iova,
			       size_t size, struct iommu_iotlb_gather *gather)
{
	const struct iommu_domain_ops *ops = domain->ops;
	unsigned long min_pgsize;
	size_t unmapped = 0;

	if (WARN_ON(!ops->unmap_pages))
		return 0;

	min_pgsize = smallest_page(domain);
	if (!IS_ALIGNED(iova | size, min_pgsize)) {
		pr_err("unaligned: iova 0x%lx size 0x%zx min_pagesz 0x%lx\n",
		       iova, size, min_pgsize);
		return 0;
	}

	/* until size is covered, or the driver finds nothing more mapped */
	while (unmapped < size) {
		size_t pgsize, count, done;

		pgsize = next_pgsize(domain, iova, iova, size - unmapped, &count);
		done = ops->unmap_pages(domain, iova, pgsize, count, gather);
		if (!done)
			break;
		/* a driver that gathers nothing still gets its iotlb_sync */
		if (gather->start >= gather->end)
			iommu_iotlb_gather_add_range(gather, iova, size);
		iova += done;
		unmapped += done;
	}
	return unmapped;
}

/* ---- map and unmap ---- */

static size_t __iommu_unmap(struct iommu_domain *domain, unsigned long iova,
			    size_t size, struct iommu_iotlb_gather *gather)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);

	if (WARN_ON_ONCE(!(domain->type & __IOMMU_DOMAIN_PAGING) ||
			 !domain->pgsize_bitmap))
		return 0;
	if (pt)
		return pt->ops->unmap_range(pt, iova, size, gather);
	return unmap_with_pages(domain, iova, size, gather);
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

/*
 * (iommu.c also says might_sleep_if(gfpflags_allow_blocking(gfp)) here: a
 * debugging check of the caller's context, which dmalab does not model.)
 */
int iommu_map_nosync(struct iommu_domain *domain, unsigned long iova,
		     phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	struct pt_iommu *pt = iommupt_from_domain(domain);
	size_t mapped = 0;
	int ret;

	/* only paging domains with page sizes; no zone or compound-page GFP */
	if (WARN_ON_ONCE(!(domain->type & __IOMMU_DOMAIN_PAGING) ||
			 !domain->pgsize_bitmap ||
			 (gfp & (__GFP_COMP | __GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM))))
		return -EINVAL;

	if (pt)
		ret = pt->ops->map_range(pt, iova, paddr, size, prot, gfp, &mapped);
	else
		ret = map_with_pages(domain, iova, paddr, size, prot, gfp, &mapped);
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

/*
 * Physically contiguous entries are one run, mapped by one call when the
 * next entry is not adjacent. As iommu.c does, the loop makes one pass more
 * than there are entries, on the last entry again, so that the open run is
 * compared with it once more and mapped; a bus-address (P2P) entry takes no
 * IOVA.
 */
ssize_t iommu_map_sg(struct iommu_domain *domain, unsigned long iova,
		     struct scatterlist *sg, unsigned int nents, int prot, gfp_t gfp)
{
	size_t run = 0, mapped = 0;
	phys_addr_t run_start = 0;
	unsigned int i;
	int ret;

	for (i = 0; i <= nents; i++) {
		phys_addr_t phys = sg_phys(sg);

		if (run && phys != run_start + run) {
			ret = iommu_map_nosync(domain, iova + mapped, run_start, run,
					       prot, gfp);
			if (ret)
				goto unwind;
			mapped += run;
			run = 0;
		}
		if (!sg_dma_is_bus_address(sg)) {
			if (run) {
				run += sg->length;
			} else {
				run_start = phys;
				run = sg->length;
			}
		}
		if (i + 1 < nents)
			sg = sg_next(sg);
	}
	ret = iommu_sync_map(domain, iova, mapped);
	if (ret)
		goto unwind;
	return mapped;

unwind:
	iommu_unmap(domain, iova, mapped);
	return ret;
}
