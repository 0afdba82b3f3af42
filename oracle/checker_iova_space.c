// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checker on a DMA domain's IOVA space (checker.h): what its
 * allocator must set aside for a device when the domain is set up, and
 * whether a range is back with the allocator. Read from the device, its
 * host bridge, the IOMMU's reserved regions and the allocator's tree
 * (find_iova()), never from what the mapping code said it did.
 */
#include "oracle/checker_internal.h"
#include <linux/iova.h>

DMALAB_NOCOV_BEGIN

/* Are IOVA pfns [lo, hi] all held by the allocator (allocated or reserved)? */
static bool iova_held(struct iova_domain *iovad, unsigned long lo, unsigned long hi,
		      unsigned long *missing)
{
	struct iova *n;

	while (lo <= hi) {
		n = find_iova(iovad, lo);
		if (!n) {
			*missing = lo;
			return false;
		}
		if (n->pfn_hi >= hi)
			break;
		lo = n->pfn_hi + 1;
	}
	return true;
}

/* The first pfn of [lo, hi] the allocator holds, and its node; NULL if none. */
static struct iova *first_held(struct iova_domain *iovad, unsigned long lo,
			       unsigned long hi)
{
	unsigned long pfn;
	struct iova *n;

	/* one lookup a granule: the ranges asked about are small */
	for (pfn = lo; pfn <= hi; pfn++) {
		n = find_iova(iovad, pfn);
		if (n)
			return n;
		if (pfn == ULONG_MAX)
			break;
	}
	return NULL;
}

#define MAX_DMA_RANGES	16

struct bus_range {
	u64 start, end;		/* bus addresses, inclusive */
};

