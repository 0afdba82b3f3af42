// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dma-iommu suite: what a DMA domain sets aside for the platform when a
 * device is attached (iommu_dma_init_domain(), iova_reserve_iommu_regions()):
 * a host bridge's inbound windows (dma-ranges), a device's DMA range map,
 * and the hardware MSI doorbells the IOVA space must leave untranslated.
 */
#include <linux/pci.h>
#include <linux/msi.h>
#include <linux/dma-direct.h>
#include <dmalab/pci.h>
#include <drivers/iommu/dma-iommu.h>
#include "tests/dma_iommu/dma_iommu.h"

/* a fresh domain of the profile's kind: it is set up for its first device */
static struct dmalab_domain *fresh_domain(struct env *e)
{
	struct dmalab_domain_cfg dc = {
		.format = e->p->format, .kind = e->p->kind,
		.pgsize_bitmap = e->p->page_granule ? ~(u64)(PAGE_SIZE - 1) : 0,
	};
	int err = 0;

	return dmalab_domain_create(&dc, &err);
}

/* ---- a host bridge's inbound windows ---------------------------------------- */

struct bus_window {
	u64 start, end;		/* bus addresses, inclusive; end 0: list end */
};

/*
 * Inbound windows as an arm64 host bridge's devicetree dma-ranges give
 * them, listed out of order (dma-iommu sorts them): a gap below the first,
 * two adjacent windows, one after a hole ending two bytes short of a 64K
 * boundary (the granule holding its end also holds a gap byte), and one
 * ending at 4 GiB - 1 with the rest of the bus above it.
 */
static const struct bus_window windows_arm64[] = {
	{ 0x90000000, 0xa000fffe },
	{ 0x00100000, 0x3fffffff },
	{ 0xc0000000, 0xffffffff },
	{ 0x40000000, 0x7fffffff },
	{}
};

/* one window from bus address 0: nothing to set aside below it */
static const struct bus_window windows_from_zero[] = {
	{ 0x0, 0x7fffffff },
	{}
};

/* one window up to the top of the bus: nothing above it (case_dma_ranges_to_top) */
static const struct bus_window windows_to_top[] = {
	{ 0x100000000ULL, ~0ULL },
	{}
};

/*
 * Is every granule wholly inside the window free for the allocator? The
 * first, second and last such granule are asked (the edges, where an
 * off-by-one lands). after_gap: a gap lies just below the window, and
 * dma-iommu reserves the gap up to and including the window's first byte
 * (reserve_iova(pfn(start), pfn(end)) with end the window's start): one
 * granule of the window lost, harmless, so that one is not asked.
 */
static bool window_usable(struct env *e, struct device *dev, const struct bus_window *w,
			  bool after_gap)
{
	u64 first = ALIGN(w->start, e->g) + (after_gap ? e->g : 0);
	u64 last = w->end == ~0ULL ? ~0ULL - e->g + 1 : ALIGN_DOWN(w->end + 1, e->g) - e->g;

	if (first > last)
		return true;
	KT_EXPECT(check_iova_free(e->ck, dev, first, e->g));
	if (first + e->g <= last)
		KT_EXPECT(check_iova_free(e->ck, dev, first + e->g, e->g));
	KT_EXPECT(check_iova_free(e->ck, dev, last, e->g));
	return true;
}

static bool lower_start(const struct bus_window *ws, const struct bus_window *w)
{
	for (; ws->end; ws++)
		if (ws->start < w->start && ws->end + 1 >= w->start)
			return true;	/* adjacent below, or overlapping */
	return false;
}

static bool dma_ranges_round(struct env *e, const struct bus_window *ws, int segment)
{
	struct pci_host_bridge *host = dmalab_pci_host_bridge_create(segment, 0);
	struct dmalab_pci_place place = {
		.bus = host->bus, .devfn = PCI_DEVFN(0, 0), .vendor = 0x1af4, .device = 0x1000,
		.pcie_type = PCI_EXP_TYPE_ENDPOINT,
	};
	struct dmalab_device_cfg cfg = {
		.name = "inbound", .coherent = e->p->coherent, .untrusted = e->p->untrusted,
		.pci = &place,
	};
	struct dmalab_domain *d = fresh_domain(e);
	const struct bus_window *w;
	struct device *dev;
	phys_addr_t phys = buf_phys(0x70, 0);
	dma_addr_t dma;
	bool ok = false;
	int err = 0;

	KT_EXPECT(d);
	for (w = ws; w->end; w++)
		dmalab_pci_host_bridge_add_dma_range(host, w->start, w->end - w->start + 1,
						     w->start);
	dev = dmalab_device_create(&cfg, d, &err);
	if (!dev) {
		kt_report(__FILE__, __LINE__, "dmalab_device_create: %d", err);
		goto out;
	}
	/* windows that touch or leave gaps are valid: the domain takes them */
	if (!dev_dma_iommu(dev)) {
		kt_report(__FILE__, __LINE__, "%s: dma-iommu refused its host bridge's "
			  "dma-ranges (the device fell back to direct mapping)", dev_name(dev));
		goto out_dev;
	}
	/* the gaps must be reserved: the checker reads them from the bridge */
	if (!check_add_device(e->ck, dev))
		goto out_dev;
	dma = dma_map_phys(dev, phys, P, DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(dev, dma)) {
		kt_report(__FILE__, __LINE__, "%s: dma_map_phys of one page fails: no IOVA "
			  "left in its windows", dev_name(dev));
	} else {
		struct check_map *m = check_map_new(e->ck, dev, DMA_BIDIRECTIONAL, 0);

		ok = check_map_range(m, dma, phys, P) && check_verify(e->ck);
		dma_unmap_phys(dev, dma, P, DMA_BIDIRECTIONAL, 0);
		check_unmap(m);
		/* back in the tree, not in a cache, for the checks below */
		ok = ok && check_iova_released(e->ck, dev, dma, P);
	}
	/* asked even when the map failed: the checker then says what is held */
	for (w = ws; w->end; w++)
		if (!window_usable(e, dev, w, w->start && !lower_start(ws, w)))
			ok = false;
	ok = check_remove_device(e->ck, dev) && ok;
out_dev:
	dmalab_device_destroy(dev);
out:
	dmalab_domain_destroy(d);
	dmalab_pci_host_bridge_destroy(host);
	return ok;
}

