// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of drivers/iommu/iova.c as compiled from the tree.
 *
 * Expected values come from the kernel-doc of each function, worked out
 * here independently: never by calling the allocator again. Where a test
 * needs to know which free space is in use, it keeps its own model of the
 * pfn space (struct model below: one slot a pfn) and asks the model.
 *
 * Facts of iova.c the expectations rest on (read from the source):
 *  - alloc_iova() searches top-down below limit_pfn (inclusive), starting
 *    from the node it allocated last ("cached node", one for limits in the
 *    32-bit space and one above), and retries from limit_pfn down to that
 *    node before failing. So it fails exactly when no fitting gap exists in
 *    [start_pfn, limit_pfn], except for the max32_alloc_size heuristic:
 *    "Size of last failed allocation" (include/linux/iova.h). Once an
 *    allocation of size N fails, every allocation of size >= N with a limit
 *    in the 32-bit space fails at once, until a range starting below the
 *    32-bit boundary is freed.
 *  - alloc_iova_fast() rounds sizes below 32 pages up to a power of two and
 *    always allocates size-aligned; free_iova_fast() caches ranges of up to
 *    32 pages (order < IOVA_RANGE_CACHE_MAX_SIZE = 6) in per-CPU magazines of
 *    IOVA_MAG_SIZE = 127 pfns ('loaded' and 'prev'), full magazines spill to
 *    a per-size depot whose delayed work trims it down to num_online_cpus()
 *    magazines. A cached range stays allocated in the rbtree.
 */
#include <string.h>

#include <linux/iova.h>
#include <linux/slab.h>

#include "tests/ktest.h"

#define GRANULE_4K	4096UL
#define DMA32_PFN	(1UL << 20)	/* first pfn above 4 GiB at 4 KiB granule */
#define MAG_SIZE	127		/* IOVA_MAG_SIZE */
#define CACHED_MAX	32		/* largest cached range, in pages */

/* ---- small independent arithmetic --------------------------------------- */

static unsigned long pow2_up(unsigned long x)
{
	unsigned long r = 1;

	while (r < x)
		r <<= 1;
	return r;
}

static unsigned long align_dn(unsigned long x, unsigned long a)
{
	return x - x % a;
}

/* The size alloc_iova_fast() really allocates for a request of n pages. */
static unsigned long fast_size(unsigned long n)
{
	return n < CACHED_MAX ? pow2_up(n) : n;
}

/* ---- a domain around each test body ------------------------------------- */

struct dom_cfg {
	unsigned long granule;
	unsigned long start_pfn;
	bool rcaches;
	unsigned int nr_cpus;		/* 0: leave the default */
};

typedef bool (*dom_body_t)(struct iova_domain *iovad, const struct dom_cfg *cfg);

/*
 * Run body on a fresh domain, then tear it down whatever the body returned:
 * put_iova_domain() must give back every object allocated since before
 * init_iova_domain() (checked here on top of the framework's leak check)
 * and cancel the depot work. The CPU settings are restored, so a failing
 * test does not leak its CPU count into the next one.
 */
static bool run_in_domain(const struct dom_cfg *cfg, dom_body_t body)
{
	struct iova_domain iovad = {};	/* callers embed it in zeroed memory */
	struct dmalab_slab_stats before, after;
	unsigned int old_nr = dmalab_nr_cpus();
	bool ok = false;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	dmalab_set_cpu(0);
	if (cfg->nr_cpus)
		dmalab_set_nr_cpus(cfg->nr_cpus);
	dmalab_slab_stats(&before);
	init_iova_domain(&iovad, cfg->granule, cfg->start_pfn);
	if (cfg->rcaches && iova_domain_init_rcaches(&iovad))
		kt_report(__FILE__, __LINE__, "iova_domain_init_rcaches() failed");
	else
		ok = body(&iovad, cfg);
	dmalab_set_cpu(0);
	put_iova_domain(&iovad);
	dmalab_slab_stats(&after);
	iova_cache_put();
	dmalab_set_nr_cpus(old_nr);
	if (after.live_objects != before.live_objects) {
		kt_report(__FILE__, __LINE__, "put_iova_domain() left %lld objects",
			  (long long)(after.live_objects - before.live_objects));
		ok = false;
	}
	if (dmalab_pending_work()) {
		kt_report(__FILE__, __LINE__, "%lu work items still queued after put_iova_domain()",
			  dmalab_pending_work());
		ok = false;
	}
	return ok;
}

static const struct dom_cfg dom_4k = { .granule = GRANULE_4K, .start_pfn = 1 };
static const struct dom_cfg dom_4k_rc = { .granule = GRANULE_4K, .start_pfn = 1,
					  .rcaches = true };

/* ---- a model of the pfn space ------------------------------------------- */

#define MODEL_MAX	4096

enum { M_FREE, M_ALLOC, M_RESERVED };

struct model {
	unsigned long base, n;		/* slots cover [base, base + n) */
	unsigned char owner[MODEL_MAX];
};

static struct model model;

static void model_init(struct model *m, unsigned long base, unsigned long n)
{
	m->base = base;
	m->n = n;
	for (unsigned long i = 0; i < MODEL_MAX; i++)
		m->owner[i] = M_FREE;
}

static int model_get(const struct model *m, unsigned long pfn)
{
	if (pfn < m->base || pfn - m->base >= m->n)
		return M_FREE;		/* nothing is ever put outside */
	return m->owner[pfn - m->base];
}

static void model_set(struct model *m, unsigned long lo, unsigned long hi, int v)
{
	for (unsigned long p = lo; p <= hi; p++)
		m->owner[p - m->base] = v;
}

static bool model_range_free(const struct model *m, unsigned long lo, unsigned long hi)
{
	for (unsigned long p = lo; p <= hi; p++)
		if (model_get(m, p) != M_FREE)
			return false;
	return true;
}

/*
 * Whether some p in [start, limit - size + 1], a multiple of align, has
 * [p, p + size - 1] free. Scans down from limit counting free pfns above.
 */
static bool model_fits(const struct model *m, unsigned long start,
		       unsigned long limit, unsigned long size, unsigned long align)
{
	unsigned long run = 0, p;

	if (limit < start)
		return false;
	for (p = limit;; p--) {
		run = model_get(m, p) == M_FREE ? run + 1 : 0;
		if (run >= size && p % align == 0)
			return true;
		if (p == start)
			return false;
	}
}

/* One past the top of the free gap that pfn lies in, capped at limit + 1. */
static unsigned long model_gap_end(const struct model *m, unsigned long pfn,
				   unsigned long limit)
{
	while (pfn <= limit && model_get(m, pfn) == M_FREE)
		pfn++;
	return pfn;
}

/*
 * Check a fresh allocation [lo, lo + size - 1] against the model before it
 * is marked: inside [start, limit], aligned, on free pfns only, and placed
 * at the top of the free gap it was taken from (the search is top-down:
 * within a gap, the highest aligned position that fits).
 */
