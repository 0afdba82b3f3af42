// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of lib/scatterlist.c as compiled from the tree.
 *
 * Expected values come from the kernel-doc of each function, worked out
 * independently: never by calling the code under test again. Tables built
 * from pages are compared with the model of oracle/sg_model.h, which walks
 * the page list itself (the fuzz target "scatterlist" uses the same model);
 * the hand-written cases also check the model against entries worked out
 * by hand, so the model is tested too.
 *
 *   helpers.c     checking a table against the model, case runners
 *   alloc.c       sg_alloc_table(), sg_init_table(), sg_init_one(), sg_chain()
 *   from_pages.c  sg_alloc_table_from_pages_segment()
 *   append.c      sg_alloc_append_table_from_pages(), the known kernel bugs
 *   iter.c        page iterator, mapping iterator, sg_copy_*(), sg_last()
 *   nents.c       sg_nents_for_len()
 *   fail.c        free paths and allocation failures (fail-nth)
 *   random.c      randomized tests against the model
 *
 * This file holds the table: which tests run, in which order.
 */
#include "tests/scatterlist/scatterlist_tests.h"

static const struct ktest tests[] = {
	/* alloc.c: sg_alloc_table(), sg_init_table(), sg_init_one(), sg_chain() */
	KTEST(sg_alloc_table_chains),
	KTEST(sg_alloc_table_zero_entries),
	KTEST(sg_alloc_table_first_chunk),
	KTEST(sg_init_table_and_one),
	KTEST(sg_chain_by_hand),
	/* from_pages.c: sg_alloc_table_from_pages_segment() */
	KTEST(from_pages_merges_contiguous),
	KTEST(from_pages_discontiguous),
	KTEST(from_pages_max_segment),
	KTEST(from_pages_max_segment_too_small),
	KTEST(from_pages_offset_and_partial),
	KTEST(from_pages_folios),
	KTEST(from_pages_chained),
	/* append.c: sg_alloc_append_table_from_pages() */
	KTEST(append_merges_across_calls),
	KTEST(append_no_merge),
	KTEST(append_merge_max_segment),
	KTEST(append_left_pages),
	KTEST(append_offset_after_first_call),
	KTEST_KNOWN_BUG(append_partial_last_page_after_merge, "sg-append-ignores-size"),
	KTEST_KNOWN_BUG(append_same_page_after_midpage_end, "sg-append-midpage-remerge"),
	/* iter.c: iteration */
	KTEST(sg_page_iter),
	KTEST(sg_miter_walk),
	KTEST(sg_miter_consume_and_resume),
	KTEST(sg_miter_skip),
	KTEST(sg_copy_helpers),
	KTEST(sg_miter_folio_offset),
	KTEST(sg_last_from_any_entry),
	/* nents.c: sg_nents_for_len() */
	KTEST(sg_nents_for_len),
	KTEST(sg_nents_for_len_64bit),
	/* fail.c: free paths and allocation failures */
	KTEST(free_paths),
	KTEST(sg_alloc_table_fail_nth),
	KTEST(from_pages_fail_nth),
	KTEST(append_fail_nth),
	/* random.c: randomized */
	KTEST(random_from_pages),
	KTEST(random_append),
};

KTEST_MAIN("scatterlist", tests)
