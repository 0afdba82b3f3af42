// SPDX-License-Identifier: GPL-2.0-only
/*
 * reserve_iova(): reserved ranges are never handed out, overlapping and
 * adjacent reservations, pfns that cannot be an address.
 */
#include <string.h>

#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

static bool never_allocated(struct iova_domain *iovad, struct iova_model *m)
{
	static const unsigned long res[][2] = {
		{ 0x1008, 0x100f }, { 0x1020, 0x1020 }, { 0x103c, 0x103f }, { 0x0, 0xfff },
	};
	unsigned long lim = 0x103f, n = 0, where;
	struct iova *r[4], *iova;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		r[i] = reserve_iova(iovad, res[i][0], res[i][1]);
		KT_EXPECT(check_found(iovad, r[i], res[i][0], res[i][1]));
		KT_EXPECT(iova_model_reserve(m, res[i][0], res[i][1]));
	}
	while ((iova = alloc_iova(iovad, 1, lim, false))) {
		KT_EXPECT(check_placement(m, iova, 1, lim, 1));
		iova_model_insert(m, iova->pfn_lo, iova->pfn_hi, IOVA_MODEL_ALLOC)->node = iova;
		n++;
	}
	iova_model_no_room(m, 1);
	KT_EXPECT_EQ(n, 51);
	KT_EXPECT(!iova_model_room(m, 1, 1, lim, 0, &where));
	for (i = 0; i < 4; i++)
		KT_EXPECT(check_found(iovad, r[i], res[i][0], res[i][1]));
	KT_EXPECT(check_model(iovad, m, true));
	return true;
}

/*
 * A test that reserved ranges are never handed out: the window [0x1000, 0x103f]
 * with three reservations (one at the very top) and one below start_pfn is
 * filled with single pages. Expect each to land outside the reservations at the
 * top of a free gap, exactly 64 - 8 - 1 - 4 = 51 to fit, find_iova() of a
 * reserved pfn to give the reservation's node, and the tree to match the model.
 *
 *   0x1000   0x1008..0x100f   0x1020   0x103c..0x103f
 *     ....   [ reserved   ]   [r]      [ reserved ]
 */
bool test_reserve_iova_never_allocated(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova_model m;
	bool ok;

	iova_model_init(&m, cfg->start_pfn, (1UL << 32) / cfg->granule);
	ok = never_allocated(iovad, &m);
	iova_model_destroy(&m);
	return ok;
}

/*
 * A test that overlapping and adjacent reservations are merged or kept apart as
 * __adjust_overlap_range() does. Expect an existing node to absorb the part of
 * a new reservation below it (its pfn_lo moves down), the part above the last
 * overlapped node to become a new node, and a reservation inside one node to
 * return that node:
 *
 *   reserve 10-1f                     A = [10,1f]
 *   reserve 18-27   -> new [20,27]    A = [10,1f], B = [20,27]
 *   reserve 08-14   -> A              A = [08,1f]
 *   reserve 0a-0c   -> A (inside)
 *   reserve 30-3f                     F = [30,3f]
 *   reserve 00-50   -> new [40,50]    A = [00,1f], B, F = [28,3f], G = [40,50]
 *   reserve 60-6f, 70-7f              adjacent: two nodes, not merged
 *
 * Every pfn 0x00..0x50 is then reserved, and alloc_iova() under limit 0x7f
 * can only use [0x51, 0x5f].
 */
bool test_reserve_iova_overlap_and_adjacent(struct iova_domain *iovad,
					     const struct dom_cfg *cfg)
{
	struct iova *a, *b, *f, *g, *h, *i;
	unsigned long p;

	a = reserve_iova(iovad, 0x10, 0x1f);
	KT_EXPECT(check_found(iovad, a, 0x10, 0x1f));
	b = reserve_iova(iovad, 0x18, 0x27);
	KT_EXPECT(b != a);
	KT_EXPECT(check_found(iovad, b, 0x20, 0x27));
	KT_EXPECT(check_found(iovad, a, 0x10, 0x1f));
	KT_EXPECT(reserve_iova(iovad, 0x08, 0x14) == a);
	KT_EXPECT(check_found(iovad, a, 0x08, 0x1f));
	KT_EXPECT_NULL(find_iova(iovad, 0x07));
	KT_EXPECT(reserve_iova(iovad, 0x0a, 0x0c) == a);
	KT_EXPECT(check_found(iovad, a, 0x08, 0x1f));
	f = reserve_iova(iovad, 0x30, 0x3f);
	KT_EXPECT(check_found(iovad, f, 0x30, 0x3f));
	g = reserve_iova(iovad, 0x00, 0x50);
	KT_EXPECT(g != a && g != b && g != f);
	KT_EXPECT(check_found(iovad, a, 0x00, 0x1f));
	KT_EXPECT(check_found(iovad, b, 0x20, 0x27));
	KT_EXPECT(check_found(iovad, f, 0x28, 0x3f));
	KT_EXPECT(check_found(iovad, g, 0x40, 0x50));
	for (p = 0; p <= 0x50; p++)
		KT_EXPECT_NOT_NULL(find_iova(iovad, p));
	KT_EXPECT_NULL(find_iova(iovad, 0x51));

	h = reserve_iova(iovad, 0x60, 0x6f);
	i = reserve_iova(iovad, 0x70, 0x7f);
	KT_EXPECT(h != i);
	KT_EXPECT(check_found(iovad, h, 0x60, 0x6f));
	KT_EXPECT(check_found(iovad, i, 0x70, 0x7f));

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 15, 0x7f, false), 0x51, 0x5f));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x7f, false));
	return true;
}

/*
 * A test that reserve_iova() refuses pfns that cannot be an address at this
 * granule ((pfn_hi | pfn_lo) > ULLONG_MAX >> iova_shift). Expect a WARN from
 * reserve_iova and NULL, and the highest pfn that can be an address to be
 * accepted.
 */
bool test_reserve_iova_rejects_huge_pfn(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long max_pfn = ~0UL >> 12;
	const struct dmalab_warn_record *w;

	kt_expect_warns(1);
	KT_EXPECT_NULL(reserve_iova(iovad, 0, max_pfn + 1));
	KT_EXPECT_EQ(dmalab_warn_count(), 1);
	w = dmalab_warn_last();
	KT_EXPECT_NOT_NULL(w);
	KT_EXPECT(!strcmp(w->func, "reserve_iova"));
	KT_EXPECT(check_found(iovad, reserve_iova(iovad, max_pfn, max_pfn), max_pfn, max_pfn));
	return true;
}