static bool check_placement(const struct model *m, unsigned long lo,
			    unsigned long hi, unsigned long start,
			    unsigned long limit, unsigned long size,
			    unsigned long align)
{
	KT_EXPECT_EQ(hi - lo + 1, size);
	KT_EXPECT_GE(lo, start);
	KT_EXPECT_LE(hi, limit);
	KT_EXPECT_EQ(lo % align, 0);
	KT_EXPECT(model_range_free(m, lo, hi));
	KT_EXPECT_EQ(lo, align_dn(model_gap_end(m, lo, limit) - size, align));
	return true;
}

/* find_iova() of lo, hi and the middle all give this very node. */
static bool check_found(struct iova_domain *iovad, struct iova *iova,
			unsigned long lo, unsigned long hi)
{
	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_lo, lo);
	KT_EXPECT_EQ(iova->pfn_hi, hi);
	KT_EXPECT_EQ(iova_size(iova), hi - lo + 1);
	KT_EXPECT(find_iova(iovad, lo) == iova);
	KT_EXPECT(find_iova(iovad, hi) == iova);
	KT_EXPECT(find_iova(iovad, lo + (hi - lo) / 2) == iova);
	return true;
}

/* A pfn range the rcache handed out is a tree node of exactly that range. */
static bool check_fast_range(struct iova_domain *iovad, unsigned long pfn,
			     unsigned long size)
{
	struct iova *iova = find_iova(iovad, pfn);

	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT(check_found(iovad, iova, pfn, pfn + size - 1));
	return true;
}

static bool check_all_missing(struct iova_domain *iovad, const unsigned long *pfns,
			      unsigned long from, unsigned long to)
{
	for (unsigned long i = from; i < to; i++)
		if (find_iova(iovad, pfns[i]))
			KT_FAIL("pfns[%lu] = %#lx still in the tree", i, pfns[i]);
	return true;
}

static bool check_all_present(struct iova_domain *iovad, const unsigned long *pfns,
			      unsigned long from, unsigned long to)
{
	for (unsigned long i = from; i < to; i++)
		if (!find_iova(iovad, pfns[i]))
			KT_FAIL("pfns[%lu] = %#lx not in the tree", i, pfns[i]);
	return true;
}

static uint64_t live_objects(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.live_objects;
}

/* ==== init_iova_domain =================================================== */

/*
 * A test of one granule and start_pfn: the derived fields and the inline
 * helpers of <linux/iova.h>, the top of the 32-bit space, and a window
 * [start_pfn, start_pfn + 7] that is filled top-down and never left:
 *
 *   granule g, shift s = log2(g), mask g - 1, dma_32bit_pfn = 4 GiB / g
 *   alloc_iova(3, dma_32bit_pfn - 1, aligned) -> [dma32 - 4, dma32 - 2]
 *   start .. start+7: eight 1-page allocations, start+7 down to start, then NULL
 */
static bool granule_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long g = cfg->granule, start = cfg->start_pfn;
	unsigned long shift = 0, dma32 = (1UL << 32) / g, i;
	struct iova *iova;

	while ((1UL << shift) != g)
		shift++;
	KT_EXPECT_EQ(iovad->granule, g);
	KT_EXPECT_EQ(iovad->start_pfn, start);
	KT_EXPECT_EQ(iova_shift(iovad), shift);
	KT_EXPECT_EQ(iova_mask(iovad), g - 1);
	KT_EXPECT_EQ(iovad->dma_32bit_pfn, dma32);
	KT_EXPECT_EQ(iova_offset(iovad, 7 * g + 5), 5);
	KT_EXPECT_EQ(iova_offset(iovad, 7 * g), 0);
	KT_EXPECT_EQ(iova_align(iovad, 1), g);
	KT_EXPECT_EQ(iova_align(iovad, g), g);
	KT_EXPECT_EQ(iova_align(iovad, g + 1), 2 * g);
	KT_EXPECT_EQ(iova_align_down(iovad, 2 * g - 1), g);
	KT_EXPECT_EQ(iova_pfn(iovad, (dma_addr_t)0x12345 * g + g - 1), 0x12345);

	iova = alloc_iova(iovad, 3, dma32 - 1, true);
	KT_EXPECT(check_found(iovad, iova, dma32 - 4, dma32 - 2));
	KT_EXPECT_EQ(iova_dma_addr(iovad, iova), (1ULL << 32) - 4 * g);

	for (i = 0; i < 8; i++) {
		iova = alloc_iova(iovad, 1, start + 7, false);
		KT_EXPECT(check_found(iovad, iova, start + 7 - i, start + 7 - i));
	}
	KT_EXPECT_NULL(alloc_iova(iovad, 1, start + 7, false));
	KT_EXPECT_NULL(find_iova(iovad, start + 8));
	if (start)
		KT_EXPECT_NULL(find_iova(iovad, start - 1));
	return true;
}

static bool test_init_iova_domain_granules(void)
{
	static const unsigned long granules[] = { 512, 1024, 2048, 4096 };
	static const unsigned long starts[] = { 0, 1, 0x10, 0x12345 };

	for (unsigned int g = 0; g < 4; g++)
		for (unsigned int s = 0; s < 4; s++) {
			struct dom_cfg cfg = { .granule = granules[g],
					       .start_pfn = starts[s] };

			if (!run_in_domain(&cfg, granule_body))
				KT_FAIL("granule %lu, start_pfn %#lx", granules[g], starts[s]);
		}
	return true;
}

/* ==== alloc_iova ========================================================= */

/*
 * A test that the first size-aligned allocation of a fresh domain lands at
 * the top of the limit, naturally aligned:
 *
 *   limit_pfn = 0xfffff, size 5 -> aligned to 8 -> [0xffff8, 0xffffc]
 */
static bool test_alloc_iova_top_down_aligned(void)
{
	struct iova_domain iovad = {};	/* callers embed it in zeroed memory */
	struct iova *iova;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	init_iova_domain(&iovad, 4096, 1);
	iova = alloc_iova(&iovad, 5, 0xfffff, true);
	KT_EXPECT_NOT_NULL(iova);
	KT_EXPECT_EQ(iova->pfn_lo, 0xffff8);
	KT_EXPECT_EQ(iova->pfn_hi, 0xffffc);
	put_iova_domain(&iovad);
	iova_cache_put();
	return true;
}

/*
 * A test that allocations without size alignment pack top-down with no
 * hole, each one right below the previous, under a 32-bit and a 64-bit
 * limit alike:
 *
 *   limit ..|.. 7 ..|. 2 .|.. 5 ..|. 3 .|1|   <- limit_pfn (inclusive)
 */
static bool top_down_unaligned_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_top_down_unaligned(void)
{
	return run_in_domain(&dom_4k, top_down_unaligned_body);
}

/*
 * A test that size-aligned allocations of sizes 1..70 each start on a
 * multiple of roundup_pow_of_two(size) and go right below the previous one
 * (a fresh domain, one limit: nothing below the last allocation yet):
 *
 *   expected lo = align_down(previous lo - size, roundup_pow_of_two(size))
 */
static bool size_aligned_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long top = DMA32_PFN, size;

	for (size = 1; size <= 70; size++) {
		unsigned long a = pow2_up(size), lo = align_dn(top - size, a);
		struct iova *iova = alloc_iova(iovad, size, DMA32_PFN - 1, true);

		KT_EXPECT(check_found(iovad, iova, lo, lo + size - 1));
		KT_EXPECT_EQ(iova->pfn_lo % a, 0);
		top = lo;
	}
	return true;
}

