// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of sg_alloc_append_table_from_pages(): appends that extend the
 * previous entry or not, max_segment across calls, left_pages and
 * total_nents, the offset of later calls, and the two known kernel bugs
 * (KTEST_KNOWN_BUG). Every table is compared after every call with the
 * model of all the calls so far (sg_model_append()), and the model with
 * entries worked out by hand.
 */
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * A test that appending pages contiguous with the last entry extends it:
 *
 *   call 1: pfn 0 1 2   (left_pages 3)  ->  [0 1 2]
 *   call 2: pfn 3 4 5   (left_pages 0)  ->  [0 1 2 3 4 5]
 *
 * Expect one entry after both calls, also with an offset into the first
 * page and over three calls, the last of which brings a new run; the end
 * marker only after the last call.
 */
bool test_append_merges_across_calls(void)
{
	const struct append_step two[] = {
		{ PFNS(0, 1, 2), 0, 3 * P, 3, SEGS({ 0, 0, 3 * P }) },
		{ PFNS(3, 4, 5), 0, 3 * P, 0, SEGS({ 0, 0, 6 * P }) },
	};
	const struct append_step offset[] = {
		{ PFNS(0, 1, 2), 0x300, 3 * P - 0x300, 3, SEGS({ 0, 0x300, 3 * P - 0x300 }) },
		{ PFNS(3, 4, 5), 0, 3 * P, 0, SEGS({ 0, 0x300, 6 * P - 0x300 }) },
	};
	const struct append_step three[] = {
		{ PFNS(10, 11), 0, 2 * P, 3, SEGS({ 10, 0, 2 * P }) },
		{ PFNS(12), 0, P, 2, SEGS({ 10, 0, 3 * P }) },
		{ PFNS(13, 20), 0, 2 * P, 0, SEGS({ 10, 0, 4 * P }, { 20, 0, P }) },
	};

	return run_append_steps("two calls", two, ARRAY_SIZE(two), UINT_MAX) &&
	       run_append_steps("offset", offset, ARRAY_SIZE(offset), UINT_MAX) &&
	       run_append_steps("three calls", three, ARRAY_SIZE(three), UINT_MAX);
}

/*
 * A test that an append does not extend the last entry unless the buffer
 * continues it physically:
 *
 *   pfn 0 1 | pfn 5 6           ->  [0 1] [5 6]       (gap)
 *   pfn 5   | pfn 4             ->  [5] [4]           (going down)
 *   pfn 0 up to 0x800 | pfn 1   ->  [0: 0x800] [1]    (bytes 0x800.. of 0 are not in it)
 *
 * Expect separate entries in each case.
 */
bool test_append_no_merge(void)
{
	const struct append_step gap[] = {
		{ PFNS(0, 1), 0, 2 * P, 2, SEGS({ 0, 0, 2 * P }) },
		{ PFNS(5, 6), 0, 2 * P, 0, SEGS({ 0, 0, 2 * P }, { 5, 0, 2 * P }) },
	};
	const struct append_step down[] = {
		{ PFNS(5), 0, P, 1, SEGS({ 5, 0, P }) },
		{ PFNS(4), 0, P, 0, SEGS({ 5, 0, P }, { 4, 0, P }) },
	};
	const struct append_step midpage[] = {
		{ PFNS(0), 0, 0x800, 1, SEGS({ 0, 0, 0x800 }) },
		{ PFNS(1), 0, P, 0, SEGS({ 0, 0, 0x800 }, { 1, 0, P }) },
	};

	return run_append_steps("gap", gap, ARRAY_SIZE(gap), UINT_MAX) &&
	       run_append_steps("going down", down, ARRAY_SIZE(down), UINT_MAX) &&
	       run_append_steps("mid-page end", midpage, ARRAY_SIZE(midpage), UINT_MAX);
}

/*
 * A test that extending the last entry across an append respects
 * max_segment:
 *
 *   16 KiB: pfn 0 1 2 | 3 4 5        ->  [0 1 2 3] [4 5]
 *   12 KiB: pfn 0 | 1 2 3 4 5 6 7    ->  [0 1 2] [3 4 5] [6 7]
 *   12 KiB, offset 0x100: 0 1 2 | 3  ->  [0 1 2] [3]
 *
 * Expect the last entry extended only up to max_segment, and the rest of
 * the call cut as in one call.
 */
bool test_append_merge_max_segment(void)
{
	const struct append_step k16[] = {
		{ PFNS(0, 1, 2), 0, 3 * P, 3, SEGS({ 0, 0, 3 * P }) },
		{ PFNS(3, 4, 5), 0, 3 * P, 0, SEGS({ 0, 0, 4 * P }, { 4, 0, 2 * P }) },
	};
	const struct append_step k12[] = {
		{ PFNS(0), 0, P, 7, SEGS({ 0, 0, P }) },
		{ PFNS(1, 2, 3, 4, 5, 6, 7), 0, 7 * P, 0,
		  SEGS({ 0, 0, 3 * P }, { 3, 0, 3 * P }, { 6, 0, 2 * P }) },
	};
	const struct append_step k12off[] = {
		{ PFNS(0, 1, 2), 0x100, 3 * P - 0x100, 1, SEGS({ 0, 0x100, 3 * P - 0x100 }) },
		{ PFNS(3), 0, P, 0, SEGS({ 0, 0x100, 3 * P - 0x100 }, { 3, 0, P }) },
	};

	return run_append_steps("16 KiB", k16, ARRAY_SIZE(k16), SZ_16K) &&
	       run_append_steps("12 KiB", k12, ARRAY_SIZE(k12), 3 * P) &&
	       run_append_steps("12 KiB, offset", k12off, ARRAY_SIZE(k12off), 3 * P);
}

