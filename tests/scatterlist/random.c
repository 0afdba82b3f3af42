// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomized tests of sg_alloc_table_from_pages_segment() and
 * sg_alloc_append_table_from_pages() against the model of
 * oracle/sg_model.h. Each run prints its seed; -s SEED replays it.
 */
#include "tests/scatterlist/scatterlist_tests.h"

#define RAND_WINDOW	0x4000UL	/* pages the random buffers are drawn from */

/*
 * Random page frames in runs: mostly runs of 1-8 pages at random places,
 * sometimes long runs, and sometimes a next run that starts right after
 * the last (contiguous after all), on the same page, one too far or one
 * below.
 */
static void random_pfns(unsigned long *pfn, unsigned int n)
{
	unsigned int i = 0, run;
	unsigned long start;

	while (i < n) {
		switch (i ? kt_rand_range(0, 9) : 0) {
		case 1:
			start = pfn[i - 1] + 1;
			break;
		case 2:
			start = pfn[i - 1];
			break;
		case 3:
			start = pfn[i - 1] + 2;
			break;
		case 4:
			start = pfn[i - 1] - 1;
			break;
		default:
			start = BUF_PFN + kt_rand_range(1, RAND_WINDOW);
		}
		run = kt_rand_range(1, kt_rand_range(0, 3) ? 8 : 64);
		for (; run && i < n; run--, i++)
			pfn[i] = start++;
	}
}

static unsigned int random_max_segment(void)
{
	switch (kt_rand_range(0, 4)) {
	case 0:
		return UINT_MAX;
	case 1:
		return kt_rand_range(PAGE_SIZE, 2 * PAGE_SIZE - 1);
	case 2:
		return kt_rand_range(PAGE_SIZE, UINT_MAX);
	default:
		return kt_rand_range(PAGE_SIZE, 40 * PAGE_SIZE);
	}
}

/*
 * A test that sg_alloc_table_from_pages_segment() matches the model on
 * random inputs: a few hundred random page lists (runs, gaps, repeats; up
 * to 400 pages, so up to 4 chunks of entries), random offsets and partial
 * last pages, random max_segment (aligned or not). Expect the model's entries, page iteration
 * and mapping iteration every time. Rerun a failure with -s SEED.
 */
bool test_random_from_pages(void)
{
	static struct sg_model m;
	unsigned int iter, n, offset, last;
	unsigned long size;
	unsigned int max_segment;

	for (iter = 0; iter < 300; iter++) {
		n = kt_rand_range(1, kt_rand_range(0, 3) ? 40 : 400);
		random_pfns(pfns, n);
		offset = kt_rand_range(0, 1) ? 0 : kt_rand_range(1, PAGE_SIZE - 1);
		last = kt_rand_range(0, 1) ? PAGE_SIZE : kt_rand_range(1, PAGE_SIZE);
		if (n == 1 && last <= offset)
			last = kt_rand_range(offset + 1, PAGE_SIZE);
		size = (unsigned long)(n - 1) * PAGE_SIZE + last - offset;
		max_segment = random_max_segment();
		if (!check_from_pages(pfns, n, offset, size, max_segment, &m))
			KT_FAIL("iteration %u: %u pages (first %#lx), offset %#x, size %#lx, "
				"max_segment %#x", iter, n, pfns[0], offset, size, max_segment);
	}
	return true;
}

/*
 * A test that sg_alloc_append_table_from_pages() matches the model on
 * random inputs: random page lists as above, appended in 1-6 calls, with
 * an offset in the first call, left_pages the pages still to come
 * (sometimes more), random max_segment.
 * Calls before the last end on a page boundary, and calls after the first
 * pass whole pages (the cases tested on their own above). Expect after
 * every call the model of all pages so far, and nothing left after
 * sg_free_append_table().
 */
bool test_random_append(void)
{
	unsigned int iter, n, calls, c, done, nr, offset, left, max_segment;
	static struct sg_model m;
	struct sg_append_table app;
	unsigned long size;
	bool ok = true;

	for (iter = 0; iter < 200 && ok; iter++) {
		n = kt_rand_range(1, kt_rand_range(0, 3) ? 40 : 300);
		random_pfns(pfns, n);
		calls = kt_rand_range(1, n < 6 ? n : 6);
		max_segment = random_max_segment();
		memset(&app, 0, sizeof(app));
		sg_model_init(&m);
		for (c = 0, done = 0; c < calls && ok; c++, done += nr) {
			nr = c == calls - 1 ? n - done :
			     kt_rand_range(1, n - done - (calls - 1 - c));
			offset = 0;
			size = (unsigned long)nr * PAGE_SIZE;
			if (!c) {
				offset = kt_rand_range(0, 1) ? 0 : kt_rand_range(1, PAGE_SIZE - 1);
				size -= offset;
				if (calls == 1)
					size -= kt_rand_range(0, PAGE_SIZE - 1 - offset);
			}
			left = n - done - nr;
			if (left && !kt_rand_range(0, 3))
				left += kt_rand_range(1, 3);
			ok = append_and_check(&app, &m, pfns + done, nr, offset, size,
					      max_segment, left);
			if (!ok)
				kt_report(__FILE__, __LINE__, "iteration %u, call %u of %u: pages "
					  "%u..%u of %u, offset %#x, size %#lx, left_pages %u, "
					  "max_segment %#x", iter, c + 1, calls, done,
					  done + nr - 1, n, offset, size, left, max_segment);
		}
		sg_free_append_table(&app);
	}
	return ok;
}
