// SPDX-License-Identifier: GPL-2.0-only
/*
 * alloc_iova_fast() and free_iova_fast(): the per-CPU range caches
 * (rcache), their magazines and depot, CPU hotplug and the flush on
 * allocation failure.
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

/*
 * A test that ranges freed with free_iova_fast() stay in the tree and come back
 * (rcache hits) last-in first-out to the next alloc_iova_fast() of the same
 * size class. Expect find_iova() to still find them, a 3-page request to be of
 * the 4-page class both ways, and another class not to get them:
 *
 *   p1 = [0xffffc, 0xfffff], p2 = [0xffff8, 0xffffb]
 *   free p1, free p2 -> alloc 4 = p2, alloc 4 = p1, alloc 4 = 0xffff4 (tree)
 */
bool test_rcache_hit_lifo_stays_in_tree(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long p1, p2, p3;

	p1 = alloc_iova_fast(iovad, 4, 0xfffff, true);
	p2 = alloc_iova_fast(iovad, 4, 0xfffff, true);
	KT_EXPECT_EQ(p1, 0xffffc);
	KT_EXPECT_EQ(p2, 0xffff8);
	free_iova_fast(iovad, p1, 4);
	free_iova_fast(iovad, p2, 4);
	KT_EXPECT(check_fast_range(iovad, p1, 4));
	KT_EXPECT(check_fast_range(iovad, p2, 4));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 4, 0xfffff, true), p2);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 4, 0xfffff, true), p1);
	p3 = alloc_iova_fast(iovad, 4, 0xfffff, true);
	KT_EXPECT_EQ(p3, 0xffff4);
	KT_EXPECT(check_fast_range(iovad, p3, 4));

	free_iova_fast(iovad, p3, 3);		/* order_base_2(3) = 2: same class */
	KT_EXPECT(check_fast_range(iovad, p3, 4));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 3, 0xfffff, true), p3);

	free_iova_fast(iovad, p3, 4);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 2, 0xfffff, true), 0xffff2);
	KT_EXPECT(check_fast_range(iovad, p3, 4));	/* still cached */
	return true;
}

/*
 * A test that alloc_iova_fast() rounds sizes as documented and that the rcache
 * keeps the sizes it documents. Expect below 32 pages a request rounded up to a
 * power of two, from 32 pages on not (but still size-aligned); ranges of up to
 * 32 pages (iova_rcache_range() bytes) cached on free, larger ones back in the
 * tree at once:
 *
 *   request  1  3  5  17  31  32  33  64  100
 *   gets     1  4  8  32  32  32  33  64  100   aligned to pow2 of that
 */
bool test_rcache_size_rounding(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long req[] = { 1, 3, 5, 17, 31, 32, 33, 64, 100 };
	static const unsigned long got[] = { 1, 4, 8, 32, 32, 32, 33, 64, 100 };
	unsigned long pfn[9];
	unsigned int i;

	KT_EXPECT_EQ(iova_rcache_range(), CACHED_MAX * GRANULE_4K);
	for (i = 0; i < 9; i++) {
		pfn[i] = alloc_iova_fast(iovad, req[i], DMA32_PFN - 1, true);
		KT_EXPECT_NE(pfn[i], 0);
		KT_EXPECT_EQ(iova_model_fast_size(req[i]), got[i]);
		KT_EXPECT(check_fast_range(iovad, pfn[i], got[i]));
		KT_EXPECT_EQ(pfn[i] % iova_model_pow2_up(got[i]), 0);
	}
	for (i = 0; i < 9; i++) {
		free_iova_fast(iovad, pfn[i], req[i]);
		if (got[i] <= CACHED_MAX)
			KT_EXPECT(check_fast_range(iovad, pfn[i], got[i]));
		else
			KT_EXPECT_NULL(find_iova(iovad, pfn[i]));
	}
	/* the 32-page class holds pfn[3], pfn[4], pfn[5]: last in, first out */
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 20, DMA32_PFN - 1, true), pfn[5]);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 32, DMA32_PFN - 1, true), pfn[4]);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 17, DMA32_PFN - 1, true), pfn[3]);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 5, DMA32_PFN - 1, true), pfn[2]);
	return true;
}

/*
 * A test that a cached range is only handed out under a limit it fits below:
 * the magazine is searched from the top for a pfn <= limit + 1 - size, and if
 * none fits the allocation goes to the tree. Expect:
 *
 *   cached: hi = [0xfffff], lo = [0x7ffff]  (hi freed last: on top)
 *   alloc 1 under 0x7ffff -> lo (skips hi); again -> 0x7fffe from the tree
 *   alloc 1 under 0xfffff -> hi
 *   cached q = [Q, Q+3]: not under limit Q+2, yes under Q+3
 */
