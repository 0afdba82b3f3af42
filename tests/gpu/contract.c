// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu suite: what drm_pagemap's mapping does with migrate_pfn arrays
 * migrate_vma never gives, so that the hypotheses about them are settled
 * by the code and not by reading it. None of these is a kernel bug: each
 * comment gives the evidence that the input cannot reach
 * drm_pagemap_migrate_map_system_pages() in 7.3. What they pin down is
 * what the function relies on, so that a change to migrate_vma (or a new
 * caller) that breaks it is seen here first.
 */
#include <linux/iommu.h>
#include <linux/memremap.h>
#include <dmalab/runtime.h>

#include "tests/gpu/gpu.h"

static u64 mapped_bytes(struct env *e)
{
	return dmalab_domain_mapped_bytes(e->td.d);
}

/* does the device reach phys at dma? */
static phys_addr_t translate(struct env *e, dma_addr_t dma)
{
	return iommu_iova_to_phys(dmalab_domain_iommu(e->td.d), dma);
}

/* unmap as drm_pagemap does, then: nothing mapped, the reservation released */
static bool unmap_leaves_nothing(struct env *e, enum dma_data_direction dir,
				 struct drm_pagemap_iova_state *st)
{
	dma_addr_t resv = st->dma_state.addr;
	size_t len = dma_iova_size(&st->dma_state);

	bool ok = true;

	drm_pagemap_repro_unmap(e->td.dev, e->addr, e->mpfn, e->n, dir, st);
	GPU_CHECK(ok, mapped_bytes(e) == 0);
	GPU_CHECK(ok, check_iova_released(e->td.ck, e->td.dev, resv, len));
	return ok;
}

/*
 * A test of an entry that is a tail page: page 3 of an order-4 folio at
 * entry 0, present pages at entries 1, 2 and 16. What the code does, on a
 * strict x86_64 domain: order = folio_order(page_folio(page)) = 4 but
 * page_size(page) is PAGE_SIZE (compound_order() of a tail page is 0), so
 * it links one page, encodes order 4 for it (the copy would read 16 pages
 * at its address: the next is entry 16's page, not the folio's) and
 * advances i by 16, skipping the pages at entries 1 and 2 unmapped
 * (pagemap_addr zero). The unmap destroys what was linked (2 pages) and
 * leaves nothing. Not a bug: migrate_vma_collect_pmd() splits every
 * pte-mapped large folio (migrate_vma_split_folio()) and collects a PMD
 * folio only at its head (migrate_vma_collect_huge_pmd()); the eviction
 * path's destination folios are fresh allocations, mapped at their head;
 * drm_pagemap_migrate_populate_ram_pfn() WARNs if a source entry is not a
 * head. On the per-page path the same entry would be mapped for PAGE_SIZE
 * and unmapped with PAGE_SIZE << 4.
 */
bool test_tail_page_entry(void)
{
	struct drm_pagemap_iova_state st = {};
	struct env e;
	bool ok = true;
	int ret;

	if (!env_init(&e, &gpu_x86_64_strict))
		return env_fini(&e) && false;
	dmalab_make_folio(BUF_PFN + 16, 4);
	e.folios[e.nr_folios++] = BUF_PFN + 16;
	e.mpfn[0] = migrate_pfn(BUF_PFN + 16 + 3) | MIGRATE_PFN_MIGRATE;
	e.n = 1;
	add_folio(&e, 40, 0);
	add_folio(&e, 41, 0);
	add_holes(&e, 13);
	add_folio(&e, 42, 0);
	ret = drm_pagemap_repro_map(e.td.dev, e.addr, e.mpfn, e.n, DMA_TO_DEVICE, &st);
	GPU_CHECK(ok, ret == 0);
	GPU_CHECK(ok, dma_use_iova(&st.dma_state));
	GPU_CHECK(ok, st.offset == 2 * PAGE_SIZE);
	GPU_CHECK(ok, (unsigned int)e.addr[0].order == 4U);
	GPU_CHECK(ok, e.addr[1].addr == 0ULL);
	GPU_CHECK(ok, e.addr[2].addr == 0ULL);
	GPU_CHECK(ok, translate(&e, e.addr[0].addr) == buf_phys(16 + 3));
	/* the second page of the "order-4" mapping is entry 16's page */
	GPU_CHECK(ok, translate(&e, e.addr[0].addr + PAGE_SIZE) == buf_phys(42));
	GPU_CHECK(ok, mapped_bytes(&e) == 2ULL * PAGE_SIZE);
	GPU_CHECK(ok, unmap_leaves_nothing(&e, DMA_TO_DEVICE, &st));
	return env_fini(&e) && ok;
}

