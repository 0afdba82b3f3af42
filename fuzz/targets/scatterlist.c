// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "scatterlist": sg tables from pages (lib/scatterlist.c)
 * against an independent model, after every op.
 *
 * Ops it runs (the others are no-ops here):
 *   range pfn order offset len
 *             append a physical range of the test buffer to the range list.
 *             The buffer starts at page frame BUF_PFN (1 GiB). The range
 *             lies in the folio of 2^order pages holding page BUF_PFN + pfn:
 *             it starts `offset` bytes after the start of that page (taken
 *             modulo what is left of the folio from the page on) and is
 *             `len` bytes long, reduced into [1, bytes left in the folio];
 *             len 0 means "to the end of the folio". Its pages go to the
 *             page list (at most SL_MAX_PAGES pages; a range that would
 *             overflow it is skipped). Merging in lib/scatterlist.c goes by
 *             page frame only, so no folio metadata is created.
 *   clear     empty the range list.
 *   sg_build max_seg_log2
 *             sg_alloc_table_from_pages_segment() of the page list, with
 *             offset = where the first range starts in its page, size = the
 *             bytes from there to the last range's last byte (so every page
 *             but the first and the last is used whole: the API cannot
 *             express gaps), max_segment = 2^max_seg_log2 (UINT_MAX for 32,
 *             at least PAGE_SIZE). A table still built is freed first.
 *   sg_append max_seg_log2 left
 *             sg_alloc_append_table_from_pages() of the page list onto the
 *             append table; offset and size as for sg_build in the first
 *             call, offset 0 in later calls (the code WARNs and refuses an
 *             offset then), so a later call's buffer starts at the start of
 *             its first page. left_pages = left, see the contract below.
 *   sg_free   sg_free_table() and sg_free_append_table() of both tables.
 *   sg_nents len
 *             sg_nents_for_len() on the built table and on a completed
 *             append table; len picks the length: by its low 2 bits a
 *             prefix sum of the entry lengths (bits 2.. choose which), one
 *             more, one less, or len >> 2 itself.
 *   fail_nth n
 *             fail the nth slab/page allocation from now (0: off).
 *
 * The model is oracle/sg_model.h, the one the scatterlist suite uses
 * (independent of the code under test, from the kernel-doc): the buffer of
 * (pages, offset, size) is walked page by page; a page joins the current
 * segment when it continues it physically (the segment ends on a page
 * boundary exactly where the page's bytes start) and the segment can take
 * one more page within max_segment rounded down to whole pages; otherwise
 * it starts a new segment. An append continues the segments of the calls
 * before it with that call's max_segment.
 *
 * Checks, after each build or append (and after sg_free, sg_nents):
 *  - the table's entries, found by walking its documented layout (chunks,
 *    SG_CHAIN links, SG_END) without sg_next(): page, offset and length of
 *    each equal the model's segments; nents = orig_nents = the number of
 *    segments; every link is in the last slot of a full chunk, and built
 *    tables have as many links as sg_alloc_table() of their entries; an
 *    open append table has total_nents entries up to its end marker, all
 *    past nents empty, and prv is its last entry;
 *  - iteration: for_each_sg() visits the same entries in order, sg_is_last()
 *    only on the last entry of a completed table, sg_nents() and sg_last()
 *    agree, for_each_sg_page() visits exactly the pages of the segments;
 *    After a later append, the entries, for_each_sg() and the pages are
 *    compared from the previous calls' last entry on (the one the append
 *    may extend): the ones before were compared after their own call
 *    (sl_check_table());
 *  - sg_nents_for_len() against the prefix sums of the entry lengths;
 *  - sg_free_*() gives back exactly the objects the table took;
 *  - allocation failures (fail_nth): the call returns -ENOMEM exactly when
 *    an allocation was failed during it; a failed sg_alloc_table_from_pages
 *    _segment() leaves nothing allocated; a failed append leaves the table
 *    as it was before the call (prv, its length, nents, every entry) and,
 *    as the kernel-doc requires, is then freed with sg_free_append_table(),
 *    which must give back everything the table took;
 *  - no kernel WARN (after every op), no slab object left at the end.
 *
 * Contracts enforced (default mode: only valid calls, so that a finding is
 * a kernel bug, not caller misuse):
 *  - n_pages >= 1, 0 < size, offset < PAGE_SIZE, size within the pages and
 *    reaching into the last page (by construction); an op with an empty
 *    page list is skipped;
 *  - max_segment >= PAGE_SIZE (the code WARNs otherwise);
 *  - later appends: offset 0; after a call with left_pages 0 the table is
 *    complete and the next sg_append starts a new table (the old one is
 *    freed first); left_pages is an upper bound on the pages still to come
 *    ("Left pages caller have to set after this call"): a later call with
 *    more pages than the previous call promised is skipped, and its own
 *    left is reduced to at most what remains of that promise. A call the
 *    model refuses (sg_model_append(): outside the contract) is skipped.
 *
 * KNOWN KERNEL BUGS (linux-source 7.3.4, see tests/scatterlist/append.c,
 * KTEST_KNOWN_BUG): sg_alloc_append_table_from_pages()
 *   1. extending the previous entry ignores @size: in a later call whose
 *      first pages extend the previous entry, each merged page adds
 *      PAGE_SIZE and size is not reduced, so a size ending mid-page is
 *      rounded up to whole pages;
 *   2. an entry ending mid-page "continues" into its own page: a later call
 *      whose first page is the page the previous entry ends in (mid-page)
 *      is merged into it, each such page adding PAGE_SIZE.
 * When an append does not match the model, the target asks the known
 * bugs' variant of the model (sg_model_append_known_bugs()), which checks
 * the preconditions of these bugs and computes what they produce (the
 * merge of bug 2 and whole pages for bug 1). If the table is exactly that,
 * it is not a finding: the bug is counted in the known-bug registry
 * (oracle/known_bugs.h; printed with verbose), the model takes the table as
 * it is, and the run goes on. Any other mismatch is a finding.
 *
 * Not generated: sg tables of other origins (sg_alloc_table() alone,
 * sg_chain() by hand, sgl_alloc), unaligned max_segment, ZONE_DEVICE pages,
 * the mapping iterator (sg_miter_*) and the copy helpers, misuse of the
 * API (see the contracts above).
 */
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/mm.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dmalab/machine.h>
#include <dmalab/nocov.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/target.h"
#include "fuzz/kunit_emit.h"
#include "fuzz/sg_emit.h"
#include "oracle/known_bugs.h"
#include "oracle/sg_check.h"
#include "oracle/sg_model.h"

