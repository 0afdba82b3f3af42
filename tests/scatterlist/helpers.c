// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checking helpers of the scatterlist suite: a table (its entries, its
 * layout, both iterators) against the model of oracle/sg_model.h, and the
 * runners of hand-worked cases, which also check the model against entries
 * worked out by hand, so that the model is tested too.
 */
#include "tests/scatterlist/scatterlist_tests.h"

unsigned long pfns[MAX_PAGES];
struct page *pages[MAX_PAGES];
struct scatterlist *walked[2 * MAX_PAGES];

u8 pattern(phys_addr_t phys, unsigned int salt)
{
	return ((phys + salt) * 0x9e3779b97f4a7c15ULL) >> 56;
}

void fill_pattern(const struct sg_model *m, unsigned int salt)
{
	unsigned long b;
	unsigned int i;

	for (i = 0; i < m->nseg; i++) {
		phys_addr_t phys = PFN_PHYS(m->seg[i].pfn) + m->seg[i].off;

		for (b = 0; b < m->seg[i].len; b++)
			*(u8 *)phys_to_virt(phys + b) = pattern(phys + b, salt);
	}
}

unsigned long sg_pfn(struct scatterlist *sg)
{
	return sg_page(sg) ? page_to_pfn(sg_page(sg)) : 0;
}

bool raw_walk(struct scatterlist *sgl, unsigned int *nr, unsigned int *chains)
{
	struct sg_model_walk w;

	if (!sg_model_walk(sgl, walked, ARRAY_SIZE(walked), &w)) {
		if (w.bad_links)
			KT_FAIL("chain link at slot %ld of its chunk (after %u entries), "
				"expected %lu", w.bad_slot, w.bad_after, SG_MAX_SINGLE_ALLOC - 1);
		KT_FAIL("no end marker within %zu entries (%u links)", ARRAY_SIZE(walked),
			w.links);
	}
	*nr = w.nr;
	*chains = w.links;
	return true;
}

/*
 * Check the @nents entries from @sgl against the model: page, offset,
 * length and sg_phys() of each, no chain link among them, the end marker on
 * the last exactly when @terminated; and for a terminated list sg_nents()
 * and sg_last(). Sets *lastp to the last entry if lastp.
 */
bool check_sgl(struct scatterlist *sgl, unsigned int nents, const struct sg_model *m,
	       bool terminated, struct scatterlist **lastp)
{
	struct scatterlist *sg, *last = NULL;
	unsigned int i;

	KT_EXPECT_EQ(nents, m->nseg);
	for_each_sg(sgl, sg, nents, i) {
		const struct sg_model_seg *s = &m->seg[i];
		bool want_last = terminated && i == m->nseg - 1;

		KT_EXPECT_NOT_NULL(sg);
		if (sg_is_chain(sg) || sg_page(sg) != pfn_to_page(s->pfn) ||
		    sg->offset != s->off || sg->length != s->len ||
		    sg_phys(sg) != PFN_PHYS(s->pfn) + s->off || sg_is_last(sg) != want_last)
			KT_FAIL("entry %u of %u: pfn %#lx offset %#x length %#x%s%s; "
				"expected pfn %#lx offset %#lx length %#lx%s", i, nents,
				sg_pfn(sg), sg->offset, sg->length,
				sg_is_chain(sg) ? " CHAIN" : "", sg_is_last(sg) ? " last" : "",
				s->pfn, s->off, s->len, want_last ? " last" : "");
		last = sg;
	}
	if (terminated) {
		KT_EXPECT_EQ(sg_nents(sgl), m->nseg);
		KT_EXPECT_EQ(sg_last(sgl, nents), last);
	}
	if (lastp)
		*lastp = last;
	return true;
}

bool check_table(struct sg_table *sgt, const struct sg_model *m)
{
	KT_EXPECT_EQ(sgt->nents, m->nseg);
	KT_EXPECT_EQ(sgt->orig_nents, m->nseg);
	return check_sgl(sgt->sgl, sgt->orig_nents, m, true, NULL);
}

/*
 * The page iterator visits every page of every entry in order: for a table
 * built from a page list, exactly that list. Starting @pgoffset pages in
 * skips that many; limiting the entries limits the pages.
 */
