/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model of what lib/scatterlist.c promises for tables built from pages
 * (sg_alloc_table_from_pages_segment(), sg_alloc_append_table_from_pages())
 * and of the layout every sg table has: the expected entries, worked out
 * from the kernel-doc and never by calling the code under test.
 *
 * A buffer is (page frames, offset, size): @size bytes that start @offset
 * bytes into the first of the pages, so every page but the first starts at
 * 0 and every page but the last is used to its end. Walking it page by
 * page, a page joins the current segment when it continues it physically
 * (the segment ends on a page boundary exactly where the page's bytes
 * start) and the segment can take one more page without growing past
 * max_segment rounded down to whole pages ("The algorithm below requires
 * max_segment to be aligned to PAGE_SIZE"); otherwise it starts a new
 * segment. Merging goes by page frame only.
 *
 * Appends (sg_alloc_append_table_from_pages): each call continues the
 * segments of the calls before it with its own max_segment, so its first
 * page may extend the previous entry; only the first call may have an
 * offset; @left_pages is what the caller promises is still to come (an
 * upper bound on the pages of the next call), and a call with left_pages
 * 0 completes the table (its last entry carries the end marker).
 *
 * Layout: sg_alloc_table() and tables from pages come in chunks of
 * SG_MAX_SINGLE_ALLOC entries; in a full chunk that is followed by another
 * the last slot is no entry but the SG_CHAIN link to the next chunk; the
 * last entry carries SG_END. sg_model_walk() reads a table by that layout
 * from page_link alone, without sg_next(), so the walk does not trust the
 * code under test.
 *
 * Every model is a struct sg_model the caller owns (a test's variable, a
 * fuzz target's state); nothing here keeps state of its own.
 *
 * Apart, and labelled as such: what two known kernel bugs make of an append
 * (sg_model_append_known_bugs()), so that a fuzz target can tell exactly
 * those bugs from any other mismatch. It is not the model of the API.
 */
#ifndef _DMALAB_SG_MODEL_H
#define _DMALAB_SG_MODEL_H

#include <linux/types.h>

struct scatterlist;

/* One expected entry: sg_page() is pfn_to_page(pfn), sg->offset, sg->length. */
struct sg_model_seg {
	unsigned long pfn;
	unsigned long off;
	unsigned long len;
};

/* segments a model holds, at most */
#define SG_MODEL_MAX_SEGS	2048

/* The expected table, and where an append sequence stands. */
struct sg_model {
	unsigned int nseg;		/* entries: nents = orig_nents */
	unsigned int calls;		/* appends modelled (a build is one call) */
	unsigned int left_pages;	/* what the last call promised is to come */
	bool complete;			/* the last call had left_pages 0: terminated */
	struct sg_model_seg seg[SG_MODEL_MAX_SEGS];
};

/* An empty table: no call yet. */
void sg_model_init(struct sg_model *m);
/* dst = src (copies only the segments in use). */
void sg_model_copy(struct sg_model *dst, const struct sg_model *src);

/*
 * sg_alloc_append_table_from_pages() of the buffer (pfn[0..n), offset,
 * size) with max_segment and left_pages onto m. Returns
 *   0        m is the table after the call;
 *   -EINVAL  the call is refused and m is unchanged: max_segment below
 *            PAGE_SIZE once rounded down, or an offset after the first call
 *            (the code WARNs and returns -EINVAL for both);
 *   -ERANGE  the call is outside the contract and the model says nothing
 *            (m unchanged): no pages, size 0, offset >= PAGE_SIZE, size
 *            past the pages or not reaching into the last one, a call after
 *            a completing one, more pages than the last call promised, or
 *            more than SG_MODEL_MAX_SEGS segments.
 */
int sg_model_append(struct sg_model *m, const unsigned long *pfn, unsigned int n,
		    unsigned int offset, unsigned long size, unsigned int max_segment,
		    unsigned int left_pages);

/*
 * sg_alloc_table_from_pages_segment() (and, with max_segment UINT_MAX,
 * sg_alloc_table_from_pages()): m is reset, then one completing append.
 * Returns as sg_model_append().
 */
int sg_model_from_pages(struct sg_model *m, const unsigned long *pfn, unsigned int n,
			unsigned int offset, unsigned long size, unsigned int max_segment);

/*
 * An entry set by hand (sg_set_page(), sg_set_folio()): appended as it is,
 * never merged; off may be past the first page. False if m is full.
 */
bool sg_model_add_entry(struct sg_model *m, unsigned long pfn, unsigned long off,
			unsigned long len);

/* ---- what a table of the model holds --------------------------------- */

/* Pages an entry spans from its page: what the page iterator visits. */
unsigned long sg_model_seg_pages(const struct sg_model_seg *s);
/* Bytes in the first k entries (k <= nseg); sg_model_prefix(m, m->nseg): all. */
unsigned long long sg_model_prefix(const struct sg_model *m, unsigned int k);
unsigned long long sg_model_total(const struct sg_model *m);
/*
 * Where byte pos of the buffer the entries describe lives (*phys), and how
 * many bytes from there on are in the same page and entry (*run): one
 * mapping of the mapping iterator. False past the end.
 */
bool sg_model_locate(const struct sg_model *m, unsigned long long pos, phys_addr_t *phys,
		     unsigned long *run);
/*
 * sg_nents_for_len(): 0 for len 0, else the fewest leading entries whose
 * lengths add up to len or more, -EINVAL if all of them do not.
 */
int sg_model_nents_for_len(const struct sg_model *m, unsigned long long len);

/* ---- the layout ------------------------------------------------------ */

/*
 * Chain links of an n-entry table: none up to SG_MAX_SINGLE_ALLOC entries,
 * then one for every further SG_MAX_SINGLE_ALLOC - 1 entries or part.
 * Chunks (allocations) are links + 1.
 */
unsigned int sg_model_chain_links(unsigned int n);
/*
 * Links a walk passes to reach the n-th entry of a table laid out for
 * total entries (n <= total: an end marker moved forward).
 */
unsigned int sg_model_walk_links(unsigned int total, unsigned int n);

/* What sg_model_walk() found. */
struct sg_model_walk {
	unsigned int nr;		/* entries, the one with the end marker included */
	unsigned int links;		/* SG_CHAIN links passed */
	unsigned int bad_links;		/* links not in the last slot of a full chunk */
	long bad_slot;			/* the first such link's slot in its chunk */
	unsigned int bad_after;		/* entries walked before it */
	bool ended;			/* the end marker was found */
};

/*
 * Walk a table by its layout from sgl, without sg_next(), storing the
 * entries (never the links) in ent[0..cap). Stops at the end marker, after
 * cap entries or cap links, at a link to NULL, or at an entry in the last
 * slot of a chunk (SG_MAX_SINGLE_ALLOC entries: the link or the end must
 * be there; the walk never reads past a chunk). True if it found the end
 * marker and every link in its place.
 */
bool sg_model_walk(struct scatterlist *sgl, struct scatterlist **ent, unsigned int cap,
		   struct sg_model_walk *w);
/*
 * The first of the model's entries that ent[0..nr) does not hold (page,
 * offset, length, read from the fields), or -1 if all m->nseg match.
 */
int sg_model_first_mismatch(const struct sg_model *m, struct scatterlist *const *ent,
			    unsigned int nr);
/* The same from entry from on (the entries before it are not compared). */
int sg_model_first_mismatch_from(const struct sg_model *m, struct scatterlist *const *ent,
				 unsigned int nr, unsigned int from);

/* ---- KNOWN KERNEL BUGS: not the model of the API --------------------- */

/*
 * Two bugs of sg_alloc_append_table_from_pages() in linux-source 7.3.4,
 * oracle/known_bugs.c (ids below). Both are in the loop of a later call
 * that extends the previous entry: it takes the first pages while each is
 * the page frame after the one before, starting from "the page after the
 * end of the previous entry" computed as (end of the entry) / PAGE_SIZE,
 * and adds PAGE_SIZE per page.
 *  - "sg-append-ignores-size": the pages merged this way are never taken
 *    off @size, so if @size ends mid-page the merged pages and the entries
 *    after them are whole pages;
 *  - "sg-append-midpage-remerge": an entry that ends mid-page "ends" in its
 *    own page, so a call starting with that page is merged into it, adding
 *    a whole page per merged page (bytes of a page never passed).
 */
enum sg_model_bug {
	SG_MODEL_NO_BUG,
	SG_MODEL_BUG_APPEND_IGNORES_SIZE,
	SG_MODEL_BUG_APPEND_MIDPAGE_REMERGE,
};

/* The bug's id in oracle/known_bugs.c; NULL for SG_MODEL_NO_BUG. */
const char *sg_model_bug_id(enum sg_model_bug bug);

/*
 * The table the known bugs make of a later append (arguments as
 * sg_model_append()): if the call meets the preconditions of one of them
 * (a later call without offset, its first page the page the previous entry
 * "ends" in by the code's computation, and for "ignores-size" a size that
 * ends mid-page; at least one page merged), m becomes that table and the
 * bug is returned. Otherwise SG_MODEL_NO_BUG and m is unchanged.
 */
enum sg_model_bug sg_model_append_known_bugs(struct sg_model *m, const unsigned long *pfn,
					     unsigned int n, unsigned int offset,
					     unsigned long size, unsigned int max_segment,
					     unsigned int left_pages);

#endif
