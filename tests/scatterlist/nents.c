// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of sg_nents_for_len(), against the model's entries and prefix
 * sums (sg_model_nents_for_len()) and against values worked out by hand.
 */
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * A test that sg_nents_for_len() gives "the number of sg entries needed" to
 * cover len bytes, "negative error on failure", on a 300-entry chained table
 * of lengths 0..0xfff, some 0. Expect for len = 0 zero entries; for any len
 * the fewest leading entries whose lengths add up to len or more (the
 * model's prefix sums), at and next to every prefix sum; and -EINVAL for
 * len beyond the total.
 */
bool test_sg_nents_for_len(void)
{
	static struct sg_model m;
	struct sg_table table;
	struct scatterlist *sg;
	unsigned int i, k;
	bool ok = true;

	KT_EXPECT_EQ(sg_alloc_table(&table, 300, GFP_KERNEL), 0);
	sg_model_init(&m);
	for_each_sg(table.sgl, sg, 300, i) {
		unsigned int len = i % 11 == 5 ? 0 : kt_rand_range(1, PAGE_SIZE - 1);

		sg_set_page(sg, pfn_to_page(BUF_PFN + i), len, 0);
		if (!sg_model_add_entry(&m, BUF_PFN + i, 0, len))
			KT_RECORD(ok, "model full at entry %u", i);
	}

	for (i = 0; i <= 300 && ok; i++) {
		const unsigned long long pre = sg_model_prefix(&m, i);
		const unsigned long long lens[] = { pre, pre + 1, pre - 1 };

		for (k = 0; k < ARRAY_SIZE(lens) && ok; k++) {
			unsigned long long len = lens[k];
			/* beyond the total (also prefix 0 - 1): -EINVAL */
			int expect = sg_model_nents_for_len(&m, len), got;

			got = sg_nents_for_len(table.sgl, len);
			if (got != expect)
				KT_RECORD(ok, "len %#llx: %d, expected %d", len, got, expect);
		}
	}
	if (ok && (sg_nents_for_len(table.sgl, 0) != 0 ||
		   sg_nents_for_len(table.sgl, 1ULL << 40) != -EINVAL))
		KT_RECORD(ok, "len 0 or 1 TiB");
	sg_free_table(&table);
	return ok;
}

/*
 * A test that sg_nents_for_len() takes a 64-bit length: three entries of
 * 0xfffff000 bytes (the longest a page-aligned entry gets) hold more than
 * 4 GiB. Expect 2 entries for 4 GiB, 3 for 8 GiB, -EINVAL past the total,
 * none of which a 32-bit sum would give.
 */
bool test_sg_nents_for_len_64bit(void)
{
	struct scatterlist sgl[3];
	unsigned int i;

	sg_init_table(sgl, 3);
	for (i = 0; i < 3; i++)
		sg_set_page(&sgl[i], pfn_to_page(BUF_PFN + 0x100000 * (i + 1)), 0xfffff000, 0);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 0xfffff000), 1);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 1ULL << 32), 2);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 2 * 0xfffff000ULL), 2);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 1ULL << 33), 3);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 3 * 0xfffff000ULL), 3);
	KT_EXPECT_EQ(sg_nents_for_len(sgl, 3 * 0xfffff000ULL + 1), -EINVAL);
	return true;
}
