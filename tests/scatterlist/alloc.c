// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of sg_alloc_table(), sg_init_table(), sg_init_one() and sg_chain():
 * the chunk layout against sg_model_chain_links() and sg_model_walk(),
 * and lists built and chained by hand.
 */
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * sg_alloc_table() of n entries: nents, one allocation a chunk, the layout
 * (entries, links) as walked without sg_next(), for_each_sg() visiting the
 * entries of the layout, sg_nents(), sg_last(), and sg_free_table() freeing
 * every chunk.
 */
static bool check_alloc_table(unsigned int n)
{
	struct dmalab_slab_stats st0, st1, st2;
	struct scatterlist *sg, *last = NULL;
	unsigned int i, nr, chains;
	struct sg_table table;

	dmalab_slab_stats(&st0);
	KT_EXPECT_EQ(sg_alloc_table(&table, n, GFP_KERNEL), 0);
	dmalab_slab_stats(&st1);
	KT_EXPECT_EQ(table.nents, n);
	KT_EXPECT_EQ(table.orig_nents, n);
	/* one allocation a chunk */
	KT_EXPECT_EQ(st1.allocs - st0.allocs, sg_model_chain_links(n) + 1);

	if (!raw_walk(table.sgl, &nr, &chains))
		return false;
	KT_EXPECT_EQ(nr, n);
	KT_EXPECT_EQ(chains, sg_model_chain_links(n));

	/* for_each_sg() visits the entries of the layout, skipping the links */
	for_each_sg(table.sgl, sg, table.orig_nents, i) {
		if (sg != walked[i] || sg_is_chain(sg) || sg_page(sg) || sg->offset ||
		    sg->length || sg_is_last(sg) != (i == n - 1))
			KT_FAIL("entry %u of %u: %p (layout %p) page_link %#lx offset %u length %u",
				i, n, (void *)sg, (void *)walked[i], sg->page_link, sg->offset,
				sg->length);
		last = sg;
	}
	KT_EXPECT_EQ(i, n);
	KT_EXPECT_EQ(sg_nents(table.sgl), n);
	KT_EXPECT_EQ(sg_last(table.sgl, table.orig_nents), last);

	sg_free_table(&table);
	dmalab_slab_stats(&st2);
	KT_EXPECT_NULL(table.sgl);
	KT_EXPECT_EQ(st2.frees - st1.frees, st1.allocs - st0.allocs);
	KT_EXPECT_EQ(st2.live_objects, st0.live_objects);
	return true;
}

/*
 * A test that sg_alloc_table() chains past one page of entries: a page
 * holds SG_MAX_SINGLE_ALLOC (128) entries, the last of which links to the
 * next chunk, so 300 entries take 3 chunks and iterate as 300 entries.
 *
 *   chunk 0                 chunk 1                 chunk 2
 *   [0 .. 126][link] -----> [127 .. 253][link] ---> [254 .. 299(end)]
 *
 * Expect, for 1 to 1000 entries around the chunk sizes: nents = orig_nents
 * = n, n entries by for_each_sg() in layout order, ceil((n - 128) / 127)
 * links each in the last slot of its chunk, one allocation per chunk, the
 * end marker on entry n - 1 only, sg_nents() = n, and sg_free_table()
 * freeing every chunk.
 */
