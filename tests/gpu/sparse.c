// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu suite: drm_pagemap's mapping protocol on migrate_pfn arrays as
 * migrate_vma gives them (mm/migrate_device.c): holes where a pte is none
 * or maps the zero page, order-0 pages, and PMD folios (order 9) collected
 * whole at their head with MIGRATE_PFN_COMPOUND when the PMD lies inside
 * the range (migrate_vma_collect_huge_pmd()), the 511 entries after the
 * head left empty (migrate_vma_collect_skip()). Every mapping goes through
 * the GPU oracle (oracle/gpu_check.h) after the map and after the unmap.
 */
#include <linux/swiotlb.h>

#include "tests/gpu/gpu.h"

/*
 * A test that holes use no IOVA: 3 holes, 2 pages, a hole, a PMD folio,
 * a page, 64 holes, a page: 584 entries, 516 pages present.
 * drm_pagemap_migrate_map_system_pages() reserves npages * PAGE_SIZE at
 * the first present page (dma_iova_try_alloc(dev, state, 0, npages *
 * PAGE_SIZE)) and links each present folio at state->offset, advancing
 * the offset by page_size(page) only for present pages. Expect, behind a
 * DMA domain, the oracle to find the folios packed from the reservation's
 * start in array order with no gap, holes given no address and nothing
 * else mapped (V4), the offset 516 pages, and after the unmap nothing
 * mapped and the reservation back with the allocator; on dma-direct
 * (and behind an identity domain), each folio mapped on its own. Found:
 * correct. The reservation does cover the holes (584 pages reserved, 516
 * linked): IOVA space, never mapped.
 */
bool test_holes_use_no_iova(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct drm_pagemap_iova_state st;
	struct env e;
	unsigned long n;
	bool ok;
	int ret;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	add_holes(&e, 3);
	add_folio(&e, 1, 0);
	add_folio(&e, 2, 0);
	add_holes(&e, 1);
	add_folio(&e, 512, PMD_ORDER);
	add_folio(&e, 3, 0);
	add_holes(&e, 64);
	add_folio(&e, 4, 0);
	n = e.n;
	ok = migrate(&e, DMA_TO_DEVICE, &ret, &st);
	if (!env_fini(&e) || !ok)
		return false;
	KT_EXPECT_EQ(n, 584UL);
	KT_EXPECT_EQ(ret, 0);
	/* behind a paging DMA domain the IOVA path is taken */
	KT_EXPECT_EQ(dma_use_iova(&st.dma_state), p->iommu && p->kind != DMALAB_DOMAIN_IDENTITY);
	if (dma_use_iova(&st.dma_state)) {
		KT_EXPECT_EQ(st.offset, 516 * PAGE_SIZE);
		KT_EXPECT_EQ(dma_iova_size(&st.dma_state), 584 * PAGE_SIZE);
	}
	return true;
}

/*
 * A test of the running offset at the end of the reservation: 2 pages, a
 * hole, then a PMD folio whose 512 entries are the last of the array (the
 * furthest migrate_vma places one: the PMD must lie inside [start, end)).
 * Expect the links to end exactly at the reservation's end (2 + 512 pages
 * linked of 515 reserved), inside it (V6) and allocated (V9). Found:
 * correct: i + NR_PAGES(order) never passes npages for such arrays, so
 * the offset cannot pass npages * PAGE_SIZE.
 */
bool test_pmd_folio_at_array_end(const void *param, const void *arg)
{
	struct drm_pagemap_iova_state st;
	struct env e;
	bool ok;
	int ret;

	if (!env_init(&e, param))
		return env_fini(&e) && false;
	add_folio(&e, 7, 0);
	add_folio(&e, 9, 0);
	add_holes(&e, 1);
	add_folio(&e, 1024, PMD_ORDER);
	ok = migrate(&e, DMA_FROM_DEVICE, &ret, &st);
	if (!env_fini(&e) || !ok)
		return false;
	KT_EXPECT_EQ(ret, 0);
	if (dma_use_iova(&st.dma_state)) {
		KT_EXPECT_EQ(st.offset, 514 * PAGE_SIZE);
		KT_EXPECT_EQ(dma_iova_size(&st.dma_state), 515 * PAGE_SIZE);
	}
	return true;
}

