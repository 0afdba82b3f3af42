// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random sequences of allocations, frees and reservations, with the rcache
 * and without, judged by the model after every step (oracle/iova_model.h).
 * The seed is the run's (-s SEED replays a run).
 */
#include <linux/iova.h>

#include "tests/iova/iova_tests.h"

#define RND_WINDOW	2048
#define RND_STEPS	4000

/* the live allocations, in the order the random choices index them */
struct rnd_alloc {
	struct iova *iova;
	unsigned long lo, hi, size;	/* size as requested */
};

static struct rnd_alloc rnd_live[RND_WINDOW];

/*
 * Every pfn of [lo, hi] agrees with the model: free pfns are not in the
 * tree, allocated ones are in their own node with its exact range (the
 * very struct iova of an alloc_iova() range), reserved ones in a node made
 * of reserved pfns; and the whole tree matches the model.
 */
static bool window_check(struct iova_domain *iovad, const struct iova_model *m,
			 unsigned long lo, unsigned long hi, bool max32)
{
	for (unsigned long p = lo; p <= hi; p++) {
		const struct iova_model_ent *e = iova_model_lookup(m, p), *a, *b;
		struct iova *iova = find_iova(iovad, p);

		if (!e) {
			if (iova)
				KT_FAIL("free pfn %#lx in the tree as [%#lx, %#lx]", p,
					iova->pfn_lo, iova->pfn_hi);
			continue;
		}
		if (e->kind == IOVA_MODEL_RESERVED) {
			a = iova ? iova_model_lookup(m, iova->pfn_lo) : NULL;
			b = iova ? iova_model_lookup(m, iova->pfn_hi) : NULL;
			if (!a || !b || a->kind != IOVA_MODEL_RESERVED ||
			    b->kind != IOVA_MODEL_RESERVED)
				KT_FAIL("reserved pfn %#lx not in a reserved node", p);
			continue;
		}
		if (!iova || iova->pfn_lo != e->lo || iova->pfn_hi != e->hi ||
		    (e->kind == IOVA_MODEL_ALLOC && iova != e->node))
			KT_FAIL("pfn %#lx: not in its node [%#lx, %#lx]", p, e->lo, e->hi);
	}
	return check_model(iovad, m, max32);
}

/* ---- alloc_iova, free_iova, __free_iova, reserve_iova ---- */

struct rnd_counts {
	unsigned long ok, nofit, max32;
};

static bool rnd_alloc(struct iova_domain *iovad, struct iova_model *m, unsigned long step,
		      unsigned long top, unsigned int *nr_live, struct rnd_counts *n)
{
	unsigned long start = m->start_pfn, size, limit, a, where;
	unsigned int r = kt_rand_range(0, 99);
	bool aligned = kt_rand() & 1, fits;
	enum iova_model_verdict v;
	struct iova *iova;

	size = r < 60 ? kt_rand_range(1, 4) : r < 90 ? kt_rand_range(5, 32) :
	       kt_rand_range(33, 200);
	r = kt_rand_range(0, 99);
	limit = r < 35 ? top : r < 65 ? DMA32_PFN - 1 : kt_rand_range(start, top);
	a = aligned ? iova_model_pow2_up(size) : 1;
	fits = iova_model_room(m, size, a, limit, 0, &where);
	v = iova_model_search(m, size, limit, aligned, 0, &where);
	iova = alloc_iova(iovad, size, limit, aligned);
	if (v != IOVA_MODEL_ROOM) {
		if (iova)
			KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) = [%#lx, %#lx], "
				"expected NULL (%s, max32 %lu)", step, size, limit, aligned,
				iova->pfn_lo, iova->pfn_hi, iova_model_verdict_name(v), m->max32);
		if (v == IOVA_MODEL_NO_ROOM) {
			iova_model_no_room(m, size);
			n->nofit++;
		} else if (fits) {
			n->max32++;
		}
		return true;
	}
	if (!iova)
		KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) failed with a gap free (max32 %lu)",
			step, size, limit, aligned, m->max32);
	if (!check_placement(m, iova, size, limit, a))
		KT_FAIL("step %lu: alloc_iova(%lu, %#lx, %d) = [%#lx, %#lx] misplaced",
			step, size, limit, aligned, iova->pfn_lo, iova->pfn_hi);
	iova_model_insert(m, iova->pfn_lo, iova->pfn_hi, IOVA_MODEL_ALLOC)->node = iova;
	rnd_live[(*nr_live)++] = (struct rnd_alloc){ iova, iova->pfn_lo, iova->pfn_hi, size };
	n->ok++;
	return true;
}