bool test_sg_alloc_table_chains(void)
{
	const unsigned int sizes[] = { 1, 2, 127, 128, 129, 254, 255, 256, 300, 381, 382, 1000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		if (!check_alloc_table(sizes[i]))
			KT_FAIL("sg_alloc_table() of %u entries", sizes[i]);
	return true;
}

/*
 * A test that sg_alloc_table() of 0 entries fails. Expect -EINVAL, nothing
 * allocated, and a table sg_free_table() can take.
 */
bool test_sg_alloc_table_zero_entries(void)
{
	struct dmalab_slab_stats st0, st1;
	struct sg_table table;

	dmalab_slab_stats(&st0);
	KT_EXPECT_EQ(sg_alloc_table(&table, 0, GFP_KERNEL), -EINVAL);
	dmalab_slab_stats(&st1);
	KT_EXPECT_EQ(st1.allocs, st0.allocs);
	KT_EXPECT_NULL(table.sgl);
	sg_free_table(&table);
	return true;
}

/*
 * A test that sg_init_table() initializes and sg_init_one() sets up a
 * single entry. Expect every field of a dirty array zeroed and the end
 * marker on the last entry only; and sg_init_one(buf, len) giving the page,
 * offset and length of buf, sg_phys()/sg_virt() back at buf, and a
 * one-entry list.
 */
bool test_sg_init_table_and_one(void)
{
	const phys_addr_t phys = PFN_PHYS(BUF_PFN + 5) + 0x123;
	struct scatterlist sgl[5], one;
	unsigned int i;

	memset(sgl, 0xa5, sizeof(sgl));
	sg_init_table(sgl, ARRAY_SIZE(sgl));
	for (i = 0; i < ARRAY_SIZE(sgl); i++) {
		KT_EXPECT_EQ(sgl[i].page_link, i == 4 ? SG_END : 0);
		KT_EXPECT_EQ(sgl[i].offset, 0);
		KT_EXPECT_EQ(sgl[i].length, 0);
		KT_EXPECT_EQ(sg_dma_address(&sgl[i]), 0);
		KT_EXPECT_EQ(sg_dma_len(&sgl[i]), 0);
	}
	KT_EXPECT_EQ(sg_nents(sgl), 5);

	memset(&one, 0x5a, sizeof(one));
	sg_init_one(&one, phys_to_virt(phys), 0x456);
	KT_EXPECT_EQ(sg_page(&one), pfn_to_page(BUF_PFN + 5));
	KT_EXPECT_EQ(one.offset, 0x123);
	KT_EXPECT_EQ(one.length, 0x456);
	KT_EXPECT_EQ(sg_phys(&one), phys);
	KT_EXPECT_EQ(sg_virt(&one), phys_to_virt(phys));
	KT_EXPECT(sg_is_last(&one));
	KT_EXPECT(!sg_is_chain(&one));
	KT_EXPECT_NULL(sg_next(&one));
	KT_EXPECT_EQ(sg_nents(&one), 1);
	return true;
}

/*
 * A test that sg_chain() links two lists into one:
 *
 *   a[0] a[1] a[2] a[3]=link --> b[0] b[1] b[2](end)
 *
 * Expect the link to replace a[3] (its end marker cleared), for_each_sg()
 * and sg_next() to go a[0..2] then b[0..2], sg_nents() = 6, sg_last() =
 * b[2] (also from a later start), and sg_nents_for_len() counting across.
 */
bool test_sg_chain_by_hand(void)
{
	struct scatterlist a[4], b[3], *sg, *expect[6];
	unsigned int i;

	sg_init_table(a, 4);
	sg_init_table(b, 3);
	for (i = 0; i < 3; i++) {
		sg_set_page(&a[i], pfn_to_page(BUF_PFN + i), 0x100 * (i + 1), 0);
		sg_set_page(&b[i], pfn_to_page(BUF_PFN + 10 + i), 0x1000, 0);
		expect[i] = &a[i];
		expect[3 + i] = &b[i];
	}
	KT_EXPECT(sg_is_last(&a[3]));
	sg_chain(a, 4, b);
	KT_EXPECT(sg_is_chain(&a[3]));
	KT_EXPECT(!sg_is_last(&a[3]));
	KT_EXPECT_EQ(sg_chain_ptr(&a[3]), b);
	KT_EXPECT_EQ(sg_next(&a[2]), &b[0]);

	for_each_sg(a, sg, 6, i)
		KT_EXPECT_EQ(sg, expect[i]);
	KT_EXPECT_EQ(i, 6);
	KT_EXPECT_EQ(sg_nents(a), 6);
	KT_EXPECT_EQ(sg_last(a, 6), &b[2]);
	KT_EXPECT_EQ(sg_last(&a[2], 4), &b[2]);
	KT_EXPECT_EQ(sg_last(&b[1], 2), &b[2]);
	/* a: 0x100 + 0x200 + 0x300 = 0x600, then 0x1000 each */
	KT_EXPECT_EQ(sg_nents_for_len(a, 0x600), 3);
	KT_EXPECT_EQ(sg_nents_for_len(a, 0x601), 4);
	KT_EXPECT_EQ(sg_nents_for_len(a, 0x3600), 6);
	KT_EXPECT_EQ(sg_nents_for_len(a, 0x3601), -EINVAL);
	return true;
}

/* the chunk allocator of the first-chunk test: counts what it hands out */
static unsigned int chunk_allocs, chunk_frees;

static struct scatterlist *count_chunk_alloc(unsigned int nents, gfp_t gfp)
{
	chunk_allocs++;
	return kmalloc_array(nents, sizeof(struct scatterlist), gfp);
}

static void count_chunk_free(struct scatterlist *sgl, unsigned int nents)
{
	chunk_frees++;
	kfree(sgl);
}

/*
 * A test of __sg_alloc_table() and __sg_free_table() with a first chunk the
 * caller owns (what sg_alloc_table_chained() does with its inline array):
 * 300 entries, a first chunk of 8, chunks of 32 after it.
 *
 *   first (caller's)     alloc_fn             alloc_fn
 *   [0 .. 6][link] ----> [7 .. 37][link] ... [.. 299(end)]
 *
 * Expect nents = 300, 300 entries in the walk, every chunk but the first
 * from alloc_fn, and __sg_free_table() with the same nents_first_chunk
 * giving each of those back to free_fn and never the caller's first chunk
 * (mutation class: a dropped reset of nents_first_chunk leaks every chunk).
 */
bool test_sg_alloc_table_first_chunk(void)
{
	struct scatterlist first[8], *sg;
	struct dmalab_slab_stats st0, st1;
	struct sg_table table;
	unsigned int i, n = 300, nr, chains;

	chunk_allocs = chunk_frees = 0;
	dmalab_slab_stats(&st0);
	KT_EXPECT_EQ(__sg_alloc_table(&table, n, 32, first, ARRAY_SIZE(first), GFP_KERNEL,
				      count_chunk_alloc), 0);
	KT_EXPECT_EQ(table.sgl, first);
	KT_EXPECT_EQ(table.nents, n);
	KT_EXPECT_EQ(table.orig_nents, n);
	/* 7 entries in the first chunk, 31 in each full one after it */
	KT_EXPECT_EQ(chunk_allocs, 1 + DIV_ROUND_UP(n - 7 - 32, 31));
	/* the layout, walked by hand: a link in the last slot of each chunk */
	nr = chains = 0;
	for (sg = table.sgl, i = 0; sg; i++) {
		if (sg_is_chain(sg)) {
			KT_EXPECT_EQ(i, chains ? 31 : ARRAY_SIZE(first) - 1);
			chains++;
			sg = sg_chain_ptr(sg);
			i = -1;
			continue;
		}
		nr++;
		if (sg_is_last(sg))
			break;
		sg++;
	}
	KT_EXPECT_EQ(nr, n);
	KT_EXPECT_EQ(chains, chunk_allocs);
	for_each_sg(table.sgl, sg, table.orig_nents, i)
		KT_EXPECT_EQ(sg_is_last(sg), i == n - 1);
	KT_EXPECT_EQ(i, n);

	__sg_free_table(&table, 32, ARRAY_SIZE(first), count_chunk_free, table.orig_nents);
	dmalab_slab_stats(&st1);
	KT_EXPECT_NULL(table.sgl);
	KT_EXPECT_EQ(chunk_frees, chunk_allocs);
	KT_EXPECT_EQ(st1.live_objects, st0.live_objects);
	return true;
}