/*
 * A test that a device behind a host bridge with inbound windows
 * (dma-ranges: an arm64 SoC's PCIe controller) gets a domain whose
 * allocator holds every bus address outside them and leaves the windows
 * usable: windows given out of order, adjacent ones, one from bus address
 * 0, one up to the top of the bus, ends off the granule. Bug classes: a
 * window lost to an off-by-one at its edges, a gap left free (a DMA the
 * bridge drops), windows that touch taken for overlapping ones.
 */
bool case_dma_ranges(struct env *e, const struct dcase *c)
{
	KT_EXPECT(dma_ranges_round(e, windows_arm64, 7));
	KT_EXPECT(dma_ranges_round(e, windows_from_zero, 8));
	return true;
}

/*
 * As case_dma_ranges, with one window from 4 GiB to the top of the 64-bit
 * bus (a dma-ranges entry "everything above 4G"). Known kernel bug
 * dma-iommu-dma-range-top-wraps: the end of the last window plus one
 * wraps to 0 and the whole IOVA space is reserved.
 */
bool case_dma_ranges_to_top(struct env *e, const struct dcase *c)
{
	KT_EXPECT(dma_ranges_round(e, windows_to_top, 9));
	return true;
}

/* ---- a device's DMA range map ----------------------------------------------- */

/*
 * Does dma-iommu take the device with this dma_range_map? Expect it to iff
 * the map reaches at least one address of the domain's aperture, else to
 * leave the device to dma-direct ("specified DMA range outside IOMMU
 * capability").
 */
static bool range_map_round(struct env *e, struct dmalab_domain *d, u64 dma_start, u64 size)
{
	const struct iommu_domain_geometry *geo = &dmalab_domain_iommu(d)->geometry;
	struct bus_dma_region map[2] = {
		{ .cpu_start = 0, .dma_start = dma_start, .size = size },
	};
	struct dmalab_device_cfg cfg = {
		.name = "ranged", .coherent = e->p->coherent, .untrusted = e->p->untrusted,
		.dma_range_map = map,
	};
	bool reaches = dma_start <= geo->aperture_end &&
		       dma_start + size - 1 >= geo->aperture_start;
	struct device *dev;
	int err = 0;

	dev = dmalab_device_create(&cfg, d, &err);
	if (!dev)
		KT_FAIL("dmalab_device_create: %d", err);
	if (dev_dma_iommu(dev) != reaches) {
		kt_report(__FILE__, __LINE__, "a DMA range %#llx-%#llx, aperture %#llx-%#llx: "
			  "dma-iommu %s the device", (unsigned long long)dma_start,
			  (unsigned long long)(dma_start + size - 1),
			  (unsigned long long)geo->aperture_start,
			  (unsigned long long)geo->aperture_end, reaches ? "refused" : "took");
		dmalab_device_destroy(dev);
		return false;
	}
	dmalab_device_destroy(dev);
	return true;
}

/*
 * A test of the check that a device's DMA range map (devicetree or ACPI
 * _DMA) reaches the domain's aperture, at its edges: a map of one byte at
 * the aperture's last address, one at its first, and one just past each
 * end. Bug class: an off-by-one in a bounds check that refuses a device the
 * IOMMU can serve (or takes one it cannot).
 */
bool case_dma_range_map(struct env *e, const struct dcase *c)
{
	struct dmalab_domain *d = fresh_domain(e);
	const struct iommu_domain_geometry *geo;
	bool ok = false;

	KT_EXPECT(d);
	geo = &dmalab_domain_iommu(d)->geometry;
	if (!range_map_round(e, d, geo->aperture_end, 1) ||
	    !range_map_round(e, d, geo->aperture_start, 1))
		goto out;
	if (geo->aperture_end != ~0ULL &&
	    !range_map_round(e, d, geo->aperture_end + 1, SZ_1M))
		goto out;
	if (geo->aperture_start >= SZ_1M &&
	    !range_map_round(e, d, geo->aperture_start - SZ_1M, SZ_1M))
		goto out;
	ok = true;
out:
	dmalab_domain_destroy(d);
	return ok;
}