bool check_page_iter(struct sg_table *sgt, const unsigned long *pfn, unsigned int n,
		     const struct sg_model *m)
{
	const unsigned int starts[] = { 0, 1, n / 2, n - 1, n, n + 3 };
	struct sg_page_iter piter;
	unsigned int s, k, first;

	for (s = 0; s < ARRAY_SIZE(starts); s++) {
		k = starts[s];
		for_each_sg_page(sgt->sgl, &piter, sgt->orig_nents, starts[s]) {
			if (k >= n || sg_page_iter_page(&piter) != pfn_to_page(pfn[k]))
				KT_FAIL("page %u from pgoffset %u: pfn %#lx, expected %#lx", k,
					starts[s], page_to_pfn(sg_page_iter_page(&piter)),
					k < n ? pfn[k] : 0);
			k++;
		}
		if (k < n)
			KT_FAIL("from pgoffset %u: visited up to page %u of %u", starts[s], k, n);
	}

	/* for_each_sgtable_page() is the whole table from page 0 */
	k = 0;
	for_each_sgtable_page(sgt, &piter, 0) {
		KT_EXPECT_LT(k, n);
		KT_EXPECT_EQ(sg_page_iter_page(&piter), pfn_to_page(pfn[k]));
		k++;
	}
	KT_EXPECT_EQ(k, n);

	/* only the first entry: only its pages */
	KT_EXPECT_GE(m->nseg, 1);
	first = sg_model_seg_pages(&m->seg[0]);
	k = 0;
	for_each_sg_page(sgt->sgl, &piter, 1, 0) {
		KT_EXPECT_LT(k, first);
		KT_EXPECT_EQ(sg_page_iter_page(&piter), pfn_to_page(pfn[k]));
		k++;
	}
	KT_EXPECT_EQ(k, first);
	return true;
}

/*
 * The mapping iterator maps the buffer one page piece at a time: for each
 * entry, from its first byte, up to the end of the page or of the entry.
 * Check page, address (the direct map of the piece's physical address) and
 * length of every mapping, and if @salt, the bytes (filled by
 * fill_pattern()).
 */
bool check_miter(struct scatterlist *sgl, unsigned int nents, const struct sg_model *m,
		 unsigned int flags, unsigned int salt)
{
	struct sg_mapping_iter miter;
	unsigned long pos = 0, run, b;
	phys_addr_t phys;

	sg_miter_start(&miter, sgl, nents, flags);
	while (sg_model_locate(m, pos, &phys, &run)) {
		if (!sg_miter_next(&miter))
			KT_FAIL("mapping iterator ended at byte %#lx of %#llx", pos,
				sg_model_total(m));
		if (miter.page != phys_to_page(phys) || miter.addr != phys_to_virt(phys) ||
		    miter.length != run)
			KT_FAIL("at byte %#lx: phys %#llx length %#zx, expected phys %#llx "
				"length %#lx", pos,
				(unsigned long long)virt_to_phys(miter.addr), miter.length,
				(unsigned long long)phys, run);
		for (b = 0; salt && b < run; b++)
			if (((u8 *)miter.addr)[b] != pattern(phys + b, salt))
				KT_FAIL("byte %#lx (phys %#llx) is %#x, expected %#x", pos + b,
					(unsigned long long)(phys + b), ((u8 *)miter.addr)[b],
					pattern(phys + b, salt));
		pos += run;
	}
	KT_EXPECT(!sg_miter_next(&miter));
	sg_miter_stop(&miter);
	return true;
}

bool model_matches(const struct sg_model *m, const struct sg_model_seg *expect,
		   unsigned int nexpect)
{
	unsigned int i;

	KT_EXPECT_EQ(m->nseg, nexpect);
	for (i = 0; i < m->nseg; i++) {
		const struct sg_model_seg *s = &m->seg[i];

		if (s->pfn != BUF_PFN + expect[i].pfn || s->off != expect[i].off ||
		    s->len != expect[i].len)
			KT_FAIL("MODEL segment %u: pfn +%#lx offset %#lx length %#lx, by hand "
				"+%#lx %#lx %#lx", i, s->pfn - BUF_PFN, s->off, s->len,
				expect[i].pfn, expect[i].off, expect[i].len);
	}
	return true;
}

