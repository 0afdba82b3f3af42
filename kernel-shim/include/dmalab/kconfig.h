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
#define CONFIG_PAGE_SHIFT 12
/* struct scatterlist carries dma_length and dma_flags, as on x86-64 */
#define CONFIG_NEED_SG_DMA_LENGTH 1
#define CONFIG_NEED_SG_DMA_FLAGS 1
#define CONFIG_SG_POOL 1
#define CONFIG_IOMMU_API 1
#define CONFIG_IOMMU_IOVA 1
#define CONFIG_IOMMU_DMA 1
#define CONFIG_HAS_DMA 1

#define __KERNEL__ 1

#include <linux/kconfig.h>	/* IS_ENABLED(), IS_REACHABLE() */
#define KBUILD_MODNAME "dmalab"
#define KBUILD_BASENAME "dmalab"

#endif
