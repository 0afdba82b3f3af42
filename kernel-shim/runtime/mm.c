// SPDX-License-Identifier: GPL-2.0-only
/*
 * The mock memory map and page allocator.
 *
 * Physical memory of dmalab_ram_end_pfn pages of RAM, then PCI MMIO space
 * up to dmalab_max_pfn (where BARs get ZONE_DEVICE pages: a table of page
 * maps, see devm_memremap_pages()), is described by a virtually
 * contiguous struct page array (vmemmap) and has a direct map; both are
 * address space reserved with MAP_NORESERVE, so only what is touched costs
 * memory. The page allocator serves kernel allocations (page tables, slab,
 * sg chunks, swiotlb) from [DMALAB_KMEM_FIRST_PFN, DMALAB_KMEM_END_PFN);
 * tests and workloads place their buffers above that, where they like.
 * Freed pages are poisoned for ASan, so a use after free_pages() is caught.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* RAM, then 16 GiB of PCI MMIO space (BARs: devm_memremap_pages()): dmalab/machine.h */

struct page *dmalab_vmemmap;
char *dmalab_direct_map;
unsigned long dmalab_max_pfn;
unsigned long dmalab_ram_end_pfn;

static spinlock_t mm_lock;
static unsigned long kmem_next = DMALAB_KMEM_FIRST_PFN;	/* bump pointer */
/* per-order stacks of free block pfns (host memory) */
static unsigned long *free_pfns[MAX_PAGE_ORDER + 1];
static size_t free_nr[MAX_PAGE_ORDER + 1], free_cap[MAX_PAGE_ORDER + 1];
static const char **page_site;	/* allocation site of each block head */
static long live_blocks;

static void *reserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "dmalab: cannot reserve %zu MiB of address space "
			"for the memory model\n", bytes >> 20);
		exit(2);
	}
	return p;
}

/*
 * As reserve(), with guard bytes of no access below: phys_to_virt() of a
 * physical address the kernel must never touch (DMA_MAPPING_ERROR, ~0,
 * wraps to just below the direct map) then faults when used, as it would
 * in a kernel, instead of reaching the shim's other memory.
 */
static void *reserve_guarded(size_t bytes, size_t guard)
{
	char *p = mmap(NULL, guard + bytes, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED || mprotect(p + guard, bytes, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, "dmalab: cannot reserve %zu MiB of address space "
			"for the memory model\n", (guard + bytes) >> 20);
		exit(2);
	}
	return p + guard;
}

static void __attribute__((constructor(101))) mm_init(void)
{
	dmalab_ram_end_pfn = DMALAB_RAM_END >> PAGE_SHIFT;
	dmalab_max_pfn = DMALAB_MMIO_END >> PAGE_SHIFT;
	dmalab_vmemmap = reserve(dmalab_max_pfn * sizeof(struct page));
	dmalab_direct_map = reserve_guarded(DMALAB_MMIO_END, SZ_1G);
	/*
	 * The shim's own memory (slab, pages, the 64 MiB swiotlb pool that
	 * swiotlb_init() clears at every start) in huge pages where the host
	 * gives them: a few dozen faults instead of some 16,000 at start-up.
	 */
	madvise(dmalab_direct_map, DMALAB_KMEM_END_PFN << PAGE_SHIFT, MADV_HUGEPAGE);
	/* mapped, not malloc()ed: LeakSanitizer need not scan 2 MiB at exit */
	page_site = reserve(DMALAB_KMEM_END_PFN * sizeof(*page_site));
}

struct folio *dmalab_make_folio(unsigned long pfn, unsigned int order)
{
	struct page *head = pfn_to_page(pfn);
	unsigned long i, nr = 1UL << order;

	BUG_ON(!pfn_valid(pfn) || !pfn_valid(pfn + nr - 1) || (pfn & (nr - 1)));
	head->flags &= ~PG_head;
	head->compound_head = 0;
	if (order) {
		head->flags |= PG_head;
		head[1].flags = (head[1].flags & ~0xffUL) | order;
		for (i = 1; i < nr; i++)
			head[i].compound_head = (unsigned long)head | 1;
		/* _flags_1 lives in head[1].flags; keep the tail marker valid */
	}
	return (struct folio *)head;
}

void dmalab_clear_folio(unsigned long pfn)
{
	struct page *head = pfn_to_page(pfn);
	unsigned int order = folio_order((struct folio *)head);
	unsigned long i;

	for (i = 1; i < (1UL << order); i++)
		head[i].compound_head = 0;
	if (order)
		head[1].flags &= ~0xffUL;
	head->flags &= ~PG_head;
}