static bool test_alloc_iova_size_aligned(void)
{
	return run_in_domain(&dom_4k, size_aligned_body);
}

/*
 * A test that limit_pfn is inclusive and never exceeded. Limits go down so
 * that each allocation starts from free space right below its limit:
 *
 *   limit 0xfffff, 1 page          -> [0xfffff]          (the limit itself)
 *   limit 0x3003, 4 pages aligned  -> [0x3000, 0x3003]   (ends on the limit)
 *   limit 0x2000, 4 pages aligned  -> [0x1ffc, 0x1fff]   (0x2000 would cross it)
 *   limit 0x1234, 1 page           -> [0x1234]
 *   limit 0x1234, 3 pages          -> [0x1231, 0x1233]
 */
static bool limit_inclusive_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_limit_inclusive(void)
{
	return run_in_domain(&dom_4k, limit_inclusive_body);
}

/*
 * A test that allocations under a 32-bit limit (limit_pfn <= dma_32bit_pfn
 * - 1) and under a 64-bit limit go their own ways: 32-bit ones stay below
 * 4 GiB and go down from there, 64-bit ones start at their own limit, and a
 * limit of exactly dma_32bit_pfn may return the first pfn above 4 GiB:
 *
 *   0xffffb  0xffffc-d  0xfffff | 0x100000 ...... 2^36-4..-3  2^36-1
 *    d32        b32       a32   |    c64              b64        a64
 */
static bool dma32_vs_64_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_32bit_vs_64bit(void)
{
	return run_in_domain(&dom_4k, dma32_vs_64_body);
}

/*
 * A test that start_pfn is a floor for aligned allocations too, in the
 * window [6, 13] (start_pfn 6, limit 13):
 *
 *   4  5 | 6  7  8  9 10 11 12 13 | 14 15
 *        |       [   4 pages  ]   |         the only 4-aligned fit: 8
 *        | [2 ]               [2 ]|         the two 2-page fits
 *
 * A second 4-page aligned allocation fails (4 is below start_pfn, 12
 * crosses the limit), two 2-page ones take [6, 7] and [12, 13] in some
 * order, and then not even one page is left.
 */
static bool start_floor_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_start_pfn_floor(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 6 };

	return run_in_domain(&cfg, start_floor_body);
}

/*
 * A test that many allocations of mixed sizes, aligned and not, fill a
 * 64-page window [S, S + 63] above 4 GiB without overlapping or leaving it,
 * each placed at the top of a free gap; that alloc_iova() fails exactly
 * when the model has no fitting gap left (above 4 GiB the max32 heuristic
 * does not apply); and that the window ends completely full.
 */
#define FILL_N	64

static bool fill_window_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long sizes[] = { 3, 1, 5, 2, 8, 1, 4, 7, 2, 6, 1, 16, 3 };
	unsigned long start = cfg->start_pfn, limit = start + FILL_N - 1;
	struct iova *got[FILL_N];
	unsigned int n = 0, i, dry = 0;

	model_init(&model, start, FILL_N);
	for (i = 0; dry < 2 * 13; i++) {
		unsigned long size = sizes[i % 13];
		bool aligned = i & 1;
		unsigned long a = aligned ? pow2_up(size) : 1;
		bool fits = model_fits(&model, start, limit, size, a);
		struct iova *iova = alloc_iova(iovad, size, limit, aligned);

		if (!fits) {
			KT_EXPECT_NULL(iova);
			dry++;
			continue;
		}
		dry = 0;
		KT_EXPECT_NOT_NULL(iova);
		KT_EXPECT(check_placement(&model, iova->pfn_lo, iova->pfn_hi, start,
					  limit, size, a));
		model_set(&model, iova->pfn_lo, iova->pfn_hi, M_ALLOC);
		got[n++] = iova;
	}
	KT_EXPECT(!model_fits(&model, start, limit, 1, 1));	/* all 64 taken */
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

static bool test_alloc_iova_fill_window(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = DMA32_PFN + 0x100 };

	return run_in_domain(&cfg, fill_window_body);
}

/*
 * A test of exhaustion in a 16-page window [S, S + 15]: filled with single
 * pages, alloc_iova() returns NULL; freeing one page makes a 1-page
 * allocation succeed again on exactly that page; freeing an aligned pair
 * makes an aligned 2-page allocation succeed on it. Run in a window below
 * 4 GiB (32-bit cached node and max32 heuristic) and one above.
 *
 *   S                                    S+15
 *   [x][x][x][x][x][ ][x][x][x][x][ ][ ][x][x][x][x]
 *                   ^ S+5          ^^^^^^ S+10, S+11
 */
static bool exhaustion_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_exhaustion_below_4g(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 0x1000 };

	return run_in_domain(&cfg, exhaustion_body);
}

static bool test_alloc_iova_exhaustion_above_4g(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = DMA32_PFN };

	return run_in_domain(&cfg, exhaustion_body);
}

/*
 * A test of max32_alloc_size, the "size of last failed allocation" below
 * 4 GiB, in the full window [0x1000, 0x100f]: after a failed 32-bit
 * allocation of size N, any freed 32-bit range must let allocations of
 * size N succeed again (no spurious -ENOMEM with free space); a smaller
 * size is still attempted; and a 64-bit limit is not affected at all.
 *
 *   fail 1 -> free 0x1005 -> alloc 1 = 0x1005
 *   free 0x1002, 0x1003 -> fail 4 (max32 = 4) -> alloc 2 = 0x1002 (2 < 4)
 *   fail 1 (max32 = 1) -> alloc 1 under limit dma_32bit_pfn = 0x100000
 */
static bool max32_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long lim = 0x100f, i;

	for (i = 0; i < 16; i++)
		KT_EXPECT_NOT_NULL(alloc_iova(iovad, 1, lim, false));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));

	free_iova(iovad, 0x1005);
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, false), 0x1005, 0x1005));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));

	free_iova(iovad, 0x1002);
	free_iova(iovad, 0x1003);
	KT_EXPECT_NULL(alloc_iova(iovad, 4, lim, true));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 2, lim, true), 0x1002, 0x1003));

	KT_EXPECT_NULL(alloc_iova(iovad, 1, lim, false));
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN, false),
			      DMA32_PFN, DMA32_PFN));
	free_iova(iovad, 0x100f);
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, lim, true), 0x100f, 0x100f));
	return true;
}

static bool test_alloc_iova_max32_reset_by_free(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 0x1000 };

	return run_in_domain(&cfg, max32_body);
}

/*
 * A test that documents the limits of the max32_alloc_size heuristic: it
 * remembers a size, not the limit or alignment that failed, so below 4 GiB
 *  - after a failure under limit 0x1003, the same size fails under limit
 *    0x1fff too although [0x1004, 0x1fff] is free;
 *  - after an aligned 3-page allocation fails, an unaligned 3-page one
 *    fails too although 3 free pages are there;
 * until a range below 4 GiB is freed (a free above 4 GiB does not count).
 * This is what the code does by design (commit bee60e94a1e2: "fail fast"
 * when the 32-bit space looks full); the test pins it down.
 *
 *   0x1000 0x1001 0x1002 0x1003 | 0x1004 ......... 0x1fff
 *     x      x      x      x    |  free, yet refused
 *
 *   0x1000 0x1001 0x1002 0x1003
 *     x    [ 3 free, not 4-aligned ]
 */
