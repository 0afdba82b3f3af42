/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: GFP flags come from the tree's gfp_types.h; page allocation
 * is modelled in kernel-shim/runtime/mm.c. */
#ifndef _DMALAB_LINUX_GFP_H
#define _DMALAB_LINUX_GFP_H

#include <linux/types.h>
#include <linux/gfp_types.h>
#include <linux/mm_types.h>

static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
struct folio *folio_alloc(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
#define get_zeroed_page(gfp)	__get_free_pages((gfp) | __GFP_ZERO, 0)
#define free_page(addr)		free_pages(addr, 0)
#define __free_page(page)	__free_pages(page, 0)

#endif