static bool rnd_free(struct iova_domain *iovad, struct iova_model *m, unsigned long step,
		     unsigned int *nr_live)
{
	unsigned int i;
	struct rnd_alloc x;

	if (!*nr_live)
		return true;
	i = kt_rand_range(0, *nr_live - 1);
	x = rnd_live[i];
	rnd_live[i] = rnd_live[--*nr_live];
	if (kt_rand() & 1)
		free_iova(iovad, kt_rand_range(x.lo, x.hi));
	else
		__free_iova(iovad, x.iova);
	iova_model_free(m, iova_model_lookup(m, x.lo));
	if (find_iova(iovad, x.lo) || find_iova(iovad, x.hi))
		KT_FAIL("step %lu: [%#lx, %#lx] still found after free", step, x.lo, x.hi);
	return true;
}

static bool rnd_reserve(struct iova_domain *iovad, struct iova_model *m, unsigned long step,
			unsigned long top)
{
	unsigned long lo = kt_rand_range(m->start_pfn, top);
	unsigned long hi = lo + kt_rand_range(0, 15), p;
	struct iova *r;

	if (hi > top)
		hi = top;
	if (iova_model_overlap(m, lo, hi, IOVA_MODEL_KIND(IOVA_MODEL_ALLOC)))
		return true;
	r = reserve_iova(iovad, lo, hi);
	iova_model_reserve(m, lo, hi);
	if (!r || r->pfn_lo > hi || r->pfn_hi < hi)
		KT_FAIL("step %lu: reserve_iova(%#lx, %#lx) returned %p", step, lo, hi, (void *)r);
	for (p = lo; p <= hi; p++)
		if (!find_iova(iovad, p))
			KT_FAIL("step %lu: reserved pfn %#lx not found", step, p);
	return true;
}

static bool random_alloc_free_reserve(struct iova_domain *iovad, struct iova_model *m)
{
	unsigned long top = m->start_pfn + RND_WINDOW - 1, step;
	struct rnd_counts n = { 0 };
	unsigned int nr_live = 0;

	for (step = 0; step < RND_STEPS; step++) {
		unsigned int op = kt_rand_range(0, 99);

		if (op < 55 && !rnd_alloc(iovad, m, step, top, &nr_live, &n))
			return false;
		if (op >= 55 && op < 90 && !rnd_free(iovad, m, step, &nr_live))
			return false;
		if (op >= 90 && !rnd_reserve(iovad, m, step, top))
			return false;
		if (step % 100 == 99 && !window_check(iovad, m, m->start_pfn, top, true))
			KT_FAIL("step %lu", step);
	}
	KT_EXPECT(window_check(iovad, m, m->start_pfn, top, true));
	KT_EXPECT_GT(n.ok, 500);
	KT_EXPECT_GT(n.nofit, 20);
	return true;
}

/*
 * A test that random sequences of alloc_iova(), free_iova(), __free_iova() and
 * reserve_iova() do what the model says, in a 2048-page window straddling
 * 4 GiB, [dma_32bit_pfn - 1024, dma_32bit_pfn + 1023], with random sizes,
 * alignment and limits (the 32-bit boundary, the window top, anywhere).
 * Reservations may overlap other reservations, never allocations (which they
 * would merge into). Expect after each step:
 *  - a new allocation in [start_pfn, limit], aligned if asked, overlapping
 *    nothing (allocated or reserved), at the top of the free gap it came
 *    from;
 *  - alloc_iova() to fail exactly when the model has no fitting gap below
 *    the limit or the max32 heuristic refuses it;
 *  - a freed range gone from the tree;
 * and every 100 steps the whole window, the tree and max32_alloc_size to
 * agree with the model.
 */