static bool max32_limits_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova *hi, *two;
	unsigned long i;

	for (i = 0; i < 4; i++)
		KT_EXPECT_NOT_NULL(alloc_iova(iovad, 1, 0x1003, false));
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1003, false));	/* full: max32 = 1 */
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1fff, false));	/* refused */
	hi = alloc_iova(iovad, 1, DMA32_PFN, false);		/* 64-bit: fine */
	KT_EXPECT(check_found(iovad, hi, DMA32_PFN, DMA32_PFN));
	__free_iova(iovad, hi);					/* above 4 GiB */
	KT_EXPECT_NULL(alloc_iova(iovad, 1, 0x1fff, false));	/* still refused */
	free_iova(iovad, 0x1000);				/* below 4 GiB */
	two = alloc_iova(iovad, 2, 0x1fff, false);		/* only fits above 0x1003 */
	KT_EXPECT_NOT_NULL(two);
	KT_EXPECT_GE(two->pfn_lo, 0x1004);
	KT_EXPECT_LE(two->pfn_hi, 0x1fff);

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, 0x1000, false), 0x1000, 0x1000));
	free_iova(iovad, 0x1001);
	free_iova(iovad, 0x1002);
	free_iova(iovad, 0x1003);
	KT_EXPECT_NULL(alloc_iova(iovad, 3, 0x1003, true));	/* max32 = 3 */
	KT_EXPECT_NULL(alloc_iova(iovad, 3, 0x1003, false));	/* refused */
	two = alloc_iova(iovad, 2, 0x1003, false);		/* 2 < 3: tried */
	KT_EXPECT_NOT_NULL(two);
	KT_EXPECT_GE(two->pfn_lo, 0x1001);
	KT_EXPECT_LE(two->pfn_hi, 0x1003);
	__free_iova(iovad, two);				/* resets max32 */
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 3, 0x1003, false), 0x1001, 0x1003));
	return true;
}

static bool test_alloc_iova_max32_heuristic_limits(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 0x1000 };

	return run_in_domain(&cfg, max32_limits_body);
}

/*
 * A test of the retry above the cached node: an allocation under a low
 * limit leaves the search's starting point at the bottom of the window;
 * a later allocation under the high limit finds nothing below it but must
 * still find the free space above it (a spurious -ENOMEM otherwise).
 *
 *   S   S+1 ...... S+14 S+15
 *   [b]  free........   [a]     then c: S+14
 *
 * Run below 4 GiB (cached32_node) and above (cached_node).
 */
static bool retry_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_alloc_iova_retry_above_cached_node(void)
{
	static const struct dom_cfg lo = { .granule = GRANULE_4K, .start_pfn = 0x1000 };
	static const struct dom_cfg hi = { .granule = GRANULE_4K, .start_pfn = 0x200000 };

	return run_in_domain(&lo, retry_body) && run_in_domain(&hi, retry_body);
}

/* ==== reserve_iova ======================================================= */

/*
 * A test that reserved ranges are never handed out: the window
 * [0x1000, 0x103f] with three reservations (one at the very top) and one
 * below start_pfn is filled with single pages; each lands outside the
 * reservations, and exactly 64 - 8 - 1 - 4 = 51 fit. find_iova() of a
 * reserved pfn gives the reservation's node.
 *
 *   0x1000   0x1008..0x100f   0x1020   0x103c..0x103f
 *     ....   [ reserved   ]   [r]      [ reserved ]
 */
static bool reserve_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long res[][2] = {
		{ 0x1008, 0x100f }, { 0x1020, 0x1020 }, { 0x103c, 0x103f }, { 0x0, 0xfff },
	};
	unsigned long start = 0x1000, lim = 0x103f, n = 0;
	struct iova *r[4], *iova;
	unsigned int i;

	model_init(&model, start, 64);
	for (i = 0; i < 4; i++) {
		r[i] = reserve_iova(iovad, res[i][0], res[i][1]);
		KT_EXPECT(check_found(iovad, r[i], res[i][0], res[i][1]));
		if (i < 3)
			model_set(&model, res[i][0], res[i][1], M_RESERVED);
	}
	while ((iova = alloc_iova(iovad, 1, lim, false))) {
		KT_EXPECT(check_placement(&model, iova->pfn_lo, iova->pfn_hi, start,
					  lim, 1, 1));
		model_set(&model, iova->pfn_lo, iova->pfn_hi, M_ALLOC);
		n++;
	}
	KT_EXPECT_EQ(n, 51);
	KT_EXPECT(!model_fits(&model, start, lim, 1, 1));
	for (i = 0; i < 4; i++)
		KT_EXPECT(check_found(iovad, r[i], res[i][0], res[i][1]));
	return true;
}

static bool test_reserve_iova_never_allocated(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 0x1000 };

	return run_in_domain(&cfg, reserve_body);
}

/*
 * A test of overlapping and adjacent reservations (__adjust_overlap_range):
 * an existing node absorbs the part of a new reservation below it (its
 * pfn_lo moves down), the part above the last overlapped node becomes a new
 * node, and a reservation inside one node returns that node:
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
static bool reserve_overlap_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_reserve_iova_overlap_and_adjacent(void)
{
	return run_in_domain(&dom_4k, reserve_overlap_body);
}

/*
 * A test that reserve_iova() refuses pfns that cannot be an address at this
 * granule ((pfn_hi | pfn_lo) > ULLONG_MAX >> iova_shift) with a WARN and
 * NULL, and accepts the highest one that can.
 */
static bool reserve_huge_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_reserve_iova_rejects_huge_pfn(void)
{
	return run_in_domain(&dom_4k, reserve_huge_body);
}

/* ==== find_iova, free_iova, __free_iova ================================== */

/*
 * A test of find_iova() hits for every pfn of an allocation and misses
 * around it; free_iova(pfn) frees the whole range holding pfn, __free_iova()
 * frees a node, and free_iova() of a pfn nobody holds does nothing. Freed
 * space at the top is handed out again from the top:
 *
 *   0xfffed-0xffff0  ..  0xffff4  0xffff5-7  0xffff8-0xfffff
 *         d                 c         b             a
 */