bool test_rcache_respects_limit(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long hi, lo, q;

	hi = alloc_iova_fast(iovad, 1, 0xfffff, true);
	lo = alloc_iova_fast(iovad, 1, 0x7ffff, true);
	KT_EXPECT_EQ(hi, 0xfffff);
	KT_EXPECT_EQ(lo, 0x7ffff);
	free_iova_fast(iovad, lo, 1);
	free_iova_fast(iovad, hi, 1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, 0x7ffff, true), lo);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, 0x7ffff, true), 0x7fffe);
	KT_EXPECT(check_fast_range(iovad, hi, 1));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, 0xfffff, true), hi);

	q = alloc_iova_fast(iovad, 4, 0x7ffff, true);
	KT_EXPECT_EQ(q, 0x7fff8);
	free_iova_fast(iovad, q, 4);
	KT_EXPECT_NE(alloc_iova_fast(iovad, 4, q + 2, true), q);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 4, q + 3, true), q);
	return true;
}

/*
 * A test that a full magazine overflows into the depot (4 CPUs): 254 frees fit
 * the CPU's two magazines; the 255th pushes the full loaded magazine
 * f[127..253] to the depot and schedules the depot work. Expect the work, which
 * keeps up to num_online_cpus() magazines, to free nothing, and allocation then
 * to drain loaded (f[254]), prev (f[126] down to f[0]), then the depot magazine
 * (f[253] down to f[127]), then to go to the tree.
 */
bool test_rcache_magazine_overflow_to_depot(struct iova_domain *iovad,
					     const struct dom_cfg *cfg)
{
	static unsigned long f[255];
	unsigned long i;

	for (i = 0; i < 255; i++) {
		f[i] = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
		KT_EXPECT_NE(f[i], 0);
	}
	for (i = 0; i < 254; i++)
		free_iova_fast(iovad, f[i], 1);
	KT_EXPECT_EQ(dmalab_pending_work(), 0);
	free_iova_fast(iovad, f[254], 1);
	KT_EXPECT_EQ(dmalab_pending_work(), 1);
	KT_EXPECT(check_all_present(iovad, f, 0, 255));
	KT_EXPECT_EQ(dmalab_run_deferred_work(), 1);
	KT_EXPECT_EQ(dmalab_pending_work(), 0);
	KT_EXPECT(check_all_present(iovad, f, 0, 255));

	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[2 * MAG_SIZE]);
	for (i = MAG_SIZE; i-- > 0;)
		KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[i]);
	for (i = 2 * MAG_SIZE; i-- > MAG_SIZE;)
		KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[i]);
	i = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_NE(i, 0);
	KT_EXPECT(check_fast_range(iovad, i, 1));
	for (unsigned long j = 0; j < 255; j++)
		KT_EXPECT_NE(i, f[j]);
	return true;
}

/*
 * A test that the depot work trims the depot to num_online_cpus() magazines (1
 * CPU here): after 382 frees the depot holds f[254..380] (on top) and
 * f[127..253]. Expect the work to return the top magazine's 127 ranges to the
 * tree and free the magazine (127 + 1 objects), to reschedule itself, and then
 * to find nothing more to do.
 */
bool test_rcache_depot_work_trims(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static unsigned long f[382];
	uint64_t before;

	KT_EXPECT(alloc_then_free_singles(iovad, f, 382));
	KT_EXPECT_EQ(dmalab_pending_work(), 1);
	KT_EXPECT(check_all_present(iovad, f, 0, 382));
	before = live_objects();
	KT_EXPECT_EQ(dmalab_run_deferred_work(), 2);
	KT_EXPECT_EQ(before - live_objects(), 127 + 1);
	KT_EXPECT(check_all_present(iovad, f, 0, 254));
	KT_EXPECT(check_all_missing(iovad, f, 254, 381));
	KT_EXPECT(check_all_present(iovad, f, 381, 382));
	KT_EXPECT_EQ(dmalab_pending_work(), 0);
	KT_EXPECT_EQ(dmalab_run_deferred_work(), 0);
	return true;
}

/*
 * A test that ranges are cached per CPU (2 CPUs) and that full magazines are
 * shared through the depot. Expect a range freed on CPU 1 to sit in CPU 1's
 * magazine, so that CPU 0 gets a new range from the tree while CPU 1 gets the
 * cached one back; after CPU 1 frees 255 more, CPU 0 (with no magazine of its
 * own) to take the depot magazine f[127..253] and pop f[253], f[252], while CPU
 * 1 keeps f[254] (loaded) and f[0..126] (prev).
 */
