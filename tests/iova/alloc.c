// SPDX-License-Identifier: GPL-2.0-only
/*
 * alloc_iova(): top-down placement below limit_pfn (inclusive), size
 * alignment, start_pfn as a floor, the 32-bit and 64-bit cached nodes,
 * windows filled up and exhausted.
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/*
 * A test that the first size-aligned allocation of a fresh domain lands at the
 * top of the limit, naturally aligned. Expect:
 *
 *   limit_pfn = 0xfffff, size 5 -> aligned to 8 -> [0xffff8, 0xffffc]
 */
bool test_alloc_iova_top_down_aligned(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova *iova = alloc_iova(iovad, 5, 0xfffff, true);

	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_lo, 0xffff8);
	KT_EXPECT_EQ(iova->pfn_hi, 0xffffc);
	return true;
}

/*
 * A test that allocations without size alignment pack top-down with no hole,
 * under a 32-bit and a 64-bit limit alike. Expect each one right below the
 * previous:
 *
 *   limit ..|.. 7 ..|. 2 .|.. 5 ..|. 3 .|1|   <- limit_pfn (inclusive)
 */
bool test_alloc_iova_top_down_unaligned(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long sizes[] = { 1, 3, 5, 2, 7, 1, 64, 13 };
	static const unsigned long limits[] = { DMA32_PFN - 1, (1UL << 40) - 1 };

	for (unsigned int l = 0; l < 2; l++) {
		unsigned long top = limits[l] + 1;	/* one past the free space */

		for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct iova *iova = alloc_iova(iovad, sizes[i], limits[l], false);

			KT_EXPECT(check_found(iovad, iova, top - sizes[i], top - 1));
			top -= sizes[i];
		}
	}
	return true;
}

/*
 * A test that size-aligned allocations of sizes 1..70 in a fresh domain under
 * one limit (nothing below the last allocation yet) each start on a multiple of
 * roundup_pow_of_two(size). Expect each right below the previous one:
 *
 *   expected lo = align_down(previous lo - size, roundup_pow_of_two(size))
 */
bool test_alloc_iova_size_aligned(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long top = DMA32_PFN, size;

	for (size = 1; size <= 70; size++) {
		unsigned long a = iova_model_pow2_up(size), lo = align_dn(top - size, a);
		struct iova *iova = alloc_iova(iovad, size, DMA32_PFN - 1, true);

		KT_EXPECT(check_found(iovad, iova, lo, lo + size - 1));
		KT_EXPECT_EQ(iova->pfn_lo % a, 0);
		top = lo;
	}
	return true;
}

/*
 * A test that limit_pfn is inclusive and never exceeded, with limits going down
 * so that each allocation starts from free space right below its limit. Expect:
 *
 *   limit 0xfffff, 1 page          -> [0xfffff]          (the limit itself)
 *   limit 0x3003, 4 pages aligned  -> [0x3000, 0x3003]   (ends on the limit)
 *   limit 0x2000, 4 pages aligned  -> [0x1ffc, 0x1fff]   (0x2000 would cross it)
 *   limit 0x1234, 1 page           -> [0x1234]
 *   limit 0x1234, 3 pages          -> [0x1231, 0x1233]
 */
bool test_alloc_iova_limit_inclusive(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, 0xfffff, true), 0xfffff, 0xfffff));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 4, 0x3003, true), 0x3000, 0x3003));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 4, 0x2000, true), 0x1ffc, 0x1fff));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, 0x1234, false), 0x1234, 0x1234));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 3, 0x1234, false), 0x1231, 0x1233));
	KT_EXPECT_NULL(find_iova(iovad, 0x2000));
	KT_EXPECT_NULL(find_iova(iovad, 0x1235));
	return true;
}

/*
 * A test that allocations under a 32-bit limit (limit_pfn <= dma_32bit_pfn - 1)
 * and under a 64-bit limit go their own ways. Expect 32-bit ones below 4 GiB
 * going down from there, 64-bit ones from their own limit, and a limit of
 * exactly dma_32bit_pfn returning the first pfn above 4 GiB:
 *
 *   0xffffb  0xffffc-d  0xfffff | 0x100000 ...... 2^36-4..-3  2^36-1
 *    d32        b32       a32   |    c64              b64        a64
 */
bool test_alloc_iova_32bit_vs_64bit(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long lim64 = (1UL << 36) - 1;

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN - 1, true),
			      0xfffff, 0xfffff));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim64, true), lim64, lim64));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 2, DMA32_PFN - 1, true),
			      0xffffc, 0xffffd));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 2, lim64, true),
			      lim64 - 3, lim64 - 2));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN, true),
			      DMA32_PFN, DMA32_PFN));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN - 1, true),
			      0xffffb, 0xffffb));
	KT_EXPECT_NULL(find_iova(iovad, 0xffffe));
	KT_EXPECT_NULL(find_iova(iovad, lim64 - 1));
	return true;
}

