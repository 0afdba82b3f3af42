// SPDX-License-Identifier: GPL-2.0-only
/*
 * drm_pagemap's DMA mapping: two functions of drivers/gpu/drm/drm_pagemap.c
 * compiled on their own (fuzz/drm_pagemap_repro.h says why), over dmalab's
 * compiled DMA API (dma_iova_try_alloc/link/sync/destroy of
 * drivers/iommu/dma-iommu.c, dma_map_page/dma_unmap_page of
 * kernel/dma/mapping.c).
 */
#include <linux/bug.h>
#include <linux/dma-mapping.h>
#include <linux/memremap.h>
#include <linux/mm.h>

#include "fuzz/drm_pagemap_repro.h"

struct drm_pagemap_zdd *drm_pagemap_repro_zdd;

/* include/drm/drm_pagemap.h reads the folio's zone_device_data: the harness's here */
static struct drm_pagemap_zdd *drm_pagemap_page_zone_device_data(struct page *page)
{
	BUG_ON(!drm_pagemap_repro_zdd);
	return drm_pagemap_repro_zdd;
}

/*
 * drm_pagemap_migrate_map_system_pages() and drm_pagemap_migrate_unmap_pages()
 * as they are in the tree under test: extracted from
 * drivers/gpu/drm/drm_pagemap.c at build time (scripts/extract-functions.sh,
 * mk/build.mk), never committed; #line keeps the tree's file and lines.
 */
#include "drm_pagemap_fns.c"


int drm_pagemap_repro_map(struct device *dev, struct drm_pagemap_addr *pagemap_addr,
			  unsigned long *migrate_pfn, unsigned long npages,
			  enum dma_data_direction dir, struct drm_pagemap_iova_state *state)
{
	return drm_pagemap_migrate_map_system_pages(dev, pagemap_addr, migrate_pfn, npages,
						    dir, state);
}

void drm_pagemap_repro_unmap(struct device *dev, struct drm_pagemap_addr *pagemap_addr,
			     unsigned long *migrate_pfn, unsigned long npages,
			     enum dma_data_direction dir, struct drm_pagemap_iova_state *state)
{
	drm_pagemap_migrate_unmap_pages(dev, pagemap_addr, migrate_pfn, npages, dir, state);
}
