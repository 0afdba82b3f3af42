// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of sg_alloc_table_from_pages_segment() (and
 * sg_alloc_table_from_pages()): hand-worked cases, each also compared with
 * the model of oracle/sg_model.h (run_pages_cases()), so that the model is
 * tested against entries worked out by hand.
 */
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * A test that physically contiguous pages are squashed into one entry
 * ("Contiguous ranges of the pages are squashed into a single scatterlist
 * node"), at any pfn, also through sg_alloc_table_from_pages(), whose
 * max_segment is UINT_MAX. Expect one entry spanning all the pages.
 */
bool test_from_pages_merges_contiguous(void)
{
	const struct pages_case cases[] = {
		{ "one page", PFNS(0), 0, P, UINT_MAX, SEGS({ 0, 0, P }) },
		{ "two pages", PFNS(0, 1), 0, 2 * P, UINT_MAX, SEGS({ 0, 0, 2 * P }) },
		{ "16 pages", PFNS(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
		  0, 16 * P, UINT_MAX, SEGS({ 0, 0, 16 * P }) },
		{ "high pfns", PFNS(0x123456, 0x123457, 0x123458), 0, 3 * P, UINT_MAX,
		  SEGS({ 0x123456, 0, 3 * P }) },
	};
	struct sg_table sgt;
	unsigned int i;

	if (!run_pages_cases(cases, ARRAY_SIZE(cases)))
		return false;

	for (i = 0; i < 64; i++)
		pages[i] = pfn_to_page(BUF_PFN + 0x200 + i);
	KT_EXPECT_EQ(sg_alloc_table_from_pages(&sgt, pages, 64, 0, 64 * P, GFP_KERNEL), 0);
	KT_EXPECT_EQ(sgt.orig_nents, 1);
	KT_EXPECT_EQ(sg_page(sgt.sgl), pages[0]);
	KT_EXPECT_EQ(sgt.sgl->length, 64 * P);
	KT_EXPECT(sg_is_last(sgt.sgl));
	sg_free_table(&sgt);
	return true;
}

/*
 * A test that pages that are not physically contiguous, in the order
 * given, get entries of their own:
 *
 *   pfn   0  1  .  3  4  5  .  7
 *        [ A  ]   [ B      ]   [C]
 *
 * Expect a new entry wherever a page is not the one after the previous:
 * after a gap, going down, the same page twice, or jumping back.
 */
bool test_from_pages_discontiguous(void)
{
	const struct pages_case cases[] = {
		{ "runs with gaps", PFNS(0, 1, 3, 4, 5, 7), 0, 6 * P, UINT_MAX,
		  SEGS({ 0, 0, 2 * P }, { 3, 0, 3 * P }, { 7, 0, P }) },
		{ "gap of one page", PFNS(0, 2), 0, 2 * P, UINT_MAX,
		  SEGS({ 0, 0, P }, { 2, 0, P }) },
		{ "descending", PFNS(5, 4, 3), 0, 3 * P, UINT_MAX,
		  SEGS({ 5, 0, P }, { 4, 0, P }, { 3, 0, P }) },
		{ "same page twice", PFNS(2, 2, 3), 0, 3 * P, UINT_MAX,
		  SEGS({ 2, 0, P }, { 2, 0, 2 * P }) },
		{ "jump back", PFNS(10, 11, 0, 1), 0, 4 * P, UINT_MAX,
		  SEGS({ 10, 0, 2 * P }, { 0, 0, 2 * P }) },
		{ "every other page", PFNS(0, 2, 4, 6, 8), 0, 5 * P, UINT_MAX,
		  SEGS({ 0, 0, P }, { 2, 0, P }, { 4, 0, P }, { 6, 0, P }, { 8, 0, P }) },
	};

	return run_pages_cases(cases, ARRAY_SIZE(cases));
}

/*
 * A test that max_segment bounds the entries: it is rounded down to whole
 * pages, and a run of contiguous pages is cut every max_segment / PAGE_SIZE
 * pages, counting from the start of the run:
 *
 *   8 pages, 8 KiB:        [0 1][2 3][4 5][6 7]
 *   8 pages, 12 KiB + 1:   [0 1 2][3 4 5][6 7]
 *   runs 0-2 and 5-9, 16K: [0 1 2][5 6 7 8][9]
 *
 * Expect those cuts; a page per entry for max_segment of PAGE_SIZE,
 * PAGE_SIZE + 1 and 2 * PAGE_SIZE - 1; no cut for 64 KiB over 16 pages and
 * UINT_MAX; and with an offset the first entry is the first run's pages less
 * the offset (so 12 KiB - 0x80, rounded down to 8 KiB, still takes 2 pages
 * although 3 pages less the offset would fit).
 */
bool test_from_pages_max_segment(void)
{
	const struct pages_case cases[] = {
		{ "8 KiB", PFNS(0, 1, 2, 3, 4, 5, 6, 7), 0, 8 * P, 2 * P,
		  SEGS({ 0, 0, 2 * P }, { 2, 0, 2 * P }, { 4, 0, 2 * P }, { 6, 0, 2 * P }) },
		{ "12 KiB + 1", PFNS(0, 1, 2, 3, 4, 5, 6, 7), 0, 8 * P, 3 * P + 1,
		  SEGS({ 0, 0, 3 * P }, { 3, 0, 3 * P }, { 6, 0, 2 * P }) },
		{ "PAGE_SIZE", PFNS(0, 1, 2), 0, 3 * P, P,
		  SEGS({ 0, 0, P }, { 1, 0, P }, { 2, 0, P }) },
		{ "PAGE_SIZE + 1", PFNS(0, 1, 2), 0, 3 * P, P + 1,
		  SEGS({ 0, 0, P }, { 1, 0, P }, { 2, 0, P }) },
		{ "2 * PAGE_SIZE - 1", PFNS(0, 1, 2), 0, 3 * P, 2 * P - 1,
		  SEGS({ 0, 0, P }, { 1, 0, P }, { 2, 0, P }) },
		{ "64 KiB over 16 pages",
		  PFNS(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
		  0, 16 * P, SZ_64K, SEGS({ 0, 0, 16 * P }) },
		{ "64 KiB over 20 pages", PFNS(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
					       15, 16, 17, 18, 19),
		  0, 20 * P, SZ_64K, SEGS({ 0, 0, 16 * P }, { 16, 0, 4 * P }) },
		{ "UINT_MAX", PFNS(0, 1, 2, 3, 4, 5, 6, 7), 0, 8 * P, UINT_MAX,
		  SEGS({ 0, 0, 8 * P }) },
		{ "count restarts at a run", PFNS(0, 1, 2, 5, 6, 7, 8, 9), 0, 8 * P, 4 * P,
		  SEGS({ 0, 0, 3 * P }, { 5, 0, 4 * P }, { 9, 0, P }) },
		{ "offset, 8 KiB", PFNS(0, 1, 2, 3), 0x100, 4 * P - 0x100, 2 * P,
		  SEGS({ 0, 0x100, 2 * P - 0x100 }, { 2, 0, 2 * P }) },
		{ "offset, 12 KiB - 0x80", PFNS(0, 1, 2, 3), 0x100, 4 * P - 0x100, 3 * P - 0x80,
		  SEGS({ 0, 0x100, 2 * P - 0x100 }, { 2, 0, 2 * P }) },
		{ "offset, partial, 8 KiB", PFNS(0, 1, 2, 3, 4), 0x200, 4 * P - 0x100, 2 * P,
		  SEGS({ 0, 0x200, 2 * P - 0x200 }, { 2, 0, 2 * P }, { 4, 0, 0x100 }) },
	};

	return run_pages_cases(cases, ARRAY_SIZE(cases));
}

/*
 * A test that a max_segment below PAGE_SIZE is refused, by
 * sg_alloc_table_from_pages_segment() and by a first
 * sg_alloc_append_table_from_pages(). Expect -EINVAL with a WARN each,
 * as the model says, nothing allocated, and the append table still empty.
 */
bool test_from_pages_max_segment_too_small(void)
{
	const unsigned int bad[] = { 0, 1, PAGE_SIZE - 1 };
	struct dmalab_slab_stats st0, st1;
	struct sg_append_table app = {};
	struct sg_table sgt;
	unsigned int i;

	static struct sg_model m;
	const unsigned long pfn = BUF_PFN;

	kt_expect_warns(ARRAY_SIZE(bad) + 1);
	pages[0] = pfn_to_page(pfn);
	dmalab_slab_stats(&st0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KT_EXPECT_EQ(sg_model_from_pages(&m, &pfn, 1, 0, P, bad[i]), -EINVAL);
		KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(&sgt, pages, 1, 0, P, bad[i],
							       GFP_KERNEL), -EINVAL);
	}
	sg_model_init(&m);
	KT_EXPECT_EQ(sg_model_append(&m, &pfn, 1, 0, P, P - 1, 0), -EINVAL);
	KT_EXPECT_EQ(m.nseg, 0);
	KT_EXPECT_EQ(sg_alloc_append_table_from_pages(&app, pages, 1, 0, P, P - 1, 0,
						      GFP_KERNEL), -EINVAL);
	dmalab_slab_stats(&st1);
	KT_EXPECT_EQ(st1.allocs, st0.allocs);
	KT_EXPECT_NULL(app.sgt.sgl);
	KT_EXPECT_NULL(app.prv);
	KT_EXPECT_EQ(app.sgt.nents, 0);
	KT_EXPECT_EQ(app.total_nents, 0);
	sg_free_append_table(&app);
	return true;
}

/*
 * A test that a buffer may start at an offset into its first page and/or
 * end before the end of its last page ("A user may provide an offset at a
 * start and a size of valid data"):
 *
 *   pfn      0            1            3            4
 *         [..|xxxxxxxx][xxxxxxxxxxx] [xxxxxxxxxxx][xxxxx|....]
 *          0x10                                        P - 0x20
 *
 * Expect the first entry to start at the offset, the last to end after
 * size bytes, and the lengths to add up to size.
 */
bool test_from_pages_offset_and_partial(void)
{
	const struct pages_case cases[] = {
		{ "inside one page", PFNS(0), 0x100, 0x200, UINT_MAX, SEGS({ 0, 0x100, 0x200 }) },
		{ "one byte", PFNS(0), 0, 1, UINT_MAX, SEGS({ 0, 0, 1 }) },
		{ "last byte of a page", PFNS(0), P - 1, 1, UINT_MAX, SEGS({ 0, P - 1, 1 }) },
		{ "to the end of a page", PFNS(0), 0x400, P - 0x400, UINT_MAX,
		  SEGS({ 0, 0x400, P - 0x400 }) },
		{ "two bytes across pages", PFNS(0, 1), P - 1, 2, UINT_MAX, SEGS({ 0, P - 1, 2 }) },
		{ "two bytes across a gap", PFNS(0, 5), P - 1, 2, UINT_MAX,
		  SEGS({ 0, P - 1, 1 }, { 5, 0, 1 }) },
		{ "offset into run", PFNS(0, 1, 2), 0x800, 2 * P, UINT_MAX,
		  SEGS({ 0, 0x800, 2 * P }) },
		{ "the diagram", PFNS(0, 1, 3, 4), 0x10, 4 * P - 0x10 - 0x20, UINT_MAX,
		  SEGS({ 0, 0x10, 2 * P - 0x10 }, { 3, 0, 2 * P - 0x20 }) },
		{ "partial last page alone", PFNS(0, 1, 7), 0, 2 * P + 0x3, UINT_MAX,
		  SEGS({ 0, 0, 2 * P }, { 7, 0, 0x3 }) },
	};

	return run_pages_cases(cases, ARRAY_SIZE(cases));
}

/*
 * A test that pages of folios (compound pages) merge by page frame only,
 * so tail pages and neighbouring folios merge like any pages:
 *
 *   pfn  0x100    0x104    0x108                0x110   0x140  0x181 0x182
 *        [F0 o2  ][F1 o2  ][F2 order 3          ] ...   [F3]   [tails of F4]
 *
 * Expect F0..F2 as one entry (16 pages), F3 alone, and an entry that starts
 * at the tail page 0x181 of F4, not at its head; with 12 KiB max_segment,
 * cuts in the middle of folios.
 */
bool test_from_pages_folios(void)
{
	const struct pages_case cases[] = {
		{ "folios", PFNS(0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107,
				 0x108, 0x109, 0x10a, 0x10b, 0x10c, 0x10d, 0x10e, 0x10f,
				 0x140, 0x181, 0x182),
		  0x40, 19 * P - 0x40 - 0x80, UINT_MAX,
		  SEGS({ 0x100, 0x40, 16 * P - 0x40 }, { 0x140, 0, P },
		       { 0x181, 0, 2 * P - 0x80 }) },
		{ "folios, 12 KiB", PFNS(0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107,
					 0x181, 0x182),
		  0, 10 * P, 3 * P,
		  SEGS({ 0x100, 0, 3 * P }, { 0x103, 0, 3 * P }, { 0x106, 0, 2 * P },
		       { 0x181, 0, 2 * P }) },
	};
	const struct { unsigned long rel; unsigned int order; } folios[] = {
		{ 0x100, 2 }, { 0x104, 2 }, { 0x108, 3 }, { 0x140, 0 }, { 0x180, 2 },
	};
	unsigned int i;
	bool ok;

	for (i = 0; i < ARRAY_SIZE(folios); i++)
		dmalab_make_folio(BUF_PFN + folios[i].rel, folios[i].order);
	ok = run_pages_cases(cases, ARRAY_SIZE(cases));
	/* the model really had folios: a tail page's folio is its head */
	if (ok && page_folio(pfn_to_page(BUF_PFN + 0x182)) !=
		  (struct folio *)pfn_to_page(BUF_PFN + 0x180))
		KT_RECORD(ok, "tail page 0x182 not in folio 0x180");
	for (i = 0; i < ARRAY_SIZE(folios); i++)
		dmalab_clear_folio(BUF_PFN + folios[i].rel);
	return ok;
}

/*
 * A test that tables from pages with more entries than a chunk holds are
 * chained: every other page, so every page is an entry. Expect 128 entries in one chunk,
 * 129 and 300 entries chained across chunks, all matching the model, and
 * an entry count by the layout equal to orig_nents, its links where
 * sg_model_chain_links() puts them, and the entries read by the layout (not
 * by sg_next()) the model's.
 */
bool test_from_pages_chained(void)
{
	const unsigned int sizes[] = { 127, 128, 129, 300 };
	static struct sg_model m;
	unsigned int s, i, nr, chains;
	struct sg_table sgt;
	bool ok;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (i = 0; i < sizes[s]; i++)
			pfns[i] = BUF_PFN + 2 * i;
		if (!check_from_pages(pfns, sizes[s], 0x30, sizes[s] * P - 0x30 - 0x40, UINT_MAX,
				      &m))
			KT_FAIL("%u discontiguous pages", sizes[s]);

		KT_EXPECT_EQ(sg_model_from_pages(&m, pfns, sizes[s], 0, sizes[s] * P, UINT_MAX), 0);
		KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(&sgt, pages, sizes[s], 0,
							       sizes[s] * P, UINT_MAX,
							       GFP_KERNEL), 0);
		ok = raw_walk(sgt.sgl, &nr, &chains);
		if (ok && (sgt.orig_nents != sizes[s] || nr != sizes[s] ||
			   chains != sg_model_chain_links(sizes[s])))
			KT_RECORD(ok, "%u pages: orig_nents %u, %u entries and %u links by the "
				  "layout; expected %u, %u, %u", sizes[s], sgt.orig_nents, nr,
				  chains, sizes[s], sizes[s], sg_model_chain_links(sizes[s]));
		/* the entries in layout order, not by sg_next() */
		if (ok && sg_model_first_mismatch(&m, walked, nr) >= 0)
			KT_RECORD(ok, "%u pages: entry %d by the layout is not the model's",
				  sizes[s], sg_model_first_mismatch(&m, walked, nr));
		sg_free_table(&sgt);
		if (!ok)
			return false;
	}
	return true;
}
