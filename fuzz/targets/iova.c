// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "iova": the IOVA allocator (drivers/iommu/iova.c) and its
 * per-CPU range caches, against the interval model of the pfn space
 * (oracle/iova_model.h), after every op.
 *
 * Per run: the granule is 4 KiB (config format x86_64, amdv1) or 2 KiB
 * (amdv1_mock), the number of CPUs is config cpus; one domain,
 * init_iova_domain(granule, start_pfn 1) + iova_domain_init_rcaches(),
 * destroyed with put_iova_domain() at the end. (iova_cache_get() is taken
 * once per process and kept.)
 *
 * Ops it runs (the others are no-ops here):
 *   alloc_iova size limit_log2 aligned
 *       alloc_iova(size, limit 2^limit_log2 - 1, aligned)
 *   free_iova slot
 *       a live alloc_iova allocation (slot modulo their number, in address
 *       order), by __free_iova() or free_iova() of its middle pfn (by the
 *       parity of slot / number)
 *   reserve_iova lo len
 *       reserve_iova(lo, lo + len - 1)
 *   alloc_fast size limit_log2
 *       alloc_iova_fast(size, 2^limit_log2 - 1, flush_rcache), flush_rcache
 *       = limit_log2 is even (so both values occur at every limit class)
 *   free_fast slot
 *       free_iova_fast() of a live fast allocation with the size that was
 *       requested for it
 *   cpu n / cpu_dead n
 *       dmalab_set_cpu(n % cpus) / the CPU-dead hotplug callback of n % cpus
 *   drain
 *       run the deferred work (the depot trimming)
 *   fail_nth n
 *       fail the nth slab/page allocation from now (0: off)
 *
 * The model (struct iova_model): a sorted list of disjoint pfn intervals,
 * each one of
 *   ALLOC     a live alloc_iova() allocation (its struct iova)
 *   FAST      a live alloc_iova_fast() allocation (pfn, requested size)
 *   CACHED    a range freed with free_iova_fast() that the rcache may still
 *             hold: the allocator keeps it in its rbtree until a flush, the
 *             depot work or a CPU-dead callback gives it back. The model
 *             does not simulate the magazines: after each op it asks the
 *             rbtree (by walking it) whether each cached range is still
 *             there, and only ops that may release cached ranges (drain,
 *             cpu_dead, alloc_fast with flush_rcache) may drop them.
 *   RESERVED  pfns given to reserve_iova() (a union; nodes may split it)
 * and max32, the allocator's max32_alloc_size ("size of last failed
 * allocation"), modelled as the code does it: a search for size under a
 * limit_pfn (limit + 1) <= dma_32bit_pfn fails at once when size >=
 * max32; a search that finds no room sets max32 = size (whatever the
 * limit); removing any node whose pfn_lo < dma_32bit_pfn resets it to
 * dma_32bit_pfn. A search finds room exactly when the model has a free
 * aligned gap of size pages in [start_pfn, limit] (rbtree nodes, cached
 * ranges included, are not free).
 *
 * Checks after every op:
 *  - the rbtree, walked in order from the root by hand, is well formed
 *    (parent links, red-black rules, the anchor last) and every node is a
 *    model interval: the very struct iova and exact range of an ALLOC, the
 *    exact range of a FAST or CACHED, or inside a RESERVED union; every
 *    ALLOC, FAST and CACHED interval has its node and every reserved pfn is
 *    covered; nodes do not overlap. (So nothing freed stays, nothing live
 *    goes, live + reserved + cached never overlap.) After every op that
 *    made a call that may change the tree; an op that changed nothing in
 *    the model (a failed alloc_iova, a skipped free or reserve) made none,
 *    and the next walk (the next such op, or the end of the run) would see
 *    anything it did all the same;
 *  - find_iova() of the first and last pfn of an ALLOC/FAST/CACHED gives
 *    its node, and of the free pfn right above it gives NULL: for the
 *    intervals the op changed and the one before them, and one more in turn
 *    (every interval is checked again every n ops); for all of them at the
 *    end of the run before put_iova_domain(). (The walk has checked every
 *    node against the model after the op already; find_iova() is a
 *    read-only search of that tree, so checking every interval after every
 *    op would cost O(n log n) an op for what the op did not change: see
 *    iv_check_find.)
 *  - the domain's max32_alloc_size equals the model's max32 whenever the
 *    model knows it exactly;
 *  - a new allocation lies in [start_pfn, limit], has exactly the size
 *    asked (alloc_iova) or the documented round-up (alloc_iova_fast: below
 *    32 pages a power of two, always size-aligned), is aligned to
 *    roundup_pow_of_two(size) when asked, overlaps nothing, and when it
 *    comes from the tree sits at the top of its free gap (the search is
 *    top-down); from the rcache it is a cached range of that size;
 *  - an allocation that fails is justified: the max32 heuristic refused
 *    it, or the model has no room for it, or an allocation was failed by
 *    fail_nth; for alloc_iova_fast, with flush_rcache, the retry after the
 *    flush (which must give back every cached range) is judged with the
 *    cached ranges free. Otherwise: "spurious -ENOMEM with free space
 *    available". A flush that happens although the first tree search had
 *    room is the same bug, hidden from the caller; a flush without
 *    flush_rcache, or one that leaves cached ranges behind, is a finding;
 *  - a heuristic refusal that does not happen although the model's max32
 *    is exact (the kernel's max32_alloc_size differs from the code's rules);
 *  - free_iova_fast() caches ranges of up to 32 pages (they stay in the
 *    tree) unless its magazine allocation was failed by fail_nth (then the
 *    range goes back), larger ones go back at once;
 *  - reserve_iova() succeeds unless an allocation was failed, and returns a
 *    node holding pfn_hi;
 *  - no kernel WARN after any op; at the end put_iova_domain() leaves no
 *    slab object and no pending work behind.
 *
 * Contracts enforced (default mode):
 *  - reserve_iova() is skipped when the range would overlap a live or cached
 *    allocation: reserving over a live allocation merges into and alters
 *    that allocation's node (documented kernel behaviour, caller misuse);
 *    cached ranges are nodes of the same kind, so they are treated alike;
 *  - free_iova/free_fast only free live allocations of their own kind,
 *    free_iova_fast() with the size that was asked;
 *  - everything bounded by the op count (at most 256 live allocations).
 * Where the model cannot tell an rcache hit from a flush-and-reallocate of
 * the same range (no other cached range to observe), max32 takes the
 * smaller of the two possible values (a conservative bound: it may accept
 * a spurious refusal, never report a correct one) until the next reset.
 *
 * Not generated: other start_pfns, granules other than 4K/2K, concurrent
 * callers, misuse (double frees, wrong sizes, reserve over allocations),
 * iova_domain_init_rcaches() failures. With at most 256 ops and 127 ranges
 * a magazine, a CPU's second magazine is barely reachable and the depot
 * (and so the depot work that drain runs) not at all.
 */
