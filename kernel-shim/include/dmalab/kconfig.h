/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced first include of every kernel-side translation unit: the Kconfig
 * choices dmalab builds the kernel's DMA-mapping code with (an x86-64 kernel
 * with an IOMMU, DMA debugging off). Keep this list short and deliberate:
 * each option changes which kernel code is compiled.
 */
#ifndef _DMALAB_KCONFIG_H
#define _DMALAB_KCONFIG_H

#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define CONFIG_PHYS_ADDR_T_64BIT 1
#define CONFIG_ARCH_DMA_ADDR_T_64BIT 1
#define CONFIG_NR_CPUS 64
#define CONFIG_SMP 1
/* 4 KiB pages unless the build asks for 16 KiB or 64 KiB (make PAGE_SHIFT=) */
#ifndef CONFIG_PAGE_SHIFT
#define CONFIG_PAGE_SHIFT 12
#endif
/* struct scatterlist carries dma_length and dma_flags, as on x86-64 */
#define CONFIG_NEED_SG_DMA_LENGTH 1
#define CONFIG_NEED_SG_DMA_FLAGS 1
#define CONFIG_SG_POOL 1
#define CONFIG_IOMMU_API 1
#define CONFIG_IOMMU_IOVA 1
#define CONFIG_IOMMU_DMA 1
#define CONFIG_IOMMU_SUPPORT 1
#define CONFIG_GENERIC_PT 1
#define CONFIG_IOMMU_PT 1
#define CONFIG_IOMMU_PT_X86_64 1
#define CONFIG_IOMMU_PT_AMDV1 1
/*
 * generic_pt's own consistency checks (PT_WARN_ON), as the kernel's
 * .kunitconfig for these suites turns them on: a WARN is a finding in the
 * suites and the fuzzers. Test and fuzz builds only (DMALAB_DEBUG_CHECKS,
 * mk/flags.mk): the benchmarks (SAN=0) measure the page tables as
 * production kernels build them.
 */
#ifdef DMALAB_DEBUG_CHECKS
#define CONFIG_DEBUG_GENERIC_PT 1
#endif
#define CONFIG_X86 1
#define CONFIG_HAS_DMA 1
/*
 * PCI with peer-to-peer DMA: drivers/pci/p2pdma.c is compiled, and the
 * P2P branches of dma-iommu and dma-direct (BAR pages in scatterlists) are
 * live. CONFIG_X86 above also makes p2pdma's CPU vendor check live: the
 * topology's "cpu" line says which CPU it sees.
 */
#define CONFIG_PCI 1
#define CONFIG_PCI_P2PDMA 1
#define CONFIG_ZONE_DEVICE 1
#define CONFIG_MMU 1
#define CONFIG_NEED_DMA_MAP_STATE 1
/*
 * swiotlb on: with it off, swiotlb.h's inline stubs silently delete every
 * bounce path of dma-iommu (untrusted devices) and dma-direct.
 */
#define CONFIG_SWIOTLB 1
#define CONFIG_SWIOTLB_DEFAULT_SIZE_MB 64
/* for swiotlb's used-slot count (the checker reads it); debugfs is stubbed */
#define CONFIG_DEBUG_FS 1
/*
 * The arch hooks for non-coherent devices, as on arm64 (x86 has none):
 * arch_sync_dma_for_{device,cpu}() are recorded by the mock, so the cache
 * maintenance the kernel does for non-coherent devices is checked too.
 */
#define CONFIG_ARCH_HAS_SYNC_DMA_FOR_DEVICE 1
#define CONFIG_ARCH_HAS_SYNC_DMA_FOR_CPU 1
#define CONFIG_DMA_NEED_SYNC 1
/*
 * The block layer, for block/blk-mq-dma.c, with integrity metadata (its
 * blk_rq_integrity_dma_map_iter_* functions).
 */
#define CONFIG_BLOCK 1
#define CONFIG_BLK_DEV_INTEGRITY 1
/*
 * dma-buf with VFIO's P2P export of BAR ranges: drivers/dma-buf/dma-buf-mapping.c
 * (dma_buf_phys_vec_to_sgt) and drivers/vfio/pci/vfio_pci_dmabuf.c, whose
 * declarations in vfio_pci_priv.h and vfio_pci_core.h are only there with
 * VFIO_PCI_DMABUF (else they are inline -ENOTTY stubs). VFIO_GROUP and
 * VFIO_DEVICE_CDEV stay off: the exporter needs no group or cdev.
 */
#define CONFIG_DMA_SHARED_BUFFER 1
#define CONFIG_VFIO_PCI_DMABUF 1

/*
 * net/core/tso.c: skb_shared_info has MAX_SKB_FRAGS frags, and so does
 * struct tso_dma_map (the Kconfig default; NET is otherwise not modelled).
 */
#define CONFIG_MAX_SKB_FRAGS 17

#define __KERNEL__ 1

#include <linux/kconfig.h>	/* IS_ENABLED(), IS_REACHABLE() */
#define KBUILD_MODNAME "dmalab"
#define KBUILD_BASENAME "dmalab"

#endif