/* the device reads folio f's bytes at dma; they are the buffer's */
static bool device_reads_folio(struct env *e, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	u8 *got = malloc(len);
	bool ok;

	if (!got)
		KT_FAIL("out of memory");
	ok = check_dma_read(e->td.ck, e->td.dev, dma, got, len);
	if (ok && memcmp(got, phys_to_virt(phys), len)) {
		kt_report(__FILE__, __LINE__, "dma %#llx + %#zx does not read phys %#llx's bytes",
			  (unsigned long long)dma, len, (unsigned long long)phys);
		ok = false;
	}
	free(got);
	return ok;
}

/*
 * A test that each linked entry translates to its page's bytes for its
 * page size: folios of order 0, 2, 4 and 9 with holes between, each filled
 * with its own bytes. Expect every entry's drm_pagemap_addr to encode its
 * folio's order (drm_pagemap_addr_encode(): "Size is PAGE_SIZE << order")
 * and the device, reading PAGE_SIZE << order bytes at its address as the
 * copy engine does, to read exactly the folio's bytes; the oracle's V1
 * walks each folio's granule boundaries. Found: correct; the IOVA path
 * links page_size(page), the folio's size for a head page.
 */
bool test_each_entry_translates(const void *param, const void *arg)
{
	static const struct { unsigned long rel; unsigned int order; } f[] = {
		{ 5, 0 }, { 16, 2 }, { 32, 4 }, { 512, PMD_ORDER }, { 6, 0 },
	};
	struct drm_pagemap_iova_state st;
	struct gpu_check gc;
	unsigned long idx[ARRAY_SIZE(f)];
	struct env e;
	unsigned int i;
	bool ok = true;
	int ret;

	if (!env_init(&e, param))
		return env_fini(&e) && false;
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		size_t len = PAGE_SIZE << f[i].order, j;
		u8 *va = phys_to_virt(buf_phys(f[i].rel));

		for (j = 0; j < len; j++)
			va[j] = (u8)(j * 7 + i * 31 + (j >> 12));
		add_holes(&e, i);
		idx[i] = e.n;
		add_folio(&e, f[i].rel, f[i].order);
	}
	ok = migrate_map(&e, DMA_TO_DEVICE, &gc, &st, &ret);
	if (ok && ret)
		kt_report(__FILE__, __LINE__, "the map failed: %d", ret), ok = false;
	for (i = 0; ok && i < ARRAY_SIZE(f); i++) {
		struct drm_pagemap_addr *a = &e.addr[idx[i]];

		if (a->order != f[i].order || a->proto != DRM_INTERCONNECT_SYSTEM ||
		    a->dir != DMA_TO_DEVICE)
			kt_report(__FILE__, __LINE__, "entry %lu: order %u proto %u dir %u", idx[i],
				  (unsigned int)a->order, (unsigned int)a->proto,
				  (unsigned int)a->dir), ok = false;
		else
			ok = device_reads_folio(&e, a->addr, buf_phys(f[i].rel),
						PAGE_SIZE << f[i].order);
	}
	ok = migrate_unmap(&e, DMA_TO_DEVICE, &gc, &st) && ok;
	return env_fini(&e) && ok;
}

/*
 * A test of an array without a present page (every pte none): nothing is
 * reserved (dma_iova_try_alloc() is called at the first present page
 * only), nothing mapped, the map returns 0 and the unmap does nothing.
 * Found: correct.
 */
bool test_only_holes(const void *param, const void *arg)
{
	struct drm_pagemap_iova_state st;
	struct env e;
	bool ok;
	int ret;

	if (!env_init(&e, param))
		return env_fini(&e) && false;
	add_holes(&e, 40);
	ok = migrate(&e, DMA_TO_DEVICE, &ret, &st);
	if (!env_fini(&e) || !ok)
		return false;
	KT_EXPECT_EQ(ret, 0);
	KT_EXPECT(!dma_use_iova(&st.dma_state));
	return true;
}