/*
 * A test that start_pfn is a floor for aligned allocations too, in the window
 * [6, 13] (start_pfn 6, limit 13):
 *
 *   4  5 | 6  7  8  9 10 11 12 13 | 14 15
 *        |       [   4 pages  ]   |         the only 4-aligned fit: 8
 *        | [2 ]               [2 ]|         the two 2-page fits
 *
 * Expect a second 4-page aligned allocation to fail (4 is below start_pfn,
 * 12 crosses the limit), two 2-page ones to take [6, 7] and [12, 13] in
 * some order, and then not even one page to be left.
 */
bool test_alloc_iova_start_pfn_floor(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova *a, *b, *c;

	a = alloc_iova(iovad, 4, 13, true);
	KT_EXPECT(check_found(iovad, a, 8, 11));
	KT_EXPECT_NULL(alloc_iova(iovad, 4, 13, true));
	b = alloc_iova(iovad, 2, 13, false);
	c = alloc_iova(iovad, 2, 13, false);
	KT_EXPECT_NOT_NULL(b);
	KT_EXPECT_NOT_NULL(c);
	if (b->pfn_lo > c->pfn_lo) {
		struct iova *t = b;

		b = c;
		c = t;
	}
	KT_EXPECT(check_found(iovad, b, 6, 7));
	KT_EXPECT(check_found(iovad, c, 12, 13));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 13, false));
	KT_EXPECT_NULL(find_iova(iovad, 5));
	return true;
}

#define FILL_N	64

static bool fill_window(struct iova_domain *iovad, struct iova_model *m, unsigned long start)
{
	static const unsigned long sizes[] = { 3, 1, 5, 2, 8, 1, 4, 7, 2, 6, 1, 16, 3 };
	unsigned long limit = start + FILL_N - 1, where;
	struct iova *got[FILL_N];
	unsigned int n = 0, i, dry = 0;

	for (i = 0; dry < 2 * 13; i++) {
		unsigned long size = sizes[i % 13];
		bool aligned = i & 1;
		unsigned long a = aligned ? iova_model_pow2_up(size) : 1;
		bool fits = iova_model_room(m, size, a, limit, 0, &where);
		struct iova *iova = alloc_iova(iovad, size, limit, aligned);

		if (!fits) {
			KT_EXPECT_NULL(iova);
			iova_model_no_room(m, size);
			dry++;
			continue;
		}
		dry = 0;
		KT_EXPECT(check_placement(m, iova, size, limit, a));
		iova_model_insert(m, iova->pfn_lo, iova->pfn_hi, IOVA_MODEL_ALLOC)->node = iova;
		got[n++] = iova;
	}
	KT_EXPECT(check_model(iovad, m, true));
	KT_EXPECT(!iova_model_room(m, 1, 1, limit, 0, &where));	/* all 64 taken */
	KT_EXPECT_NULL(alloc_iova(iovad, 1, limit, false));
	for (i = 0; i < n; i++)
		KT_EXPECT(check_found(iovad, got[i], got[i]->pfn_lo, got[i]->pfn_hi));
	while (n--) {
		unsigned long lo = got[n]->pfn_lo, hi = got[n]->pfn_hi;

		free_iova(iovad, hi);
		KT_EXPECT_NULL(find_iova(iovad, lo));
		KT_EXPECT_NULL(find_iova(iovad, hi));
	}
	return true;
}

/*
 * A test that many allocations of mixed sizes, aligned and not, fill a 64-page
 * window [S, S + 63] above 4 GiB. Expect each to lie in the window without
 * overlapping another, at the top of a free gap; alloc_iova() to fail exactly
 * when the model has no fitting gap left (above 4 GiB the max32 heuristic does
 * not apply); the tree to match the model; and the window to end completely
 * full.
 */
bool test_alloc_iova_fill_window(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova_model m;
	bool ok;

	iova_model_init(&m, cfg->start_pfn, (1UL << 32) / cfg->granule);
	ok = fill_window(iovad, &m, cfg->start_pfn);
	iova_model_destroy(&m);
	return ok;
}

