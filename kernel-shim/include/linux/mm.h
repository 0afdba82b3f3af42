/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: pages, folios and addresses of the mock memory map.
 *
 * Physical memory is modelled, not backed: a page's bytes exist only once
 * something asks for page_address() (the direct map is a reserved, lazily
 * populated mapping). Page frame 0 is never used, as on real machines (the
 * DMA code treats physical address 0 as "no address").
 */
#ifndef _DMALAB_LINUX_MM_H
#define _DMALAB_LINUX_MM_H

#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/gfp.h>
#include <linux/bug.h>
#include <linux/align.h>
#include <linux/sizes.h>
#include <linux/pfn.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>
#include <linux/numa.h>
#include <linux/pgtable.h>

#include <asm/page.h>
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGN_DOWN(addr)	ALIGN_DOWN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
#define INVALID_PHYS_ADDR	(~(phys_addr_t)0)
#define MAX_PAGE_ORDER		10
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/* CONFIG_DEBUG_VM is on: the VM_* checks are WARNs */
#define VM_WARN_ON(x)		WARN_ON(x)
#define VM_WARN_ON_ONCE(x)	WARN_ON_ONCE(x)
#define VM_BUG_ON(x)		BUG_ON(x)
#define VM_BUG_ON_PAGE(x, p)	BUG_ON(x)
#define VM_BUG_ON_FOLIO(x, f)	BUG_ON(x)

/* The memory map is virtually contiguous (as with SPARSEMEM_VMEMMAP). */
static inline bool page_range_contiguous(const struct page *page, unsigned long nr)
{
	return true;
}

/* page->flags bits used by the model */
#define PG_head			(1UL << 16)
#define PG_reserved		(1UL << 17)
#define PG_hugetlb		(1UL << 18)

extern struct page *dmalab_vmemmap;	/* struct page of pfn 0 */
extern char *dmalab_direct_map;		/* virtual address of phys 0 */
extern unsigned long dmalab_max_pfn;	/* first pfn not modelled */
extern unsigned long dmalab_ram_end_pfn;	/* first pfn above RAM (MMIO from there) */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - dmalab_vmemmap;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return dmalab_vmemmap + pfn;
}

#define page_to_phys(page)	PFN_PHYS(page_to_pfn(page))
#define phys_to_page(phys)	pfn_to_page(PHYS_PFN(phys))
#define nth_page(page, n)	((page) + (n))
#define pfn_valid(pfn)		((pfn) > 0 && (pfn) < dmalab_max_pfn)

/* The direct map: kernel virtual addresses of modelled physical memory. */
static inline void *phys_to_virt(phys_addr_t phys)
{
	return dmalab_direct_map + phys;
}

static inline phys_addr_t virt_to_phys(const volatile void *addr)
{
	return (const char *)addr - dmalab_direct_map;
}

#define __va(x)			phys_to_virt(x)
#define __pa(x)			virt_to_phys((void *)(x))
#define virt_to_page(addr)	phys_to_page(virt_to_phys(addr))
#define virt_addr_valid(addr)	pfn_valid(PHYS_PFN(virt_to_phys(addr)))
#define page_address(page)	phys_to_virt(page_to_phys(page))
#define page_to_virt(page)	page_address(page)
#define lowmem_page_address	page_address

/* No vmalloc space in the model: every kernel address is in the direct map. */
static inline bool is_vmalloc_addr(const void *x) { return false; }
static inline bool is_vmalloc_or_module_addr(const void *x) { return false; }
struct page *vmalloc_to_page(const void *addr);

static inline struct page *compound_head(const struct page *page)
{
	if (page->compound_head & 1)
		return (struct page *)(page->compound_head - 1);
	return (struct page *)page;
}

#define page_folio(p)		((struct folio *)compound_head(p))
#define virt_to_folio(addr)	page_folio(virt_to_page(addr))
#define folio_page(folio, n)	(&(folio)->page + (n))

static inline bool folio_test_large(const struct folio *folio)
{
	return folio->flags & PG_head;
}

static inline bool folio_test_hugetlb(const struct folio *folio)
{
	return folio->flags & PG_hugetlb;
}

static inline unsigned int folio_order(const struct folio *folio)
{
	return folio_test_large(folio) ? folio->_flags_1 & 0xff : 0;
}

