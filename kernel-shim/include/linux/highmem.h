/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no highmem on x86-64; kmap is the direct map. */
#ifndef _DMALAB_LINUX_HIGHMEM_H
#define _DMALAB_LINUX_HIGHMEM_H

#include <linux/mm.h>
#include <linux/cacheflush.h>
#include <linux/string.h>

/* as in the kernel, kmap_atomic() disables page faults until kunmap_atomic() */
extern __thread int dmalab_pagefault_disabled;
static inline void pagefault_disable(void) { dmalab_pagefault_disabled++; }
static inline void pagefault_enable(void) { dmalab_pagefault_disabled--; }
static inline bool pagefault_disabled(void) { return dmalab_pagefault_disabled != 0; }

static inline void *kmap(struct page *page) { return page_address(page); }
static inline void kunmap(struct page *page) { }
static inline void *kmap_atomic(struct page *page)
{
	pagefault_disable();
	return page_address(page);
}
#define kunmap_atomic(addr)		do { (void)(addr); pagefault_enable(); } while (0)
static inline void *kmap_local_page(struct page *page) { return page_address(page); }
static inline void *kmap_local_folio(struct folio *folio, size_t offset)
{
	return (char *)folio_address(folio) + offset;
}
#define kunmap_local(addr)		do { (void)(addr); } while (0)

static inline void memcpy_from_page(char *to, struct page *page, size_t offset, size_t len)
{
	memcpy(to, (char *)page_address(page) + offset, len);
}

static inline void memcpy_to_page(struct page *page, size_t offset, const char *from, size_t len)
{
	memcpy((char *)page_address(page) + offset, from, len);
}

static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	memset((char *)page_address(page) + offset, 0, len);
}

#endif