/* the first page frame of the test buffer: the first RAM nobody allocates */
#define BUF_PFN		DMALAB_KMEM_END_PFN
/*
 * Pages in the range list: a 2 MiB folio, or 512 one-page entries (five
 * chained chunks). It was 1024; every op costs O(pages), and more pages
 * repeat the same chunk transitions.
 */
#define SL_MAX_PAGES	512
/* an append table: a first call, then at most 255 pages promised */
#define APP_MAX_PAGES	(SL_MAX_PAGES + 256)
#define WALK_MAX	((int)(APP_MAX_PAGES + 2 * SG_MAX_SINGLE_ALLOC + 64))

static_assert(APP_MAX_PAGES <= SG_MODEL_MAX_SEGS, "a model holds every page appended");

static struct {
	/* the range list */
	unsigned long pfn[SL_MAX_PAGES];
	struct page *pages[SL_MAX_PAGES];
	unsigned int npages;
	unsigned long first_off;	/* first range's start in its page */
	unsigned long last_used;	/* bytes used of the last page, 1..PAGE_SIZE */

	/* the built table */
	struct sg_table sgt;
	bool sgt_live;
	long sgt_objs;			/* slab objects it took */
	struct sg_model sgt_m;

	/* the append table; its model has what the last call promised */
	struct sg_append_table app;
	bool app_live;			/* a first call succeeded */
	bool app_open;			/* the last call had left_pages > 0 */
	unsigned int app_pages;		/* pages appended so far */
	long app_objs;
	struct sg_model app_m;

	unsigned long fail_n;		/* OP_FAIL_NTH's n, 0: off */
	bool verbose;
	struct fuzz_run *r;
} sl;