/*
 * A test that left_pages and total_nents hold over many calls: 301 appends
 * of one page each, every page apart from the others, left_pages the pages
 * still to come. Expect after every call the model's entries, prv at the last,
 * no end marker until the last call, total_nents = the entries up to the
 * end marker; in the end 301 entries in 3 chained chunks with none to
 * spare (left_pages was exact), and sg_free_append_table() freeing all.
 */
bool test_append_left_pages(void)
{
	static struct sg_model m;
	struct sg_append_table app = {};
	unsigned int i, nr, chains;
	unsigned long pfn;
	bool ok = true;

	sg_model_init(&m);
	for (i = 0; i < 301 && ok; i++) {
		pfn = BUF_PFN + 3 * i;
		ok = append_and_check(&app, &m, &pfn, 1, 0, P, UINT_MAX, 300 - i);
		if (!ok)
			kt_report(__FILE__, __LINE__, "call %u", i + 1);
	}
	if (ok) {
		ok = raw_walk(app.sgt.sgl, &nr, &chains);
		if (ok && (nr != 301 || chains != 2 || app.total_nents != 301))
			KT_RECORD(ok, "%u entries, %u links, total_nents %u; expected 301, 2, 301",
				  nr, chains, app.total_nents);
	}
	sg_free_append_table(&app);
	return ok;
}

/*
 * A test that a call after the first must not have an offset. Expect a
 * WARN, -EINVAL (the model refuses it too), and the table as before the
 * call; then the table can be completed and freed.
 */
bool test_append_offset_after_first_call(void)
{
	static struct sg_model m;
	struct sg_append_table app = {};
	unsigned long pfn[2] = { BUF_PFN, BUF_PFN + 1 };
	struct scatterlist *prv;
	bool ok;

	kt_expect_warns(1);
	sg_model_init(&m);
	ok = append_and_check(&app, &m, pfn, 1, 0, P, UINT_MAX, 1);
	prv = app.prv;
	pages[0] = pfn_to_page(pfn[1]);
	/* offset only in the first call: the model refuses it too */
	if (ok && sg_model_append(&m, pfn + 1, 1, 0x10, P - 0x10, UINT_MAX, 0) != -EINVAL)
		KT_RECORD(ok, "MODEL: offset 0x10 in a second call not refused");
	if (ok && (sg_alloc_append_table_from_pages(&app, pages, 1, 0x10, P - 0x10, UINT_MAX, 0,
						    GFP_KERNEL) != -EINVAL ||
		   app.prv != prv || app.sgt.nents != 1 || prv->length != P))
		KT_RECORD(ok, "offset 0x10 in a second call");
	ok = ok && check_append(&app, &m) &&
	     append_and_check(&app, &m, pfn + 1, 1, 0, P, UINT_MAX, 0);
	sg_free_append_table(&app);
	return ok;
}

/*
 * A test that a last call whose buffer ends inside its last page honours
 * size when its first page extends the previous entry:
 *
 *   call 1: pfn 0, 4 KiB          ->  [0: 0x1000]
 *   call 2: pfn 1, size 0x200     ->  [0: 0x1200]   (0x200 bytes of page 1)
 *   and with call 2 = pfn 1 7, size 0x1200:  [0: 0x2000] [7: 0x200]
 *
 * @size is "Number of valid bytes in the buffer (after offset)". Expect
 * the table to describe 0x1000 + size bytes. (A full last page is tested
 * above; here the merge path must still honour size.)
 *
 * Fails on linux-source 7.3.4: the loop that extends the previous entry
 * adds PAGE_SIZE per merged page and never takes it off @size, giving
 * [0: 0x2000] and [0: 0x2000] [7: 0x1000] - up to a page more than passed.
 */
bool test_append_partial_last_page_after_merge(void)
{
	const struct append_step one[] = {
		{ PFNS(0), 0, P, 1, SEGS({ 0, 0, P }) },
		{ PFNS(1), 0, 0x200, 0, SEGS({ 0, 0, P + 0x200 }) },
	};
	const struct append_step two[] = {
		{ PFNS(0), 0, P, 2, SEGS({ 0, 0, P }) },
		{ PFNS(1, 7), 0, P + 0x200, 0, SEGS({ 0, 0, 2 * P }, { 7, 0, 0x200 }) },
	};
	bool ok;

	/* run both, to show both symptoms */
	ok = run_append_steps("all merged", one, ARRAY_SIZE(one), UINT_MAX);
	return run_append_steps("some merged", two, ARRAY_SIZE(two), UINT_MAX) && ok;
}

/*
 * A test that an append whose first page is the page the previous entry
 * ends in, mid-page (two buffers sharing a page), gets an entry of its own:
 *
 *   call 1: pfn 0, 0x800 bytes   ->  [0: 0x000-0x800)
 *   call 2: pfn 0, 0x1000 bytes  ->  [0: 0x000-0x800) [0: 0x000-0x1000)
 *
 * Expect two entries: the second buffer does not continue the first (it
 * starts at 0 of page 0, not at 0x800), and no byte of page 1 may be
 * described, as page 1 was never passed.
 *
 * Fails on linux-source 7.3.4: next_pfn is (end of last entry) / PAGE_SIZE,
 * which for an entry ending mid-page is that same page, so page 0 "follows"
 * and is merged: one entry [0: 0x000-0x1800), ending 0x800 into page 1.
 */
bool test_append_same_page_after_midpage_end(void)
{
	const struct append_step steps[] = {
		{ PFNS(0), 0, 0x800, 1, SEGS({ 0, 0, 0x800 }) },
		{ PFNS(0), 0, P, 0, SEGS({ 0, 0, 0x800 }, { 0, 0, P }) },
	};

	return run_append_steps("same page", steps, ARRAY_SIZE(steps), UINT_MAX);
}