bool test_random_alloc_free_reserve(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova_model m;
	bool ok;

	iova_model_init(&m, cfg->start_pfn, (1UL << 32) / cfg->granule);
	ok = random_alloc_free_reserve(iovad, &m);
	iova_model_destroy(&m);
	return ok;
}

/* ---- alloc_iova_fast, free_iova_fast ---- */

struct rnd_fast_counts {
	unsigned long ok, fail, hit_check;
};

static bool rnd_alloc_fast(struct iova_domain *iovad, struct iova_model *m,
			   struct iova_tree_walk *w, unsigned long step, unsigned long top,
			   unsigned int *nr_live, struct rnd_fast_counts *n)
{
	unsigned int r = kt_rand_range(0, 99), kept, gone;
	unsigned long size, rs, a, limit, pfn, where;
	bool flush = kt_rand_range(0, 3) != 0, fits;
	struct iova_model_ent *hit = NULL, *e;
	const char *rule;
	char why[256];

	size = r < 70 ? kt_rand_range(1, 8) : r < 95 ? kt_rand_range(9, 32) :
	       kt_rand_range(33, 80);
	rs = iova_model_fast_size(size);
	a = iova_model_pow2_up(rs);
	limit = kt_rand() & 1 ? top : kt_rand_range(DMA32_PFN, top);
	fits = iova_model_room(m, rs, a, limit, IOVA_MODEL_CACHED_FREE, &where);
	pfn = alloc_iova_fast(iovad, size, limit, flush);
	rule = iova_tree_walk(w, iovad, why, sizeof(why));
	if (rule)
		KT_FAIL("step %lu: %s: %s", step, rule, why);
	e = pfn ? iova_model_lookup(m, pfn) : NULL;
	if (e && e->kind == IOVA_MODEL_CACHED && e->lo == pfn && e->hi == pfn + rs - 1)
		hit = e;
	iova_model_cached_census(m, w, hit, &kept, &gone);
	if (gone && (!flush || kept))
		KT_FAIL("step %lu: alloc_iova_fast(%lu, %#lx, %d) gave back %u cached "
			"ranges and kept %u", step, size, limit, flush, gone, kept);
	if (!pfn) {
		if (flush && fits)
			KT_FAIL("step %lu: alloc_iova_fast(%lu, %#lx, true) failed with a gap free",
				step, size, limit);
		if (!flush)
			return true;
		if (kept)
			KT_FAIL("step %lu: tree != owned ranges after a flush", step);
		iova_model_drop_cached(m, NULL);
		n->fail++;
		return window_check(iovad, m, m->start_pfn, top, false);
	}
	if (hit && !gone) {
		/* an rcache hit can come from anywhere: no gap-top check */
		rule = iova_model_check_new(m, "alloc_iova_fast", pfn, rs, limit, a,
					    IOVA_MODEL_CACHED_FREE, why, sizeof(why));
		if (rule)
			KT_FAIL("step %lu: %s: %s", step, rule, why);
		hit->kind = IOVA_MODEL_FAST;
		hit->req = size;
	} else {
		if (gone)	/* flushed, then from the tree */
			iova_model_drop_cached(m, NULL);
		rule = iova_model_check_new(m, "alloc_iova_fast", pfn, rs, limit, a,
					    IOVA_MODEL_TOP_OF_GAP, why, sizeof(why));
		if (rule)
			KT_FAIL("step %lu: %s: %s", step, rule, why);
		iova_model_insert(m, pfn, pfn + rs - 1, IOVA_MODEL_FAST)->req = size;
	}
	if (!check_fast_range(iovad, pfn, rs))
		KT_FAIL("step %lu: %#lx not a node of %lu pages", step, pfn, rs);
	rnd_live[(*nr_live)++] = (struct rnd_alloc){ NULL, pfn, pfn + rs - 1, size };
	n->ok++;
	return true;
}

