/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: boot memory. max_pfn is the top of modelled memory;
 * memblock allocations come from the page allocator (all below 1 GiB).
 */
#ifndef _DMALAB_LINUX_MEMBLOCK_H
#define _DMALAB_LINUX_MEMBLOCK_H
#include <linux/mm.h>

#define max_pfn		dmalab_ram_end_pfn	/* end of RAM, not of the memmap */
#define max_low_pfn	dmalab_ram_end_pfn
extern unsigned long min_low_pfn;

void *memblock_alloc(phys_addr_t size, phys_addr_t align);
#define memblock_alloc_low(size, align)	memblock_alloc(size, align)
#define memblock_alloc_nopanic		memblock_alloc
void memblock_free(void *ptr, size_t size);
void memblock_phys_free(phys_addr_t base, phys_addr_t size);
#endif
