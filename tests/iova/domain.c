// SPDX-License-Identifier: GPL-2.0-only
/*
 * init_iova_domain() and put_iova_domain(): the derived fields and inline
 * helpers of <linux/iova.h> at every granule, and the teardown.
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/*
 * A test that init_iova_domain() at one granule and start_pfn (one case a
 * configuration) derives the domain's fields, that the inline helpers of
 * <linux/iova.h> compute with them, and that allocation works at the top of the
 * 32-bit space and in the window [start_pfn, start_pfn + 7], which is filled
 * top-down and never left. Expect, with granule g and shift s = log2(g):
 *
 *   mask g - 1, dma_32bit_pfn = 4 GiB / g
 *   alloc_iova(3, dma_32bit_pfn - 1, aligned) -> [dma32 - 4, dma32 - 2]
 *   start .. start+7: eight 1-page allocations, start+7 down to start, then NULL
 */
bool test_init_iova_domain_granules(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long g = cfg->granule, start = cfg->start_pfn;
	unsigned long shift = 0, dma32 = (1UL << 32) / g, i;
	struct iova *iova;

	while ((1UL << shift) != g)
		shift++;
	KT_EXPECT_EQ(iovad->granule, g);
	KT_EXPECT_EQ(iovad->start_pfn, start);
	KT_EXPECT_EQ(iova_shift(iovad), shift);
	KT_EXPECT_EQ(iova_mask(iovad), g - 1);
	KT_EXPECT_EQ(iovad->dma_32bit_pfn, dma32);
	KT_EXPECT_EQ(iova_offset(iovad, 7 * g + 5), 5);
	KT_EXPECT_EQ(iova_offset(iovad, 7 * g), 0);
	KT_EXPECT_EQ(iova_align(iovad, 1), g);
	KT_EXPECT_EQ(iova_align(iovad, g), g);
	KT_EXPECT_EQ(iova_align(iovad, g + 1), 2 * g);
	KT_EXPECT_EQ(iova_align_down(iovad, 2 * g - 1), g);
	KT_EXPECT_EQ(iova_pfn(iovad, (dma_addr_t)0x12345 * g + g - 1), 0x12345);

	iova = alloc_iova(iovad, 3, dma32 - 1, true);
	KT_EXPECT(check_found(iovad, iova, dma32 - 4, dma32 - 2));
	KT_EXPECT_EQ(iova_dma_addr(iovad, iova), (1ULL << 32) - 4 * g);

	for (i = 0; i < 8; i++) {
		iova = alloc_iova(iovad, 1, start + 7, false);
		KT_EXPECT(check_found(iovad, iova, start + 7 - i, start + 7 - i));
	}
	KT_EXPECT_NULL(alloc_iova(iovad, 1, start + 7, false));
	KT_EXPECT_NULL(find_iova(iovad, start + 8));
	if (start)
		KT_EXPECT_NULL(find_iova(iovad, start - 1));
	return true;
}

/*
 * A test that put_iova_domain() frees everything at once: live allocations,
 * reserved ranges and cached ranges, the magazines of two CPUs and the depot,
 * the rcache arrays, and cancels the depot work. Expect, counted independently:
 *
 *   nodes: 3 alloc_iova + 2 reserve_iova + 255 + 1 cached     = 261
 *   magazines: CPU 0 loaded + prev + 1 in the depot, CPU 1 loaded = 4
 *   rcaches array 1 + per-cpu rcaches (one per size class) 6    = 7
 *
 * (7.3 allocates magazines on first use; 7.2 allocates every CPU's loaded
 * and prev magazines of every size class in iova_domain_init_rcaches(),
 * which the count after it tells apart)
 *
 * and after put_iova_domain() as many objects as before init_iova_domain(),
 * no pending work and iovad->rcaches NULL.
 */
bool test_put_iova_domain_frees_everything(void)
{
	static unsigned long f[255];
	struct iova_domain iovad = {};
	uint64_t before, at_init, mid;
	unsigned long p;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	dmalab_set_cpu(0);
	before = live_objects();
	init_iova_domain(&iovad, GRANULE_4K, 1);
	KT_EXPECT_EQ(iova_domain_init_rcaches(&iovad), 0);
	at_init = live_objects();
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 1, DMA32_PFN - 1, false));
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 7, DMA32_PFN - 1, true));
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 100, (1UL << 40) - 1, false));
	KT_EXPECT_NOT_NULL(reserve_iova(&iovad, 0x10, 0x20));
	KT_EXPECT_NOT_NULL(reserve_iova(&iovad, 0x30, 0x40));
	dmalab_set_cpu(1);
	p = alloc_iova_fast(&iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_NE(p, 0);
	free_iova_fast(&iovad, p, 1);
	dmalab_set_cpu(0);
	KT_EXPECT(alloc_then_free_singles(&iovad, f, 255));
	KT_EXPECT_EQ(dmalab_pending_work(), 1);
	mid = live_objects();
	if (at_init - before == 7) {
		KT_EXPECT_EQ(mid - before, 261 + 4 + 7);
	} else {
		/* 7.2: each CPU's two magazines of each size class at init, so
		 * only the depot's magazine is new */
		KT_EXPECT_EQ(at_init - before, 7 + 2 * 6 * num_possible_cpus());
		KT_EXPECT_EQ(mid - at_init, 261 + 1);
	}

	put_iova_domain(&iovad);
	KT_EXPECT_EQ(live_objects(), before);
	KT_EXPECT_EQ(dmalab_pending_work(), 0);
	KT_EXPECT_NULL(iovad.rcaches);
	iova_cache_put();
	return true;
}
