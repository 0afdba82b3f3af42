/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The GPU migration mapping oracle: what a caller of the two-step DMA API
 * mapping the system pages of a GPU SVM migration as drm_pagemap does
 * (drivers/gpu/drm/drm_pagemap.c, drm_pagemap_migrate_map_system_pages()
 * and drm_pagemap_migrate_unmap_pages()) gave the device, against the
 * migrate_pfn array it was asked to map and the device's own translation.
 *
 * The array is read as migrate_vma gives it (mm/migrate_device.c): an entry
 * is a hole (no page: pte_none, the zero page, not collected) or a page; a
 * large folio appears once, at its head, and the entries its other pages
 * would take are holes. What the oracle reads itself: each entry's page,
 * folio and order from the memory map; the device's domain, page table and
 * IOVA allocator through the checker (oracle/checker.h). What it takes from
 * the caller: the DMA address and order each entry was given (struct
 * drm_pagemap_addr, which the copy engine uses) and the IOVA state.
 *
 * After the map (gpu_check_mapped()):
 *  - an entry of a folio of order k is given PAGE_SIZE << k bytes at its
 *    DMA address, and its encoded order is k (drm_pagemap_addr_encode()'s
 *    kernel-doc: "Size is PAGE_SIZE << order"): every byte of the folio
 *    reaches its physical byte through the device's translation (V1), as
 *    check_verify() walks it;
 *  - holes are given nothing and use no IOVA: on the IOVA path the folios
 *    are linked one after the other from the reservation's start in array
 *    order, with no gap, and the page table maps nothing else (V4);
 *  - the running offset is the bytes linked, and everything linked lies
 *    inside the reservation (V6), which the IOVA allocator holds (V9);
 *  - a map that failed may have mapped a prefix of the present entries,
 *    never an entry after one it did not map; one that succeeded mapped
 *    every present entry;
 *  - on a non-coherent device the IOVA path's cache maintenance is the
 *    linked bytes, each once (dma_iova_link() syncs what it maps).
 * After the unmap (gpu_check_unmapped()): nothing of it is mapped any more
 * (V4 over the domain: the unmap destroyed exactly what was linked, no
 * less, and a destroy of more would unmap IOVA that was never linked,
 * which the IOMMU core WARNs about) and the reservation is back with the
 * IOVA allocator (check_iova_released()).
 *
 * Inputs migrate_vma never gives (a tail page, a folio running past the
 * array, a non-hole entry inside a folio's span) are reported as such
 * ("contract: ..."), not judged.
 */
#ifndef _DMALAB_GPU_CHECK_H
#define _DMALAB_GPU_CHECK_H

#include <linux/types.h>
#include <linux/dma-direction.h>

#include "oracle/checker.h"

struct device;
struct dma_iova_state;

/* What the caller gave entry i: its DMA address (0: none) and its order. */
struct gpu_check_addr {
	dma_addr_t addr;
	unsigned int order;
};

struct gpu_check {
	struct checker *ck;
	struct device *dev;
	const unsigned long *mpfn;
	unsigned long npages;
	enum dma_data_direction dir;
	unsigned long syncs_from;	/* dmalab_arch_syncs() before the map */
	bool iova;			/* the IOVA path was taken */
	dma_addr_t resv;
	size_t resv_len;
	size_t linked;			/* bytes the oracle found linked */
	unsigned long mapped;		/* entries mapped */
	struct check_map *iova_map;	/* the IOVA path's mapping */
	struct check_map **maps;	/* the per-page path's, by entry */
};

/* Before the map call: mpfn[0..npages) is what will be mapped, for dir. */
void gpu_check_init(struct gpu_check *gc, struct checker *ck, struct device *dev,
		    const unsigned long *mpfn, unsigned long npages,
		    enum dma_data_direction dir);
/*
 * After the map call returned ret: addr[0..npages) as the caller's
 * drm_pagemap_addr array holds them, state and offset as the caller's
 * struct drm_pagemap_iova_state. False with one line in msg.
 */
bool gpu_check_mapped(struct gpu_check *gc, int ret, const struct gpu_check_addr *addr,
		      const struct dma_iova_state *state, unsigned long offset, char *msg,
		      size_t len);
/* After the unmap call: nothing left mapped, the IOVA released. */
bool gpu_check_unmapped(struct gpu_check *gc, char *msg, size_t len);
/* Forget everything (also after a failed check). */
void gpu_check_fini(struct gpu_check *gc);

#endif