static inline unsigned long folio_nr_pages(const struct folio *folio)
{
	return 1UL << folio_order(folio);
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

static inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

static inline phys_addr_t folio_phys(const struct folio *folio)
{
	return PFN_PHYS(folio_pfn(folio));
}

static inline void *folio_address(const struct folio *folio)
{
	return page_address(&folio->page);
}

#define offset_in_folio(folio, p) ((unsigned long)(p) & (folio_size(folio) - 1))

static inline unsigned int compound_order(const struct page *page)
{
	return folio_order((const struct folio *)page);
}

static inline int get_order(unsigned long size)
{
	return size <= PAGE_SIZE ? 0 : fls_long((size - 1) >> PAGE_SHIFT);
}

/* DUPLICATED from include/linux/mm.h: bytes in this potentially compound page */
static inline unsigned long page_size(const struct page *page)
{
	return PAGE_SIZE << compound_order(page);
}

static inline bool PageReserved(const struct page *page) { return page->flags & PG_reserved; }
static inline bool PageHighMem(const struct page *page) { return false; }
#define PhysHighMem(p)		PageHighMem(phys_to_page(p))
/*
 * ZONE_DEVICE pages (the P2P memory of BARs): which page map a page
 * belongs to is looked up by its pfn in the live maps of
 * devm_memremap_pages() (kernel-shim/runtime/mm.c), as the kernel's
 * get_dev_pagemap() does; the struct pages of a BAR are never written.
 * NULL for RAM and for MMIO no map covers.
 */
struct dev_pagemap *dmalab_pgmap_of(unsigned long pfn);

static inline struct dev_pagemap *page_pgmap(const struct page *page)
{
	return dmalab_pgmap_of(page_to_pfn(page));
}
static inline bool is_zone_device_page(const struct page *page)
{
	return page_pgmap(page) != NULL;
}
static inline bool folio_is_zone_device(const struct folio *f)
{
	return is_zone_device_page(&f->page);
}
/* pages of different ZONE_DEVICE maps (or one in, one out) never merge */
static inline bool zone_device_pages_have_same_pgmap(const struct page *a,
						     const struct page *b)
{
	return page_pgmap(a) == page_pgmap(b);
}

/*
 * Page references: pages from the page allocator are freed when their last
 * reference goes (iommu-pages frees page tables with folio_put()). Pages of
 * test buffers are not allocated, so references to them change nothing.
 */
void folio_get(struct folio *folio);
void folio_put(struct folio *folio);
#define get_page(page)		folio_get(page_folio(page))
#define put_page(page)		folio_put(page_folio(page))

/* NUMA: one node */
typedef struct pglist_data pg_data_t;
static inline int numa_mem_id(void) { return 0; }
static inline pg_data_t *folio_pgdat(const struct folio *folio) { return NULL; }
#define __folio_alloc_node(gfp, order, nid)	folio_alloc(gfp, order)

/* vmstat: the counters the compiled code updates (dmalab_node_stat()) */
enum node_stat_item {
	NR_IOMMU_PAGES,
	NR_SECONDARY_PAGETABLE,
	NR_DMALAB_NODE_STATS,
};
void mod_node_page_state(pg_data_t *pgdat, enum node_stat_item item, long delta);
void lruvec_stat_mod_folio(struct folio *folio, enum node_stat_item item, long delta);
long dmalab_node_stat(enum node_stat_item item);
/* one node, so the global count is the node's */
static inline unsigned long global_node_page_state(enum node_stat_item item)
{
	return dmalab_node_stat(item);
}
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}
static inline unsigned long vma_start_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff;
}
static inline unsigned long vma_end_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma) - 1;
}
int vm_map_pages(struct vm_area_struct *vma, struct page **pages, unsigned long num);
/* user mappings of kernel pages: not modelled (p2pmem's sysfs mmap only) */
#define VM_MAYSHARE		0x00000080
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
static inline int page_ref_count(const struct page *page) { return page->_refcount; }
static inline void set_page_count(struct page *page, int v) { page->_refcount = v; }
#define VM_WARN_ON_ONCE_PAGE(cond, page)	WARN_ON_ONCE(cond)
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot);
void split_page(struct page *page, unsigned int order);

/* Model set-up for tests and workloads (kernel-shim/runtime/mm.c). */
/* Make [pfn, pfn + 2^order) one folio (order 0: a plain page). */
struct folio *dmalab_make_folio(unsigned long pfn, unsigned int order);
/* Undo dmalab_make_folio(). */
void dmalab_clear_folio(unsigned long pfn);

#include <linux/memremap.h>	/* ZONE_DEVICE pages, as the kernel's mm.h */

#endif
