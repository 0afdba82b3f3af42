// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of drivers/iommu/iova.c as compiled from the tree.
 *
 * Expected values come from the kernel-doc of each function, worked out
 * here independently: never by calling the allocator again.
 */
#include <linux/iova.h>
#include <linux/slab.h>

#include "ktest.h"

/*
 * A test that the first size-aligned allocation of a fresh domain lands at
 * the top of the limit, naturally aligned:
 *
 *   limit_pfn = 0xfffff, size 5 -> aligned to 8 -> [0xffff8, 0xffffc]
 */
static bool test_alloc_iova_top_down_aligned(void)
{
	struct iova_domain iovad = {};	/* callers embed it in zeroed memory */
	struct iova *iova;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	init_iova_domain(&iovad, 4096, 1);
	iova = alloc_iova(&iovad, 5, 0xfffff, true);
	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_lo, 0xffff8);
	KT_EXPECT_EQ(iova->pfn_hi, 0xffffc);
	put_iova_domain(&iovad);
	iova_cache_put();
	return true;
}

static const struct ktest tests[] = {
	KTEST(alloc_iova_top_down_aligned),
};

KTEST_MAIN("iova", tests)