static bool rnd_free_fast(struct iova_domain *iovad, struct iova_model *m, unsigned long step,
			  unsigned int *nr_live, struct rnd_fast_counts *n)
{
	struct iova_model_ent *e;
	unsigned int i;
	struct rnd_alloc x;

	if (!*nr_live)
		return true;
	i = kt_rand_range(0, *nr_live - 1);
	x = rnd_live[i];
	rnd_live[i] = rnd_live[--*nr_live];
	free_iova_fast(iovad, x.lo, x.size);
	e = iova_model_lookup(m, x.lo);
	KT_EXPECT_NOT_NULL(e);
	if (iova_model_cached_on_free(x.size)) {
		if (!check_fast_range(iovad, x.lo, x.hi - x.lo + 1))
			KT_FAIL("step %lu: cached [%#lx, %#lx] not in the tree", step, x.lo, x.hi);
		e->kind = IOVA_MODEL_CACHED;
		n->hit_check++;
	} else {
		if (find_iova(iovad, x.lo))
			KT_FAIL("step %lu: uncached [%#lx, %#lx] still in the tree",
				step, x.lo, x.hi);
		iova_model_free(m, e);
	}
	return true;
}

static bool random_rcache(struct iova_domain *iovad, struct iova_model *m,
			  struct iova_tree_walk *w)
{
	unsigned long top = m->start_pfn + RND_WINDOW - 1, step;
	unsigned int nr_live = 0, nr_cpus = dmalab_nr_cpus();
	struct rnd_fast_counts n = { 0 };
	const char *rule;
	char why[256];

	for (step = 0; step < RND_STEPS; step++) {
		unsigned int op = kt_rand_range(0, 99);

		dmalab_set_cpu(kt_rand_range(0, nr_cpus - 1));
		if (op < 55) {
			if (!rnd_alloc_fast(iovad, m, w, step, top, &nr_live, &n))
				return false;
		} else if (op < 92) {
			if (!rnd_free_fast(iovad, m, step, &nr_live, &n))
				return false;
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
		/* the tree against the model; only drain and cpu_dead give ranges back */
		rule = iova_tree_walk(w, iovad, why, sizeof(why));
		if (!rule && op >= 92 && op < 98)
			iova_model_drop_cached(m, w);
		if (!rule)
			rule = iova_model_check_tree(m, w, why, sizeof(why));
		if (rule)
			KT_FAIL("step %lu: %s: %s", step, rule, why);
	}
	/* owned ranges are all exact nodes of the tree */
	for (unsigned int i = 0; i < nr_live; i++)
		KT_EXPECT(check_fast_range(iovad, rnd_live[i].lo,
					   rnd_live[i].hi - rnd_live[i].lo + 1));
	KT_EXPECT(check_model(iovad, m, false));
	KT_EXPECT_GT(n.ok, 500);
	KT_EXPECT_GT(n.fail, 10);
	KT_EXPECT_GT(n.hit_check, 100);
	return true;
}

/*
 * A test that random sequences of alloc_iova_fast() and free_iova_fast() on
 * 4 CPUs, with depot work and CPU-dead callbacks at random, do what the model
 * says, in a 2048-page window [dma_32bit_pfn - 512, dma_32bit_pfn + 1535] under
 * limits above 4 GiB (so the max32 heuristic never applies and is not tracked).
 * The model holds the ranges the test owns and the ranges the caches may hold.
 * Expect:
 *  - a returned range of the rounded size, aligned to it, in [start_pfn,
 *    limit], overlapping no range the test owns, a tree node of exactly
 *    that range: a cached range (a hit) or, from the tree, at the top of
 *    its free gap;
 *  - with flush_rcache, alloc_iova_fast() to return 0 exactly when the
 *    model has no fitting gap with the cached ranges free, and after such a
 *    failure the tree to hold exactly the owned ranges (every cache
 *    flushed);
 *  - a freed range of up to 32 pages to stay in the tree (cached), a larger
 *    one to leave it;
 *  - after every step the tree to match the model, cached ranges leaving it
 *    only by a flush, the depot work or a dead CPU.
 */
bool test_random_rcache(struct iova_domain *iovad, const struct dom_cfg *cfg)
{
	struct iova_tree_walk w = {};
	struct iova_model m;
	bool ok;

	iova_model_init(&m, cfg->start_pfn, (1UL << 32) / cfg->granule);
	ok = random_rcache(iovad, &m, &w);
	iova_model_destroy(&m);
	iova_tree_walk_destroy(&w);
	return ok;
}