static bool pop_free(unsigned int order, unsigned long *pfn)
{
	if (!free_nr[order])
		return false;
	*pfn = free_pfns[order][--free_nr[order]];
	return true;
}

static void push_free(unsigned int order, unsigned long pfn)
{
	if (free_nr[order] == free_cap[order]) {
		free_cap[order] = free_cap[order] ? 2 * free_cap[order] : 256;
		free_pfns[order] = realloc(free_pfns[order],
					   free_cap[order] * sizeof(unsigned long));
		if (!free_pfns[order])
			abort();
	}
	free_pfns[order][free_nr[order]++] = pfn;
}

struct page *dmalab_alloc_pages(gfp_t gfp, unsigned int order, const char *site,
				 bool account)
{
	unsigned long pfn, nr = 1UL << order;
	struct page *page;

	if (order > MAX_PAGE_ORDER || dmalab_should_fail(gfp))
		return NULL;

	spin_lock(&mm_lock);
	if (!pop_free(order, &pfn)) {
		pfn = ALIGN(kmem_next, nr);
		if (pfn + nr > DMALAB_KMEM_END_PFN) {
			spin_unlock(&mm_lock);
			printk(KERN_ERR "dmalab: kernel memory (%lu MiB) exhausted\n",
			       (DMALAB_KMEM_END_PFN << PAGE_SHIFT) >> 20);
			return NULL;
		}
		/* the alignment gap becomes free blocks of lower orders */
		while (kmem_next < pfn) {
			unsigned int o = __builtin_ctzl(kmem_next);

			while ((1UL << o) > pfn - kmem_next)
				o--;
			push_free(o, kmem_next);
			kmem_next += 1UL << o;
		}
		kmem_next = pfn + nr;
	}
	page_site[pfn] = site;
	live_blocks++;
	spin_unlock(&mm_lock);

	page = pfn_to_page(pfn);
	memset(page, 0, nr * sizeof(*page));
	page->flags = PG_dmalab_alloc;
	page->_refcount = 1;
	if (order)
		dmalab_make_folio(pfn, order);
	dmalab_unpoison(page_address(page), nr << PAGE_SHIFT);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, nr << PAGE_SHIFT);
	if (account)
		dmalab_account(1, nr << PAGE_SHIFT, nr << PAGE_SHIFT);
	return page;
}

void dmalab_free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), nr = 1UL << order;

	if (pfn < DMALAB_KMEM_FIRST_PFN || pfn >= DMALAB_KMEM_END_PFN ||
	    !(page->flags & PG_dmalab_alloc))
		dmalab_bug(__FILE__, __LINE__, __func__,
			   "freeing pages the page allocator did not hand out");
	if (folio_order((struct folio *)page) != order)
		dmalab_bug(__FILE__, __LINE__, __func__,
			   "freeing pages with the wrong order");
	/* slab.c accounts for the pages it uses itself */
	if (!(page->flags & (PG_dmalab_slab | PG_dmalab_large)))
		dmalab_account(-1, -(long)(nr << PAGE_SHIFT), -(long)(nr << PAGE_SHIFT));
	dmalab_clear_folio(pfn);
	page->flags = 0;
	dmalab_poison(page_address(page), nr << PAGE_SHIFT);

	spin_lock(&mm_lock);
	page_site[pfn] = NULL;
	live_blocks--;
	push_free(order, pfn);
	spin_unlock(&mm_lock);
}

unsigned long dmalab_report_page_leaks(void)
{
	unsigned long pfn, n = 0;

	for (pfn = DMALAB_KMEM_FIRST_PFN; pfn < kmem_next; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!page_site[pfn] || (page->flags & PG_dmalab_slab))
			continue;	/* slab objects are reported by slab.c */
		if (page->flags & PG_dmalab_large)
			printk(KERN_ERR "dmalab: leaked kmalloc(%lu) from %s\n",
			       page->private, page_site[pfn]);
		else
			printk(KERN_ERR "dmalab: leaked order-%u pages at pfn %#lx from %s\n",
			       folio_order((struct folio *)page), pfn, page_site[pfn]);
		n++;
	}
	return n;
}

void dmalab_forget_pages(void)
{
	unsigned long pfn;

	for (pfn = DMALAB_KMEM_FIRST_PFN; pfn < kmem_next; pfn++)
		page_site[pfn] = NULL;
	live_blocks = 0;
}

/* ---- the kernel's page allocator API ---- */

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return dmalab_alloc_pages(gfp, order, "alloc_pages", true);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return dmalab_alloc_pages(gfp, order, "alloc_pages_node", true);
}

struct folio *folio_alloc(gfp_t gfp, unsigned int order)
{
	return (struct folio *)dmalab_alloc_pages(gfp, order, "folio_alloc", true);
}

