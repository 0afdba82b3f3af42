// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "iova": the IOVA allocator (drivers/iommu/iova.c) and its
 * per-CPU range caches, against an interval model of the pfn space, after
 * every op.
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
 * The model: a sorted list of disjoint pfn intervals, each one of
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
 * limit_pfn (limit + 1) <= dma_32bit_pfn fails at once when size >= max32;
 * a search that finds no room sets max32 = size (whatever the limit);
 * removing any node whose pfn_lo < dma_32bit_pfn resets it to
 * dma_32bit_pfn. A search finds room exactly when the model has a free
 * aligned gap of size pages in [start_pfn, limit] (rbtree nodes, cached
 * ranges included, are not free).
 *
 * Checks after every op:
 *  - every rbtree node (walked in order from the root, by hand) is a model
 *    interval: the very struct iova and exact range of an ALLOC, the exact
 *    range of a FAST or CACHED, or inside a RESERVED union; every ALLOC,
 *    FAST and CACHED interval has its node and every reserved pfn is
 *    covered; nodes do not overlap. (So nothing freed stays, nothing live
 *    goes, live + reserved + cached never overlap.)
 *  - find_iova() of the first and last pfn of every ALLOC/FAST/CACHED gives
 *    its node, and of the free pfn right above it gives NULL;
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
#include <linux/rbtree.h>
#include <linux/slab.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

#define IV_START_PFN	1UL
#define IV_MAX_ENT	1024
#define IV_MAX_NODES	2048
#define IV_CACHE_MAX	32	/* largest cached range (pages) */

enum iv_kind { IV_ALLOC, IV_FAST, IV_CACHED, IV_RESERVED };
static const char *const iv_kind_name[] = { "alloc", "fast", "cached", "reserved" };

struct iv_ent {
	unsigned long lo, hi;
	enum iv_kind kind;
	struct iova *node;	/* IV_ALLOC */
	unsigned long req;	/* IV_FAST, IV_CACHED: size asked for */
	bool seen;		/* matched by a node in the last walk */
	unsigned long covered;	/* IV_RESERVED: pfns covered by nodes */
};

struct iv_node {
	unsigned long lo, hi;
	struct iova *iova;
};

static struct {
	struct iova_domain iovad;
	bool domain_live;
	unsigned long granule, dma32;
	unsigned int nr_cpus;

	struct iv_ent ent[IV_MAX_ENT];	/* sorted by lo, disjoint */
	unsigned int n;
	unsigned long max32;
	bool max32_exact;

	struct iv_node node[IV_MAX_NODES];
	unsigned int nnodes;

	unsigned long fail_n;
	bool verbose;
	struct fuzz_run *r;
} iv;

/* ---- helpers --------------------------------------------------------- */

