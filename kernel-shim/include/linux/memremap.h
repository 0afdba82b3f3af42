/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: ZONE_DEVICE page maps. A page is a device page when its
 * PG_zone_device flag is set; page->pgmap then says which map (P2P BARs).
 */
#ifndef _DMALAB_LINUX_MEMREMAP_H
#define _DMALAB_LINUX_MEMREMAP_H
#include <linux/mm.h>

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

struct dev_pagemap_ops;
struct dev_pagemap {
	struct range range;
	enum memory_type type;
	unsigned int flags;
	unsigned long vmemmap_shift;
	const struct dev_pagemap_ops *ops;
	void *owner;
	int nr_range;
};

static inline bool is_pci_p2pdma_page(const struct page *page)
{
	return IS_ENABLED(CONFIG_PCI_P2PDMA) && is_zone_device_page(page) &&
	       page_pgmap(page)->type == MEMORY_DEVICE_PCI_P2PDMA;
}
#endif