bool test_rcache_per_cpu_and_depot_sharing(struct iova_domain *iovad,
					    const struct dom_cfg *cfg)
{
	static unsigned long f[255];
	unsigned long p, q;

	dmalab_set_cpu(1);
	p = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_EQ(p, 0xfffff);
	free_iova_fast(iovad, p, 1);
	dmalab_set_cpu(0);
	q = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_EQ(q, 0xffffe);
	KT_EXPECT(check_fast_range(iovad, p, 1));
	dmalab_set_cpu(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), p);

	KT_EXPECT(alloc_then_free_singles(iovad, f, 255));
	dmalab_set_cpu(0);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[253]);
	dmalab_set_cpu(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[254]);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[126]);
	dmalab_set_cpu(0);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), f[252]);
	return true;
}

/*
 * A test that the CPU hotplug "dead" callback gives a CPU's cached ranges back.
 * Expect dmalab_cpu_dead(1) to return every range in CPU 1's magazines to the
 * tree (find_iova() misses them, their nodes are freed, the magazines
 * themselves stay), to leave CPU 0's cached ranges alone and not to touch the
 * depot.
 */
bool test_rcache_cpu_dead_returns_ranges(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static unsigned long f[255];
	unsigned long a[3], b[3], i;
	uint64_t before;

	for (i = 0; i < 3; i++) {
		a[i] = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
		b[i] = alloc_iova_fast(iovad, 2, DMA32_PFN - 1, true);
	}
	for (i = 0; i < 3; i++)
		free_iova_fast(iovad, a[i], 1);
	dmalab_set_cpu(1);
	for (i = 0; i < 3; i++)
		free_iova_fast(iovad, b[i], 2);
	KT_EXPECT(alloc_then_free_singles(iovad, f, 255));	/* also on CPU 1 */
	KT_EXPECT(check_all_present(iovad, a, 0, 3));
	KT_EXPECT(check_all_present(iovad, b, 0, 3));
	KT_EXPECT(check_all_present(iovad, f, 0, 255));

	before = live_objects();
	dmalab_cpu_dead(1);
	/* b[] and f[] but the depot's f[127..253] */
	KT_EXPECT_EQ(before - live_objects(), 3 + 127 + 1);
	KT_EXPECT(check_all_missing(iovad, b, 0, 3));
	KT_EXPECT(check_all_missing(iovad, f, 0, 127));
	KT_EXPECT(check_all_present(iovad, f, 127, 254));
	KT_EXPECT(check_all_missing(iovad, f, 254, 255));
	KT_EXPECT(check_all_present(iovad, a, 0, 3));

	dmalab_set_cpu(0);
	dmalab_cpu_dead(0);
	KT_EXPECT(check_all_missing(iovad, a, 0, 3));
	KT_EXPECT(check_all_present(iovad, f, 127, 254));
	return true;
}

#define FLUSH_N	256

/*
 * A test that alloc_iova_fast() flushes the rcache on allocation failure, in
 * the 256-page window [S, S + 255], below 4 GiB (where the flush must also
 * reset max32_alloc_size) or above: fill it with single pages and free them all
 * with free_iova_fast(), f[0] on CPU 1 and f[1..255] on CPU 0, so that the
 * cache holds them in every kind of place:
 *
 *   CPU 1 loaded: f[0]        CPU 0 prev: f[1..127]   CPU 0 loaded: f[255]
 *   depot: f[128..254] (the 255th free on CPU 0 spilled it)
 *
 * The tree is still full. Expect a 2-page allocation (an empty size class)
 * to fail with flush_rcache false and leave the cache alone; with
 * flush_rcache true to return every CPU's and the depot's ranges to the
 * tree and succeed at the top, [S+254, S+255], with the other 254 pages
 * free.
 */
bool test_rcache_flush_on_failure(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static unsigned long f[FLUSH_N];
	unsigned long s = cfg->start_pfn, lim = s + FLUSH_N - 1, i;

	for (i = 0; i < FLUSH_N; i++) {
		f[i] = alloc_iova_fast(iovad, 1, lim, false);
		KT_EXPECT_EQ(f[i], lim - i);
	}
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, lim, false), 0);
	dmalab_set_cpu(1);
	free_iova_fast(iovad, f[0], 1);
	dmalab_set_cpu(0);
	for (i = 1; i < FLUSH_N; i++)
		free_iova_fast(iovad, f[i], 1);
	KT_EXPECT_EQ(dmalab_pending_work(), 1);		/* the depot got one */
	KT_EXPECT(check_all_present(iovad, f, 0, FLUSH_N));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 2, lim, false), 0);
	KT_EXPECT(check_all_present(iovad, f, 0, FLUSH_N));

	KT_EXPECT_EQ(alloc_iova_fast(iovad, 2, lim, true), s + 254);
	KT_EXPECT(check_fast_range(iovad, s + 254, 2));
	KT_EXPECT(check_all_missing(iovad, f, 2, FLUSH_N));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, lim, false), s + 253);
	/* the depot is empty: CPU 2 has no magazine and gets a tree range */
	dmalab_set_cpu(2);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, lim, false), s + 252);
	dmalab_set_cpu(0);
	return true;
}