static bool find_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova *a, *b, *c, *d, *n[4];
	unsigned long p;
	unsigned int i;

	n[0] = a = alloc_iova(iovad, 8, 0xfffff, true);
	n[1] = b = alloc_iova(iovad, 3, 0xfffff, false);
	n[2] = c = alloc_iova(iovad, 1, 0xfffff, false);
	n[3] = d = alloc_iova(iovad, 4, 0xffff0, false);
	KT_EXPECT(check_found(iovad, a, 0xffff8, 0xfffff));
	KT_EXPECT(check_found(iovad, b, 0xffff5, 0xffff7));
	KT_EXPECT(check_found(iovad, c, 0xffff4, 0xffff4));
	KT_EXPECT(check_found(iovad, d, 0xfffed, 0xffff0));
	for (i = 0; i < 4; i++)
		for (p = n[i]->pfn_lo; p <= n[i]->pfn_hi; p++)
			KT_EXPECT(find_iova(iovad, p) == n[i]);
	KT_EXPECT_NULL(find_iova(iovad, 0xffff3));
	KT_EXPECT_NULL(find_iova(iovad, 0xffff1));
	KT_EXPECT_NULL(find_iova(iovad, 0xfffec));
	KT_EXPECT_NULL(find_iova(iovad, 0x100000));
	KT_EXPECT_NULL(find_iova(iovad, 0));

	free_iova(iovad, 0xffffb);		/* the middle of a */
	for (p = 0xffff8; p <= 0xfffff; p++)
		KT_EXPECT_NULL(find_iova(iovad, p));
	KT_EXPECT(check_found(iovad, b, 0xffff5, 0xffff7));
	__free_iova(iovad, b);
	KT_EXPECT_NULL(find_iova(iovad, 0xffff5));
	KT_EXPECT_NULL(find_iova(iovad, 0xffff7));
	free_iova(iovad, 0x12345);		/* nobody's: a no-op */
	free_iova(iovad, 0xffff8);		/* freed already: a no-op */
	KT_EXPECT(check_found(iovad, c, 0xffff4, 0xffff4));
	KT_EXPECT(check_found(iovad, d, 0xfffed, 0xffff0));

	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 8, 0xfffff, true), 0xffff8, 0xfffff));
	return true;
}

static bool test_find_iova_hits_misses_and_free(void)
{
	return run_in_domain(&dom_4k, find_body);
}

/* ==== alloc_iova_fast / free_iova_fast: the rcache ======================= */

/*
 * A test of an rcache hit: ranges freed with free_iova_fast() stay in the
 * tree (find_iova() still finds them) and come back last-in first-out to
 * the next alloc_iova_fast() of the same size class; a 3-page request is
 * of the 4-page class both ways; another class does not get them.
 *
 *   p1 = [0xffffc, 0xfffff], p2 = [0xffff8, 0xffffb]
 *   free p1, free p2 -> alloc 4 = p2, alloc 4 = p1, alloc 4 = 0xffff4 (tree)
 */
static bool rcache_hit_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_hit_lifo_stays_in_tree(void)
{
	return run_in_domain(&dom_4k_rc, rcache_hit_body);
}

/*
 * A test of the size rounding of alloc_iova_fast() and of which sizes the
 * rcache keeps: below 32 pages a request is rounded up to a power of two,
 * from 32 pages on it is not (but still size-aligned); ranges of up to 32
 * pages (iova_rcache_range() bytes) are cached on free, larger ones go back
 * to the tree at once.
 *
 *   request  1  3  5  17  31  32  33  64  100
 *   gets     1  4  8  32  32  32  33  64  100   aligned to pow2 of that
 */
static bool rcache_rounding_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	static const unsigned long req[] = { 1, 3, 5, 17, 31, 32, 33, 64, 100 };
	static const unsigned long got[] = { 1, 4, 8, 32, 32, 32, 33, 64, 100 };
	unsigned long pfn[9];
	unsigned int i;

	KT_EXPECT_EQ(iova_rcache_range(), CACHED_MAX * GRANULE_4K);
	for (i = 0; i < 9; i++) {
		pfn[i] = alloc_iova_fast(iovad, req[i], DMA32_PFN - 1, true);
		KT_EXPECT_NE(pfn[i], 0);
		KT_EXPECT_EQ(fast_size(req[i]), got[i]);
		KT_EXPECT(check_fast_range(iovad, pfn[i], got[i]));
		KT_EXPECT_EQ(pfn[i] % pow2_up(got[i]), 0);
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

static bool test_rcache_size_rounding(void)
{
	return run_in_domain(&dom_4k_rc, rcache_rounding_body);
}

/*
 * A test that a cached range is only handed out under a limit it fits
 * below: the magazine is searched from the top for a pfn <= limit + 1 -
 * size, and if none fits the allocation goes to the tree.
 *
 *   cached: hi = [0xfffff], lo = [0x7ffff]  (hi freed last: on top)
 *   alloc 1 under 0x7ffff -> lo (skips hi); again -> 0x7fffe from the tree
 *   alloc 1 under 0xfffff -> hi
 *   cached q = [Q, Q+3]: not under limit Q+2, yes under Q+3
 */
static bool rcache_limit_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_respects_limit(void)
{
	return run_in_domain(&dom_4k_rc, rcache_limit_body);
}

/*
 * Allocate n single pages through the rcache (all from the tree: the cache
 * is empty) and free them in order on the current CPU. With IOVA_MAG_SIZE
 * 127 and k = (n - 1) / 127, the CPU's magazines then hold, for n >= 255:
 *
 *   prev   = f[0..126]                      (the first magazine filled)
 *   depot  = f[127..253], f[254..380], ...  (each full 'loaded' spilled when
 *            up to f[127k - 1], the last     both were full)
 *            one on top
 *   loaded = f[127k .. n - 1]               (the rest)
 */
static bool alloc_then_free_singles(struct iova_domain *iovad, unsigned long *f,
				    unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		f[i] = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
		KT_EXPECT_NE(f[i], 0);
	}
	for (i = 0; i < n; i++)
		free_iova_fast(iovad, f[i], 1);
	return true;
}

/*
 * A test of magazine overflow into the depot (4 CPUs): 254 frees fit the
 * CPU's two magazines; the 255th pushes the full loaded magazine f[127..253]
 * to the depot and schedules the depot work. The work keeps up to
 * num_online_cpus() magazines, so running it frees nothing. Allocation
 * then drains loaded (f[254]), prev (f[126] down to f[0]), then the depot
 * magazine (f[253] down to f[127]), then goes to the tree.
 */
static bool depot_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_magazine_overflow_to_depot(void)
{
	return run_in_domain(&dom_4k_rc, depot_body);
}

/*
 * A test that the depot work trims the depot to num_online_cpus()
 * magazines (1 CPU here): after 382 frees the depot holds f[254..380] (on
 * top) and f[127..253]; the work returns the top magazine's 127 ranges to
 * the tree and frees the magazine (127 + 1 objects), reschedules itself,
 * and then finds nothing more to do.
 */
static bool depot_trim_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_depot_work_trims(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 1,
					    .rcaches = true, .nr_cpus = 1 };

	return run_in_domain(&cfg, depot_trim_body);
}

/*
 * A test of per-CPU caching (2 CPUs): a range freed on CPU 1 sits in CPU
 * 1's magazine, so CPU 0 gets a new range from the tree while CPU 1 gets
 * the cached one back. Full magazines are shared through the depot: after
 * CPU 1 frees 255 more, CPU 0 (with no magazine of its own) takes the depot
 * magazine f[127..253] and pops f[253], f[252]; CPU 1 keeps f[254] (loaded)
 * and f[0..126] (prev).
 */