/* scratch: the model of a call, the known bugs' model, walking a table */
static struct sg_model sl_tmp, sl_buggy;
static struct scatterlist *sl_walked[WALK_MAX];
static struct sg_check sl_ck = { .walked = sl_walked, .cap = WALK_MAX, .base_pfn = BUF_PFN };

/* ---- small helpers --------------------------------------------------- */

static long sl_live_objects(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return (long)st.live_objects;
}

static unsigned long sl_failed(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

#define SL_SAY(...)							\
	do {								\
		if (sl.verbose) {					\
			printf("      -> ");				\
			printf(__VA_ARGS__);				\
			putchar('\n');					\
		}							\
	} while (0)

/* Record the first finding; returns false so callers can `return sl_fail()`. */
__attribute__((format(printf, 2, 3)))
static bool sl_fail(const char *check, const char *fmt, ...)
{
	va_list ap;
	char buf[sizeof(sl.r->f->detail)];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	run_finding(sl.r, "checker", check, "%s", buf);
	return false;
}

static unsigned long sl_max_segment(uint64_t log2)
{
	unsigned long max = log2 >= 32 ? UINT_MAX : 1UL << log2;

	return max < PAGE_SIZE ? PAGE_SIZE : max;
}

/*
 * Check a table against the model (oracle/sg_check.h); a difference is
 * the run's finding. Leaves the walk in sl_walked[].
 */
static bool sl_check_table(struct scatterlist *sgl, unsigned int nents, unsigned int orig_nents,
			   const struct sg_model *m, struct sg_append_table *app,
			   bool after_failure, unsigned int from)
{
	if (sg_check_table(&sl_ck, sgl, nents, orig_nents, m, app, after_failure, from))
		return true;
	return sl_fail(sl_ck.check, "%s", sl_ck.detail);
}

/* ---- freeing --------------------------------------------------------- */

static bool sl_free_sgt(void)
{
	long before = sl_live_objects(), gone;

	if (!sl.sgt_live)
		return true;
	sg_free_table(&sl.sgt);
	C_EMIT("sg_free_table(&sgt);\nassert(!sgt.sgl);");
	sl.sgt_live = false;
	gone = before - sl_live_objects();
	if (sl.sgt.sgl)
		return sl_fail("sg_free_table", "expected sgl NULL after freeing, found %p",
			       (void *)sl.sgt.sgl);
	if (gone != sl.sgt_objs)
		return sl_fail("sg_free_table", "expected %ld objects freed (what the table "
			       "took), found %ld", sl.sgt_objs, gone);
	return true;
}

static bool sl_free_app(void)
{
	long before = sl_live_objects(), gone;

	if (!sl.app_live && !sl.app.sgt.sgl)
		return true;
	if (kunit_emit_active())
		kunit_emit_free();
	sg_free_append_table(&sl.app);
	C_EMIT("sg_free_append_table(&app);\nassert(!app.sgt.sgl);\n"
	       "memset(&app, 0, sizeof(app));\nsg_model_init(&app_m);");
	gone = before - sl_live_objects();
	sl.app_live = false;
	if (sl.app.sgt.sgl)
		return sl_fail("sg_free_append_table", "expected sgl NULL after freeing, found %p",
			       (void *)sl.app.sgt.sgl);
	if (gone != sl.app_objs)
		return sl_fail("sg_free_append_table", "expected %ld objects freed (what the "
			       "table took), found %ld", sl.app_objs, gone);
	memset(&sl.app, 0, sizeof(sl.app));
	sl.app_objs = 0;
	sl.app_pages = 0;
	sg_model_init(&sl.app_m);
	return true;
}

/* ---- the ops --------------------------------------------------------- */

static bool sl_op_range(const struct prog_op *op)
{
	unsigned long nr = 1UL << op->arg[1];
	unsigned long pfn = op->arg[0];
	unsigned long folio = pfn & ~(nr - 1);
	unsigned long folio_bytes = nr << PAGE_SHIFT;
	unsigned long start = ((pfn - folio) << PAGE_SHIFT) + op->arg[2];
	unsigned long len, first, last, i;

	start %= folio_bytes;
	len = op->arg[3] ? 1 + (op->arg[3] - 1) % (folio_bytes - start) : folio_bytes - start;
	first = folio + (start >> PAGE_SHIFT);
	last = folio + ((start + len - 1) >> PAGE_SHIFT);
	if (sl.npages + (last - first + 1) > SL_MAX_PAGES) {
		SL_SAY("skipped: the page list would exceed %d pages", SL_MAX_PAGES);
		return true;
	}
	if (!sl.npages)
		sl.first_off = start & ~PAGE_MASK;
	for (i = first; i <= last; i++) {
		sl.pfn[sl.npages] = BUF_PFN + i;
		sl.pages[sl.npages++] = pfn_to_page(BUF_PFN + i);
	}
	if (c_emit_on)
		sg_emit_range(first, last - first + 1, sl.npages);
	sl.last_used = ((start + len - 1) & ~PAGE_MASK) + 1;
	SL_SAY("bytes [%#lx, %#lx) of the buffer: pages +%#lx..+%#lx, %u in the list",
	       (folio << PAGE_SHIFT) + start, (folio << PAGE_SHIFT) + start + len, first, last,
	       sl.npages);
	return true;
}

/* size of the buffer the page list describes from offset */
static unsigned long sl_list_size(unsigned long offset)
{
	return ((unsigned long)(sl.npages - 1) << PAGE_SHIFT) + sl.last_used - offset;
}

static bool sl_op_build(const struct prog_op *op)
{
	unsigned long max = sl_max_segment(op->arg[0]);
	unsigned long size, failed0;
	long before;
	int ret;

	if (!sl.npages) {
		SL_SAY("skipped: no ranges");
		return true;
	}
	size = sl_list_size(sl.first_off);
	ret = sg_model_from_pages(&sl_tmp, sl.pfn, sl.npages, sl.first_off, size, max);
	if (ret) {
		SL_SAY("skipped: the model refuses the call (%d)", ret);
		return true;
	}
	if (!sl_free_sgt())
		return false;
	sg_model_copy(&sl.sgt_m, &sl_tmp);

	memset(&sl.sgt, 0, sizeof(sl.sgt));
	before = sl_live_objects();
	failed0 = sl_failed();
	ret = sg_alloc_table_from_pages_segment(&sl.sgt, sl.pages, sl.npages, sl.first_off, size,
						max, GFP_KERNEL);
	if (c_emit_on)
		sg_emit_build(sl.npages, sl.first_off, size, max, ret);
	if (sl_failed() != failed0) {
		if (ret != -ENOMEM)
			return sl_fail("sg_build alloc failure", "an allocation failed (fail_nth): "
				       "expected -ENOMEM, found %d", ret);
		if (sl_live_objects() != before)
			return sl_fail("sg_build alloc failure", "expected nothing left allocated "
				       "after -ENOMEM, found %ld objects",
				       sl_live_objects() - before);
		/* the table was not touched: still empty, sg_free_table() a no-op */
		if (sl.sgt.sgl || sl.sgt.nents || sl.sgt.orig_nents)
			return sl_fail("sg_build alloc failure", "expected the (zeroed) table "
				       "untouched after -ENOMEM, found sgl %p nents %u",
				       (void *)sl.sgt.sgl, sl.sgt.nents);
		sg_free_table(&sl.sgt);
		C_EMIT("sg_free_table(&sgt);");
		if (sl_live_objects() != before)
			return sl_fail("sg_build alloc failure", "sg_free_table() of the empty "
				       "table changed the live objects by %ld",
				       sl_live_objects() - before);
		SL_SAY("-ENOMEM (injected), nothing left allocated, table empty");
		return true;
	}
	if (ret)
		return sl_fail("sg_build error", "%u pages offset %#lx size %#lx max_segment "
			       "%#lx: expected 0, found %d", sl.npages, sl.first_off, size, max,
			       ret);
	sl.sgt_live = true;
	sl.sgt_objs = sl_live_objects() - before;
	SL_SAY("%u pages offset %#lx size %#lx max_segment %#lx: %u entries (model %u)",
	       sl.npages, sl.first_off, size, max, sl.sgt.orig_nents, sl.sgt_m.nseg);
	return sl_check_table(sl.sgt.sgl, sl.sgt.nents, sl.sgt.orig_nents, &sl.sgt_m, NULL,
			      false, 0);
}

/*
 * Does the append table hold exactly the entries of m (nents and walk)?
 * The entries before the last of the calls before (old_nents) are not
 * compared: see sl_check_table().
 */
static DMALAB_NOCOV bool sl_table_matches(const struct sg_model *m, unsigned int old_nents)
{
	struct sg_model_walk w;

	if (sl.app.sgt.nents != m->nseg || !sl.app.sgt.sgl)
		return false;
	sg_model_walk(sl.app.sgt.sgl, sl_walked, WALK_MAX, &w);
	return w.ended && w.nr >= m->nseg &&
	       sg_model_first_mismatch_from(m, sl_walked, w.nr, old_nents ? old_nents - 1 : 0) < 0;
}

/*
 * A C reproducer of a known bug (fuzz/sg_emit.h): the first entry of the
 * append table that is not what the kernel-doc promises (sl_tmp, the model
 * of the call), before the oracle's check the reproducer then fails.
 */
static DMALAB_NOCOV void sl_emit_known_bug(enum sg_model_bug bug, unsigned int old_nents)
{
	struct sg_model_walk w;
	int at;

	sg_model_walk(sl.app.sgt.sgl, sl_walked, WALK_MAX, &w);
	at = sg_model_first_mismatch_from(&sl_tmp, sl_walked, w.nr, old_nents ? old_nents - 1 : 0);
	if (at < 0)	/* the entries match as far as the model goes: one too many */
		at = sl_tmp.nseg;
	sg_emit_known_bug(sg_model_bug_id(bug), at, at < (int)w.nr ? sl_walked[at] : NULL,
			  at < (int)sl_tmp.nseg ? &sl_tmp.seg[at] : NULL, BUF_PFN);
}

static bool sl_op_append(const struct prog_op *op)
{
	unsigned long max = sl_max_segment(op->arg[0]);
	unsigned int left = op->arg[1], n = sl.npages;
	unsigned long offset, size, failed0;
	struct scatterlist *prv;
	unsigned int prv_len, nents;
	enum sg_model_bug bug;
	bool first;
	long before;
	int ret;

	if (!n) {
		SL_SAY("skipped: no ranges");
		return true;
	}
	if (sl.app_live && !sl.app_open) {
		/* complete: start a new table */
		if (!sl_free_app())
			return false;
	}
	first = !sl.app_live;
	if (first) {
		offset = sl.first_off;
	} else {
		if (n > sl.app_m.left_pages) {
			SL_SAY("skipped: %u pages, the last call promised %u", n,
			       sl.app_m.left_pages);
			return true;
		}
		if (left > sl.app_m.left_pages - n)
			left = sl.app_m.left_pages - n;
		offset = 0;
	}
	if (sl.app_pages + n > APP_MAX_PAGES) {
		SL_SAY("skipped: the append table would exceed %d pages", APP_MAX_PAGES);
		return true;
	}
	size = sl_list_size(offset);

	/* the model of all calls so far, this one included */
	sg_model_copy(&sl_tmp, &sl.app_m);
	ret = sg_model_append(&sl_tmp, sl.pfn, n, offset, size, max, left);
	if (ret) {
		SL_SAY("skipped: the model refuses the call (%d)", ret);
		return true;
	}
	/* dmalab-replay --kunit: the call, and the table the kernel-doc promises */
	if (kunit_emit_active())
		kunit_emit_append(sl.pfn, n, offset, size, max, left, &sl_tmp);

	prv = sl.app.prv;
	prv_len = prv ? prv->length : 0;
	nents = sl.app.sgt.nents;
	before = sl_live_objects();
	failed0 = sl_failed();
	ret = sg_alloc_append_table_from_pages(&sl.app, sl.pages, n, offset, size, max, left,
					       GFP_KERNEL);
	sl.app_objs += sl_live_objects() - before;
	if (c_emit_on)
		sg_emit_append(n, offset, size, max, left, ret, first);
	if (sl_failed() != failed0) {
		if (ret != -ENOMEM)
			return sl_fail("sg_append alloc failure", "an allocation failed (fail_nth): "
				       "expected -ENOMEM, found %d", ret);
		/* "Adjust entry length to be as before function was called" */
		if (sl.app.prv != prv || (prv && prv->length != prv_len) ||
		    sl.app.sgt.nents != nents)
			return sl_fail("sg_append alloc failure", "expected the table as before "
				       "the call (prv %p length %#x, nents %u), found prv %p "
				       "length %#x nents %u", (void *)prv, prv_len, nents,
				       (void *)sl.app.prv, sl.app.prv ? sl.app.prv->length : 0,
				       sl.app.sgt.nents);
		if (!first && !sl_check_table(sl.app.sgt.sgl, sl.app.sgt.nents,
					      sl.app.sgt.orig_nents, &sl.app_m, &sl.app, true, 0))
			return false;
		SL_SAY("-ENOMEM (injected); table as before; freed as the kernel-doc requires");
		/* "the caller must call sg_free_append_table()" */
		sl.app_live = true;
		return sl_free_app();
	}
	if (ret)
		return sl_fail("sg_append error", "%u pages offset %#lx size %#lx max_segment "
			       "%#lx left %u: expected 0, found %d", n, offset, size, max, left,
			       ret);
	sl.app_live = true;
	sl.app_open = left != 0;
	sl.app_pages += n;
	if (!first && !sl_table_matches(&sl_tmp, nents)) {
		/* does a known bug explain it exactly? */
		sg_model_copy(&sl_buggy, &sl.app_m);
		bug = sg_model_append_known_bugs(&sl_buggy, sl.pfn, n, offset, size, max, left);
		if (bug != SG_MODEL_NO_BUG && sl_table_matches(&sl_buggy, nents)) {
			known_bug_hit(sg_model_bug_id(bug));
			if (c_emit_on)
				sl_emit_known_bug(bug, nents);
			SL_SAY("KNOWN KERNEL BUG %s reproduced (%s), not a finding; counted",
			       sg_model_bug_id(bug),
			       bug == SG_MODEL_BUG_APPEND_IGNORES_SIZE ?
			       "extending the previous entry ignores size" :
			       "an entry ending mid-page merges its own page again");
			sg_model_copy(&sl_tmp, &sl_buggy);
		}
	}
	sg_model_copy(&sl.app_m, &sl_tmp);
	C_EMIT("assert(sg_check_table(&ck, app.sgt.sgl, app.sgt.nents, app.sgt.orig_nents, "
	       "&app_m,\n\t\t      &app, false, %u));", first || !nents ? 0 : nents - 1);
	SL_SAY("%s call: %u pages offset %#lx size %#lx max_segment %#lx left %u: %u entries "
	       "(model %u)", first ? "first" : "later", n, offset, size, max, left,
	       sl.app.sgt.nents, sl.app_m.nseg);
	return sl_check_table(sl.app.sgt.sgl, sl.app.sgt.nents, sl.app.sgt.orig_nents, &sl.app_m,
			      &sl.app, false, first || !nents ? 0 : nents - 1);
}

/*
 * sg_nents_for_len() on one table: "the number of sg entries needed" for
 * len bytes, "negative error on failure": 0 for len 0, else the fewest
 * leading entries whose lengths add up to len or more, -EINVAL if all of
 * them do not.
 */
static bool sl_nents_one(struct scatterlist *sgl, const struct sg_model *m, uint64_t arg,
			 const char *which)
{
	unsigned int k = (arg >> 2) % (m->nseg + 1);
	unsigned long long pre = sg_model_prefix(m, k), len;
	int expect, got;

	switch (arg & 3) {
	case 0:
		len = pre;
		break;
	case 1:
		len = pre + 1;
		break;
	case 2:
		len = pre - 1;	/* ~0ULL for k = 0: beyond any table */
		break;
	default:
		len = arg >> 2;
	}
	expect = sg_model_nents_for_len(m, len);
	got = sg_nents_for_len(sgl, len);
	C_EMIT("ret = sg_nents_for_len(%s, %#llx);\nassert(ret == sg_model_nents_for_len(&%s, %#llx));",
	       m == &sl.sgt_m ? "sgt.sgl" : "app.sgt.sgl", len, m == &sl.sgt_m ? "sgt_m" : "app_m",
	       len);
	SL_SAY("%s table: sg_nents_for_len(%#llx) = %d (model %d)", which, len, got, expect);
	if (got != expect)
		return sl_fail("sg_nents_for_len", "%s table of %u entries, len %#llx: expected "
			       "%d, found %d", which, m->nseg, len, expect, got);
	return true;
}

static bool sl_op_nents(const struct prog_op *op)
{
	bool any = false;

	if (sl.sgt_live) {
		any = true;
		if (!sl_nents_one(sl.sgt.sgl, &sl.sgt_m, op->arg[0], "built"))
			return false;
	}
	/* only a completed append table ends in an end marker */
	if (sl.app_live && !sl.app_open) {
		any = true;
		if (!sl_nents_one(sl.app.sgt.sgl, &sl.app_m, op->arg[0], "append"))
			return false;
	}
	if (!any)
		SL_SAY("skipped: no complete table");
	return true;
}

static bool sl_op(const struct prog_op *op)
{
	switch (op->code) {
	case OP_RANGE:
		return sl_op_range(op);
	case OP_CLEAR:
		/* the reproducer declares its page list with the first range */
		if (sl.npages)
			C_EMIT("npages = 0;");
		sl.npages = 0;
		SL_SAY("range list empty");
		return true;
	case OP_SG_BUILD:
		return sl_op_build(op);
	case OP_SG_APPEND:
		return sl_op_append(op);
	case OP_SG_FREE:
		if (!sl_free_sgt() || !sl_free_app())
			return false;
		sl.app_open = false;
		SL_SAY("both tables freed");
		return true;
	case OP_SG_NENTS:
		return sl_op_nents(op);
	case OP_FAIL_NTH:
		sl.fail_n = op->arg[0];
		if (sl.fail_n) {
			dmalab_fail_nth(sl.fail_n);
			C_EMIT("dmalab_fail_nth(%lu);", sl.fail_n);
		} else {
			dmalab_fail_off();
			C_EMIT("dmalab_fail_off();");
		}
		SL_SAY("%s", sl.fail_n ? "armed" : "off");
		return true;
	default:
		return true;	/* not ours */
	}
}

static bool sl_setup(struct fuzz_run *r)
{
	/* per-run state: counters only, the arrays are written before use */
	sl.npages = 0;
	sl.sgt_live = sl.app_live = sl.app_open = false;
	sl.sgt_objs = sl.app_objs = 0;
	sl.app_pages = 0;
	sg_model_init(&sl.app_m);
	sg_model_init(&sl.sgt_m);
	memset(&sl.sgt, 0, sizeof(sl.sgt));
	memset(&sl.app, 0, sizeof(sl.app));
	sl.fail_n = 0;
	sl.verbose = r->verbose;
	sl.r = r;
	if (c_emit_on)
		sg_emit_setup(BUF_PFN, SL_MAX_PAGES, WALK_MAX);
	return true;
}

static void sl_run_op(struct fuzz_run *r, const struct prog_op *op)
{
	sl_op(op);
}

/* whatever happened: both tables freed, and they must give back what they took */
static void sl_teardown(struct fuzz_run *r)
{
	sl_free_sgt();
	sl_free_app();
	if (r->verbose)
		printf("known kernel bugs so far: sg-append-ignores-size %lu, "
		       "sg-append-midpage-remerge %lu\n",
		       known_bug_hits("sg-append-ignores-size"),
		       known_bug_hits("sg-append-midpage-remerge"));
}

const struct target target_scatterlist = {
	.name = "scatterlist",
	.summary = "sg tables from pages (build, append, free, nents) against a page-walk model",
	.codec = &prog_codec,
	/*
	 * About 100 ops (a range is 10 bytes, an append 3): every known bug,
	 * seed and regression needs fewer than 10, and a table of one-page
	 * entries chains over five chunks after one range op. An op costs
	 * O(pages) here (the kernel's build and the check), so programs of
	 * 256 of them (2600 bytes) made an exec ten times what any finding
	 * needs, and the engine's exec/s fell with its length limit.
	 */
	.max_len = 1024,
	.timeout = 25,
	.setup = sl_setup,
	.op = sl_run_op,
	.teardown = sl_teardown,
};
