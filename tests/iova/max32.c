// SPDX-License-Identifier: GPL-2.0-only
/*
 * alloc_iova(): the max32_alloc_size heuristic, "size of last failed
 * allocation" (<linux/iova.h>). Once a search for size N finds no room,
 * every allocation of size >= N with a limit in the 32-bit space fails at
 * once, until a range starting below the 32-bit boundary is freed (the
 * rules, as oracle/iova_model.h states them).
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/*
 * A test that, after a failed allocation in the full window [0x1000, 0x100f],
 * any freed 32-bit range resets max32_alloc_size and lets allocations of the
 * failed size succeed again (no spurious -ENOMEM with free space), that a
 * smaller size is still attempted, and that a 64-bit limit is not affected at
 * all. Expect:
 *
 *   fail 1 -> free 0x1005 -> alloc 1 = 0x1005
 *   free 0x1002, 0x1003 -> fail 4 (max32 = 4) -> alloc 2 = 0x1002 (2 < 4)
 *   fail 1 (max32 = 1) -> alloc 1 under limit dma_32bit_pfn = 0x100000
 */
bool test_alloc_iova_max32_reset_by_free(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long lim = 0x100f, i;

	for (i = 0; i < 16; i++)
		KT_EXPECT_NOT_NULL(alloc_iova(iovad, 1, lim, false));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));

	free_iova(iovad, 0x1005);
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), 0x1005, 0x1005));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));

	free_iova(iovad, 0x1002);
	free_iova(iovad, 0x1003);
	KT_EXPECT_NULL(alloc_iova(iovad, 4, lim, true));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 2, lim, true), 0x1002, 0x1003));

	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN, false),
			      DMA32_PFN, DMA32_PFN));
	free_iova(iovad, 0x100f);
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, true), 0x100f, 0x100f));
	return true;
}

/*
 * A test that documents the limits of the max32_alloc_size heuristic: it
 * remembers a size, not the limit or alignment that failed. This is what the
 * code does by design (commit bee60e94a1e2: "fail fast" when the 32-bit space
 * looks full); the test pins it down. Expect below 4 GiB
 *  - after a failure under limit 0x1003, the same size to fail under limit
 *    0x1fff too although [0x1004, 0x1fff] is free;
 *  - after an aligned 3-page allocation fails, an unaligned 3-page one to
 *    fail too although 3 free pages are there;
 * until a range below 4 GiB is freed (a free above 4 GiB does not count).
 *
 *   0x1000 0x1001 0x1002 0x1003 | 0x1004 ......... 0x1fff
 *     x      x      x      x    |  free, yet refused
 *
 *   0x1000 0x1001 0x1002 0x1003
 *     x    [ 3 free, not 4-aligned ]
 */
bool test_alloc_iova_max32_heuristic_limits(struct iova_domain *iovad,
					     const struct dom_cfg *cfg)
{
	struct iova *hi, *two;
	unsigned long i;

	for (i = 0; i < 4; i++)
		KT_EXPECT_NOT_NULL(alloc_iova(iovad, 1, 0x1003, false));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1003, false));	/* full: max32 = 1 */
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1fff, false));	/* refused */
	hi = alloc_iova(iovad, 1, DMA32_PFN, false);		/* 64-bit: fine */
	KT_EXPECT(check_found(iovad, hi, DMA32_PFN, DMA32_PFN));
	__free_iova(iovad, hi);					/* above 4 GiB */
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1fff, false));	/* still refused */
	free_iova(iovad, 0x1000);				/* below 4 GiB */
	two = alloc_iova(iovad, 2, 0x1fff, false);		/* only fits above 0x1003 */
	KT_EXPECT_NOT_NULL(two);
	KT_EXPECT_GE(two->pfn_lo, 0x1004);
	KT_EXPECT_LE(two->pfn_hi, 0x1fff);

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, 0x1000, false), 0x1000, 0x1000));
	free_iova(iovad, 0x1001);
	free_iova(iovad, 0x1002);
	free_iova(iovad, 0x1003);
	KT_EXPECT_NULL(alloc_iova(iovad, 3, 0x1003, true));	/* max32 = 3 */
	KT_EXPECT_NULL(alloc_iova(iovad, 3, 0x1003, false));	/* refused */
	two = alloc_iova(iovad, 2, 0x1003, false);		/* 2 < 3: tried */
	KT_EXPECT_NOT_NULL(two);
	KT_EXPECT_GE(two->pfn_lo, 0x1001);
	KT_EXPECT_LE(two->pfn_hi, 0x1003);
	__free_iova(iovad, two);				/* resets max32 */
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 3, 0x1003, false), 0x1001, 0x1003));
	return true;
}
