// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of iteration over sg tables: the page iterator, the mapping
 * iterator (sg_miter_*), the copy helpers built on it (sg_copy_*(),
 * sg_pcopy_*(), sg_zero_buffer()) and sg_last(), on a table from pages
 * whose bytes the model (sg_model_locate()) places.
 */
#include <linux/highmem.h>
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * The table of the iteration tests: an offset, a partial last page, gaps
 * and a max_segment cut (12 KiB):
 *
 *   pfn    0   1   2   3     5     8   9
 *        [.xx xxx xxx][xxx] [xxx] [xxx x..]
 */
static const unsigned long iter_rel[] = { 0, 1, 2, 3, 5, 8, 9 };
#define ITER_OFFSET	0x234
#define ITER_SIZE	(6 * P - ITER_OFFSET + 0x567)

/* the model of the iteration table, set by build_iter_table() */
static struct sg_model im;

static bool build_iter_table(struct sg_table *sgt)
{
	unsigned int i, n = ARRAY_SIZE(iter_rel);

	for (i = 0; i < n; i++) {
		pfns[i] = BUF_PFN + 0x300 + iter_rel[i];
		pages[i] = pfn_to_page(pfns[i]);
	}
	KT_EXPECT_EQ(sg_model_from_pages(&im, pfns, n, ITER_OFFSET, ITER_SIZE, 3 * P), 0);
	KT_EXPECT_EQ(im.nseg, 4);
	KT_EXPECT_EQ(sg_alloc_table_from_pages_segment(sgt, pages, n, ITER_OFFSET, ITER_SIZE,
						       3 * P, GFP_KERNEL), 0);
	return true;
}

/*
 * A test that the page iterator (for_each_sg_page, for_each_sgtable_page)
 * "Iterates over sg entries page-by-page". Expect the pages of the iteration
 * table in order, from page 0 and from later pages, nothing from past the
 * end, and only the first entry's pages when limited to one entry; and
 * piter.sg/sg_pgoffset naming the entry and the page within it.
 */