#include <linux/iova.h>
#include <linux/slab.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"
#include "oracle/iova_model.h"

#define IV_START_PFN	1UL

/* One run: the domain, its model, the last walk of its tree. */
struct iv {
	struct iova_domain iovad;
	unsigned long granule;
	unsigned int nr_cpus;
	unsigned long fail_n;		/* fail_nth armed with this, 0: off */
	struct iova_model m;
	struct iova_tree_walk w;
	/* the pfns the current op changed: the find_iova() checks, the walk */
	unsigned long touch_lo, touch_hi;
	unsigned int find_cursor;
	unsigned long walk_credit;	/* nodes the ops since the last walk paid for */
	struct fuzz_run *r;
	char why[sizeof(((struct finding *)0)->detail)];
};

static unsigned long iv_failed(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

#define IV_SAY(s, ...)	run_say((s)->r, __VA_ARGS__)

__attribute__((format(printf, 3, 4)))
static bool iv_fail(struct iv *s, const char *check, const char *fmt, ...)
{
	char buf[sizeof(s->why)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	run_finding(s->r, "checker", check, "%s", buf);
	return false;
}

/* a model check that returned the name of a failed rule, or NULL */
static bool iv_check(struct iv *s, const char *rule)
{
	return rule ? iv_fail(s, rule, "%s", s->why) : true;
}

/* the op changed the model's intervals over [lo, hi] */
static void iv_touch(struct iv *s, unsigned long lo, unsigned long hi)
{
	if (lo < s->touch_lo)
		s->touch_lo = lo;
	if (hi > s->touch_hi)
		s->touch_hi = hi;
}

static bool iv_walk(struct iv *s)
{
	return iv_check(s, iova_tree_walk(&s->w, &s->iovad, s->why, sizeof(s->why)));
}

/* Checks of a fresh tree allocation [lo, lo + size - 1]. */
static bool iv_check_new(struct iv *s, const char *what, unsigned long lo, unsigned long size,
			 unsigned long limit, unsigned long align, unsigned int flags)
{
	return iv_check(s, iova_model_check_new(&s->m, what, lo, size, limit, align, flags,
						s->why, sizeof(s->why)));
}

/* ---- the ops --------------------------------------------------------- */

static bool iv_op_alloc(struct iv *s, const struct prog_op *op)
{
	unsigned long size = op->arg[0], limit = (1UL << op->arg[1]) - 1, where = 0;
	bool aligned = op->arg[2], injected;
	unsigned long align = aligned ? iova_model_pow2_up(size) : 1, failed0;
	enum iova_model_verdict v = iova_model_search(&s->m, size, limit, aligned, 0, &where);
	struct iova_model_ent *e;
	struct iova *iova;

	failed0 = iv_failed();
	iova = alloc_iova(&s->iovad, size, limit, aligned);
	injected = iv_failed() != failed0;
	if (!iova) {
		IV_SAY(s, "NULL (model: %s%s, max32 %#lx)", iova_model_verdict_name(v),
		       injected ? ", allocation failed by fail_nth" : "", s->m.max32);
		if (injected)
			return true;	/* the struct iova: no search */
		if (v == IOVA_MODEL_ROOM)
			return iv_fail(s, "alloc_iova spurious -ENOMEM", "spurious -ENOMEM with "
				       "free space available: alloc_iova(size %#lx, limit %#lx, "
				       "aligned %d) failed, expected success (e.g. at pfn %#lx; "
				       "max32 %#lx)", size, limit, aligned, where, s->m.max32);
		if (v == IOVA_MODEL_NO_ROOM)
			iova_model_no_room(&s->m, size);
		return true;
	}
	IV_SAY(s, "[%#lx, %#lx] (model: %s)", iova->pfn_lo, iova->pfn_hi,
	       iova_model_verdict_name(v));
	if (injected)
		return iv_fail(s, "alloc_iova alloc failure", "an allocation failed (fail_nth), "
			       "expected NULL, found [%#lx, %#lx]", iova->pfn_lo, iova->pfn_hi);
	if (iova->pfn_hi - iova->pfn_lo + 1 != size)
		return iv_fail(s, "iova size", "alloc_iova(size %#lx): expected %#lx pages, found "
			       "[%#lx, %#lx]", size, size, iova->pfn_lo, iova->pfn_hi);
	if (!iv_check_new(s, "alloc_iova", iova->pfn_lo, size, limit, align,
			  IOVA_MODEL_TOP_OF_GAP))
		return false;
	if (v == IOVA_MODEL_REFUSED && s->m.max32_exact)
		return iv_fail(s, "alloc_iova max32_alloc_size", "alloc_iova(size %#lx, limit "
			       "%#lx) succeeded, expected the max32_alloc_size heuristic (%#lx) "
			       "to refuse it", size, limit, s->m.max32);
	e = iova_model_insert(&s->m, iova->pfn_lo, iova->pfn_hi, IOVA_MODEL_ALLOC);
	if (!e)
		return iv_fail(s, "iova overlap", "alloc_iova: [%#lx, %#lx] overlaps the model",
			       iova->pfn_lo, iova->pfn_hi);
	e->node = iova;
	e->req = size;
	iv_touch(s, iova->pfn_lo, iova->pfn_hi);
	return true;
}

/* the live entry of a kind that slot picks (modulo their number), or NULL */
static struct iova_model_ent *iv_pick(struct iv *s, enum iova_model_kind kind, uint64_t slot,
				      unsigned int *count)
{
	*count = iova_model_count(&s->m, kind);
	return *count ? iova_model_nth(&s->m, kind, slot % *count) : NULL;
}

static bool iv_op_free(struct iv *s, const struct prog_op *op)
{
	unsigned int count;
	struct iova_model_ent *e = iv_pick(s, IOVA_MODEL_ALLOC, op->arg[0], &count);
	unsigned long mid;

	if (!e) {
		IV_SAY(s, "skipped: no live alloc_iova allocation");
		return true;
	}
	mid = e->lo + (e->hi - e->lo) / 2;
	iv_touch(s, e->lo, e->hi);
	if ((op->arg[0] / count) & 1) {
		IV_SAY(s, "free_iova(%#lx) of [%#lx, %#lx]", mid, e->lo, e->hi);
		free_iova(&s->iovad, mid);
	} else {
		IV_SAY(s, "__free_iova() of [%#lx, %#lx]", e->lo, e->hi);
		__free_iova(&s->iovad, (struct iova *)e->node);
	}
	iova_model_free(&s->m, e);
	return true;
}

static bool iv_op_reserve(struct iv *s, const struct prog_op *op)
{
	unsigned int not_reserved = IOVA_MODEL_ANY & ~IOVA_MODEL_KIND(IOVA_MODEL_RESERVED);
	unsigned long lo = op->arg[0], hi = lo + op->arg[1] - 1, failed0;
	struct iova_model_ent *o = iova_model_overlap(&s->m, lo, hi, not_reserved);
	struct iova *r;
	unsigned int i;

	if (o) {
		IV_SAY(s, "skipped: [%#lx, %#lx] overlaps %s [%#lx, %#lx] (contract)", lo, hi,
		       iova_model_kind_name(o->kind), o->lo, o->hi);
		return true;
	}
	failed0 = iv_failed();
	iv_touch(s, lo, hi);
	r = reserve_iova(&s->iovad, lo, hi);
	if (!r) {
		if (iv_failed() == failed0)
			return iv_fail(s, "reserve_iova", "reserve_iova(%#lx, %#lx): expected a "
				       "node, found NULL", lo, hi);
		/*
		 * The struct iova of the last piece failed; pieces before it may
		 * have been merged into reserved nodes already: take the tree's
		 * word for what is reserved in [lo, hi].
		 */
		IV_SAY(s, "NULL (allocation failed by fail_nth)");
		if (!iv_walk(s))
			return false;
		for (i = 0; i < s->w.n; i++) {
			const struct iova_tree_node *nd = &s->w.node[i];

			if (nd->hi < lo || nd->lo > hi)
				continue;
			o = iova_model_overlap(&s->m, nd->lo, nd->hi, not_reserved);
			if (o)
				return iv_fail(s, "reserve_iova", "failed reserve_iova(%#lx, "
					       "%#lx) left node [%#lx, %#lx] over %s [%#lx, %#lx]",
					       lo, hi, nd->lo, nd->hi,
					       iova_model_kind_name(o->kind), o->lo, o->hi);
			iova_model_reserve(&s->m, nd->lo, nd->hi);
		}
		return true;
	}
	IV_SAY(s, "node [%#lx, %#lx]", r->pfn_lo, r->pfn_hi);
	if (r->pfn_lo > hi || r->pfn_hi < hi)
		return iv_fail(s, "reserve_iova", "reserve_iova(%#lx, %#lx): expected a node "
			       "holding %#lx, found [%#lx, %#lx]", lo, hi, hi, r->pfn_lo,
			       r->pfn_hi);
	iova_model_reserve(&s->m, lo, hi);
	return true;
}

/*
 * alloc_iova_fast() returned 0. o1: the model's verdict on its first tree
 * search; inj_idx: which allocation of the call fail_nth failed (0: none).
 */
static bool iv_fast_failed(struct iv *s, unsigned long size, unsigned long rs,
			   unsigned long limit, bool flush, enum iova_model_verdict o1,
			   unsigned int inj_idx, unsigned int kept, unsigned long where)
{
	enum iova_model_verdict o2;

	if (o1 == IOVA_MODEL_ROOM && inj_idx != 1)
		return iv_fail(s, "alloc_iova_fast spurious -ENOMEM", "spurious -ENOMEM with "
			       "free space available: alloc_iova_fast(size %#lx -> %#lx, limit "
			       "%#lx) returned 0, the tree had room (e.g. at pfn %#lx; max32 %#lx)",
			       size, rs, limit, where, s->m.max32);
	if (o1 == IOVA_MODEL_NO_ROOM && inj_idx != 1)
		iova_model_no_room(&s->m, rs);
	if (!flush) {
		if (inj_idx > 1)
			return iv_fail(s, "alloc_iova_fast", "expected one tree search without "
				       "flush_rcache, allocation %u of the call failed", inj_idx);
		return true;
	}
	if (kept)
		return iv_fail(s, "alloc_iova_fast rcache flush", "failed with flush_rcache: "
			       "expected every cached range given back, %u kept", kept);
	iova_model_drop_cached(&s->m, NULL);
	/* the retry, with the cached ranges free */
	o2 = iova_model_search(&s->m, rs, limit, true, 0, &where);
	if (o2 == IOVA_MODEL_ROOM && inj_idx != 2)
		return iv_fail(s, "alloc_iova_fast spurious -ENOMEM", "spurious -ENOMEM with "
			       "free space available: alloc_iova_fast(size %#lx -> %#lx, limit "
			       "%#lx, flush) returned 0, the tree had room after the flush (e.g. "
			       "at pfn %#lx; max32 %#lx)", size, rs, limit, where, s->m.max32);
	if (o2 == IOVA_MODEL_NO_ROOM && inj_idx != 2)
		iova_model_no_room(&s->m, rs);
	return true;
}

static bool iv_op_alloc_fast(struct iv *s, const struct prog_op *op)
{
	unsigned long size = op->arg[0], limit = (1UL << op->arg[1]) - 1;
	bool flush = !(op->arg[1] & 1);
	unsigned long rs = iova_model_fast_size(size);
	unsigned long align = iova_model_pow2_up(rs), where = 0, failed0, attempts0, pfn;
	unsigned int kept, gone, inj_idx = 0;
	struct iova_model_ent *hit = NULL, *e;
	enum iova_model_verdict o1;

	o1 = iova_model_search(&s->m, rs, limit, true, 0, &where);
	failed0 = iv_failed();
	attempts0 = dmalab_fail_attempts();
	pfn = alloc_iova_fast(&s->iovad, size, limit, flush);
	if (iv_failed() != failed0)
		inj_idx = s->fail_n - attempts0;	/* which allocation of the call */
	if (pfn) {
		e = iova_model_lookup(&s->m, pfn);
		if (e && e->kind == IOVA_MODEL_CACHED && e->lo == pfn && e->hi == pfn + rs - 1)
			hit = e;
	}
	iova_model_cached_census_find(&s->m, &s->iovad, hit, &kept, &gone);
	IV_SAY(s, "%#lx%s (rounded size %#lx, flush %d; cached ranges kept %u, given back %u; "
	       "model first search: %s%s)", pfn, hit ? " = a cached range" : "", rs, flush,
	       kept, gone, iova_model_verdict_name(o1),
	       inj_idx ? (inj_idx == 1 ? ", allocation 1 failed by fail_nth" :
			  ", allocation 2 failed by fail_nth") : "");
	if (gone && !flush)
		return iv_fail(s, "alloc_iova_fast rcache", "flush_rcache false: expected every "
			       "cached range kept, %u given back", gone);
	if (gone && kept)
		return iv_fail(s, "alloc_iova_fast rcache flush", "a flush gives back every "
			       "cached range: %u given back, %u kept", gone, kept);
	if (pfn)
		iv_touch(s, pfn, pfn + rs - 1);
	if (!pfn)
		return iv_fast_failed(s, size, rs, limit, flush, o1, inj_idx, kept, where);

	if (pfn + rs - 1 > limit || pfn < IV_START_PFN || pfn + rs - 1 < pfn)
		return iv_fail(s, "iova bounds", "alloc_iova_fast(size %#lx, limit %#lx): "
			       "expected [%#lx, %#lx] within [start_pfn %#lx, limit]", size, limit,
			       pfn, pfn + rs - 1, IV_START_PFN);
	if (hit && !gone) {
		if (flush && !kept && !(o1 == IOVA_MODEL_ROOM && inj_idx != 1)) {
			/*
			 * No other cached range to tell an rcache hit (max32
			 * untouched) from a failed search, a flush and the retry
			 * landing on this range: max32 is one of the two.
			 */
			unsigned long alt = s->m.max32;

			if (o1 == IOVA_MODEL_NO_ROOM && inj_idx != 1)
				alt = rs;
			if (hit->lo < s->m.dma_32bit_pfn)
				alt = s->m.dma_32bit_pfn;
			iova_model_max32_either(&s->m, alt);
		}
		/* an rcache hit: the range as it was cached */
		if (pfn & (align - 1))
			return iv_fail(s, "iova alignment", "alloc_iova_fast from the rcache: "
				       "expected pfn aligned to %#lx, found %#lx", align, pfn);
		hit->kind = IOVA_MODEL_FAST;
		hit->req = size;
		return true;
	}
	if (gone) {
		/* flushed: the first search must have failed */
		if (o1 == IOVA_MODEL_ROOM && inj_idx != 1)
			return iv_fail(s, "alloc_iova_fast spurious -ENOMEM", "spurious "
				       "-ENOMEM with free space available (hidden by the rcache "
				       "flush): the first search for %#lx pages under limit %#lx "
				       "failed although the tree had room (e.g. at pfn %#lx; max32 "
				       "%#lx)", rs, limit, where, s->m.max32);
		if (o1 == IOVA_MODEL_NO_ROOM && inj_idx != 1)
			iova_model_no_room(&s->m, rs);
		if (inj_idx > 1)
			return iv_fail(s, "alloc_iova_fast alloc failure", "allocation %u of the "
				       "call failed, expected 0, found %#lx", inj_idx, pfn);
		iova_model_drop_cached(&s->m, NULL);
		if (!iv_check_new(s, "alloc_iova_fast after flush", pfn, rs, limit, align,
				  IOVA_MODEL_TOP_OF_GAP))
			return false;
	} else {
		/* the first search, or (nothing cached) the retry after a failed allocation */
		if (inj_idx > 1 || (inj_idx == 1 && (!flush || kept)))
			return iv_fail(s, "alloc_iova_fast alloc failure", "allocation %u of "
				       "the call failed (fail_nth), expected 0, found %#lx",
				       inj_idx, pfn);
		if (!iv_check_new(s, "alloc_iova_fast", pfn, rs, limit, align,
				  IOVA_MODEL_TOP_OF_GAP))
			return false;
	}
	if (iova_model_search(&s->m, rs, limit, true, 0, &where) == IOVA_MODEL_REFUSED &&
	    s->m.max32_exact)
		return iv_fail(s, "alloc_iova_fast max32_alloc_size", "alloc_iova_fast(size "
			       "%#lx, limit %#lx) found room, expected the max32_alloc_size "
			       "heuristic (%#lx) to refuse it", rs, limit, s->m.max32);
	e = iova_model_insert(&s->m, pfn, pfn + rs - 1, IOVA_MODEL_FAST);
	if (!e)
		return iv_fail(s, "iova overlap", "alloc_iova_fast: [%#lx, %#lx] overlaps the "
			       "model", pfn, pfn + rs - 1);
	e->req = size;
	return true;
}

static bool iv_op_free_fast(struct iv *s, const struct prog_op *op)
{
	unsigned int count;
	struct iova_model_ent *e = iv_pick(s, IOVA_MODEL_FAST, op->arg[0], &count);
	unsigned long failed0, lo, hi;
	bool injected;

	if (!e) {
		IV_SAY(s, "skipped: no live fast allocation");
		return true;
	}
	lo = e->lo;
	hi = e->hi;
	iv_touch(s, lo, hi);
	failed0 = iv_failed();
	free_iova_fast(&s->iovad, lo, e->req);
	injected = iv_failed() != failed0;
	if (iova_model_cached_on_free(e->req) && !injected) {
		struct iova *node = find_iova(&s->iovad, lo);

		IV_SAY(s, "[%#lx, %#lx] (size %#lx) cached", lo, hi, e->req);
		if (!node || node->pfn_lo != lo || node->pfn_hi != hi)
			return iv_fail(s, "free_iova_fast", "expected [%#lx, %#lx] (size %#lx) "
				       "cached, kept in the tree, found it gone", lo, hi, e->req);
		e->kind = IOVA_MODEL_CACHED;
		return true;
	}
	IV_SAY(s, "[%#lx, %#lx] (size %#lx) given back%s", lo, hi, e->req,
	       injected ? " (magazine allocation failed by fail_nth)" : "");
	iova_model_free(&s->m, e);
	return true;
}

/*
 * find_iova() after an op: of the intervals the op changed and the one
 * before them, and IV_FIND_TURN more in turn (all of them at the end of
 * the run). The walk before it has checked every node of the tree against
 * the model already (cached ranges a flush or a drain gave back are gone
 * from it); find_iova() is a read-only search of that tree, so what is
 * left to see is the search itself, on the paths the op changed and, in
 * turn, on every other: the cost follows the op, not the size of the tree.
 */
#define IV_FIND_TURN	1

static bool iv_check_find(struct iv *s)
{
	return iv_check(s, iova_model_check_find_near(&s->m, &s->iovad, s->touch_lo,
						      s->touch_hi, &s->find_cursor,
						      IV_FIND_TURN, s->why, sizeof(s->why)));
}

/*
 * The walk of the whole tree (well formed, every node the model's) after
 * an op that changed it, when the ops since the last walk have paid for it:
 * IV_WALK_NODES nodes each, so a tree of n nodes is walked every
 * n / IV_WALK_NODES ops (every op while it is small, and after every op
 * that walked it anyway: drain, cpu_dead). A walk after every op cost
 * O(n) an op, O(ops x n) a run, for the nodes the op did not touch: a
 * program of 230 fast allocations spent 2.4 ms in walks. What the op did
 * is checked at once all the same: the nodes it changed by find_iova()
 * (iv_check_find()), an allocation's placement against the model
 * (iova_model_check_new()); a tree broken elsewhere stays broken until the
 * next walk sees it, at the latest at the end of the run (iv_teardown).
 */
#define IV_WALK_NODES	8

static bool iv_check_walk(struct iv *s, bool walked)
{
	s->walk_credit += IV_WALK_NODES;
	if (!walked && s->walk_credit < s->m.n + 1)
		return true;
	s->walk_credit = 0;
	if (!walked && !iv_walk(s))
		return false;
	return iv_check(s, iova_model_check_tree(&s->m, &s->w, s->why, sizeof(s->why)));
}

static bool iv_op(struct iv *s, const struct prog_op *op)
{
	bool walked = false;
	unsigned int n;

	switch (op->code) {
	case OP_ALLOC_IOVA:
		if (!iv_op_alloc(s, op))
			return false;
		break;
	case OP_FREE_IOVA:
		if (!iv_op_free(s, op))
			return false;
		break;
	case OP_RESERVE_IOVA:
		if (!iv_op_reserve(s, op))
			return false;
		break;
	case OP_ALLOC_FAST:
		if (!iv_op_alloc_fast(s, op))
			return false;
		break;
	case OP_FREE_FAST:
		if (!iv_op_free_fast(s, op))
			return false;
		break;
	case OP_CPU:
		dmalab_set_cpu(op->arg[0] % s->nr_cpus);
		IV_SAY(s, "on CPU %u", dmalab_cpu());
		return true;
	case OP_CPU_DEAD:
	case OP_DRAIN:
		if (op->code == OP_CPU_DEAD)
			dmalab_cpu_dead(op->arg[0] % s->nr_cpus);
		else
			IV_SAY(s, "%lu work items ran", dmalab_run_deferred_work());
		/* these may give cached ranges back */
		if (!iv_walk(s))
			return false;
		n = iova_model_drop_cached(&s->m, &s->w);
		IV_SAY(s, "%u cached ranges given back", n);
		walked = true;
		break;
	case OP_FAIL_NTH:
		s->fail_n = op->arg[0];
		if (s->fail_n)
			dmalab_fail_nth(s->fail_n);
		else
			dmalab_fail_off();
		IV_SAY(s, "%s", s->fail_n ? "armed" : "off");
		return true;
	default:
		return true;	/* not ours */
	}
	/*
	 * An op that changed nothing in the model (an allocation that failed,
	 * a free or reserve skipped) made no kernel call that may change the
	 * tree: the walk waits for the next op that does, or the end of the
	 * run (iv_teardown), which sees anything such a call did all the same.
	 */
	if (!walked && s->touch_lo > s->touch_hi)
		return iv_check(s, iova_model_check_max32(&s->m, &s->iovad, s->why,
							  sizeof(s->why)));
	return iv_check_walk(s, walked) && iv_check_find(s) &&
	       iv_check(s, iova_model_check_max32(&s->m, &s->iovad, s->why, sizeof(s->why)));
}

/* one reference for the process: the kmem caches and the cpuhp state */
static void iv_init(void)
{
	if (iova_cache_get()) {
		fprintf(stderr, "iova: iova_cache_get() failed\n");
		abort();
	}
}

static bool iv_setup(struct fuzz_run *r)
{
	const struct prog *p = r->p;
	struct iv *s = r->state;	/* zeroed: callers embed the domain in zeroed memory */

	s->r = r;
	s->nr_cpus = p->cfg[CFG_CPUS];
	if (dmalab_set_nr_cpus(s->nr_cpus))
		s->nr_cpus = dmalab_nr_cpus();	/* per-cpu memory live elsewhere: keep */
	s->granule = 4096UL >> (p->cfg[CFG_FORMAT] == 2);

	init_iova_domain(&s->iovad, s->granule, IV_START_PFN);
	iova_model_init(&s->m, IV_START_PFN, (1UL << 32) / s->granule);
	if (r->verbose)
		printf("domain: granule %#lx, start_pfn %#lx, dma_32bit_pfn %#lx, %u CPUs\n",
		       s->granule, IV_START_PFN, s->m.dma_32bit_pfn, s->nr_cpus);
	if (iova_domain_init_rcaches(&s->iovad))
		run_finding(r, "checker", "iova_domain_init_rcaches",
			    "expected 0 without failure injection, found an error");
	return true;
}

static void iv_run_op(struct fuzz_run *r, const struct prog_op *op)
{
	struct iv *s = r->state;

	s->touch_lo = ~0UL;
	s->touch_hi = 0;
	iv_op(s, op);
}

/* whatever happened: the domain goes, and nothing may be left queued */
static void iv_teardown(struct fuzz_run *r)
{
	struct iv *s = r->state;

	dmalab_set_cpu(0);
	/* the tree as the run left it, and every find_iova() check once more */
	if (!r->failed && !dmalab_warn_count() && iv_walk(s) &&
	    iv_check(s, iova_model_check_tree(&s->m, &s->w, s->why, sizeof(s->why))))
		iv_check(s, iova_model_check_find(&s->m, &s->iovad, s->why, sizeof(s->why)));
	put_iova_domain(&s->iovad);
	iova_model_destroy(&s->m);
	iova_tree_walk_destroy(&s->w);
	if (dmalab_pending_work())
		run_finding(r, "teardown", "put_iova_domain", "expected no pending work after "
			    "put_iova_domain(), found %lu items", dmalab_pending_work());
}

const struct target target_iova = {
	.name = "iova",
	.summary = "IOVA allocator and rcache (alloc, free, reserve, fast paths, CPUs) against "
		   "an interval model",
	.codec = &prog_codec,
	/*
	 * Still room for 256 ops (PROG_MAX_OPS) of alloc_fast and free_fast
	 * (4 and 2 bytes): 128 frees of one size class on one CPU fill its
	 * magazine and swap it, the deepest the rcache gets in 256 ops; 146
	 * alloc_iova (7 bytes) make a tree of every rotation. Longer programs
	 * only made each exec longer (the engine's exec/s fell with its
	 * length limit).
	 */
	.max_len = 1024,
	.timeout = 25,
	.state_size = sizeof(struct iv),
	.init = iv_init,
	.setup = iv_setup,
	.op = iv_run_op,
	.teardown = iv_teardown,
};
