/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The modelled machine's physical address map: where the shim's own
 * allocations live, which RAM tests, fuzzers and tools may use as DMA
 * buffers, where the MMIO space and the default PCI window are. Defined
 * once here, read by the runtime (mm.c, pci.c) and by everything that
 * picks addresses. Plain C: kernel-free code (topology/) includes it too.
 */
#ifndef _DMALAB_MACHINE_H
#define _DMALAB_MACHINE_H

/* RAM: 64 GiB, described by struct pages from pfn 1 (pfn 0 is never RAM). */
#define DMALAB_RAM_END		(64ULL << 30)
/* MMIO above RAM: host bridge windows and the BARs in them (ZONE_DEVICE pages). */
#define DMALAB_MMIO_START	DMALAB_RAM_END
#define DMALAB_MMIO_END		(80ULL << 30)
/*
 * The shim's own allocations (slab, page allocator) take page frames below
 * this one (1 GiB with 4 KiB pages); RAM above it is nobody's, so tests,
 * fuzzers and tools use it as DMA buffers.
 */
#define DMALAB_KMEM_END_PFN	0x40000UL
/* The 32-bit boundary: buffers above it need a 64-bit DMA address. */
#define DMALAB_DMA32_END	(4ULL << 30)
/*
 * The default root bus (devices outside any topology): one 32-bit MMIO
 * window, which dma-iommu keeps out of IOVA space; a "BAR" for
 * DMA_ATTR_MMIO mappings is taken from it.
 */
#define DMALAB_HB_WINDOW_START	0xe0000000ULL
#define DMALAB_HB_WINDOW_END	0xfdffffffULL

#endif