bool test_sg_page_iter(void)
{
	struct sg_page_iter piter;
	struct scatterlist *sg;
	struct sg_table sgt;
	unsigned int k = 0, e = 0, in = 0;
	bool ok;

	if (!build_iter_table(&sgt))
		return false;
	ok = check_table(&sgt, &im) &&
	     check_page_iter(&sgt, pfns, ARRAY_SIZE(iter_rel), &im);

	/* entry e, page in within it, walking the model alongside */
	sg = sgt.sgl;
	for_each_sgtable_page(&sgt, &piter, 0) {
		if (!ok)
			break;
		if (!sg || piter.sg != sg || piter.sg_pgoffset != in) {
			KT_RECORD(ok, "page %u: entry %p page %u, expected %p page %u", k,
				  (void *)piter.sg, piter.sg_pgoffset, (void *)sg, in);
			break;
		}
		k++;
		if (++in == sg_model_seg_pages(&im.seg[e])) {
			in = 0;
			e++;
			sg = sg_next(sg);
		}
	}
	if (ok && (k != ARRAY_SIZE(iter_rel) || e != im.nseg))
		KT_RECORD(ok, "%u pages %u entries", k, e);
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that the mapping iterator with SG_MITER_FROM_SG (and with
 * SG_MITER_LOCAL, and SG_MITER_TO_SG) "Iterates over sg entries mapping
 * page-by-page", @miter->length bytes at @miter->addr each. Expect each
 * mapping to be the rest of the entry in the current page, at the direct
 * map address of its physical address, holding the bytes written there;
 * with SG_MITER_ATOMIC, page faults enabled again (and no WARN) once
 * sg_miter_stop() has unmapped the last page.
 */
bool test_sg_miter_walk(void)
{
	/*
	 * SG_MITER_ATOMIC maps with kmap_atomic() and disables page faults until
	 * sg_miter_stop() (mutation class: a miter not zeroed by
	 * sg_miter_start() unmaps garbage; a dropped offset of the atomic map)
	 */
	const unsigned int flags[] = {
		SG_MITER_FROM_SG, SG_MITER_FROM_SG | SG_MITER_LOCAL, SG_MITER_TO_SG,
		SG_MITER_FROM_SG | SG_MITER_ATOMIC,
	};
	static struct sg_model two;
	struct sg_table sgt;
	unsigned int i;
	bool ok = true;

	if (!build_iter_table(&sgt))
		return false;
	fill_pattern(&im, 7);
	for (i = 0; i < ARRAY_SIZE(flags) && ok; i++) {
		ok = check_miter(sgt.sgl, sgt.orig_nents, &im, flags[i], 7);
		if (ok && pagefault_disabled()) {
			ok = false;
			kt_report(__FILE__, __LINE__, "page faults still disabled after sg_miter_stop()");
		}
		if (!ok)
			kt_report(__FILE__, __LINE__, "flags %#x", flags[i]);
	}
	/* limited to 2 entries: only those */
	sg_model_copy(&two, &im);
	two.nseg = 2;
	ok = ok && check_miter(sgt.sgl, 2, &two, SG_MITER_FROM_SG, 7);
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that a mapping can be consumed in parts, and an iteration stopped
 * and resumed:
 * "@miter->consumed ... can be adjusted if the user can't consume all the
 * bytes in one go. Also, a stopped iteration can be resumed by calling next
 * on it." Expect each next mapping to start right after the bytes consumed,
 * whether or not sg_miter_stop() came in between, until all are consumed.
 */
bool test_sg_miter_consume_and_resume(void)
{
	struct sg_mapping_iter miter;
	struct sg_table sgt;
	unsigned long pos = 0, run, c;
	unsigned int step = 0;
	phys_addr_t phys;
	bool ok = true;

	if (!build_iter_table(&sgt))
		return false;
	sg_miter_start(&miter, sgt.sgl, sgt.orig_nents, SG_MITER_FROM_SG);
	while (ok && sg_model_locate(&im, pos, &phys, &run)) {
		if (!sg_miter_next(&miter) || miter.addr != phys_to_virt(phys) ||
		    miter.page != phys_to_page(phys) || miter.length != run ||
		    miter.consumed != run) {
			ok = false;
			kt_report(__FILE__, __LINE__, "step %u at byte %#lx: phys %#llx length "
				  "%#zx consumed %#zx, expected phys %#llx length %#lx", step, pos,
				  miter.addr ? (unsigned long long)virt_to_phys(miter.addr) : 0,
				  miter.length, miter.consumed, (unsigned long long)phys, run);
			break;
		}
		c = 0x80 + (step * 0x1f3) % 0x500;
		miter.consumed = c < run ? c : run;
		pos += miter.consumed;
		if (step % 3 == 2)
			sg_miter_stop(&miter);
		step++;
	}
	if (ok && (sg_miter_next(&miter) || pos != ITER_SIZE))
		KT_RECORD(ok, "ended at %#lx of %#lx", pos, (unsigned long)ITER_SIZE);
	sg_miter_stop(&miter);
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that sg_miter_skip() "Sets the offset of @miter to its current
 * location plus @offset bytes", after applying what was consumed. Expect
 * the next mapping at the skipped-to byte, from the start and from inside
 * a mapping, and false when skipping past the end.
 */
bool test_sg_miter_skip(void)
{
	const unsigned long skips[] = { 0, 1, P - ITER_OFFSET, P - ITER_OFFSET + 1, 0x2fff,
					3 * P - ITER_OFFSET, ITER_SIZE - 1 };
	struct sg_mapping_iter miter;
	struct sg_table sgt;
	unsigned long run;
	unsigned int i;
	phys_addr_t phys;
	bool ok = true;

	if (!build_iter_table(&sgt))
		return false;
	for (i = 0; i < ARRAY_SIZE(skips) && ok; i++) {
		sg_miter_start(&miter, sgt.sgl, sgt.orig_nents, SG_MITER_FROM_SG);
		sg_model_locate(&im, skips[i], &phys, &run);
		ok = sg_miter_skip(&miter, skips[i]) && sg_miter_next(&miter) &&
		     miter.addr == phys_to_virt(phys) && miter.length == run;
		if (!ok)
			kt_report(__FILE__, __LINE__, "skip %#lx from the start", skips[i]);
		/* consume 1 byte of it, skip 0x1000 more */
		if (ok && skips[i] + 1 + 0x1000 < ITER_SIZE) {
			miter.consumed = 1;
			sg_model_locate(&im, skips[i] + 1 + 0x1000, &phys, &run);
			ok = sg_miter_skip(&miter, 0x1000) && sg_miter_next(&miter) &&
			     miter.addr == phys_to_virt(phys) && miter.length == run;
			if (!ok)
				kt_report(__FILE__, __LINE__, "skip %#lx + 1 consumed + 0x1000",
					  skips[i]);
		}
		sg_miter_stop(&miter);
	}
	sg_miter_start(&miter, sgt.sgl, sgt.orig_nents, SG_MITER_FROM_SG);
	if (ok && sg_miter_skip(&miter, ITER_SIZE + 1))
		KT_RECORD(ok, "skip past the end succeeded");
	sg_miter_stop(&miter);
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that the copy helpers built on the mapping iterator,
 * sg_copy_from_buffer(), sg_copy_to_buffer(), sg_pcopy_*() with a skip and
 * sg_zero_buffer(), copy where the model puts the bytes; each "Returns the
 * number of copied bytes". Expect the
 * bytes of the buffer where the model puts them, copies bounded by the
 * buffer's end, and 0 bytes when skipping past it.
 */
bool test_sg_copy_helpers(void)
{
	static u8 src[8 * PAGE_SIZE], dst[8 * PAGE_SIZE];
	struct sg_table sgt;
	unsigned long pos, run, i;
	phys_addr_t phys;
	bool ok = false;

	if (!build_iter_table(&sgt))
		return false;
	for (i = 0; i < sizeof(src); i++)
		src[i] = pattern(i, 99);

	if (sg_copy_from_buffer(sgt.sgl, sgt.orig_nents, src, sizeof(src)) != ITER_SIZE) {
		kt_report(__FILE__, __LINE__, "sg_copy_from_buffer() did not copy ITER_SIZE");
		goto out;
	}
	for (pos = 0; sg_model_locate(&im, pos, &phys, &run); pos += run)
		if (memcmp(phys_to_virt(phys), src + pos, run)) {
			kt_report(__FILE__, __LINE__, "bytes %#lx..+%#lx not at phys %#llx",
				  pos, run, (unsigned long long)phys);
			goto out;
		}

	memset(dst, 0, sizeof(dst));
	if (sg_copy_to_buffer(sgt.sgl, sgt.orig_nents, dst, sizeof(dst)) != ITER_SIZE ||
	    memcmp(dst, src, ITER_SIZE)) {
		kt_report(__FILE__, __LINE__, "sg_copy_to_buffer() round trip");
		goto out;
	}
	memset(dst, 0, sizeof(dst));
	if (sg_pcopy_to_buffer(sgt.sgl, sgt.orig_nents, dst, 0x1000, 0x1234) != 0x1000 ||
	    memcmp(dst, src + 0x1234, 0x1000) ||
	    sg_pcopy_to_buffer(sgt.sgl, sgt.orig_nents, dst, 0x1000, ITER_SIZE - 0x10) != 0x10 ||
	    sg_pcopy_to_buffer(sgt.sgl, sgt.orig_nents, dst, 0x1000, ITER_SIZE + 1) != 0) {
		kt_report(__FILE__, __LINE__, "sg_pcopy_to_buffer() with a skip");
		goto out;
	}
	if (sg_pcopy_from_buffer(sgt.sgl, sgt.orig_nents, src + 0x100, 0x300, 0x2f00) != 0x300 ||
	    sg_zero_buffer(sgt.sgl, sgt.orig_nents, 0x40, 0x1ff0) != 0x40) {
		kt_report(__FILE__, __LINE__, "sg_pcopy_from_buffer()/sg_zero_buffer()");
		goto out;
	}
	memcpy(dst, src, ITER_SIZE);
	memcpy(dst + 0x2f00, src + 0x100, 0x300);
	memset(dst + 0x1ff0, 0, 0x40);
	for (pos = 0; sg_model_locate(&im, pos, &phys, &run); pos += run)
		if (memcmp(phys_to_virt(phys), dst + pos, run)) {
			kt_report(__FILE__, __LINE__, "after pcopy/zero: bytes %#lx..+%#lx", pos,
				  run);
			goto out;
		}
	ok = true;
out:
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that an entry on a large folio may have an offset beyond the first
 * page (sg_set_folio() allows any offset into the folio):
 *
 *   folio of 8 pages:  | 0 | 1  | 2  | 3  | 4 | ...
 *                             ^0x1800      ^0x4000
 *
 * Expect sg_phys() at folio + 0x1800 and the mapping iterator to map page
 * 1 from 0x800, then pages 2 and 3 whole: 0x2800 bytes, none of page 0.
 */
bool test_sg_miter_folio_offset(void)
{
	const unsigned long pfn = BUF_PFN + 0x400;
	static struct sg_model m;
	struct scatterlist sg;
	struct folio *folio;
	bool ok;

	/* the entry as set by hand: the model only places its bytes */
	sg_model_init(&m);
	KT_EXPECT(sg_model_add_entry(&m, pfn, 0x1800, 0x2800));
	folio = dmalab_make_folio(pfn, 3);
	sg_init_table(&sg, 1);
	sg_set_folio(&sg, folio, 0x2800, 0x1800);
	fill_pattern(&m, 3);
	ok = sg_page(&sg) == pfn_to_page(pfn) && sg_phys(&sg) == PFN_PHYS(pfn) + 0x1800;
	if (!ok)
		kt_report(__FILE__, __LINE__, "sg_set_folio(): page %#lx phys %#llx", sg_pfn(&sg),
			  (unsigned long long)sg_phys(&sg));
	ok = ok && check_miter(&sg, 1, &m, SG_MITER_FROM_SG, 3);
	dmalab_clear_folio(pfn);
	return ok;
}

/*
 * A test that sg_last() finds the end from anywhere: "the @sgl pointer
 * passed in need not be the first one, the important bit is that @nents
 * denotes the number of entries that exist from @sgl". Expect, on a
 * 300-entry chained table, the entry with the end marker from every start
 * in the table, including starts in the second and third chunk.
 */
bool test_sg_last_from_any_entry(void)
{
	struct sg_table table;
	unsigned int i, nr, chains;
	bool ok;

	KT_EXPECT_EQ(sg_alloc_table(&table, 300, GFP_KERNEL), 0);
	ok = raw_walk(table.sgl, &nr, &chains) && nr == 300;
	for (i = 0; ok && i < 300; i++)
		if (sg_last(walked[i], 300 - i) != walked[299])
			KT_RECORD(ok, "sg_last() from entry %u", i);
	sg_free_table(&table);
	return ok;
}