/*
 * A test over random arrays as migrate_vma gives them (the seed is printed;
 * -s SEED repeats it): 30 arrays of up to 2048 entries, each a run of
 * holes, order-0 pages or PMD folios (a PMD folio only where its 512
 * entries fit), both directions. Expect the oracle to hold for every one:
 * the offset stays inside the reservation, holes use no IOVA, every folio
 * translates, the unmap leaves nothing. On a device that bounces through
 * swiotlb the folios are at most order 4 here (a PMD folio there is the
 * known bug drm-pagemap-folio-over-max-mapping). Found: correct.
 */
bool test_random_arrays(const void *param, const void *arg)
{
	const struct profile *p = param;
	unsigned int round, max_order = p->dma_mask ? 4 : PMD_ORDER;
	bool ok = true;

	for (round = 0; ok && round < 30; round++) {
		unsigned long rel = 0, target = kt_rand_range(1, 2048);
		struct env e;
		int ret;

		if (!env_init(&e, p))
			return env_fini(&e) && false;
		while (e.n < target) {
			unsigned int kind = kt_rand_range(0, 3), order = 0;

			if (kind == 0) {
				add_holes(&e, min_t(unsigned long, kt_rand_range(1, 40), target - e.n));
				continue;
			}
			if (kind == 3)
				order = kt_rand_range(1, max_order);
			if (e.n + (1UL << order) > target || e.nr_folios == MAX_FOLIOS)
				break;
			rel = ALIGN(rel + kt_rand_range(0, 3), 1UL << order);
			add_folio(&e, rel, order);
			rel += 1UL << order;
		}
		ok = migrate(&e, round & 1 ? DMA_FROM_DEVICE : DMA_TO_DEVICE, &ret, NULL);
		if (ok && ret)
			kt_report(__FILE__, __LINE__, "round %u: the map failed: %d", round, ret),
				ok = false;
		ok = env_fini(&e) && ok;
	}
	return ok;
}

/*
 * A test of a PMD folio on a device that must bounce it (dma-direct, a
 * 32-bit mask, the folio above 4 GiB; the same with swiotlb=force or a
 * memory-encrypted guest, where every direct mapping bounces).
 * drm_pagemap_migrate_map_system_pages() maps every folio with one
 * dma_map_page(dev, page, 0, page_size(page), dir) where no IOVA can be
 * had. Documentation/core-api/dma-api.rst, dma_max_mapping_size(): "The
 * size parameter of the mapping functions like dma_map_single(),
 * dma_map_page() and others should not be larger than the returned
 * value", which is swiotlb_max_mapping_size() (256 KiB) for such a device;
 * drm_pagemap never asks. Expect the migration to map (correct behaviour:
 * the folio's bytes reach the device, however the caller splits them).
 * Found: swiotlb refuses the 2 MiB mapping ("swiotlb buffer is full (sz:
 * 2097152 bytes)"), dma_map_page() returns DMA_MAPPING_ERROR and the map
 * -EFAULT: every migration with a PMD folio fails; on the CPU fault path
 * (__drm_pagemap_migrate_to_ram() maps the freshly allocated RAM folios,
 * PMD folios for a PMD device folio) drm_pagemap_migrate_to_ram() turns
 * that into VM_FAULT_SIGBUS. drm_pagemap_migrate_populate_ram_pfn() falls
 * back to order-0 pages only when the folio allocation fails, not here.
 */
bool test_direct_pmd_folio_bounced(void)
{
	static const struct profile p = {
		"direct32", .coherent = true, .dma_mask = DMA_BIT_MASK(32)
	};
	struct env e;
	size_t max;
	bool ok;
	int ret;

	if (!env_init(&e, &p))
		return env_fini(&e) && false;
	add_folio(&e, 3, 0);
	add_folio(&e, 512, PMD_ORDER);
	max = swiotlb_max_mapping_size(e.td.dev);
	ok = migrate(&e, DMA_FROM_DEVICE, &ret, NULL);
	if (!env_fini(&e) || !ok)
		return false;
	KT_EXPECT_GT((unsigned long)PAGE_SIZE << PMD_ORDER, max);
	KT_EXPECT_EQ(ret, 0);
	return true;
}