static int cmp_bus_range(const void *a, const void *b)
{
	const struct bus_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The bus addresses outside every inbound window of the device's host
 * bridge (bridge->dma_ranges, from devicetree dma-ranges): the bridge does
 * not forward a DMA there, so the domain must never hand out an IOVA
 * there. Every granule with a byte in a gap (below the first window,
 * between two, above the last up to the top of the 64-bit bus) must be
 * held. The windows are sorted here, whatever order the bridge lists them in.
 */
static bool check_outside_dma_ranges(struct check_dev *cd, struct iova_domain *iovad,
				     struct pci_host_bridge *bridge)
{
	unsigned long shift = iova_shift(iovad), missing;
	struct bus_range w[MAX_DMA_RANGES];
	struct resource_entry *window;
	unsigned int n = 0, i;
	u64 gap_start;

	resource_list_for_each_entry(window, &bridge->dma_ranges) {
		if (n == MAX_DMA_RANGES)
			return fail(cd->ck, "%s: more than %u dma-ranges on its host bridge",
				    dev_name(cd->dev), MAX_DMA_RANGES);
		w[n].start = window->res->start - window->offset;
		w[n].end = window->res->end - window->offset;
		n++;
	}
	if (!n)
		return true;
	qsort(w, n, sizeof(w[0]), cmp_bus_range);
	gap_start = 0;
	for (i = 0; i <= n; i++) {
		u64 gap_end = i < n ? w[i].start - 1 : ~0ULL;

		if ((i == n || w[i].start > gap_start) &&
		    !iova_held(iovad, gap_start >> shift, gap_end >> shift, &missing))
			return fail(cd->ck, "%s: IOVA %#llx is free in its DMA domain, outside "
				    "every dma-range of its host bridge (gap %#llx-%#llx): the "
				    "bridge does not forward a DMA there", dev_name(cd->dev),
				    (unsigned long long)missing << shift,
				    (unsigned long long)gap_start, (unsigned long long)gap_end);
		if (i == n || w[i].end == ~0ULL)
			break;
		gap_start = max(gap_start, w[i].end + 1);
	}
	return true;
}

/*
 * What a DMA domain's IOVA space must never hand out to a PCI device, set
 * aside when the domain is set up for its first device
 * (iova_reserve_iommu_regions()): the host bridge's memory windows at
 * their bus addresses (a DMA there reaches a peer's BAR, not memory), the
 * bus addresses outside its inbound windows (dma-ranges) and the device's
 * IOMMU reserved regions but IOMMU_RESV_SW_MSI (the interrupt range, where
 * a write is an MSI). Read from the device, its bridge and
 * iommu_get_resv_regions(); every granule of them must be in the allocator.
 */
bool check_reserved_iova(struct check_dev *cd)
{
	struct iova_domain *iovad = dma_iovad(cd);
	struct iommu_resv_region *region;
	struct resource_entry *window;
	unsigned long shift, missing;
	LIST_HEAD(regions);
	bool ok = true;

	if (!iovad)
		return true;
	shift = iova_shift(iovad);
	if (dev_is_pci(cd->dev)) {
		struct pci_host_bridge *bridge = pci_find_host_bridge(to_pci_dev(cd->dev)->bus);

		resource_list_for_each_entry(window, &bridge->windows) {
			u64 start = window->res->start - window->offset;
			u64 end = window->res->end - window->offset;

			if (resource_type(window->res) != IORESOURCE_MEM)
				continue;
			if (!iova_held(iovad, start >> shift, end >> shift, &missing))
				return fail(cd->ck, "%s: IOVA %#llx is free in its DMA domain, inside "
					    "the host bridge window at bus %#llx-%#llx: a DMA there "
					    "reaches a peer", dev_name(cd->dev),
					    (unsigned long long)missing << shift,
					    (unsigned long long)start, (unsigned long long)end);
		}
		if (!check_outside_dma_ranges(cd, iovad, bridge))
			return false;
	}
	iommu_get_resv_regions(cd->dev, &regions);
	list_for_each_entry(region, &regions, list) {
		u64 end = region->start + region->length - 1;

		if (region->type == IOMMU_RESV_SW_MSI ||
		    iova_held(iovad, region->start >> shift, end >> shift, &missing))
			continue;
		ok = fail(cd->ck, "%s: IOVA %#llx is free in its DMA domain, inside the "
			  "reserved region %#llx-%#llx (type %d)", dev_name(cd->dev),
			  (unsigned long long)missing << shift,
			  (unsigned long long)region->start, (unsigned long long)end, region->type);
		break;
	}
	iommu_put_resv_regions(cd->dev, &regions);
	return ok;
}

bool check_iova_free(struct checker *ck, struct device *dev, dma_addr_t dma, size_t len)
{
	struct check_dev *cd = find_dev(ck, dev);
	struct iova_domain *iovad;
	struct iova *n;

	begin_call(ck);
	if (!cd)
		return fail(ck, "check_iova_free: %s is not registered", dev_name(dev));
	iovad = dma_iovad(cd);
	if (!iovad || !len)
		return true;
	n = first_held(iovad, dma >> iova_shift(iovad), (dma + len - 1) >> iova_shift(iovad));
	if (n)
		return fail(ck, "%s: IOVA %#llx + %#zx is not free for the allocator to hand "
			    "out: it holds pfns %#lx-%#lx (granule %#lx)", dev_name(dev),
			    (unsigned long long)dma, len, n->pfn_lo, n->pfn_hi, iovad->granule);
	return true;
}

bool check_iova_released(struct checker *ck, struct device *dev, dma_addr_t dma, size_t len)
{
	struct check_dev *cd = find_dev(ck, dev);
	struct iova_domain *iovad;
	unsigned int cpu;
	struct iova *n;

	begin_call(ck);
	if (!cd)
		return fail(ck, "check_iova_released: %s is not registered", dev_name(dev));
	iovad = dma_iovad(cd);
	if (!iovad || !len)
		return true;
	dmalab_run_deferred_work();
	for (cpu = 0; cpu < dmalab_nr_cpus(); cpu++)
		dmalab_cpu_dead(cpu);
	n = first_held(iovad, dma >> iova_shift(iovad), (dma + len - 1) >> iova_shift(iovad));
	if (n)
		return fail(ck, "%s: IOVA %#llx + %#zx is still allocated after it was "
			    "freed (the allocator holds pfns %#lx-%#lx, granule %#lx)",
			    dev_name(dev), (unsigned long long)dma, len, n->pfn_lo,
			    n->pfn_hi, iovad->granule);
	return true;
}

DMALAB_NOCOV_END
