// SPDX-License-Identifier: GPL-2.0-only
/*
 * find_iova(), free_iova() and __free_iova().
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/*
 * A test that find_iova() finds every pfn of four allocations and nothing
 * around them, and that the frees free what they promise: free_iova(pfn) frees
 * the whole range holding pfn, __free_iova() frees a node, free_iova() of a pfn
 * nobody holds does nothing. Expect hits on every pfn of a range, misses around
 * them, a freed range gone entirely, the others untouched, and freed space at
 * the top handed out again from the top:
 *
 *   0xfffed-0xffff0  ..  0xffff4  0xffff5-7  0xffff8-0xfffff
 *         d                 c         b             a
 */
bool test_find_iova_hits_misses_and_free(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova *a, *b, *c, *d, *n[4];
	unsigned long p;
	unsigned int i;

	n[0] = a = alloc_iova(iovad, 8, 0xfffff, true);
	n[1] = b = alloc_iova(iovad, 3, 0xfffff, false);
	n[2] = c = alloc_iova(iovad, 1, 0xfffff, false);
	n[3] = d = alloc_iova(iovad, 4, 0xffff0, false);
	KT_EXPECT(check_found(iovad, a, 0xffff8, 0xfffff));
	KT_EXPECT(check_found(iovad, b, 0xffff5, 0xffff7));
	KT_EXPECT(check_found(iovad, c, 0xffff4, 0xffff4));
	KT_EXPECT(check_found(iovad, d, 0xfffed, 0xffff0));
	for (i = 0; i < 4; i++)
		for (p = n[i]->pfn_lo; p <= n[i]->pfn_hi; p++)
			KT_EXPECT(find_iova(iovad, p) == n[i]);
	KT_EXPECT_NULL(find_iova(iovad, 0xffff3));
	KT_EXPECT_NULL(find_iova(iovad, 0xffff1));
	KT_EXPECT_NULL(find_iova(iovad, 0xfffec));
	KT_EXPECT_NULL(find_iova(iovad, 0x100000));
	KT_EXPECT_NULL(find_iova(iovad, 0));

	free_iova(iovad, 0xffffb);		/* the middle of a */
	for (p = 0xffff8; p <= 0xfffff; p++)
		KT_EXPECT_NULL(find_iova(iovad, p));
	KT_EXPECT(check_found(iovad, b, 0xffff5, 0xffff7));
	__free_iova(iovad, b);
	KT_EXPECT_NULL(find_iova(iovad, 0xffff5));
	KT_EXPECT_NULL(find_iova(iovad, 0xffff7));
	free_iova(iovad, 0x12345);		/* nobody's: a no-op */
	free_iova(iovad, 0xffff8);		/* freed already: a no-op */
	KT_EXPECT(check_found(iovad, c, 0xffff4, 0xffff4));
	KT_EXPECT(check_found(iovad, d, 0xfffed, 0xffff0));

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 8, 0xfffff, true), 0xffff8, 0xfffff));
	return true;
}
