/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the dma_fence types dma-buf.h embeds (its poll callbacks).
 * No fences exist here: a dma_resv never holds one (linux/dma-resv.h), so
 * nothing waits, signals or calls back. Layout ours.
 */
#ifndef _DMALAB_LINUX_DMA_FENCE_H
#define _DMALAB_LINUX_DMA_FENCE_H

#include <linux/list.h>

struct dma_fence;
struct dma_fence_cb;
typedef void (*dma_fence_func_t)(struct dma_fence *fence, struct dma_fence_cb *cb);

struct dma_fence_cb {
	struct list_head node;
	dma_fence_func_t func;
};

#endif