static bool per_cpu_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_per_cpu_and_depot_sharing(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 1,
					    .rcaches = true, .nr_cpus = 2 };

	return run_in_domain(&cfg, per_cpu_body);
}

/*
 * A test of the CPU hotplug "dead" callback: dmalab_cpu_dead(1) returns
 * every range in CPU 1's magazines to the tree (find_iova() misses them,
 * their nodes are freed, the magazines themselves stay), leaves CPU 0's
 * cached ranges alone and does not touch the depot.
 */
static bool cpu_dead_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_cpu_dead_returns_ranges(void)
{
	return run_in_domain(&dom_4k_rc, cpu_dead_body);
}

/*
 * A test of the rcache flush on allocation failure in the 256-page window
 * [S, S + 255]: fill it with single pages and free them all with
 * free_iova_fast(), f[0] on CPU 1 and f[1..255] on CPU 0, so that the
 * cache holds them in every kind of place:
 *
 *   CPU 1 loaded: f[0]        CPU 0 prev: f[1..127]   CPU 0 loaded: f[255]
 *   depot: f[128..254] (the 255th free on CPU 0 spilled it)
 *
 * The tree is still full. A 2-page allocation (an empty size class) fails
 * with flush_rcache false and leaves the cache alone; with flush_rcache
 * true it returns every CPU's and the depot's ranges to the tree and
 * succeeds at the top, [S+254, S+255], and the other 254 pages are free.
 * Run below 4 GiB (where the flush must also reset max32_alloc_size) and
 * above.
 */
#define FLUSH_N	256

static bool flush_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
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

static bool test_rcache_flush_on_failure_below_4g(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = 0x1000,
					    .rcaches = true };

	return run_in_domain(&cfg, flush_body);
}

static bool test_rcache_flush_on_failure_above_4g(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = DMA32_PFN,
					    .rcaches = true };

	return run_in_domain(&cfg, flush_body);
}

/* ==== teardown =========================================================== */

/*
 * A test that put_iova_domain() frees everything at once: live
 * allocations, reserved ranges and cached ranges, the magazines of two
 * CPUs and the depot, the rcache arrays, and cancels the depot work. The
 * objects are counted independently:
 *
 *   nodes: 3 alloc_iova + 2 reserve_iova + 255 + 1 cached     = 261
 *   magazines: CPU 0 loaded + prev + 1 in the depot, CPU 1 loaded = 4
 *   rcaches array 1 + per-cpu rcaches (one per size class) 6    = 7
 */
static bool test_put_iova_domain_frees_everything(void)
{
	static unsigned long f[255];
	struct iova_domain iovad = {};
	uint64_t before, mid;
	unsigned long p;

	KT_EXPECT_EQ(iova_cache_get(), 0);
	dmalab_set_cpu(0);
	before = live_objects();
	init_iova_domain(&iovad, GRANULE_4K, 1);
	KT_EXPECT_EQ(iova_domain_init_rcaches(&iovad), 0);
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 1, DMA32_PFN - 1, false));
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 7, DMA32_PFN - 1, true));
	KT_EXPECT_NOT_NULL(alloc_iova(&iovad, 100, (1UL << 40) - 1, false));
	KT_EXPECT_NOT_NULL(reserve_iova(&iovad, 0x10, 0x20));
	KT_EXPECT_NOT_NULL(reserve_iova(&iovad, 0x30, 0x40));
	dmalab_set_cpu(1);
	p = alloc_iova_fast(&iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_NE(p, 0);
	free_iova_fast(&iovad, p, 1);
	dmalab_set_cpu(0);
	KT_EXPECT(alloc_then_free_singles(&iovad, f, 255));
	KT_EXPECT_EQ(dmalab_pending_work(), 1);
	mid = live_objects();
	KT_EXPECT_EQ(mid - before, 261 + 4 + 7);

	put_iova_domain(&iovad);
	KT_EXPECT_EQ(live_objects(), before);
	KT_EXPECT_EQ(dmalab_pending_work(), 0);
	KT_EXPECT_NULL(iovad.rcaches);
	iova_cache_put();
	return true;
}

/* ==== allocation failure injection ======================================= */

/*
 * A test of iova_domain_init_rcaches() under allocation failure: failing
 * its 1st, 2nd, ... allocation until it succeeds, every failure must
 * return -ENOMEM, leave iovad->rcaches NULL and nothing allocated (and no
 * cpuhp instance registered: iova_cache_put() would WARN). It allocates at
 * least the rcache array and one per-cpu area per size class (7), plus
 * possibly slab pages behind them (also failure points in the shim).
 */
static bool init_rcaches_fail_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long n;
	uint64_t before = live_objects();
	int ret;

	for (n = 1; n < 32; n++) {
		dmalab_fail_nth(n);
		ret = iova_domain_init_rcaches(iovad);
		if (!ret)
			break;
		KT_EXPECT_EQ(ret, -ENOMEM);
		KT_EXPECT_EQ(dmalab_fail_attempts(), n);
		KT_EXPECT_NULL(iovad->rcaches);
		KT_EXPECT_EQ(live_objects(), before);
	}
	KT_EXPECT_EQ(ret, 0);
	KT_EXPECT_GE(n, 8);
	KT_EXPECT_EQ(dmalab_fail_attempts(), n - 1);
	dmalab_fail_off();
	KT_EXPECT_EQ(live_objects() - before, 7);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xfffff);
	free_iova_fast(iovad, 0xfffff, 1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xfffff);
	return true;
}

static bool test_init_rcaches_fail_nth(void)
{
	return run_in_domain(&dom_4k, init_rcaches_fail_body);
}

/*
 * A test of alloc_iova() and alloc_iova_fast() when the struct iova cannot
 * be allocated: alloc_iova() returns NULL and takes no space (the next
 * allocation gets the top page) and does not count as a failed search
 * (max32_alloc_size untouched: same size under a 32-bit limit works);
 * alloc_iova_fast() without flush returns 0, with flush it flushes and
 * retries, and the retry succeeds. free_iova_fast() whose magazine cannot
 * be allocated falls back to free_iova(): the range leaves the tree.
 */
static bool alloc_fail_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long p;

	dmalab_fail_nth(1);
	KT_EXPECT_NULL(alloc_iova(iovad, 1, DMA32_PFN - 1, false));
	KT_EXPECT_EQ(dmalab_fail_attempts(), 1);
	dmalab_fail_off();
	KT_EXPECT(check_found(iovad, alloc_iova(iovad, 1, DMA32_PFN - 1, false),
			      0xfffff, 0xfffff));

	dmalab_fail_nth(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, false), 0);
	dmalab_fail_nth(1);
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), 0xffffe);
	KT_EXPECT_GE(dmalab_fail_attempts(), 2);
	dmalab_fail_off();

	p = alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true);
	KT_EXPECT_EQ(p, 0xffffd);
	dmalab_fail_nth(1);
	free_iova_fast(iovad, p, 1);		/* magazine allocation fails */
	KT_EXPECT_EQ(dmalab_fail_attempts(), 1);
	dmalab_fail_off();
	KT_EXPECT_NULL(find_iova(iovad, p));
	KT_EXPECT_EQ(alloc_iova_fast(iovad, 1, DMA32_PFN - 1, true), p);
	return true;
}

