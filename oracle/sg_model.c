// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scatterlist model (sg_model.h): the entries of tables built from
 * pages, the chunk layout, and apart from those the known bugs' variant of
 * an append.
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/string.h>

#include "oracle/sg_model.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

void sg_model_init(struct sg_model *m)
{
	m->nseg = 0;
	m->calls = 0;
	m->left_pages = 0;
	m->complete = false;
}

void sg_model_copy(struct sg_model *dst, const struct sg_model *src)
{
	if (dst == src)
		return;
	dst->nseg = src->nseg;
	dst->calls = src->calls;
	dst->left_pages = src->left_pages;
	dst->complete = src->complete;
	memcpy(dst->seg, src->seg, src->nseg * sizeof(src->seg[0]));
}

static void push_seg(struct sg_model *m, unsigned long pfn, unsigned long off,
		     unsigned long len)
{
	m->seg[m->nseg].pfn = pfn;
	m->seg[m->nseg].off = off;
	m->seg[m->nseg].len = len;
	m->nseg++;
}

/*
 * Add one page's share [off, off + len) of page frame pfn: it extends the
 * last segment when that ends on a page boundary exactly where these bytes
 * start and can take one more page within max (page-aligned).
 */
static void add_page(struct sg_model *m, unsigned long pfn, unsigned long off,
		     unsigned long len, unsigned long max)
{
	if (m->nseg) {
		struct sg_model_seg *s = &m->seg[m->nseg - 1];
		u64 end = (u64)PFN_PHYS(s->pfn) + s->off + s->len;

		if (PAGE_ALIGNED(end) && end == (u64)PFN_PHYS(pfn) + off &&
		    s->len + PAGE_SIZE <= max) {
			s->len += len;
			return;
		}
	}
	push_seg(m, pfn, off, len);
}

/* The contract of a call, as sg_model_append() documents it. */
static int check_call(const struct sg_model *m, unsigned int n, unsigned int offset,
		      unsigned long size, unsigned int max_segment)
{
	unsigned long max = max_segment & PAGE_MASK;
	unsigned long end = (unsigned long)offset + size;

	if (max < PAGE_SIZE || (m->calls && offset))
		return -EINVAL;
	if (m->calls && (m->complete || n > m->left_pages))
		return -ERANGE;
	if (!n || !size || offset >= PAGE_SIZE || end > (unsigned long)n << PAGE_SHIFT ||
	    end <= (unsigned long)(n - 1) << PAGE_SHIFT)
		return -ERANGE;
	if (n > SG_MODEL_MAX_SEGS - m->nseg)
		return -ERANGE;
	return 0;
}

static void end_call(struct sg_model *m, unsigned int left_pages)
{
	m->calls++;
	m->left_pages = left_pages;
	m->complete = !left_pages;
}

int sg_model_append(struct sg_model *m, const unsigned long *pfn, unsigned int n,
		    unsigned int offset, unsigned long size, unsigned int max_segment,
		    unsigned int left_pages)
{
	unsigned long max = max_segment & PAGE_MASK;
	int err = check_call(m, n, offset, size, max_segment);
	unsigned int i;

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		unsigned long off = i ? 0 : offset, room = PAGE_SIZE - off;
		unsigned long len = size < room ? size : room;

		add_page(m, pfn[i], off, len, max);
		size -= len;
	}
	end_call(m, left_pages);
	return 0;
}

int sg_model_from_pages(struct sg_model *m, const unsigned long *pfn, unsigned int n,
			unsigned int offset, unsigned long size, unsigned int max_segment)
{
	sg_model_init(m);
	return sg_model_append(m, pfn, n, offset, size, max_segment, 0);
}

bool sg_model_add_entry(struct sg_model *m, unsigned long pfn, unsigned long off,
			unsigned long len)
{
	if (m->nseg == SG_MODEL_MAX_SEGS)
		return false;
	push_seg(m, pfn, off, len);
	return true;
}

/* ---- what a table of the model holds --------------------------------- */

unsigned long sg_model_seg_pages(const struct sg_model_seg *s)
{
	return DIV_ROUND_UP(s->off + s->len, PAGE_SIZE);
}

unsigned long long sg_model_prefix(const struct sg_model *m, unsigned int k)
{
	unsigned long long sum = 0;
	unsigned int i;

	for (i = 0; i < k && i < m->nseg; i++)
		sum += m->seg[i].len;
	return sum;
}

unsigned long long sg_model_total(const struct sg_model *m)
{
	return sg_model_prefix(m, m->nseg);
}

bool sg_model_locate(const struct sg_model *m, unsigned long long pos, phys_addr_t *phys,
		     unsigned long *run)
{
	unsigned int i;

	for (i = 0; i < m->nseg; i++) {
		const struct sg_model_seg *s = &m->seg[i];

		if (pos < s->len) {
			unsigned long in_page, left = s->len - pos;

			*phys = PFN_PHYS(s->pfn) + s->off + pos;
			in_page = PAGE_SIZE - (*phys & ~PAGE_MASK);
			*run = left < in_page ? left : in_page;
			return true;
		}
		pos -= s->len;
	}
	return false;
}

int sg_model_nents_for_len(const struct sg_model *m, unsigned long long len)
{
	unsigned long long sum = 0;
	unsigned int i;

	if (!len)
		return 0;
	for (i = 0; i < m->nseg; i++) {
		sum += m->seg[i].len;
		if (sum >= len)
			return i + 1;
	}
	return -EINVAL;
}

