/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the iosys_map pointer dma-buf.h embeds (vmap_ptr). Nothing
 * here vmaps a buffer: only the type, the layout is ours.
 */
#ifndef _DMALAB_LINUX_IOSYS_MAP_H
#define _DMALAB_LINUX_IOSYS_MAP_H

#include <linux/types.h>
#include <linux/compiler.h>

struct iosys_map {
	union {
		void __iomem *vaddr_iomem;
		void *vaddr;
	};
	bool is_iomem;
};

#endif