static bool test_alloc_fail_nth(void)
{
	return run_in_domain(&dom_4k_rc, alloc_fail_body);
}

/* ==== randomized, against the model ====================================== */

#define RND_WINDOW	2048
#define RND_STEPS	4000

struct rnd_alloc {
	struct iova *iova;
	unsigned long lo, hi, size;	/* size as requested */
};

static struct rnd_alloc rnd_live[RND_WINDOW];

/*
 * Every pfn of the window agrees with the model: free pfns are not in the
 * tree, allocated ones are in their own node with its exact range, and
 * reserved ones are in a node made of reserved pfns only.
 */
static bool rnd_full_check(struct iova_domain *iovad, unsigned int nr_live, bool exact)
{
	unsigned long p;
	unsigned int i;

	for (i = 0; i < nr_live; i++)
		for (p = rnd_live[i].lo; p <= rnd_live[i].hi; p++) {
			struct iova *iova = find_iova(iovad, p);

			if (!iova || iova->pfn_lo != rnd_live[i].lo ||
			    iova->pfn_hi != rnd_live[i].hi ||
			    (exact && iova != rnd_live[i].iova))
				KT_FAIL("pfn %#lx: not in its node [%#lx, %#lx]", p,
					rnd_live[i].lo, rnd_live[i].hi);
		}
	for (p = model.base; p < model.base + model.n; p++) {
		struct iova *iova = find_iova(iovad, p);

		switch (model_get(&model, p)) {
		case M_FREE:
			if (iova)
				KT_FAIL("free pfn %#lx in the tree as [%#lx, %#lx]", p,
					iova->pfn_lo, iova->pfn_hi);
			break;
		case M_RESERVED:
			if (!iova || model_get(&model, iova->pfn_lo) != M_RESERVED ||
			    model_get(&model, iova->pfn_hi) != M_RESERVED)
				KT_FAIL("reserved pfn %#lx not in a reserved node", p);
			break;
		}
	}
	return true;
}

/*
 * A randomized test of alloc_iova(), free_iova(), __free_iova() and
 * reserve_iova() against the model, in a 2048-page window straddling
 * 4 GiB, [dma_32bit_pfn - 1024, dma_32bit_pfn + 1023], with random sizes,
 * alignment and limits (the 32-bit boundary, the window top, anywhere).
 * After each step:
 *  - a new allocation lies in [start_pfn, limit], is aligned if asked,
 *    overlaps nothing (allocated or reserved) and sits at the top of the
 *    free gap it came from;
 *  - alloc_iova() fails exactly when the model has no fitting gap below the
 *    limit, or when the max32 heuristic refuses it (limit in the 32-bit
 *    space and size >= the size of the last failed search, reset by freeing
 *    a range starting below 4 GiB; see the top of this file);
 *  - a freed range is gone from the tree.
 * Reservations may overlap other reservations, never allocations (which
 * they would merge into). Every 100 steps the whole window is compared.
 */
static bool random_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long start = cfg->start_pfn, top = start + RND_WINDOW - 1;
	unsigned long max32 = DMA32_PFN, step, n_ok = 0, n_nofit = 0, n_max32 = 0;
	unsigned int nr_live = 0;

	model_init(&model, start, RND_WINDOW);
	for (step = 0; step < RND_STEPS; step++) {
		unsigned int op = kt_rand_range(0, 99);

		if (op < 55) {
			unsigned int r = kt_rand_range(0, 99);
			unsigned long size, limit, a;
			bool aligned = kt_rand() & 1, fits, refused;
			struct iova *iova;

			size = r < 60 ? kt_rand_range(1, 4) :
			       r < 90 ? kt_rand_range(5, 32) : kt_rand_range(33, 200);
			r = kt_rand_range(0, 99);
			limit = r < 35 ? top : r < 65 ? DMA32_PFN - 1 :
				kt_rand_range(start, top);
			a = aligned ? pow2_up(size) : 1;
			fits = model_fits(&model, start, limit, size, a);
			refused = limit + 1 <= DMA32_PFN && size >= max32;
			iova = alloc_iova(iovad, size, limit, aligned);
			if (!fits || refused) {
				if (iova)
					KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) = [%#lx, %#lx], expected NULL (fits %d max32 %lu)",
						step, size, limit, aligned, iova->pfn_lo,
						iova->pfn_hi, fits, max32);
				if (!fits && !refused) {
					max32 = size;
					n_nofit++;
				} else if (fits) {
					n_max32++;
				}
				continue;
			}
			if (!iova)
				KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) failed with a gap free (max32 %lu)",
					step, size, limit, aligned, max32);
			if (!check_placement(&model, iova->pfn_lo, iova->pfn_hi, start,
					     limit, size, a))
				KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) = [%#lx, %#lx] misplaced",
					step, size, limit, aligned, iova->pfn_lo, iova->pfn_hi);
			model_set(&model, iova->pfn_lo, iova->pfn_hi, M_ALLOC);
			rnd_live[nr_live++] = (struct rnd_alloc){ iova, iova->pfn_lo,
								  iova->pfn_hi, size };
			n_ok++;
		} else if (op < 90) {
			unsigned int i;
			struct rnd_alloc x;

			if (!nr_live)
				continue;
			i = kt_rand_range(0, nr_live - 1);
			x = rnd_live[i];
			rnd_live[i] = rnd_live[--nr_live];
			if (kt_rand() & 1)
				free_iova(iovad, kt_rand_range(x.lo, x.hi));
			else
				__free_iova(iovad, x.iova);
			model_set(&model, x.lo, x.hi, M_FREE);
			if (x.lo < DMA32_PFN)
				max32 = DMA32_PFN;
			if (find_iova(iovad, x.lo) || find_iova(iovad, x.hi))
				KT_FAIL("step %lu: [%#lx, %#lx] still found after free",
					step, x.lo, x.hi);
		} else {
			unsigned long lo = kt_rand_range(start, top);
			unsigned long hi = lo + kt_rand_range(0, 15);
			struct iova *r;
			unsigned long p;

			if (hi > top)
				hi = top;
			for (p = lo; p <= hi; p++)
				if (model_get(&model, p) == M_ALLOC)
					break;
			if (p <= hi)
				continue;
			r = reserve_iova(iovad, lo, hi);
			model_set(&model, lo, hi, M_RESERVED);
			if (!r || r->pfn_lo > hi || r->pfn_hi < hi)
				KT_FAIL("step %lu: reserve_iova(%#lx, %#lx) returned %p",
					step, lo, hi, (void *)r);
			for (p = lo; p <= hi; p++)
				if (!find_iova(iovad, p))
					KT_FAIL("step %lu: reserved pfn %#lx not found", step, p);
		}
		if (step % 100 == 99 && !rnd_full_check(iovad, nr_live, true))
			KT_FAIL("step %lu", step);
	}
	KT_EXPECT(rnd_full_check(iovad, nr_live, true));
	KT_EXPECT_GT(n_ok, 500);
	KT_EXPECT_GT(n_nofit, 20);
	(void)n_max32;
	return true;
}

