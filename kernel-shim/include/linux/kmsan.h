/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: KMSAN off (the hooks are the kernel's no-op versions). */
#ifndef _DMALAB_LINUX_KMSAN_H
#define _DMALAB_LINUX_KMSAN_H
#include <linux/kmsan-checks.h>
struct page;
struct scatterlist;
static inline void kmsan_handle_dma(phys_addr_t phys, size_t size, int dir) { }
static inline void kmsan_handle_dma_sg(struct scatterlist *sg, int nents, int dir) { }
#endif