/* ---- the layout ------------------------------------------------------ */

unsigned int sg_model_chain_links(unsigned int n)
{
	if (n <= SG_MAX_SINGLE_ALLOC)
		return 0;
	return DIV_ROUND_UP(n - SG_MAX_SINGLE_ALLOC, SG_MAX_SINGLE_ALLOC - 1);
}

/*
 * With links, every chunk but the last holds SG_MAX_SINGLE_ALLOC - 1
 * entries and then its link: entry e (from 0) is behind e / (that) links.
 */
unsigned int sg_model_walk_links(unsigned int total, unsigned int n)
{
	unsigned int links = sg_model_chain_links(total), before;

	if (!n)
		return 0;
	before = (n - 1) / (SG_MAX_SINGLE_ALLOC - 1);
	return before < links ? before : links;
}

bool sg_model_walk(struct scatterlist *sgl, struct scatterlist **ent, unsigned int cap,
		   struct sg_model_walk *w)
{
	struct scatterlist *chunk = sgl, *p = sgl;

	memset(w, 0, sizeof(*w));
	w->bad_slot = -1;
	if (!p)
		return false;
	while (w->nr < cap && w->links < cap) {
		if (p->page_link & SG_CHAIN) {
			if (p - chunk != SG_MAX_SINGLE_ALLOC - 1 && !w->bad_links++) {
				w->bad_slot = p - chunk;
				w->bad_after = w->nr;
			}
			w->links++;
			chunk = p = (struct scatterlist *)(p->page_link & ~SG_PAGE_LINK_MASK);
			if (!p)
				return false;
			continue;
		}
		ent[w->nr++] = p;
		if (p->page_link & SG_END) {
			w->ended = true;
			return !w->bad_links;
		}
		/*
		 * The last slot of a chunk is its link or the end: an entry
		 * there means the table goes on past its allocation, which
		 * the walk does not read.
		 */
		if (p - chunk == SG_MAX_SINGLE_ALLOC - 1) {
			if (!w->bad_links++) {
				w->bad_slot = p - chunk;
				w->bad_after = w->nr;
			}
			return false;
		}
		p++;
	}
	return false;
}

int sg_model_first_mismatch(const struct sg_model *m, struct scatterlist *const *ent,
			    unsigned int nr)
{
	return sg_model_first_mismatch_from(m, ent, nr, 0);
}

int sg_model_first_mismatch_from(const struct sg_model *m, struct scatterlist *const *ent,
				 unsigned int nr, unsigned int from)
{
	unsigned int i;

	for (i = from; i < m->nseg; i++) {
		const struct scatterlist *sg = ent[i];
		const struct page *page;

		if (i >= nr)
			return i;
		page = (const struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
		if (page != pfn_to_page(m->seg[i].pfn) || sg->offset != m->seg[i].off ||
		    sg->length != m->seg[i].len)
			return i;
	}
	return -1;
}

/* ---- KNOWN KERNEL BUGS: not the model of the API --------------------- */

const char *sg_model_bug_id(enum sg_model_bug bug)
{
	switch (bug) {
	case SG_MODEL_BUG_APPEND_IGNORES_SIZE:
		return "sg-append-ignores-size";
	case SG_MODEL_BUG_APPEND_MIDPAGE_REMERGE:
		return "sg-append-midpage-remerge";
	default:
		return NULL;
	}
}

/*
 * The buggy append: the code's "next page" is (end of the last entry) /
 * PAGE_SIZE; from there it merges pages while each is the frame after the
 * one before and the entry takes one more page within max, PAGE_SIZE each,
 * without taking them off size; the rest start a new entry and, size being
 * still the whole call's, are whole pages.
 */
enum sg_model_bug sg_model_append_known_bugs(struct sg_model *m, const unsigned long *pfn,
					     unsigned int n, unsigned int offset,
					     unsigned long size, unsigned int max_segment,
					     unsigned int left_pages)
{
	unsigned long max = max_segment & PAGE_MASK, len;
	enum sg_model_bug bug;
	struct sg_model_seg *s;
	unsigned int i, merged = 0;
	u64 end;

	if (!m->nseg || check_call(m, n, offset, size, max_segment))
		return SG_MODEL_NO_BUG;
	s = &m->seg[m->nseg - 1];
	end = (u64)PFN_PHYS(s->pfn) + s->off + s->len;
	if (pfn[0] != (unsigned long)(end >> PAGE_SHIFT))
		return SG_MODEL_NO_BUG;
	if (!PAGE_ALIGNED(end))
		bug = SG_MODEL_BUG_APPEND_MIDPAGE_REMERGE;
	else if (size & ~PAGE_MASK)
		bug = SG_MODEL_BUG_APPEND_IGNORES_SIZE;
	else
		return SG_MODEL_NO_BUG;

	len = s->len;
	while (merged < n && (!merged || pfn[merged] == pfn[merged - 1] + 1) &&
	       len + PAGE_SIZE <= max) {
		len += PAGE_SIZE;
		merged++;
	}
	if (!merged)
		return SG_MODEL_NO_BUG;
	s->len = len;
	for (i = merged; i < n; i++) {
		if (i == merged)
			push_seg(m, pfn[i], 0, PAGE_SIZE);
		else
			add_page(m, pfn[i], 0, PAGE_SIZE, max);
	}
	end_call(m, left_pages);
	return bug;
}

DMALAB_NOCOV_END
