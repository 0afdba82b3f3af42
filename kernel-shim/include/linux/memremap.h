/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: ZONE_DEVICE page maps. A page is a device page when a live
 * map covers its pfn; page_pgmap() says which (P2P BARs; linux/mm.h).
 */
#ifndef _DMALAB_LINUX_MEMREMAP_H
#define _DMALAB_LINUX_MEMREMAP_H
#include <linux/mm.h>
#include <linux/percpu-refcount.h>

/* the kernel's enum memory_type values */
enum memory_type {
	MEMORY_DEVICE_PRIVATE = 1,
	MEMORY_DEVICE_COHERENT,
	MEMORY_DEVICE_FS_DAX,
	MEMORY_DEVICE_GENERIC,
	MEMORY_DEVICE_PCI_P2PDMA,
};

struct range {
	u64 start;
	u64 end;
};

static inline u64 range_len(const struct range *range)
{
	return range->end - range->start + 1;
}

struct folio;
struct device;
struct dev_pagemap_ops {
	/* the last reference to a device folio went */
	void (*folio_free)(struct folio *folio);
};

struct dev_pagemap {
	struct percpu_ref ref;
	struct range range;
	enum memory_type type;
	unsigned int flags;
	unsigned long vmemmap_shift;
	const struct dev_pagemap_ops *ops;
	void *owner;
	int nr_range;
};

/*
 * ZONE_DEVICE struct pages for the pgmap's range (mm/memremap.c): the range
 * must be MMIO of the memory model (not RAM) and no other map's; from now
 * on its pages are device pages of pgmap (page_pgmap(), is_zone_device_page()),
 * with a refcount of zero, and the direct map address of the range is
 * returned. Released with the device (devres) or explicitly.
 */
void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap);
void devm_memunmap_pages(struct device *dev, struct dev_pagemap *pgmap);
void dmalab_memunmap_pages(struct dev_pagemap *pgmap);

/*
 * A device-private page (drm_pagemap, HMM): as the kernel's, by its map's
 * type (the map is looked up by pfn: there is no folio->pgmap here).
 */
static inline bool is_device_private_page(const struct page *page)
{
	return is_zone_device_page(page) &&
	       page_pgmap(page)->type == MEMORY_DEVICE_PRIVATE;
}

static inline bool is_pci_p2pdma_page(const struct page *page)
{
	return IS_ENABLED(CONFIG_PCI_P2PDMA) && is_zone_device_page(page) &&
	       page_pgmap(page)->type == MEMORY_DEVICE_PCI_P2PDMA;
}
#endif
