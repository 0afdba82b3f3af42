/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scatterlist oracle's check of a table against its model
 * (oracle/sg_model.h): the entries walked by the table's documented
 * layout, the counts, the chain links and end marker, an append table's
 * prv, total_nents and spare entries, and the kernel's iterators
 * (for_each_sg(), sg_is_last(), sg_nents(), sg_last(), for_each_sg_page()).
 * The fuzz target "scatterlist" calls it after every build and append; a
 * C reproducer (make repro-c) calls it in an assert().
 */
#ifndef _DMALAB_SG_CHECK_H
#define _DMALAB_SG_CHECK_H

#include <linux/types.h>

#include "oracle/sg_model.h"

struct scatterlist;
struct sg_append_table;

struct sg_check {
	/* the caller's: room for the walk of a table, and how to describe it */
	struct scatterlist **walked;
	unsigned int cap;
	unsigned long base_pfn;		/* pfns are printed from here */
	bool print;			/* print a failure: "checker: <check>: <detail>" */
	/* what sg_check_table() found */
	int nr;				/* entries walked, the one with the end marker included */
	char check[48];			/* the failed check's name */
	char detail[1024];		/* expected vs found */
};

/*
 * Check a table against the model m: entries (walked by layout into
 * c->walked[]), nents, iteration, end marker. The table is terminated when
 * the model is complete (built, or an append with left_pages 0). app: an
 * append table (then prv, total_nents, spare entries, which a failed call
 * may have filled: after_failure).
 *
 * from: the first entry the call can have changed (0 for a new table; for
 * a later append, the last entry of the calls before it, which the append
 * may extend). The layout is walked from the start and the counts are of
 * the whole table, but the entries, their flags, for_each_sg() and the
 * pages of for_each_sg_page() are compared from there on: an append table
 * grows to 768 pages over up to 256 calls, and checking all of it after
 * each call cost O(calls x pages) for entries the check after the call
 * before had compared already. A call that wrote into earlier entries
 * anyway shows in the walk of their layout, in the counts, and at the next
 * build.
 *
 * False with c->check and c->detail on the first difference.
 */
bool sg_check_table(struct sg_check *c, struct scatterlist *sgl, unsigned int nents,
		    unsigned int orig_nents, const struct sg_model *m,
		    struct sg_append_table *app, bool after_failure, unsigned int from);

#endif