/* ---- hardware MSI doorbells ------------------------------------------------- */

/*
 * A doorbell just past the hardware MSI region is translated like any
 * other address: iommu_dma_sw_msi() maps its granule at an IOVA of the
 * domain's own (one map call, the table translating it). On a fresh
 * domain and device of the profile's kind, left out of the checker: the
 * doorbell's mapping lives as long as the domain.
 */
static bool msi_doorbell_past_region(struct env *e)
{
	struct dmalab_domain_cfg dc = {
		.format = e->p->format, .kind = e->p->kind,
		.pgsize_bitmap = e->p->page_granule ? ~(u64)(PAGE_SIZE - 1) : 0,
	};
	struct dmalab_device_cfg cfg = { .name = "msi", .coherent = e->p->coherent };
	struct dmalab_iommu_stats s0, s1;
	struct iommu_resv_region *region;
	phys_addr_t past = 0;
	struct msi_desc desc;
	struct dmalab_domain *d;
	struct device *dev;
	LIST_HEAD(regions);
	bool ok = false;
	u64 iova;
	int err = 0;

	d = dmalab_domain_create(&dc, &err);
	KT_EXPECT(d);
	dev = dmalab_device_create(&cfg, d, &err);
	if (!dev) {
		dmalab_domain_destroy(d);
		KT_FAIL("dmalab_device_create: %d", err);
	}
	iommu_get_resv_regions(dev, &regions);
	list_for_each_entry(region, &regions, list)
		if (region->type == IOMMU_RESV_MSI)
			past = region->start + region->length;
	iommu_put_resv_regions(dev, &regions);
	desc = (struct msi_desc){ .dev = dev };
	dmalab_domain_stats(d, &s0);
	if (past && !iommu_dma_sw_msi(dmalab_domain_iommu(d), &desc, past)) {
		iova = desc.iommu_msi_iova << desc.iommu_msi_shift;
		dmalab_domain_stats(d, &s1);
		ok = iova != past && s1.map_calls == s0.map_calls + 1 &&
		     iommu_iova_to_phys(dmalab_domain_iommu(d), iova) == past;
		if (!ok)
			kt_report(__FILE__, __LINE__, "MSI doorbell %#llx past the hardware MSI "
				  "region: IOVA %#llx, %llu map calls", (unsigned long long)past,
				  (unsigned long long)iova,
				  (unsigned long long)(s1.map_calls - s0.map_calls));
	} else {
		kt_report(__FILE__, __LINE__, "no hardware MSI region, or iommu_dma_sw_msi() failed");
	}
	dmalab_device_destroy(dev);
	dmalab_domain_destroy(d);
	return ok;
}

/*
 * A test that an MSI doorbell in a hardware MSI region (IOMMU_RESV_MSI:
 * x86's interrupt range, which the IOMMU does not translate) is given to
 * the interrupt code at its own address, for the region's first and last
 * granule, without a mapping in the domain (iommu_dma_sw_msi() finds the
 * page in the list built when the domain was set up). Bug class: the list
 * one page short, or built for the wrong regions: the doorbell is then
 * mapped at a fresh IOVA the hardware never looks up, and interrupts are
 * lost; or a page too many, and a doorbell past the region goes
 * untranslated.
 */
bool case_hw_msi_doorbell(struct env *e, const struct dcase *c)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(e->dev);
	struct dmalab_iommu_stats s0, s1;
	struct iommu_resv_region *region;
	LIST_HEAD(regions);
	unsigned int nr = 0;
	bool ok = true;

	dmalab_domain_stats(e->d, &s0);
	iommu_get_resv_regions(e->dev, &regions);
	list_for_each_entry(region, &regions, list) {
		phys_addr_t doorbell[2] = {
			region->start + 0x40,
			region->start + region->length - 4,
		};
		unsigned int i;

		if (region->type != IOMMU_RESV_MSI)
			continue;
		nr++;
		for (i = 0; i < ARRAY_SIZE(doorbell) && ok; i++) {
			struct msi_desc desc = { .dev = e->dev };
			u64 iova;

			ok = iommu_dma_sw_msi(dom, &desc, doorbell[i]) == 0;
			iova = desc.iommu_msi_iova << desc.iommu_msi_shift;
			if (!ok || iova != ALIGN_DOWN(doorbell[i], e->g)) {
				kt_report(__FILE__, __LINE__, "MSI doorbell %#llx in the hardware "
					  "MSI region %#llx+%#zx: IOVA %#llx", (unsigned long long)
					  doorbell[i], (unsigned long long)region->start,
					  region->length, (unsigned long long)iova);
				ok = false;
			}
		}
	}
	iommu_put_resv_regions(e->dev, &regions);
	KT_EXPECT(ok);
	KT_EXPECT_EQ(nr, 1);
	dmalab_domain_stats(e->d, &s1);
	KT_EXPECT_EQ(s1.map_calls, s0.map_calls);
	VERIFY(e);
	return msi_doorbell_past_region(e);
}
