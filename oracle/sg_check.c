// SPDX-License-Identifier: GPL-2.0-only
/*
 * The check of an sg table against its model (oracle/sg_check.h), moved
 * here from the scatterlist fuzz target so that a C reproducer can call it.
 *
 * It walks every entry and every page of a table: our loops, not the
 * kernel's (the kernel's iterators it calls keep their coverage), so it is
 * not instrumented for fuzzing coverage (dmalab/nocov.h): a comparison
 * callback for every entry, and features that only count them.
 */
#include <linux/scatterlist.h>
#include <linux/mm.h>

#include <stdarg.h>
#include <stdio.h>

#include <dmalab/nocov.h>

#include "oracle/sg_check.h"

DMALAB_NOCOV_BEGIN

/* Record the failure; returns false so callers can `return fail()`. */
__attribute__((format(printf, 3, 4)))
static bool fail(struct sg_check *c, const char *check, const char *fmt, ...)
{
	va_list ap;

	snprintf(c->check, sizeof(c->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	if (c->print)
		fprintf(stderr, "checker: %s: %s\n", c->check, c->detail);
	return false;
}

static unsigned long entry_pfn(struct scatterlist *sg)
{
	return sg_page(sg) ? page_to_pfn(sg_page(sg)) : 0;
}

/* The entries of the walk as "pfn+off:len ..." (around index at) */
static void describe(const struct sg_check *c, char *buf, size_t len, const struct sg_model *m,
		     int nr, int at)
{
	int from = at > 2 ? at - 2 : 0, i;
	size_t pos = 0;

	pos += snprintf(buf + pos, len - pos, "from entry %d: table", from);
	for (i = from; i < nr && i < from + 4 && pos < len; i++)
		pos += snprintf(buf + pos, len - pos, sg_page(c->walked[i]) ?
				" [%#lx+%#x:%#x]" : " [no page %#lx+%#x:%#x]",
				sg_page(c->walked[i]) ? entry_pfn(c->walked[i]) - c->base_pfn : 0,
				c->walked[i]->offset, c->walked[i]->length);
	if (pos < len)
		pos += snprintf(buf + pos, len - pos, "; model");
	for (i = from; i < (int)m->nseg && i < from + 4 && pos < len; i++)
		pos += snprintf(buf + pos, len - pos, " [%#lx+%#lx:%#lx]",
				m->seg[i].pfn - c->base_pfn, m->seg[i].off, m->seg[i].len);
}

/* sg_check.h says what it checks and why from */
bool sg_check_table(struct sg_check *c, struct scatterlist *sgl, unsigned int nents,
		    unsigned int orig_nents, const struct sg_model *m,
		    struct sg_append_table *app, bool after_failure, unsigned int from)
{
	const bool complete = m->complete;
	struct sg_model_walk w;
	struct scatterlist *sg;
	struct sg_page_iter piter;
	unsigned int i, k, s;
	unsigned long p;
	char desc[600];
	int nr, bad;

	if (nents != m->nseg || orig_nents != m->nseg)
		return fail(c, "sg nents", "expected nents = orig_nents = %u (model), found "
			       "nents %u orig_nents %u", m->nseg, nents, orig_nents);
	if (!sgl)
		return fail(c, "sg layout", "expected %u entries, found sgl NULL", m->nseg);
	sg_model_walk(sgl, c->walked, c->cap, &w);
	c->nr = w.nr;
	if (!w.ended)
		return fail(c, "sg layout", "expected an end marker, found none within %u entries "
			       "(%u links)", c->cap, w.links);
	nr = w.nr;
	if (complete && nr != (int)m->nseg)
		return fail(c, "sg layout", "expected the end marker on entry %u, found it on "
			       "entry %d", m->nseg - 1, nr - 1);
	if (!complete && nr < (int)m->nseg)
		return fail(c, "sg layout", "expected at least %u entries before the end marker "
			       "of an open table, found %d", m->nseg, nr);
	if (w.bad_links)
		return fail(c, "sg chaining", "expected chain links only in the last slot of full "
			       "chunks, found %u elsewhere, the first in slot %ld after %u entries",
			       w.bad_links, w.bad_slot, w.bad_after);
	if (!app && w.links != sg_model_chain_links(nr))
		return fail(c, "sg chaining", "expected %u chain links for %d entries, found %u",
			       sg_model_chain_links(nr), nr, w.links);
	if (from >= m->nseg)
		from = m->nseg ? m->nseg - 1 : 0;
	bad = sg_model_first_mismatch_from(m, c->walked, nr, from);
	if (bad >= 0) {
		describe(c, desc, sizeof(desc), m, nr, bad);
		return fail(c, "sg entries", "expected the model's segments, entry %d differs: %s",
			       bad, desc);
	}
	for (i = from; i < m->nseg; i++)
		if (sg_is_chain(c->walked[i]) ||
		    sg_is_last(c->walked[i]) != (complete && i == m->nseg - 1))
			return fail(c, "sg end marker", "entry %u of %u: expected %s, found "
				       "page_link flags %#lx", i, m->nseg,
				       complete && i == m->nseg - 1 ? "the end marker" : "no flag",
				       c->walked[i]->page_link & SG_PAGE_LINK_MASK);
	if (app) {
		if (app->prv != c->walked[m->nseg - 1])
			return fail(c, "sg append prv", "expected prv = entry %u, found %s",
				       m->nseg - 1, app->prv ? "another entry" : "NULL");
		if (app->total_nents < m->nseg || (!complete && (int)app->total_nents != nr))
			return fail(c, "sg append total_nents", "expected %s%u, found %u",
				       complete ? ">= " : "", complete ? m->nseg : (unsigned int)nr,
				       app->total_nents);
		/* a failed call may have filled spare entries it then did not count */
		for (i = m->nseg; !after_failure && i < (unsigned int)nr; i++)
			if (sg_page(c->walked[i]) || c->walked[i]->length || c->walked[i]->offset)
				return fail(c, "sg append spare entries", "expected spare entry "
					       "%u of the open table empty, found pfn %#lx length %#x",
					       i, entry_pfn(c->walked[i]), c->walked[i]->length);
	}

	/* iteration, from the first entry that can have changed */
	k = from;
	for_each_sg(c->walked[from], sg, nents - from, i) {
		if (k >= (unsigned int)nr || sg != c->walked[k])
			return fail(c, "sg iteration", "for_each_sg entry %u: expected the entry "
				       "of the layout, found another", k);
		k++;
	}
	if (k != nents)
		return fail(c, "sg iteration", "for_each_sg: expected %u entries, found %u",
			       nents, k);
	if (complete) {
		if (sg_nents(sgl) != (int)nents)
			return fail(c, "sg_nents", "expected %u, found %d", nents, sg_nents(sgl));
		if (sg_last(sgl, nents) != c->walked[nents - 1])
			return fail(c, "sg_last", "expected entry %u", nents - 1);
	}
	/* the page iterator visits the pages of the segments, in order */
	s = from;
	p = 0;
	for_each_sg_page(c->walked[from], &piter, nents - from, 0) {
		while (s < m->nseg && p == sg_model_seg_pages(&m->seg[s])) {
			s++;
			p = 0;
		}
		if (s == m->nseg)
			return fail(c, "sg page iteration", "expected the pages of %u segments, "
				       "found more", m->nseg);
		if (sg_page_iter_page(&piter) != pfn_to_page(m->seg[s].pfn + p))
			return fail(c, "sg page iteration", "segment %u page %lu: expected pfn "
				       "%#lx, found %#lx", s, p, m->seg[s].pfn + p - c->base_pfn,
				       page_to_pfn(sg_page_iter_page(&piter)) - c->base_pfn);
		p++;
	}
	while (s < m->nseg && p == sg_model_seg_pages(&m->seg[s])) {
		s++;
		p = 0;
	}
	if (s != m->nseg)
		return fail(c, "sg page iteration", "expected the pages of %u segments, stopped "
			       "in segment %u", m->nseg, s);
	return true;
}

DMALAB_NOCOV_END