/*
 * A test of a PMD folio whose head is the last entry of a 4-entry array
 * (its 511 other pages past the end). What the code does: reserves 4
 * pages (npages * PAGE_SIZE), links two pages, then the folio's 2 MiB at
 * offset 12 KiB: dma_iova_link() does not check offset + size against the
 * reservation (dma-iommu.c: only the start pad, swiotlb and coherence are
 * checked), so it maps 2 MiB past the 16 KiB reservation, into IOVA the
 * allocator may give to anyone, and returns 0; the running offset ends at
 * 2 MiB + 12 KiB. The unmap destroys that offset: everything linked goes,
 * the reservation is freed. Not a bug: migrate_vma_collect_huge_pmd()
 * collects a PMD folio whole only when the PMD lies inside [start, end)
 * (IS_ALIGNED(start, HPAGE_PMD_SIZE) && IS_ALIGNED(end, HPAGE_PMD_SIZE)
 * of the walk's range), and the eviction path's arrays are the same
 * entries; drm_pagemap_migrate_to_devmem()'s slices end at a folio's end.
 */
bool test_pmd_folio_past_array_end(void)
{
	struct drm_pagemap_iova_state st = {};
	size_t resv;
	struct env e;
	bool ok = true;
	int ret;

	if (!env_init(&e, &gpu_x86_64_strict))
		return env_fini(&e) && false;
	add_folio(&e, 1, 0);
	add_holes(&e, 1);
	add_folio(&e, 2, 0);
	dmalab_make_folio(BUF_PFN + 512, PMD_ORDER);
	e.folios[e.nr_folios++] = BUF_PFN + 512;
	e.mpfn[e.n++] = migrate_pfn(BUF_PFN + 512) | MIGRATE_PFN_MIGRATE | MIGRATE_PFN_COMPOUND;
	ret = drm_pagemap_repro_map(e.td.dev, e.addr, e.mpfn, e.n, DMA_TO_DEVICE, &st);
	resv = dma_iova_size(&st.dma_state);
	GPU_CHECK(ok, ret == 0);
	GPU_CHECK(ok, resv == 4 * PAGE_SIZE);
	GPU_CHECK(ok, st.offset == 2 * PAGE_SIZE + (PAGE_SIZE << PMD_ORDER));
	/* mapped past the reservation: the folio's last byte */
	GPU_CHECK(ok, translate(&e, st.dma_state.addr + st.offset - 1) ==
		      buf_phys(512) + (PAGE_SIZE << PMD_ORDER) - 1);
	GPU_CHECK(ok, translate(&e, st.dma_state.addr + resv) != 0ULL);
	GPU_CHECK(ok, unmap_leaves_nothing(&e, DMA_TO_DEVICE, &st));
	return env_fini(&e) && ok;
}

/*
 * A test of a device-private page among system pages (a ZONE_DEVICE page
 * of a MEMORY_DEVICE_PRIVATE map, which has no memory behind its
 * physical address). What the code does: WARN_ON_ONCE(is_device_private_page
 * (page)) fires, and the page is linked anyway at page_to_phys(page): the
 * device is given an address that reaches no memory. Not a bug:
 * drm_pagemap_migrate_to_devmem() sends device-private source pages to
 * drm_pagemap_migrate_remote_to_local() (cur.dpagemap = the page's
 * pagemap), and refuses its own ones earlier ("Migration aborted due to
 * fragmentation", -EBUSY) unless can_migrate_same_pagemap, which sends them
 * the same way; the RAM side of eviction and of the CPU fault maps freshly
 * allocated RAM. The WARN is the function's assertion of that.
 */
bool test_device_private_page(void)
{
	static struct dev_pagemap pgmap = {
		.type = MEMORY_DEVICE_PRIVATE, .nr_range = 1,
		.range = { DMALAB_MMIO_START + SZ_4G, DMALAB_MMIO_START + SZ_4G + SZ_2M - 1 },
	};
	unsigned long pfn = PHYS_PFN(DMALAB_MMIO_START + SZ_4G);
	struct drm_pagemap_iova_state st = {};
	struct env e;
	bool ok = true;
	void *va;
	int ret;

	if (!env_init(&e, &gpu_x86_64_strict))
		return env_fini(&e) && false;
	va = devm_memremap_pages(e.td.dev, &pgmap);
	if (IS_ERR(va)) {
		kt_report(__FILE__, __LINE__, "devm_memremap_pages: %ld", PTR_ERR(va));
		return env_fini(&e) && false;
	}
	GPU_CHECK(ok, is_device_private_page(pfn_to_page(pfn + 5)));
	add_folio(&e, 1, 0);
	e.mpfn[e.n++] = migrate_pfn(pfn + 5) | MIGRATE_PFN_MIGRATE;
	add_folio(&e, 2, 0);
	kt_expect_warns(1);
	ret = drm_pagemap_repro_map(e.td.dev, e.addr, e.mpfn, e.n, DMA_TO_DEVICE, &st);
	GPU_CHECK(ok, ret == 0);
	GPU_CHECK(ok, dmalab_warn_count() == 1UL);
	GPU_CHECK(ok, translate(&e, e.addr[1].addr) == PFN_PHYS(pfn + 5));
	GPU_CHECK(ok, unmap_leaves_nothing(&e, DMA_TO_DEVICE, &st));
	return env_fini(&e) && ok;
}