/*
 * Build a table from pfn[0..n) with sg_alloc_table_from_pages_segment(),
 * compare it with the model and walk it with both iterators; free it.
 * Leaves the model of the table in *m.
 */
bool check_from_pages(const unsigned long *pfn, unsigned int n, unsigned int offset,
		      unsigned long size, unsigned int max_segment, struct sg_model *m)
{
	struct sg_table sgt;
	unsigned int i;
	bool ok;

	for (i = 0; i < n; i++)
		pages[i] = pfn_to_page(pfn[i]);
	KT_EXPECT_EQ(sg_model_from_pages(m, pfn, n, offset, size, max_segment), 0);

	KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(&sgt, pages, n, offset, size,
						       max_segment, GFP_KERNEL), 0);
	ok = check_table(&sgt, m) &&
	     check_page_iter(&sgt, pfn, n, m) &&
	     check_miter(sgt.sgl, sgt.orig_nents, m, SG_MITER_FROM_SG, 0);
	sg_free_table(&sgt);
	return ok;
}

bool run_pages_cases(const struct pages_case *c, unsigned int nr)
{
	static struct sg_model m;
	unsigned int i, k;

	for (i = 0; i < nr; i++, c++) {
		for (k = 0; k < c->n; k++)
			pfns[k] = BUF_PFN + c->rel[k];
		if (!check_from_pages(pfns, c->n, c->offset, c->size, c->max_segment, &m) ||
		    !model_matches(&m, c->expect, c->nexpect))
			KT_FAIL("case \"%s\" (%u pages, offset %#x, size %#lx, max_segment %#x)",
				c->what, c->n, c->offset, c->size, c->max_segment);
	}
	return true;
}

/*
 * Check an append table after a call: the model of every page appended so
 * far, prv at the last entry, and total_nents: at least nents, and while
 * the table is open (left_pages) every entry up to its end marker, the
 * room reserved for what is left.
 */
bool check_append(struct sg_append_table *app, const struct sg_model *m)
{
	struct scatterlist *last;
	unsigned int nr, chains;

	KT_EXPECT_EQ(app->sgt.nents, m->nseg);
	KT_EXPECT_EQ(app->sgt.orig_nents, m->nseg);
	if (!check_sgl(app->sgt.sgl, m->nseg, m, m->complete, &last))
		return false;
	KT_EXPECT_EQ(app->prv, last);
	KT_EXPECT_GE(app->total_nents, m->nseg);
	if (!m->complete) {
		if (!raw_walk(app->sgt.sgl, &nr, &chains))
			return false;
		KT_EXPECT_EQ(nr, app->total_nents);
	}
	return true;
}

/*
 * Append pfn[0..n) to @app and to its model @m, and check the table
 * against the model of every call so far.
 */
bool append_and_check(struct sg_append_table *app, struct sg_model *m,
		      const unsigned long *pfn, unsigned int n, unsigned int offset,
		      unsigned long size, unsigned int max_segment, unsigned int left_pages)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++)
		pages[i] = pfn_to_page(pfn[i]);
	KT_EXPECT_EQ(sg_model_append(m, pfn, n, offset, size, max_segment, left_pages), 0);

	ret = sg_alloc_append_table_from_pages(app, pages, n, offset, size, max_segment,
					       left_pages, GFP_KERNEL);
	KT_EXPECT_EQ(ret, 0);
	return check_append(app, m);
}

bool run_append_steps(const char *what, const struct append_step *step, unsigned int nr,
		      unsigned int max_segment)
{
	static struct sg_model m;
	struct sg_append_table app = {};
	unsigned int i, k;
	bool ok = true;

	sg_model_init(&m);
	for (i = 0; i < nr && ok; i++, step++) {
		for (k = 0; k < step->n; k++)
			pfns[k] = BUF_PFN + step->rel[k];
		ok = append_and_check(&app, &m, pfns, step->n, step->offset, step->size,
				      max_segment, step->left_pages) &&
		     model_matches(&m, step->expect, step->nexpect);
		if (!ok)
			kt_report(__FILE__, __LINE__, "\"%s\", call %u (max_segment %#x)", what,
				  i + 1, max_segment);
	}
	sg_free_append_table(&app);
	return ok;
}
