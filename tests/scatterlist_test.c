// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of lib/scatterlist.c as compiled from the tree.
 *
 * Expected values come from the kernel-doc of each function, worked out
 * here independently: never by calling the code under test again.
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "ktest.h"

/*
 * A test that sg_alloc_table() chains past one page of entries: a page
 * holds SG_MAX_SINGLE_ALLOC (128) entries, the last of which links to the
 * next chunk, so 300 entries take 3 chunks and iterate as 300 entries.
 */
static bool test_sg_alloc_table_chains(void)
{
	struct sg_table table;
	struct scatterlist *sg;
	unsigned int i, n = 0, chains = 0;

	KT_EXPECT_EQ(sg_alloc_table(&table, 300, GFP_KERNEL), 0);
	KT_EXPECT_EQ(table.nents, 300);
	KT_EXPECT_EQ(table.orig_nents, 300);
	for_each_sg(table.sgl, sg, table.orig_nents, i)
		n++;
	KT_EXPECT_EQ(n, 300);
	for (sg = table.sgl, i = 0; i < SG_MAX_SINGLE_ALLOC; i++)
		chains += sg_is_chain(&sg[i]);
	KT_EXPECT_EQ(chains, 1);
	KT_EXPECT(sg_is_last(sg_last(table.sgl, table.orig_nents)));
	sg_free_table(&table);
	return true;
}

static const struct ktest tests[] = {
	KTEST(sg_alloc_table_chains),
};

KTEST_MAIN("scatterlist", tests)