static unsigned long iv_failed(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

static unsigned long iv_pow2_up(unsigned long x)
{
	unsigned long r = 1;

	while (r < x)
		r <<= 1;
	return r;
}

#define IV_SAY(...)							\
	do {								\
		if (iv.verbose) {					\
			printf("      -> ");				\
			printf(__VA_ARGS__);				\
			putchar('\n');					\
		}							\
	} while (0)

__attribute__((format(printf, 2, 3)))
static bool iv_fail(const char *check, const char *fmt, ...)
{
	char buf[sizeof(iv.r->f->detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	run_finding(iv.r, "checker", check, "%s", buf);
	IV_SAY("FINDING %s: %s", check, buf);
	return false;
}

/* ---- the model's intervals ------------------------------------------- */

static unsigned int iv_find_pos(unsigned long lo)
{
	unsigned int a = 0, b = iv.n;

	while (a < b) {
		unsigned int m = (a + b) / 2;

		if (iv.ent[m].lo < lo)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* the entry holding pfn, or NULL */
static struct iv_ent *iv_lookup(unsigned long pfn)
{
	unsigned int i = iv_find_pos(pfn + 1);

	if (i && iv.ent[i - 1].lo <= pfn && pfn <= iv.ent[i - 1].hi)
		return &iv.ent[i - 1];
	return NULL;
}

static struct iv_ent *iv_insert(unsigned long lo, unsigned long hi, enum iv_kind kind)
{
	unsigned int i = iv_find_pos(lo);

	memmove(&iv.ent[i + 1], &iv.ent[i], (iv.n - i) * sizeof(iv.ent[0]));
	iv.n++;
	iv.ent[i] = (struct iv_ent){ .lo = lo, .hi = hi, .kind = kind };
	return &iv.ent[i];
}

static void iv_remove(struct iv_ent *e)
{
	unsigned int i = e - iv.ent;

	memmove(&iv.ent[i], &iv.ent[i + 1], (iv.n - i - 1) * sizeof(iv.ent[0]));
	iv.n--;
}

/* does [lo, hi] overlap an entry (cached ones only if !cached_free)? */
static struct iv_ent *iv_overlap(unsigned long lo, unsigned long hi, bool cached_free)
{
	unsigned int i = iv_find_pos(lo);

	if (i && iv.ent[i - 1].hi >= lo && !(cached_free && iv.ent[i - 1].kind == IV_CACHED))
		return &iv.ent[i - 1];
	for (; i < iv.n && iv.ent[i].lo <= hi; i++)
		if (!(cached_free && iv.ent[i].kind == IV_CACHED))
			return &iv.ent[i];
	return NULL;
}

/* an entry other than a reservation overlapping [lo, hi], or NULL */
static struct iv_ent *iv_overlap_unreserved(unsigned long lo, unsigned long hi)
{
	unsigned int i = iv_find_pos(lo);

	for (i = i ? i - 1 : 0; i < iv.n && iv.ent[i].lo <= hi; i++)
		if (iv.ent[i].hi >= lo && iv.ent[i].kind != IV_RESERVED)
			return &iv.ent[i];
	return NULL;
}

/* add [lo, hi] to the reserved union (it overlaps reserved entries only) */
static void iv_add_reserved(unsigned long lo, unsigned long hi)
{
	unsigned int i = iv_find_pos(lo);

	/* merge with reserved neighbours that overlap or touch */
	if (i && iv.ent[i - 1].kind == IV_RESERVED && iv.ent[i - 1].hi + 1 >= lo) {
		i--;
		if (iv.ent[i].lo < lo)
			lo = iv.ent[i].lo;
		if (iv.ent[i].hi > hi)
			hi = iv.ent[i].hi;
		iv_remove(&iv.ent[i]);
	}
	while (i < iv.n && iv.ent[i].kind == IV_RESERVED && iv.ent[i].lo <= hi + 1) {
		if (iv.ent[i].hi > hi)
			hi = iv.ent[i].hi;
		iv_remove(&iv.ent[i]);
	}
	iv_insert(lo, hi, IV_RESERVED);
}

/*
 * Room for size pages aligned to align in [start_pfn, limit]? Returns the
 * highest such pfn in *where (a witness for reports).
 */
static bool iv_fits(unsigned long size, unsigned long align, unsigned long limit,
		    bool cached_free, unsigned long *where)
{
	unsigned long cur = IV_START_PFN;
	bool found = false;
	unsigned int i;

#define IV_GAP(g_lo, g_hi_)							\
	do {									\
		unsigned long g_hi = (g_hi_) < limit ? (g_hi_) : limit;		\
		if (g_hi >= (g_lo) && g_hi - (g_lo) + 1 >= size) {		\
			unsigned long p = (g_hi - size + 1) & ~(align - 1);	\
			if (p >= (g_lo)) {					\
				*where = p;					\
				found = true;					\
			}							\
		}								\
	} while (0)

	for (i = 0; i < iv.n && cur <= limit; i++) {
		const struct iv_ent *e = &iv.ent[i];

		if ((cached_free && e->kind == IV_CACHED) || e->hi < cur)
			continue;
		if (e->lo > cur)
			IV_GAP(cur, e->lo - 1);
		cur = e->hi + 1;
	}
	if (cur <= limit)
		IV_GAP(cur, limit);
#undef IV_GAP
	return found;
}

/* The top pfn of the free gap holding pfn, capped at limit. */
static unsigned long iv_gap_top(unsigned long pfn, unsigned long limit, bool cached_free)
{
	unsigned int i = iv_find_pos(pfn + 1);
	unsigned long top = limit;

	for (; i < iv.n; i++) {
		if (cached_free && iv.ent[i].kind == IV_CACHED)
			continue;
		if (iv.ent[i].lo - 1 < top)
			top = iv.ent[i].lo - 1;
		break;
	}
	return top;
}

enum iv_outcome { IV_FITS, IV_NOFIT, IV_REFUSED };
static const char *const iv_outcome_name[] = { "room", "no room", "refused (max32)" };

/* What a tree search for size (size-aligned or not) under limit does. */
static enum iv_outcome iv_search(unsigned long size, unsigned long limit, bool aligned,
				 bool cached_free, unsigned long *where)
{
	if (limit + 1 <= iv.dma32 && size >= iv.max32)
		return IV_REFUSED;
	return iv_fits(size, aligned ? iv_pow2_up(size) : 1, limit, cached_free, where) ?
	       IV_FITS : IV_NOFIT;
}

/* a search that found no room: max32_alloc_size = size */
static void iv_search_failed(unsigned long size)
{
	iv.max32 = size;
}

/* a node left the tree: __cached_rbnode_delete_update() */
static void iv_node_removed(unsigned long lo)
{
	if (lo < iv.dma32) {
		iv.max32 = iv.dma32;
		iv.max32_exact = true;
	}
}

/* ---- reading the tree ------------------------------------------------ */

/* In-order walk of the rbtree by its pointers, without the anchor. */
static bool iv_walk(void)
{
	struct rb_node *stack[128], *n = iv.iovad.rbroot.rb_node;
	unsigned int sp = 0;

	iv.nnodes = 0;
	while (n || sp) {
		while (n) {
			if (sp == 128)
				return iv_fail("iova rbtree", "expected a balanced tree, found one "
					       "deeper than 128");
			stack[sp++] = n;
			n = n->rb_left;
		}
		n = stack[--sp];
		{
			struct iova *x = rb_entry(n, struct iova, node);

			if (x != &iv.iovad.anchor) {
				if (iv.nnodes == IV_MAX_NODES)
					return iv_fail("iova rbtree", "expected at most %d nodes, "
						       "found more", IV_MAX_NODES);
				iv.node[iv.nnodes++] = (struct iv_node){ x->pfn_lo, x->pfn_hi, x };
			}
		}
		n = n->rb_right;
	}
	return true;
}

/* the node with exactly [lo, hi], or NULL */
static struct iv_node *iv_node_exact(unsigned long lo, unsigned long hi)
{
	unsigned int a = 0, b = iv.nnodes;

	while (a < b) {
		unsigned int m = (a + b) / 2;

		if (iv.node[m].lo < lo)
			a = m + 1;
		else
			b = m;
	}
	if (a < iv.nnodes && iv.node[a].lo == lo && iv.node[a].hi == hi)
		return &iv.node[a];
	return NULL;
}

/* Count the cached ranges whose node is still there / gone. */
static void iv_cached_census(unsigned int *present, unsigned int *gone, const struct iv_ent *except)
{
	unsigned int i;

	*present = *gone = 0;
	for (i = 0; i < iv.n; i++) {
		if (iv.ent[i].kind != IV_CACHED || &iv.ent[i] == except)
			continue;
		if (iv_node_exact(iv.ent[i].lo, iv.ent[i].hi))
			(*present)++;
		else
			(*gone)++;
	}
}

/* Drop the cached ranges whose node is gone; true if one was below 4G. */
static void iv_drop_gone_cached(void)
{
	unsigned int i = 0;

	while (i < iv.n) {
		if (iv.ent[i].kind == IV_CACHED && !iv_node_exact(iv.ent[i].lo, iv.ent[i].hi)) {
			IV_SAY("cached [%#lx, %#lx] given back", iv.ent[i].lo, iv.ent[i].hi);
			iv_node_removed(iv.ent[i].lo);
			iv_remove(&iv.ent[i]);
			continue;
		}
		i++;
	}
}

/* Drop every cached range (a flush), resetting max32 as the removals do. */
static void iv_drop_all_cached(void)
{
	unsigned int i = 0;

	while (i < iv.n) {
		if (iv.ent[i].kind == IV_CACHED) {
			iv_node_removed(iv.ent[i].lo);
			iv_remove(&iv.ent[i]);
			continue;
		}
		i++;
	}
}

/*
 * The tree against the model, after the op's own reconciliation: every
 * node is a model interval and every interval has its nodes.
 */
static bool iv_check_tree(void)
{
	unsigned int i, j = 0;

	for (i = 0; i < iv.n; i++) {
		iv.ent[i].seen = false;
		iv.ent[i].covered = 0;
	}
	for (i = 0; i < iv.nnodes; i++) {
		struct iv_node *nd = &iv.node[i];
		struct iv_ent *e;

		if (nd->lo > nd->hi || (i && iv.node[i - 1].hi >= nd->lo))
			return iv_fail("iova tree nodes", "expected disjoint nodes in order, found "
				       "[%#lx, %#lx] after [%#lx, %#lx]", nd->lo, nd->hi,
				       i ? iv.node[i - 1].lo : 0, i ? iv.node[i - 1].hi : 0);
		while (j < iv.n && iv.ent[j].hi < nd->lo)
			j++;
		e = j < iv.n && iv.ent[j].lo <= nd->lo ? &iv.ent[j] : NULL;
		if (!e)
			return iv_fail("iova tree vs model", "expected no node at pfn %#lx (free in "
				       "the model), found node [%#lx, %#lx]", nd->lo, nd->lo, nd->hi);
		switch (e->kind) {
		case IV_ALLOC:
		case IV_FAST:
		case IV_CACHED:
			if (nd->lo != e->lo || nd->hi != e->hi ||
			    (e->kind == IV_ALLOC && nd->iova != e->node))
				return iv_fail("iova tree vs model", "expected the node of %s "
					       "[%#lx, %#lx], found node [%#lx, %#lx]%s",
					       iv_kind_name[e->kind], e->lo, e->hi, nd->lo, nd->hi,
					       e->kind == IV_ALLOC && nd->iova != e->node ?
					       " (another struct iova)" : "");
			e->seen = true;
			break;
		case IV_RESERVED:
			if (nd->hi > e->hi)
				return iv_fail("iova tree vs model", "expected nodes within the "
					       "reserved [%#lx, %#lx], found node [%#lx, %#lx]",
					       e->lo, e->hi, nd->lo, nd->hi);
			e->covered += nd->hi - nd->lo + 1;
			break;
		}
	}
	for (i = 0; i < iv.n; i++) {
		struct iv_ent *e = &iv.ent[i];

		if (e->kind == IV_RESERVED ? e->covered != e->hi - e->lo + 1 : !e->seen)
			return iv_fail("iova tree vs model", "expected %s [%#lx, %#lx] in the tree, "
				       "found %s", iv_kind_name[e->kind], e->lo, e->hi,
				       e->kind == IV_RESERVED ? "pfns of it not in any node" :
				       "no such node");
	}
	return true;
}

/* find_iova() on the ends of every allocation and on the pfn above it. */
static bool iv_check_find(void)
{
	unsigned int i;

	for (i = 0; i < iv.n; i++) {
		struct iv_ent *e = &iv.ent[i];
		struct iova *a, *b;

		if (e->kind == IV_RESERVED)
			continue;
		a = find_iova(&iv.iovad, e->lo);
		b = find_iova(&iv.iovad, e->hi);
		if (!a || a != b || a->pfn_lo != e->lo || a->pfn_hi != e->hi ||
		    (e->kind == IV_ALLOC && a != e->node))
			return iv_fail("find_iova", "expected the node of %s [%#lx, %#lx] for "
				       "pfns %#lx and %#lx, found %s", iv_kind_name[e->kind], e->lo,
				       e->hi, e->lo, e->hi, !a || !b ? "NULL" : "another node");
		if (e->hi + 1 && !iv_lookup(e->hi + 1) && find_iova(&iv.iovad, e->hi + 1))
			return iv_fail("find_iova", "expected NULL for the free pfn %#lx, found a "
				       "node", e->hi + 1);
	}
	return true;
}

/* ---- the ops --------------------------------------------------------- */

static bool iv_injected(unsigned long failed0)
{
	return iv_failed() != failed0;
}

/* Checks of a fresh tree allocation [lo, lo + size - 1]. */
static bool iv_check_new(const char *what, unsigned long lo, unsigned long size,
			 unsigned long limit, unsigned long align, bool cached_free,
			 bool top_of_gap)
{
	unsigned long hi = lo + size - 1, top;
	struct iv_ent *o;

	if (lo < IV_START_PFN || hi > limit || hi < lo)
		return iv_fail("iova bounds", "%s: expected [%#lx, %#lx] within [start_pfn %#lx, "
			       "limit %#lx]", what, lo, hi, IV_START_PFN, limit);
	if (lo & (align - 1))
		return iv_fail("iova alignment", "%s: expected pfn_lo aligned to %#lx, found "
			       "%#lx", what, align, lo);
	o = iv_overlap(lo, hi, cached_free);
	if (o)
		return iv_fail("iova overlap", "%s: [%#lx, %#lx] overlaps %s [%#lx, %#lx]", what,
			       lo, hi, iv_kind_name[o->kind], o->lo, o->hi);
	if (top_of_gap) {
		top = iv_gap_top(lo, limit, cached_free);
		if (lo != ((top - size + 1) & ~(align - 1)))
			return iv_fail("iova top-down placement", "%s: the free gap ends at %#lx "
				       "(limit %#lx): expected pfn_lo %#lx, found %#lx", what, top,
				       limit, (top - size + 1) & ~(align - 1), lo);
	}
	return true;
}

static bool iv_op_alloc(const struct prog_op *op)
{
	unsigned long size = op->arg[0], limit = (1UL << op->arg[1]) - 1, where = 0;
	bool aligned = op->arg[2], injected;
	unsigned long align = aligned ? iv_pow2_up(size) : 1, failed0;
	enum iv_outcome o = iv_search(size, limit, aligned, false, &where);
	struct iova *iova;
	struct iv_ent *e;

	failed0 = iv_failed();
	iova = alloc_iova(&iv.iovad, size, limit, aligned);
	injected = iv_injected(failed0);
	if (!iova) {
		IV_SAY("NULL (model: %s%s, max32 %#lx)", iv_outcome_name[o],
		       injected ? ", allocation failed by fail_nth" : "", iv.max32);
		if (injected)
			return true;	/* the struct iova: no search */
		if (o == IV_FITS)
			return iv_fail("alloc_iova spurious -ENOMEM", "spurious -ENOMEM with free "
				       "space available: alloc_iova(size %#lx, limit %#lx, aligned "
				       "%d) failed, expected success (e.g. at pfn %#lx; max32 %#lx)",
				       size, limit, aligned, where, iv.max32);
		if (o == IV_NOFIT)
			iv_search_failed(size);
		return true;
	}
	IV_SAY("[%#lx, %#lx] (model: %s)", iova->pfn_lo, iova->pfn_hi, iv_outcome_name[o]);
	if (injected)
		return iv_fail("alloc_iova alloc failure", "an allocation failed (fail_nth), "
			       "expected NULL, found [%#lx, %#lx]", iova->pfn_lo, iova->pfn_hi);
	if (iova->pfn_hi - iova->pfn_lo + 1 != size)
		return iv_fail("iova size", "alloc_iova(size %#lx): expected %#lx pages, found "
			       "[%#lx, %#lx]", size, size, iova->pfn_lo, iova->pfn_hi);
	if (!iv_check_new("alloc_iova", iova->pfn_lo, size, limit, align, false, true))
		return false;
	if (o == IV_REFUSED && iv.max32_exact)
		return iv_fail("alloc_iova max32_alloc_size", "alloc_iova(size %#lx, limit %#lx) "
			       "succeeded, expected the max32_alloc_size heuristic (%#lx) to "
			       "refuse it", size, limit, iv.max32);
	e = iv_insert(iova->pfn_lo, iova->pfn_hi, IV_ALLOC);
	e->node = iova;
	e->req = size;
	return true;
}

/* the idx-th entry of a kind, in address order */
static struct iv_ent *iv_nth(enum iv_kind kind, uint64_t slot, unsigned int *count)
{
	unsigned int i, n = 0, k;

	for (i = 0; i < iv.n; i++)
		n += iv.ent[i].kind == kind;
	*count = n;
	if (!n)
		return NULL;
	k = slot % n;
	for (i = 0; i < iv.n; i++)
		if (iv.ent[i].kind == kind && !k--)
			return &iv.ent[i];
	return NULL;
}

static bool iv_op_free(const struct prog_op *op)
{
	unsigned int count;
	struct iv_ent *e = iv_nth(IV_ALLOC, op->arg[0], &count);
	unsigned long lo;

	if (!e) {
		IV_SAY("skipped: no live alloc_iova allocation");
		return true;
	}
	lo = e->lo;
	if ((op->arg[0] / count) & 1) {
		IV_SAY("free_iova(%#lx) of [%#lx, %#lx]", e->lo + (e->hi - e->lo) / 2, e->lo, e->hi);
		free_iova(&iv.iovad, e->lo + (e->hi - e->lo) / 2);
	} else {
		IV_SAY("__free_iova() of [%#lx, %#lx]", e->lo, e->hi);
		__free_iova(&iv.iovad, e->node);
	}
	iv_remove(e);
	iv_node_removed(lo);
	return true;
}

static bool iv_op_reserve(const struct prog_op *op)
{
	unsigned long lo = op->arg[0], hi = lo + op->arg[1] - 1, failed0;
	struct iv_ent *o = iv_overlap_unreserved(lo, hi);
	struct iova *r;
	unsigned int i;

	if (o) {
		IV_SAY("skipped: [%#lx, %#lx] overlaps %s [%#lx, %#lx] (contract)", lo, hi,
		       iv_kind_name[o->kind], o->lo, o->hi);
		return true;
	}
	failed0 = iv_failed();
	r = reserve_iova(&iv.iovad, lo, hi);
	if (!r) {
		if (!iv_injected(failed0))
			return iv_fail("reserve_iova", "reserve_iova(%#lx, %#lx): expected a node, "
				       "found NULL", lo, hi);
		/*
		 * The struct iova of the last piece failed; pieces before it may
		 * have been merged into reserved nodes already: take the tree's
		 * word for what is reserved in [lo, hi].
		 */
		IV_SAY("NULL (allocation failed by fail_nth)");
		if (!iv_walk())
			return false;
		for (i = 0; i < iv.nnodes; i++) {
			struct iv_node *nd = &iv.node[i];
			struct iv_ent *x;

			if (nd->hi < lo || nd->lo > hi)
				continue;
			x = iv_overlap_unreserved(nd->lo, nd->hi);
			if (x)
				return iv_fail("reserve_iova", "failed reserve_iova(%#lx, %#lx) left "
					       "node [%#lx, %#lx] over %s [%#lx, %#lx]", lo, hi,
					       nd->lo, nd->hi, iv_kind_name[x->kind], x->lo, x->hi);
			iv_add_reserved(nd->lo, nd->hi);
		}
		return true;
	}
	IV_SAY("node [%#lx, %#lx]", r->pfn_lo, r->pfn_hi);
	if (r->pfn_lo > hi || r->pfn_hi < hi)
		return iv_fail("reserve_iova", "reserve_iova(%#lx, %#lx): expected a node holding "
			       "%#lx, found [%#lx, %#lx]", lo, hi, hi, r->pfn_lo, r->pfn_hi);
	iv_add_reserved(lo, hi);
	return true;
}

static bool iv_op_alloc_fast(const struct prog_op *op)
{
	unsigned long size = op->arg[0], limit = (1UL << op->arg[1]) - 1;
	bool flush = !(op->arg[1] & 1);
	unsigned long rs = size < IV_CACHE_MAX ? iv_pow2_up(size) : size;
	unsigned long align = iv_pow2_up(rs), where = 0, failed0, attempts0, pfn;
	unsigned long m_before = iv.max32;
	unsigned int present, gone, inj_idx = 0;
	enum iv_outcome o1, o2;
	struct iv_ent *hit = NULL, *e;
	unsigned int i;

	o1 = iv_search(rs, limit, true, false, &where);
	failed0 = iv_failed();
	attempts0 = dmalab_fail_attempts();
	pfn = alloc_iova_fast(&iv.iovad, size, limit, flush);
	if (iv_injected(failed0))
		inj_idx = iv.fail_n - attempts0;	/* which allocation of the call */
	if (!iv_walk())
		return false;

	if (pfn) {
		for (i = 0; i < iv.n; i++)
			if (iv.ent[i].kind == IV_CACHED && iv.ent[i].lo == pfn &&
			    iv.ent[i].hi == pfn + rs - 1)
				hit = &iv.ent[i];
	}
	iv_cached_census(&present, &gone, hit);
	IV_SAY("%#lx%s (rounded size %#lx, flush %d; cached ranges kept %u, given back %u; "
	       "model first search: %s%s)", pfn, hit ? " = a cached range" : "", rs, flush,
	       present, gone, iv_outcome_name[o1],
	       inj_idx ? (inj_idx == 1 ? ", allocation 1 failed by fail_nth" :
			  ", allocation 2 failed by fail_nth") : "");
	if (gone && !flush)
		return iv_fail("alloc_iova_fast rcache", "flush_rcache false: expected every "
			       "cached range kept, %u given back", gone);
	if (gone && present)
		return iv_fail("alloc_iova_fast rcache flush", "a flush gives back every cached "
			       "range: %u given back, %u kept", gone, present);

	if (!pfn) {
		/* first tree search */
		if (o1 == IV_FITS && inj_idx != 1)
			return iv_fail("alloc_iova_fast spurious -ENOMEM", "spurious -ENOMEM with "
				       "free space available: alloc_iova_fast(size %#lx -> %#lx, "
				       "limit %#lx) returned 0, the tree had room (e.g. at pfn "
				       "%#lx; max32 %#lx)", size, rs, limit, where, iv.max32);
		if (o1 == IV_NOFIT && inj_idx != 1)
			iv_search_failed(rs);
		if (!flush) {
			if (inj_idx > 1)
				return iv_fail("alloc_iova_fast", "expected one tree search without "
					       "flush_rcache, allocation %u of the call failed", inj_idx);
			return true;
		}
		if (present)
			return iv_fail("alloc_iova_fast rcache flush", "failed with flush_rcache: "
				       "expected every cached range given back, %u kept", present);
		iv_drop_all_cached();
		/* the retry, with the cached ranges free */
		o2 = iv_search(rs, limit, true, false, &where);
		if (o2 == IV_FITS && inj_idx != 2)
			return iv_fail("alloc_iova_fast spurious -ENOMEM", "spurious -ENOMEM with "
				       "free space available: alloc_iova_fast(size %#lx -> %#lx, "
				       "limit %#lx, flush) returned 0, the tree had room after the "
				       "flush (e.g. at pfn %#lx; max32 %#lx)", size, rs, limit, where,
				       iv.max32);
		if (o2 == IV_NOFIT && inj_idx != 2)
			iv_search_failed(rs);
		return true;
	}

	if (pfn + rs - 1 > limit || pfn < IV_START_PFN || pfn + rs - 1 < pfn)
		return iv_fail("iova bounds", "alloc_iova_fast(size %#lx, limit %#lx): expected "
			       "[%#lx, %#lx] within [start_pfn %#lx, limit]", size, limit, pfn,
			       pfn + rs - 1, IV_START_PFN);
	if (hit && !gone) {
		if (flush && !present && !(o1 == IV_FITS && inj_idx != 1)) {
			/*
			 * No other cached range to tell an rcache hit (max32
			 * untouched) from a failed search, a flush and the retry
			 * landing on this range: take the smaller max32.
			 */
			unsigned long m = m_before;

			if (o1 == IV_NOFIT && inj_idx != 1)
				m = rs;
			if (hit->lo < iv.dma32)
				m = iv.dma32;
			if (m != m_before) {
				iv.max32 = m < m_before ? m : m_before;
				iv.max32_exact = false;
			}
		}
		/* an rcache hit: the range as it was cached */
		if (pfn & (align - 1))
			return iv_fail("iova alignment", "alloc_iova_fast from the rcache: "
				       "expected pfn aligned to %#lx, found %#lx", align, pfn);
		hit->kind = IV_FAST;
		hit->req = size;
		return true;
	}
	if (gone) {
		/* flushed: the first search must have failed */
		if (o1 == IV_FITS && inj_idx != 1)
			return iv_fail("alloc_iova_fast spurious -ENOMEM", "spurious -ENOMEM with "
				       "free space available (hidden by the rcache flush): the first "
				       "search for %#lx pages under limit %#lx failed although the "
				       "tree had room (e.g. at pfn %#lx; max32 %#lx)", rs, limit,
				       where, iv.max32);
		if (o1 == IV_NOFIT && inj_idx != 1)
			iv_search_failed(rs);
		if (inj_idx > 1)
			return iv_fail("alloc_iova_fast alloc failure", "allocation %u of the call "
				       "failed, expected 0, found %#lx", inj_idx, pfn);
		iv_drop_all_cached();
		if (!iv_check_new("alloc_iova_fast after flush", pfn, rs, limit, align, false, true))
			return false;
	} else {
		/* the first search, or (nothing cached) the retry after a failed allocation */
		if (inj_idx > 1 || (inj_idx == 1 && (!flush || present)))
			return iv_fail("alloc_iova_fast alloc failure", "allocation %u of the call "
				       "failed (fail_nth), expected 0, found %#lx", inj_idx, pfn);
		if (!iv_check_new("alloc_iova_fast", pfn, rs, limit, align, false, true))
			return false;
	}
	if (iv_search(rs, limit, true, false, &where) == IV_REFUSED && iv.max32_exact)
		return iv_fail("alloc_iova_fast max32_alloc_size", "alloc_iova_fast(size %#lx, "
			       "limit %#lx) found room, expected the max32_alloc_size heuristic "
			       "(%#lx) to refuse it", rs, limit, iv.max32);
	e = iv_insert(pfn, pfn + rs - 1, IV_FAST);
	e->req = size;
	return true;
}

static bool iv_op_free_fast(const struct prog_op *op)
{
	unsigned int count;
	struct iv_ent *e = iv_nth(IV_FAST, op->arg[0], &count);
	unsigned long failed0, lo, hi;
	bool injected;

	if (!e) {
		IV_SAY("skipped: no live fast allocation");
		return iv_walk();
	}
	lo = e->lo;
	hi = e->hi;
	failed0 = iv_failed();
	free_iova_fast(&iv.iovad, lo, e->req);
	injected = iv_injected(failed0);
	if (!iv_walk())
		return false;
	if (e->req <= IV_CACHE_MAX && !injected) {
		IV_SAY("[%#lx, %#lx] (size %#lx) cached", lo, hi, e->req);
		if (!iv_node_exact(lo, hi))
			return iv_fail("free_iova_fast", "expected [%#lx, %#lx] (size %#lx) cached, "
				       "kept in the tree, found it gone", lo, hi, e->req);
		e->kind = IV_CACHED;
		return true;
	}
	IV_SAY("[%#lx, %#lx] (size %#lx) given back%s", lo, hi, e->req,
	       injected ? " (magazine allocation failed by fail_nth)" : "");
	iv_remove(e);
	iv_node_removed(lo);
	return true;
}

static bool iv_op(const struct prog_op *op)
{
	bool walked = false;

	switch (op->code) {
	case OP_ALLOC_IOVA:
		if (!iv_op_alloc(op))
			return false;
		break;
	case OP_FREE_IOVA:
		if (!iv_op_free(op))
			return false;
		break;
	case OP_RESERVE_IOVA:
		if (!iv_op_reserve(op))
			return false;
		break;
	case OP_ALLOC_FAST:
		if (!iv_op_alloc_fast(op))
			return false;
		walked = true;
		break;
	case OP_FREE_FAST:
		if (!iv_op_free_fast(op))
			return false;
		walked = true;
		break;
	case OP_CPU:
		dmalab_set_cpu(op->arg[0] % iv.nr_cpus);
		IV_SAY("on CPU %u", dmalab_cpu());
		return true;
	case OP_CPU_DEAD:
	case OP_DRAIN:
		if (op->code == OP_CPU_DEAD)
			dmalab_cpu_dead(op->arg[0] % iv.nr_cpus);
		else
			IV_SAY("%lu work items ran", dmalab_run_deferred_work());
		/* these may give cached ranges back */
		if (!iv_walk())
			return false;
		iv_drop_gone_cached();
		walked = true;
		break;
	case OP_FAIL_NTH:
		iv.fail_n = op->arg[0];
		if (iv.fail_n)
			dmalab_fail_nth(iv.fail_n);
		else
			dmalab_fail_off();
		IV_SAY("%s", iv.fail_n ? "armed" : "off");
		return true;
	default:
		return true;	/* not ours */
	}
	if (!walked && !iv_walk())
		return false;
	return iv_check_tree() && iv_check_find();
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

	iv.verbose = r->verbose;
	iv.r = r;
	iv.n = 0;
	iv.fail_n = 0;
	iv.nr_cpus = p->cfg[CFG_CPUS];
	if (dmalab_set_nr_cpus(iv.nr_cpus))
		iv.nr_cpus = dmalab_nr_cpus();	/* per-cpu memory live elsewhere: keep */
	iv.granule = 4096UL >> (p->cfg[CFG_FORMAT] == 2);

	memset(&iv.iovad, 0, sizeof(iv.iovad));	/* callers embed it in zeroed memory */
	init_iova_domain(&iv.iovad, iv.granule, IV_START_PFN);
	iv.domain_live = true;
	iv.dma32 = 1UL << (32 - iova_shift(&iv.iovad));
	iv.max32 = iv.dma32;
	iv.max32_exact = true;
	if (r->verbose)
		printf("domain: granule %#lx, start_pfn %#lx, dma_32bit_pfn %#lx, %u CPUs\n",
		       iv.granule, IV_START_PFN, iv.dma32, iv.nr_cpus);
	if (iova_domain_init_rcaches(&iv.iovad))
		run_finding(r, "checker", "iova_domain_init_rcaches",
			    "expected 0 without failure injection, found an error");
	return true;
}

static void iv_run_op(struct fuzz_run *r, const struct prog_op *op)
{
	iv_op(op);
}

/* whatever happened: the domain goes, and nothing may be left queued */
static void iv_teardown(struct fuzz_run *r)
{
	dmalab_set_cpu(0);
	put_iova_domain(&iv.iovad);
	iv.domain_live = false;
	if (dmalab_pending_work())
		run_finding(r, "teardown", "put_iova_domain", "expected no pending work after "
			    "put_iova_domain(), found %lu items", dmalab_pending_work());
}

const struct target target_iova = {
	.name = "iova",
	.summary = "IOVA allocator and rcache (alloc, free, reserve, fast paths, CPUs) against "
		   "an interval model",
	.codec = &prog_codec,
	.max_len = 2600,
	.timeout = 25,
	.init = iv_init,
	.setup = iv_setup,
	.op = iv_run_op,
	.teardown = iv_teardown,
};
