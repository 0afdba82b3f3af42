/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * drm_pagemap's DMA mapping, the two static functions of
 * drivers/gpu/drm/drm_pagemap.c that map and unmap the system pages of a
 * GPU SVM migration, drm_pagemap_migrate_map_system_pages() and
 * drm_pagemap_migrate_unmap_pages(), compiled on their own: the build
 * extracts their text from the tree under test (scripts/extract-functions.sh)
 * and fuzz/drm_pagemap_repro.c includes it, over the compiled dma_iova_*
 * API and dma_map_page(). No kernel text is committed.
 *
 * Why not the whole file: drm_pagemap.c reaches those functions only
 * through its migration entry points (drm_pagemap_migrate_to_devmem(),
 * drm_pagemap_evict_to_ram(), the CPU fault path), which need migrate_vma,
 * ZONE_DEVICE folios with zone_device_data, an mm and a drm_device: see
 * docs/gpu.md for what compiling it would take. The definitions below
 * marked DUPLICATED are what the two functions need from the file and
 * include/drm/drm_pagemap.h; scripts/check-duplicated.sh compares them with
 * the tree, token for token.
 *
 * The arrays are what the entry points pass: @migrate_pfn entries of
 * migrate_pfn() values, 0 for a hole (a pte_none or zero-page entry, or an
 * entry covered by the large folio before it); a large folio appears once,
 * at its head page.
 */
#ifndef _DMALAB_DRM_PAGEMAP_REPRO_H
#define _DMALAB_DRM_PAGEMAP_REPRO_H

#include <linux/types.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/migrate.h>	/* the migrate_pfn encoding */

/* DUPLICATED from include/drm/drm_pagemap.h */
#define NR_PAGES(order) (1U << (order))

enum drm_interconnect_protocol {
	DRM_INTERCONNECT_SYSTEM,
	DRM_INTERCONNECT_DRIVER,
};

/* DUPLICATED from include/drm/drm_pagemap.h */
struct drm_pagemap_addr {
	dma_addr_t addr;
	u64 proto : 54;
	u64 order : 8;
	u64 dir : 2;
};

/* DUPLICATED from include/drm/drm_pagemap.h */
static inline struct drm_pagemap_addr
drm_pagemap_addr_encode(dma_addr_t addr,
			enum drm_interconnect_protocol proto,
			unsigned int order,
			enum dma_data_direction dir)
{
	return (struct drm_pagemap_addr) {
		.addr = addr,
		.proto = proto,
		.order = order,
		.dir = dir,
	};
}

/* DUPLICATED from drivers/gpu/drm/drm_pagemap.c */
struct drm_pagemap_iova_state {
	struct dma_iova_state dma_state;
	unsigned long offset;
};

/*
 * The part of struct drm_pagemap (include/drm/drm_pagemap.h) and struct
 * drm_pagemap_zdd (drm_pagemap.c) the unmap reaches for a ZONE_DEVICE page
 * (a device-coherent page of the migrating driver's own owner): its
 * pagemap's device_unmap. Not duplicated: members the copy does not touch
 * are left out.
 */
struct drm_pagemap;
struct drm_pagemap_ops {
	void (*device_unmap)(struct drm_pagemap *dpagemap, struct device *dev,
			     const struct drm_pagemap_addr *addr);
};
struct drm_pagemap {
	const struct drm_pagemap_ops *ops;
};
struct drm_pagemap_zdd {
	struct drm_pagemap *dpagemap;
};

/*
 * The zone_device_data drm_pagemap.c would find in a ZONE_DEVICE folio
 * (drm_pagemap_page_zone_device_data()): the harness's, for every device
 * page (NULL: such a page reaching the unmap is a BUG).
 */
extern struct drm_pagemap_zdd *drm_pagemap_repro_zdd;

/* drm_pagemap.c's two functions, under their own names (static there) */
int drm_pagemap_repro_map(struct device *dev, struct drm_pagemap_addr *pagemap_addr,
			  unsigned long *migrate_pfn, unsigned long npages,
			  enum dma_data_direction dir, struct drm_pagemap_iova_state *state);
void drm_pagemap_repro_unmap(struct device *dev, struct drm_pagemap_addr *pagemap_addr,
			     unsigned long *migrate_pfn, unsigned long npages,
			     enum dma_data_direction dir, struct drm_pagemap_iova_state *state);

#endif
