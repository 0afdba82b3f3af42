// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the free paths and of allocation failures: sg_free_table(),
 * sg_free_append_table(), and fail-nth loops (kt_fail_nth()) over
 * sg_alloc_table(), sg_alloc_table_from_pages_segment() and
 * sg_alloc_append_table_from_pages(), whose successful round must give the
 * model's table.
 */
#include "tests/scatterlist/scatterlist_tests.h"

/*
 * A test that sg_free_table() and sg_free_append_table() free every chunk,
 * including the room an append table reserved and never used, and leave
 * the table empty so that freeing it again does nothing:
 *
 *   append 1 page (left 500)  -> chunk 0: 128 entries
 *   append 200 pages (left 300, more than will come) -> chunk 1 chained
 *   append 1 page (left 0)    -> done, entries to spare
 *
 * Expect as many frees as allocations, no live object, sgl NULL after.
 */
bool test_free_paths(void)
{
	struct dmalab_slab_stats st0, st1, st2;
	struct sg_append_table app = {};
	static struct sg_model m;
	struct sg_table table;
	unsigned int i;
	bool ok;

	dmalab_slab_stats(&st0);
	KT_EXPECT_EQ(sg_alloc_table(&table, 1000, GFP_KERNEL), 0);
	sg_free_table(&table);
	KT_EXPECT_NULL(table.sgl);
	sg_free_table(&table);
	dmalab_slab_stats(&st1);
	KT_EXPECT_EQ(st1.frees - st0.frees, st1.allocs - st0.allocs);
	KT_EXPECT_EQ(st1.live_objects, st0.live_objects);

	for (i = 0; i < 202; i++)
		pfns[i] = BUF_PFN + 2 * i;
	sg_model_init(&m);
	ok = append_and_check(&app, &m, pfns, 1, 0, P, UINT_MAX, 500) &&
	     append_and_check(&app, &m, pfns + 1, 200, 0, 200 * P, UINT_MAX, 300) &&
	     append_and_check(&app, &m, pfns + 201, 1, 0, P, UINT_MAX, 0);
	if (ok && app.total_nents <= app.sgt.nents)
		KT_RECORD(ok, "no entries to spare: total_nents %u", app.total_nents);
	sg_free_append_table(&app);
	dmalab_slab_stats(&st2);
	KT_EXPECT_NULL(app.sgt.sgl);
	sg_free_append_table(&app);
	KT_EXPECT_EQ(st2.frees - st1.frees, st2.allocs - st1.allocs);
	KT_EXPECT_EQ(st2.live_objects, st0.live_objects);
	return ok;
}

/* One round of sg_alloc_table() of *(unsigned int *)arg entries. */
static bool alloc_table_round(void *arg, unsigned long nth)
{
	const unsigned int n = *(const unsigned int *)arg;
	struct dmalab_slab_stats st0, st1;
	unsigned int nr, chains;
	struct sg_table table;
	bool ok = true;
	int ret;

	dmalab_slab_stats(&st0);
	ret = sg_alloc_table(&table, n, GFP_KERNEL);
	dmalab_slab_stats(&st1);
	if (kt_fail_injected()) {
		/* sg_alloc_table() frees what it built */
		if (ret != -ENOMEM || table.sgl || st1.live_objects != st0.live_objects)
			KT_RECORD(ok, "%u entries, allocation %lu failed: %d, sgl %p, %lld left",
				  n, nth, ret, (void *)table.sgl,
				  (long long)(st1.live_objects - st0.live_objects));
		sg_free_table(&table);
		return ok;
	}
	KT_EXPECT_EQ(ret, 0);
	ok = raw_walk(table.sgl, &nr, &chains);
	if (ok && (table.orig_nents != n || nr != n || chains != sg_model_chain_links(n)))
		KT_RECORD(ok, "%u entries: orig_nents %u, %u entries and %u links by the layout",
			  n, table.orig_nents, nr, chains);
	sg_free_table(&table);
	return ok;
}

/*
 * A test that sg_alloc_table() fails cleanly (a fail-nth loop): fail its
 * Nth allocation, for N = 1, 2, ... until it succeeds. Expect -ENOMEM and nothing left allocated
 * (sg_alloc_table() frees what it built) every time, a table sg_free_table()
 * can take again, at least one failure per chunk, and then a whole table.
 */
bool test_sg_alloc_table_fail_nth(void)
{
	const unsigned int sizes[] = { 1, 129, 1000 };
	unsigned int s;
	long failures;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		failures = kt_fail_nth(alloc_table_round, (void *)&sizes[s], 100);
		if (failures < 0)
			KT_FAIL("sg_alloc_table() of %u entries", sizes[s]);
		KT_EXPECT_GE(failures, sg_model_chain_links(sizes[s]) + 1);
	}
	return true;
}

/* the page list and model of test_from_pages_fail_nth() */
static struct sg_model fail_model;

