/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the scatterlist suite share: the test buffers, the
 * checking helpers (helpers.c) that compare tables with the model of
 * oracle/sg_model.h, and the tests of each file, for the table in main.c.
 */
#ifndef DMALAB_TESTS_SCATTERLIST_TESTS_H
#define DMALAB_TESTS_SCATTERLIST_TESTS_H

#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/sg_model.h"

/* Record a failure in @ok and go on: for tests that must clean up first. */
#define KT_RECORD(ok, ...)						\
	do {								\
		(ok) = false;						\
		kt_report(__FILE__, __LINE__, __VA_ARGS__);		\
	} while (0)

/*
 * Test buffers are page frames from BUF_PFN (1 GiB) up, above the shim's
 * page allocator; only the mapping-iterator tests touch their bytes.
 */
/* the first page frame of the test buffers: the first RAM nobody allocates */
#define BUF_PFN		DMALAB_KMEM_END_PFN
#define MAX_PAGES	1024		/* pages in one test buffer, at most */
#define P		PAGE_SIZE	/* shorthand in the case tables */

/* scratch of the tests: a page list, its pages, the entries of a walk */
extern unsigned long pfns[MAX_PAGES];
extern struct page *pages[MAX_PAGES];
extern struct scatterlist *walked[2 * MAX_PAGES];

/*
 * A hand-worked case of a table from pages: the page frames (relative to
 * BUF_PFN), offset, size and max_segment, and the entries expected (page
 * frames relative to BUF_PFN).
 */
struct pages_case {
	const char *what;
	const unsigned long *rel;
	unsigned int n;
	unsigned int offset;
	unsigned long size;
	unsigned int max_segment;
	const struct sg_model_seg *expect;
	unsigned int nexpect;
};

#define PFNS(...)							\
	.rel = (const unsigned long[]){ __VA_ARGS__ },			\
	.n = sizeof((const unsigned long[]){ __VA_ARGS__ }) / sizeof(unsigned long)
#define SEGS(...)							\
	.expect = (const struct sg_model_seg[]){ __VA_ARGS__ },		\
	.nexpect = sizeof((const struct sg_model_seg[]){ __VA_ARGS__ }) /	\
		   sizeof(struct sg_model_seg)

/* One call of an append sequence and the whole table expected after it. */
struct append_step {
	const unsigned long *rel;	/* page frames relative to BUF_PFN */
	unsigned int n;
	unsigned int offset;
	unsigned long size;
	unsigned int left_pages;
	const struct sg_model_seg *expect;
	unsigned int nexpect;
};

/* ---- helpers.c ---------------------------------------------------------- */

/* A byte value that depends on the physical address (and a salt). */
u8 pattern(phys_addr_t phys, unsigned int salt);
/* Write pattern(salt) into every byte the model's entries describe. */
void fill_pattern(const struct sg_model *m, unsigned int salt);
unsigned long sg_pfn(struct scatterlist *sg);
/*
 * sg_model_walk() into walked[]: the entries and the links of a table by
 * its layout; fails on a link out of place or no end marker.
 */
bool raw_walk(struct scatterlist *sgl, unsigned int *nr, unsigned int *chains);
/* the first nents entries from sgl against the model's (all m->nseg) */
bool check_sgl(struct scatterlist *sgl, unsigned int nents, const struct sg_model *m,
	       bool terminated, struct scatterlist **lastp);
bool check_table(struct sg_table *sgt, const struct sg_model *m);
bool check_page_iter(struct sg_table *sgt, const unsigned long *pfn, unsigned int n,
		     const struct sg_model *m);
bool check_miter(struct scatterlist *sgl, unsigned int nents, const struct sg_model *m,
		 unsigned int flags, unsigned int salt);
/* the model reproduces a hand-worked expectation */
bool model_matches(const struct sg_model *m, const struct sg_model_seg *expect,
		   unsigned int nexpect);
bool check_from_pages(const unsigned long *pfn, unsigned int n, unsigned int offset,
		      unsigned long size, unsigned int max_segment, struct sg_model *m);
bool run_pages_cases(const struct pages_case *c, unsigned int nr);
bool check_append(struct sg_append_table *app, const struct sg_model *m);
bool append_and_check(struct sg_append_table *app, struct sg_model *m,
		      const unsigned long *pfn, unsigned int n, unsigned int offset,
		      unsigned long size, unsigned int max_segment, unsigned int left_pages);
bool run_append_steps(const char *what, const struct append_step *step, unsigned int nr,
		      unsigned int max_segment);

/* ---- the tests, by file, in the order of the table ---------------------- */

/* alloc.c: sg_alloc_table(), sg_init_table(), sg_init_one(), sg_chain() */
bool test_sg_alloc_table_chains(void);
bool test_sg_alloc_table_zero_entries(void);
bool test_sg_alloc_table_first_chunk(void);
bool test_sg_init_table_and_one(void);
bool test_sg_chain_by_hand(void);

/* from_pages.c: sg_alloc_table_from_pages_segment() */
bool test_from_pages_merges_contiguous(void);
bool test_from_pages_discontiguous(void);
bool test_from_pages_max_segment(void);
bool test_from_pages_max_segment_too_small(void);
bool test_from_pages_offset_and_partial(void);
bool test_from_pages_folios(void);
bool test_from_pages_chained(void);

/* append.c: sg_alloc_append_table_from_pages() */
bool test_append_merges_across_calls(void);
bool test_append_no_merge(void);
bool test_append_merge_max_segment(void);
bool test_append_left_pages(void);
bool test_append_offset_after_first_call(void);
bool test_append_partial_last_page_after_merge(void);
bool test_append_same_page_after_midpage_end(void);

/* iter.c: page iterator, mapping iterator, sg_copy_*(), sg_last() */
bool test_sg_page_iter(void);
bool test_sg_miter_walk(void);
bool test_sg_miter_consume_and_resume(void);
bool test_sg_miter_skip(void);
bool test_sg_copy_helpers(void);
bool test_sg_miter_folio_offset(void);
bool test_sg_last_from_any_entry(void);

/* nents.c: sg_nents_for_len() */
bool test_sg_nents_for_len(void);
bool test_sg_nents_for_len_64bit(void);

/* fail.c: free paths and allocation failures */
bool test_free_paths(void);
bool test_sg_alloc_table_fail_nth(void);
bool test_from_pages_fail_nth(void);
bool test_append_fail_nth(void);

/* random.c: randomized tests against the model */
bool test_random_from_pages(void);
bool test_random_append(void);

#endif
