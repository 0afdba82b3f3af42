/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: x86 caches are coherent; the flushes are no-ops, as there. */
#ifndef _DMALAB_LINUX_CACHEFLUSH_H
#define _DMALAB_LINUX_CACHEFLUSH_H

struct page;
#define ARCH_IMPLEMENTS_FLUSH_DCACHE_PAGE 0
static inline void flush_dcache_page(struct page *page) { }
static inline void clflush_cache_range(void *vaddr, unsigned int size) { }
static inline void flush_kernel_vmap_range(void *vaddr, int size) { }
static inline void invalidate_kernel_vmap_range(void *vaddr, int size) { }

#endif