static bool from_pages_round(void *arg, unsigned long nth)
{
	struct dmalab_slab_stats st0, st1;
	struct sg_table sgt;
	bool ok;
	int ret;

	dmalab_slab_stats(&st0);
	ret = sg_alloc_table_from_pages_segment(&sgt, pages, 300, 0, 300 * P, UINT_MAX,
						GFP_KERNEL);
	dmalab_slab_stats(&st1);
	if (kt_fail_injected()) {
		if (ret != -ENOMEM || st1.live_objects != st0.live_objects)
			KT_FAIL("allocation %lu failed: %d, %lld left", nth, ret,
				(long long)(st1.live_objects - st0.live_objects));
		return true;
	}
	KT_EXPECT_EQ(ret, 0);
	ok = check_table(&sgt, &fail_model);
	sg_free_table(&sgt);
	return ok;
}

/*
 * A test that sg_alloc_table_from_pages_segment() fails cleanly (a
 * fail-nth loop) with 300 entries (3 chunks). Expect -ENOMEM and nothing left allocated every time
 * ("negative error on failure"), then the table of the model.
 */
bool test_from_pages_fail_nth(void)
{
	unsigned int i;
	long failures;

	for (i = 0; i < 300; i++) {
		pfns[i] = BUF_PFN + 2 * i;
		pages[i] = pfn_to_page(pfns[i]);
	}
	KT_EXPECT_EQ(sg_model_from_pages(&fail_model, pfns, 300, 0, 300 * P, UINT_MAX), 0);
	failures = kt_fail_nth(from_pages_round, NULL, 100);
	KT_EXPECT_GE(failures, 3);
	return true;
}

/* calls 2 that failed, in test_append_fail_nth() */
static unsigned int append_failures;

/*
 * One round: call 1 (pfn 0, left_pages 200), then call 2 (pfn 1 and 199
 * pages apart); the failure injected may hit either.
 */
static bool append_round(void *arg, unsigned long nth)
{
	struct sg_append_table app = {};
	struct scatterlist *prv;
	bool ok = true;
	unsigned int i;
	int ret;

	sg_model_init(&fail_model);
	KT_EXPECT_EQ(sg_model_append(&fail_model, pfns, 1, 0, P, UINT_MAX, 200), 0);
	pages[0] = pfn_to_page(pfns[0]);
	ret = sg_alloc_append_table_from_pages(&app, pages, 1, 0, P, UINT_MAX, 200,
					       GFP_KERNEL);
	if (kt_fail_injected()) {
		/* a failed first call: nothing in the table, and it can be freed */
		if (ret != -ENOMEM || app.prv || app.sgt.nents || app.sgt.orig_nents)
			KT_RECORD(ok, "call 1, allocation %lu failed: %d, prv %p nents %u", nth,
				  ret, (void *)app.prv, app.sgt.nents);
		sg_free_append_table(&app);
		return ok;
	}
	if (ret)
		KT_RECORD(ok, "call 1: %d", ret);
	ok = ok && check_append(&app, &fail_model);
	prv = app.prv;
	for (i = 0; ok && i < 200; i++)
		pages[i] = pfn_to_page(pfns[1 + i]);
	ret = ok ? sg_alloc_append_table_from_pages(&app, pages, 200, 0, 200 * P, UINT_MAX,
						    0, GFP_KERNEL) : 0;
	if (ok && kt_fail_injected()) {
		append_failures++;
		/* "Adjust entry length to be as before function was called" */
		if (ret != -ENOMEM || app.prv != prv || prv->length != P ||
		    app.sgt.nents != 1 || app.sgt.orig_nents != 1)
			KT_RECORD(ok, "allocation %lu failed: %d, prv %p length %#x nents %u", nth,
				  ret, (void *)app.prv, app.prv ? app.prv->length : 0,
				  app.sgt.nents);
		/* the whole table as after call 1 */
		else
			ok = check_append(&app, &fail_model);
	} else if (ok) {
		/* the model of all 201 pages */
		if (ret)
			KT_RECORD(ok, "call 2: %d", ret);
		else if (sg_model_append(&fail_model, pfns + 1, 200, 0, 200 * P, UINT_MAX, 0))
			KT_RECORD(ok, "MODEL: call 2 refused");
		else
			ok = check_append(&app, &fail_model);
	}
	/* on failure "the caller must call sg_free_append_table()" */
	sg_free_append_table(&app);
	return ok;
}

/*
 * A test that an append fails cleanly (a fail-nth loop) when it extends
 * the last entry and then needs a new chunk:
 *
 *   call 1: pfn 0 (left_pages 200)          -> [0], chunk of 128
 *   call 2: pfn 1, then 199 pages apart     -> [0 1] ... needs chunk 2
 *
 * On failure "the caller must call sg_free_append_table()", and the last
 * entry is adjusted "to be as before function was called". Expect -ENOMEM,
 * prv, its length, nents and every entry as after call 1, and
 * sg_free_append_table() leaving nothing; a failed call 1 leaves an empty
 * table; the round that fails nothing gives the model's table.
 */
bool test_append_fail_nth(void)
{
	unsigned int i;
	long rounds;

	for (i = 0; i < 201; i++)
		pfns[i] = BUF_PFN + (i < 2 ? i : 3 * i);
	append_failures = 0;
	rounds = kt_fail_nth(append_round, NULL, 100);
	if (rounds < 0 || append_failures < 1)
		KT_FAIL("%ld rounds with a failure, %u of them in call 2", rounds,
			append_failures);
	return true;
}