void __free_pages(struct page *page, unsigned int order)
{
	dmalab_free_pages(page, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = dmalab_alloc_pages(gfp, order, "__get_free_pages", true);

	return page ? (unsigned long)page_address(page) : 0;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		dmalab_free_pages(virt_to_page((void *)addr), order);
}

/* Boot memory (memblock): contiguous, any size, never freed. */
void *dmalab_memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	unsigned long nr = PFN_UP(size), pfn, i;

	spin_lock(&mm_lock);
	pfn = ALIGN(kmem_next, max(1UL, (unsigned long)(align >> PAGE_SHIFT)));
	if (pfn + nr > DMALAB_KMEM_END_PFN) {
		spin_unlock(&mm_lock);
		return NULL;
	}
	kmem_next = pfn + nr;
	spin_unlock(&mm_lock);
	for (i = 0; i < nr; i++)
		pfn_to_page(pfn + i)->flags = PG_reserved;
	dmalab_unpoison(phys_to_virt(PFN_PHYS(pfn)), nr << PAGE_SHIFT);
	/*
	 * Zeroed, as memblock_alloc() promises: boot allocations come from
	 * fresh anonymous memory no one has written (the bump pointer never
	 * goes back), so there is nothing to clear.
	 */
	return phys_to_virt(PFN_PHYS(pfn));
}

/* Turn one order-N block into 2^N order-0 pages, each freed on its own. */
void split_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), i, nr = 1UL << order;

	BUG_ON(!(page->flags & PG_dmalab_alloc));
	dmalab_clear_folio(pfn);
	for (i = 0; i < nr; i++) {
		page[i].flags = PG_dmalab_alloc;
		page[i]._refcount = 1;
		page_site[pfn + i] = page_site[pfn];
	}
	spin_lock(&mm_lock);
	live_blocks += nr - 1;
	spin_unlock(&mm_lock);
	dmalab_account(nr - 1, 0, 0);
}

void folio_get(struct folio *folio)
{
	if (folio->flags & PG_dmalab_alloc)
		__atomic_add_fetch(&folio->_refcount, 1, __ATOMIC_RELAXED);
}

void folio_put(struct folio *folio)
{
	if (!(folio->flags & PG_dmalab_alloc))
		return;		/* a test buffer's page: not allocated, not freed */
	if (__atomic_sub_fetch(&folio->_refcount, 1, __ATOMIC_ACQ_REL) == 0)
		dmalab_free_pages(&folio->page, folio_order(folio));
}

/* ---- vmstat ---- */

static long node_stats[NR_DMALAB_NODE_STATS];

void mod_node_page_state(pg_data_t *pgdat, enum node_stat_item item, long delta)
{
	__atomic_add_fetch(&node_stats[item], delta, __ATOMIC_RELAXED);
}

/* page-table pages, for dmalab_pt_census() (host memory) */
static struct folio **pt_folios;
static size_t nr_pt_folios, cap_pt_folios;

void lruvec_stat_mod_folio(struct folio *folio, enum node_stat_item item, long delta)
{
	__atomic_add_fetch(&node_stats[item], delta, __ATOMIC_RELAXED);
	if (item != NR_SECONDARY_PAGETABLE)
		return;
	spin_lock(&mm_lock);
	if (delta > 0) {
		if (nr_pt_folios == cap_pt_folios) {
			cap_pt_folios = cap_pt_folios ? 2 * cap_pt_folios : 64;
			pt_folios = realloc(pt_folios, cap_pt_folios * sizeof(*pt_folios));
			if (!pt_folios)
				abort();
		}
		pt_folios[nr_pt_folios++] = folio;
	} else {
		for (size_t i = 0; i < nr_pt_folios; i++)
			if (pt_folios[i] == folio) {
				pt_folios[i] = pt_folios[--nr_pt_folios];
				break;
			}
	}
	spin_unlock(&mm_lock);
}

void dmalab_pt_census(struct dmalab_pt_census *c)
{
	c->table_pages = 0;
	c->entries_present = 0;
	spin_lock(&mm_lock);
	for (size_t i = 0; i < nr_pt_folios; i++) {
		const u64 *e = folio_address(pt_folios[i]);
		size_t n = folio_size(pt_folios[i]) / sizeof(*e);

		c->table_pages += folio_nr_pages(pt_folios[i]);
		for (size_t j = 0; j < n; j++)
			c->entries_present += e[j] != 0;
	}
	spin_unlock(&mm_lock);
}

long dmalab_node_stat(enum node_stat_item item)
{
	return __atomic_load_n(&node_stats[item], __ATOMIC_RELAXED);
}