static bool test_random_alloc_free_reserve(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K,
					    .start_pfn = DMA32_PFN - RND_WINDOW / 2 };

	return run_in_domain(&cfg, random_body);
}

/*
 * A randomized test of alloc_iova_fast() and free_iova_fast() on 4 CPUs,
 * with depot work and CPU-dead callbacks at random, in a 2048-page window
 * [dma_32bit_pfn - 512, dma_32bit_pfn + 1535] under limits above 4 GiB
 * (so the max32 heuristic never applies). The model holds the ranges the
 * test owns; ranges in the caches are free in it. Checked:
 *  - a returned range has the rounded size, is aligned to it, lies in
 *    [start_pfn, limit], overlaps no range the test owns, and is a tree
 *    node of exactly that range;
 *  - with flush_rcache, alloc_iova_fast() returns 0 exactly when the model
 *    has no fitting gap (a failure flushes every cache, after which the
 *    tree holds just the owned ranges), and after such a failure the tree
 *    holds exactly the owned ranges;
 *  - a freed range of up to 32 pages stays in the tree (cached) and a
 *    larger one leaves it.
 */
static bool random_rcache_body(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	unsigned long start = cfg->start_pfn, top = start + RND_WINDOW - 1;
	unsigned long step, n_ok = 0, n_fail = 0, n_hit_check = 0;
	unsigned int nr_live = 0, nr_cpus = dmalab_nr_cpus();

	model_init(&model, start, RND_WINDOW);
	for (step = 0; step < RND_STEPS; step++) {
		unsigned int op = kt_rand_range(0, 99);

		dmalab_set_cpu(kt_rand_range(0, nr_cpus - 1));
		if (op < 55) {
			unsigned int r = kt_rand_range(0, 99);
			unsigned long size, rs, a, limit, pfn;
			bool flush = kt_rand_range(0, 3) != 0, fits;

			size = r < 70 ? kt_rand_range(1, 8) :
			       r < 95 ? kt_rand_range(9, 32) : kt_rand_range(33, 80);
			rs = fast_size(size);
			a = pow2_up(rs);
			limit = kt_rand() & 1 ? top : kt_rand_range(DMA32_PFN, top);
			fits = model_fits(&model, start, limit, rs, a);
			pfn = alloc_iova_fast(iovad, size, limit, flush);
			if (!pfn) {
				if (flush && fits)
					KT_FAIL("step %lu: alloc_iova_fast(%lu, %#lx, true) failed with a gap free",
						step, size, limit);
				if (flush) {
					if (!rnd_full_check(iovad, nr_live, false))
						KT_FAIL("step %lu: tree != owned ranges after a flush", step);
					n_fail++;
				}
				continue;
			}
			/* rcache hits can come from anywhere: no gap-top check */
			if (pfn % a || pfn < start || pfn + rs - 1 > limit ||
			    !model_range_free(&model, pfn, pfn + rs - 1))
				KT_FAIL("step %lu: alloc_iova_fast(%lu, %#lx) = %#lx misplaced",
					step, size, limit, pfn);
			if (!check_fast_range(iovad, pfn, rs))
				KT_FAIL("step %lu: %#lx not a node of %lu pages", step, pfn, rs);
			model_set(&model, pfn, pfn + rs - 1, M_ALLOC);
			rnd_live[nr_live++] = (struct rnd_alloc){ NULL, pfn, pfn + rs - 1, size };
			n_ok++;
		} else if (op < 92) {
			unsigned int i;
			struct rnd_alloc x;

			if (!nr_live)
				continue;
			i = kt_rand_range(0, nr_live - 1);
			x = rnd_live[i];
			rnd_live[i] = rnd_live[--nr_live];
			free_iova_fast(iovad, x.lo, x.size);
			model_set(&model, x.lo, x.hi, M_FREE);
			if (x.size <= CACHED_MAX) {
				if (!check_fast_range(iovad, x.lo, x.hi - x.lo + 1))
					KT_FAIL("step %lu: cached [%#lx, %#lx] not in the tree",
						step, x.lo, x.hi);
				n_hit_check++;
			} else if (find_iova(iovad, x.lo)) {
				KT_FAIL("step %lu: uncached [%#lx, %#lx] still in the tree",
					step, x.lo, x.hi);
			}
		} else if (op < 96) {
			dmalab_run_deferred_work();
		} else if (op < 98) {
			dmalab_cpu_dead(kt_rand_range(0, nr_cpus - 1));
		} else {
			for (unsigned int i = 0; i < nr_live; i++)
				if (!check_fast_range(iovad, rnd_live[i].lo,
						      rnd_live[i].hi - rnd_live[i].lo + 1))
					KT_FAIL("step %lu: owned range %#lx lost", step,
						rnd_live[i].lo);
		}
	}
	/* owned ranges are all exact nodes of the tree */
	for (unsigned int i = 0; i < nr_live; i++)
		KT_EXPECT(check_fast_range(iovad, rnd_live[i].lo,
					   rnd_live[i].hi - rnd_live[i].lo + 1));
	KT_EXPECT_GT(n_ok, 500);
	KT_EXPECT_GT(n_fail, 10);
	KT_EXPECT_GT(n_hit_check, 100);
	return true;
}

static bool test_random_rcache(void)
{
	static const struct dom_cfg cfg = { .granule = GRANULE_4K, .start_pfn = DMA32_PFN - 512,
					    .rcaches = true };

	return run_in_domain(&cfg, random_rcache_body);
}

static const struct ktest tests[] = {
	KTEST(init_iova_domain_granules),
	KTEST(alloc_iova_top_down_aligned),
	KTEST(alloc_iova_top_down_unaligned),
	KTEST(alloc_iova_size_aligned),
	KTEST(alloc_iova_limit_inclusive),
	KTEST(alloc_iova_32bit_vs_64bit),
	KTEST(alloc_iova_start_pfn_floor),
	KTEST(alloc_iova_fill_window),
	KTEST(alloc_iova_exhaustion_below_4g),
	KTEST(alloc_iova_exhaustion_above_4g),
	KTEST(alloc_iova_max32_reset_by_free),
	KTEST(alloc_iova_max32_heuristic_limits),
	KTEST(alloc_iova_retry_above_cached_node),
	KTEST(reserve_iova_never_allocated),
	KTEST(reserve_iova_overlap_and_adjacent),
	KTEST(reserve_iova_rejects_huge_pfn),
	KTEST(find_iova_hits_misses_and_free),
	KTEST(rcache_hit_lifo_stays_in_tree),
	KTEST(rcache_size_rounding),
	KTEST(rcache_respects_limit),
	KTEST(rcache_magazine_overflow_to_depot),
	KTEST(rcache_depot_work_trims),
	KTEST(rcache_per_cpu_and_depot_sharing),
	KTEST(rcache_cpu_dead_returns_ranges),
	KTEST(rcache_flush_on_failure_below_4g),
	KTEST(rcache_flush_on_failure_above_4g),
	KTEST(put_iova_domain_frees_everything),
	KTEST(init_rcaches_fail_nth),
	KTEST(alloc_fail_nth),
	KTEST(random_alloc_free_reserve),
	KTEST(random_rcache),
};

KTEST_MAIN("iova", tests)