/*
 * A test that a 16-page window [S, S + 15], below 4 GiB (32-bit cached node and
 * max32 heuristic) or above, can be exhausted and used again. Expect, once it
 * is filled with single pages, alloc_iova() to return NULL; after freeing one
 * page a 1-page allocation to succeed again on exactly that page; after freeing
 * an aligned pair an aligned 2-page allocation to succeed on it.
 *
 *   S                                    S+15
 *   [x][x][x][x][x][ ][x][x][x][x][ ][ ][x][x][x][x]
 *                   ^ S+5          ^^^^^^ S+10, S+11
 */
bool test_alloc_iova_exhaustion(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long s = cfg->start_pfn, lim = s + 15, i;
	struct iova *iova;

	for (i = 0; i < 16; i++)
		KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false),
				      lim - i, lim - i));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, true));

	free_iova(iovad, s + 5);
	KT_EXPECT_NULL(find_iova(iovad, s + 5));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), s + 5, s + 5));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));

	free_iova(iovad, s + 10);
	iova = find_iova(iovad, s + 11);
	KT_EXPECT_NOT_NULL(iova);
	__free_iova(iovad, iova);
	KT_EXPECT_NULL(alloc_iova(iovad, 4, lim, true));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 2, lim, true), s + 10, s + 11));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));
	return true;
}

/*
 * A test that alloc_iova() retries above the cached node, below 4 GiB
 * (cached32_node) or above (cached_node): an allocation under a low limit
 * leaves the search's starting point at the bottom of the window; a later
 * allocation under the high limit finds nothing below it. Expect it to still
 * find the free space above (no spurious -ENOMEM), down to a full window:
 *
 *   S   S+1 ...... S+14 S+15
 *   [b]  free........   [a]     then c: S+14
 */
bool test_alloc_iova_retry_above_cached_node(struct iova_domain *iovad,
					      const struct dom_cfg *cfg)
{
	unsigned long s = cfg->start_pfn, i;

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s + 15, false), s + 15, s + 15));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s, false), s, s));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s + 15, false), s + 14, s + 14));
	for (i = 13; i >= 1; i--)
		KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s + 15, false), s + i, s + i));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, s + 15, false));
	return true;
}

/*
 * A test that the retry above the cached node searches all the way down to
 * the pfn right above it: with the cached node at the bottom of the window
 * and the top pfn taken, the only room for 14 pages is every pfn between:
 *
 *   S   S+1 .......... S+14  S+15
 *   [b] [    c: 14 pages   ] [a]
 *
 * Expect c at [S+1, S+14] and then nothing for one more page (mutation
 * class: an off-by-one in the retry's lower bound, retry_pfn + 1).
 */
bool test_alloc_iova_retry_exact_fit(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long s = cfg->start_pfn;

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s + 15, false), s + 15, s + 15));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, s, false), s, s));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 14, s + 15, false), s + 1, s + 14));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, s + 15, false));
	return true;
}

/*
 * A test that a domain whose start_pfn is 0 hands out pfn 0: init_iova_domain()
 * takes any start_pfn and alloc_iova() allocates "in the range
 * iovad->start_pfn to limit_pfn". Expect 16 pages under limit 15 at [0, 15]
 * (mutation class: an off-by-one in the "no room below" test, high_pfn <
 * size), 8 size-aligned pages under limit 23 at [16, 23], then nothing
 * more under that limit.
 */
bool test_alloc_iova_from_pfn_zero(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 16, 15, false), 0, 15));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 8, 23, true), 16, 23));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 23, false));
	return true;
}

/*
 * A test that a freed range is found again before any lower gap: the search
 * is top-down from limit_pfn, and freeing a range above the search's cached
 * starting node moves that node up (__cached_rbnode_delete_update()), while
 * freeing one below it must leave it. Six single pages under a 32-bit and a
 * 64-bit limit L, then two freed:
 *
 *   L   L-1  L-2  L-3  L-4  L-5
 *   [a] free [c]  free [e]  [f]     next three: L-1, L-3, L-6
 *
 * Expect the next allocations at L-1, then L-3, then below f (mutation
 * class: a cached-node update on free that moves the start below a higher
 * hole, or misses a freed range above it).
 */
bool test_alloc_iova_free_reuse_top_down(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long limits[] = { DMA32_PFN - 1, (1UL << 40) - 1 };

	for (unsigned int l = 0; l < 2; l++) {
		unsigned long lim = limits[l];
		struct iova *r[6];

		for (unsigned int i = 0; i < 6; i++) {
			r[i] = alloc_iova(iovad, 1, lim, false);
			KT_EXPECT(check_found(iovad, r[i], lim - i, lim - i));
		}
		__free_iova(iovad, r[1]);
		__free_iova(iovad, r[3]);
		KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), lim - 1, lim - 1));
		KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), lim - 3, lim - 3));
		KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), lim - 6, lim - 6));
	}
	return true;
}