/* ---- ZONE_DEVICE: struct pages for BARs (mm/memremap.c's contract) ---- */

/*
 * The live page maps, sorted by first pfn, as mm/memremap.c keeps them in
 * its pgmap_array (get_dev_pagemap() looks a pfn up there). Whether a page
 * is a ZONE_DEVICE page, and of which map, is looked up here by its pfn
 * (linux/mm.h: is_zone_device_page(), page_pgmap()): nothing is written
 * into the struct pages of a BAR. The kernel initialises every struct page
 * of the range (memmap_init_zone_device()); of those fields the compiled
 * code reads only these two facts, and writing them for multi-GiB BARs
 * cost tens of milliseconds a topology (1 Mi pages a 4 GiB BAR, on set-up
 * and again on removal). Host memory, like the rest of the memory map.
 */
struct zd_map {
	unsigned long first, end;	/* pfns [first, end) */
	struct dev_pagemap *pgmap;
};
static struct zd_map *zd_maps;
static unsigned int nr_zd_maps, cap_zd_maps;

/* the index of the first map ending after pfn */
static unsigned int zd_pos(unsigned long pfn)
{
	unsigned int a = 0, b = nr_zd_maps;

	while (a < b) {
		unsigned int mid = a + (b - a) / 2;

		if (zd_maps[mid].end <= pfn)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

struct dev_pagemap *dmalab_pgmap_of(unsigned long pfn)
{
	struct dev_pagemap *pgmap = NULL;
	unsigned int i;

	if (pfn < dmalab_ram_end_pfn)
		return NULL;	/* RAM: never a device page (see below) */
	spin_lock(&mm_lock);
	i = zd_pos(pfn);
	if (i < nr_zd_maps && zd_maps[i].first <= pfn)
		pgmap = zd_maps[i].pgmap;
	spin_unlock(&mm_lock);
	return pgmap;
}

void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap)
{
	unsigned long first = PHYS_PFN(pgmap->range.start);
	unsigned long end = PHYS_PFN(pgmap->range.end) + 1;
	unsigned int i;
	int ret;

	if (pgmap->nr_range != 1 || !PAGE_ALIGNED(pgmap->range.start) ||
	    !PAGE_ALIGNED(pgmap->range.end + 1))
		return ERR_PTR(-EINVAL);
	/* the kernel refuses ranges that intersect System RAM */
	if (first < dmalab_ram_end_pfn || end > dmalab_max_pfn)
		return ERR_PTR(-ENXIO);
	spin_lock(&mm_lock);
	i = zd_pos(first);
	ret = i < nr_zd_maps && zd_maps[i].first < end ? -EBUSY : 0;	/* already mapped */
	spin_unlock(&mm_lock);
	if (ret)
		return ERR_PTR(ret);
	ret = percpu_ref_init(&pgmap->ref, NULL, 0, GFP_KERNEL);
	if (ret)
		return ERR_PTR(ret);
	spin_lock(&mm_lock);
	i = zd_pos(first);
	if (nr_zd_maps == cap_zd_maps) {
		cap_zd_maps = cap_zd_maps ? 2 * cap_zd_maps : 16;
		zd_maps = realloc(zd_maps, cap_zd_maps * sizeof(*zd_maps));
		if (!zd_maps)
			abort();
	}
	memmove(&zd_maps[i + 1], &zd_maps[i], (nr_zd_maps - i) * sizeof(*zd_maps));
	zd_maps[i] = (struct zd_map){ first, end, pgmap };
	nr_zd_maps++;
	spin_unlock(&mm_lock);
	ret = devm_add_action(dev, (void (*)(void *))dmalab_memunmap_pages, pgmap);
	if (ret) {
		dmalab_memunmap_pages(pgmap);
		return ERR_PTR(ret);
	}
	return phys_to_virt(pgmap->range.start);
}

void dmalab_memunmap_pages(struct dev_pagemap *pgmap)
{
	unsigned int i;

	percpu_ref_kill(&pgmap->ref);
	spin_lock(&mm_lock);
	for (i = 0; i < nr_zd_maps; i++) {
		if (zd_maps[i].pgmap == pgmap) {
			memmove(&zd_maps[i], &zd_maps[i + 1],
				(nr_zd_maps - i - 1) * sizeof(*zd_maps));
			nr_zd_maps--;
			break;
		}
	}
	spin_unlock(&mm_lock);
}

void devm_memunmap_pages(struct device *dev, struct dev_pagemap *pgmap)
{
	devm_release_action(dev, (void (*)(void *))dmalab_memunmap_pages, pgmap);
}

DMALAB_NOCOV_END
