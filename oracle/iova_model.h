/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model of drivers/iommu/iova.c: what the allocator promises about the
 * pfn space of one struct iova_domain, as sorted disjoint intervals of
 * pfns, and a checker that compares the real rbtree with it.
 *
 * Written from the kernel-doc of <linux/iova.h> and iova.c and from the
 * behaviour the allocator documents, never by calling the allocator:
 *
 *  - alloc_iova(size, limit_pfn, size_aligned) searches top-down below
 *    limit_pfn (inclusive) and above start_pfn, so a new range sits at the
 *    top of the free gap it was taken from; size-aligned means aligned to
 *    roundup_pow_of_two(size). It fails exactly when no such gap exists,
 *    except for the max32_alloc_size heuristic ("size of last failed
 *    allocation", <linux/iova.h>): a search for size under a limit_pfn with
 *    limit_pfn + 1 <= dma_32bit_pfn fails at once when size >=
 *    max32_alloc_size; any search that finds no room sets it to size
 *    (whatever the limit); a range leaving the tree whose pfn_lo is below
 *    dma_32bit_pfn resets it to dma_32bit_pfn.
 *  - alloc_iova_fast() rounds a size below 32 pages up to a power of two,
 *    always allocates size-aligned, and takes ranges from the per-CPU
 *    caches first; free_iova_fast() caches ranges of up to 32 pages. A
 *    cached range stays in the rbtree until the caches give it back (a
 *    flush, the depot work, a dead CPU).
 *  - reserve_iova(lo, hi) makes every pfn of [lo, hi] part of a node
 *    (merging into overlapping nodes): they are never handed out.
 *
 * The model is a value: struct iova_model, owned by the caller (on the
 * stack, static or inside another object), initialised with
 * iova_model_init() and released with iova_model_destroy(). Nothing here
 * keeps state of its own. The tree walk (struct iova_tree_walk) is a
 * second such value: what the rbtree of a domain holds, read by hand from
 * its root.
 *
 * Checks return NULL when they hold, or the name of the rule that failed
 * (a short string, the same for every failure of that rule) and a
 * one-line description of the first difference in why[].
 */
#ifndef DMALAB_IOVA_MODEL_H
#define DMALAB_IOVA_MODEL_H

#include <stdbool.h>
#include <stddef.h>

struct iova;
struct iova_domain;

/* Ranges of up to this many pages are cached by free_iova_fast(). */
#define IOVA_MODEL_CACHED_MAX	32

/**
 * iova_model_pow2_up() - roundup_pow_of_two(x) for x >= 1.
 * @x: a size in pages
 */
static inline unsigned long iova_model_pow2_up(unsigned long x)
{
	unsigned long r = 1;

	while (r < x)
		r <<= 1;
	return r;
}

/**
 * iova_model_fast_size() - the size alloc_iova_fast() really allocates.
 * @size: pages asked for
 *
 * Below IOVA_MODEL_CACHED_MAX pages the size is rounded up to a power of
 * two; from there on it is kept (and still allocated size-aligned).
 */
static inline unsigned long iova_model_fast_size(unsigned long size)
{
	return size < IOVA_MODEL_CACHED_MAX ? iova_model_pow2_up(size) : size;
}

/**
 * iova_model_cached_on_free() - does free_iova_fast(size) cache the range?
 * @size: the size passed to free_iova_fast() (the one asked for)
 */
static inline bool iova_model_cached_on_free(unsigned long size)
{
	return size <= IOVA_MODEL_CACHED_MAX;
}

enum iova_model_kind {
	IOVA_MODEL_ALLOC,	/* a live alloc_iova() range: node is its struct iova */
	IOVA_MODEL_FAST,	/* a live alloc_iova_fast() range: req is the size asked */
	IOVA_MODEL_CACHED,	/* freed with free_iova_fast(), maybe still cached: in the tree */
	IOVA_MODEL_RESERVED,	/* reserved pfns (a union; the tree may split it into nodes) */
	IOVA_MODEL_NR_KINDS
};

#define IOVA_MODEL_KIND(k)	(1U << (k))
#define IOVA_MODEL_ANY		((1U << IOVA_MODEL_NR_KINDS) - 1)

/*
 * One interval. Callers may change kind between ALLOC, FAST and CACHED
 * and set node and req; lo, hi and reservations change only through the
 * functions below.
 */
struct iova_model_ent {
	unsigned long lo, hi;
	enum iova_model_kind kind;
	const struct iova *node;	/* ALLOC: the node alloc_iova() returned */
	unsigned long req;		/* FAST, CACHED: the size asked for */
};

struct iova_model {
	unsigned long start_pfn;	/* the domain's start_pfn */
	unsigned long dma_32bit_pfn;	/* the domain's dma_32bit_pfn */
	/*
	 * max32_alloc_size as the allocator keeps it. When max32_exact is
	 * false the model could not tell which of two values the allocator
	 * holds (iova_model_max32_either()) and max32 is the smaller: a
	 * refusal it predicts may happen, but need not.
	 */
	unsigned long max32;
	bool max32_exact;
	struct iova_model_ent *ent;	/* sorted by lo, disjoint */
	unsigned int n, cap;
};

/* What the tree of a domain holds, in pfn order, without the anchor. */
struct iova_tree_node {
	unsigned long lo, hi;
	const struct iova *iova;
};

struct iova_tree_walk {
	struct iova_tree_node *node;
	unsigned int n, cap;
};

/* ---- the intervals ---- */

/**
 * iova_model_init() - the model of a fresh domain (init_iova_domain()).
 * @m: the model, caller-owned
 * @start_pfn: the domain's start_pfn
 * @dma_32bit_pfn: the domain's dma_32bit_pfn (4 GiB / granule)
 */
void iova_model_init(struct iova_model *m, unsigned long start_pfn,
		     unsigned long dma_32bit_pfn);
/**
 * iova_model_destroy() - release what the model allocated.
 * @m: the model
 */
void iova_model_destroy(struct iova_model *m);

const char *iova_model_kind_name(enum iova_model_kind kind);

/**
 * iova_model_insert() - a new ALLOC, FAST or CACHED interval [lo, hi].
 * @m: the model
 * @lo: first pfn
 * @hi: last pfn
 * @kind: not IOVA_MODEL_RESERVED (see iova_model_reserve())
 *
 * Return: the new entry (valid until the next change of the model), or
 * NULL if the interval is empty or overlaps one the model holds.
 */
struct iova_model_ent *iova_model_insert(struct iova_model *m, unsigned long lo,
					 unsigned long hi, enum iova_model_kind kind);

/**
 * iova_model_free() - an interval whose node left the tree.
 * @m: the model
 * @e: an ALLOC, FAST or CACHED entry of @m
 *
 * Removes @e and applies the max32 rule of a node leaving the tree.
 */
void iova_model_free(struct iova_model *m, struct iova_model_ent *e);

/**
 * iova_model_reserve() - add [lo, hi] to the reserved pfns.
 * @m: the model
 * @lo: first pfn
 * @hi: last pfn
 *
 * Return: false (and no change) if [lo, hi] overlaps an interval that is
 * not a reservation: reserve_iova() would merge into that node.
 */
bool iova_model_reserve(struct iova_model *m, unsigned long lo, unsigned long hi);

/* The interval holding pfn, or NULL (a free pfn). */
struct iova_model_ent *iova_model_lookup(const struct iova_model *m, unsigned long pfn);

/* The first interval of a kind in the mask kinds overlapping [lo, hi], or NULL. */
struct iova_model_ent *iova_model_overlap(const struct iova_model *m, unsigned long lo,
					  unsigned long hi, unsigned int kinds);

/* How many intervals of a kind; the idx-th of them in pfn order (NULL past the last). */
unsigned int iova_model_count(const struct iova_model *m, enum iova_model_kind kind);
struct iova_model_ent *iova_model_nth(const struct iova_model *m, enum iova_model_kind kind,
				      unsigned int idx);

/* ---- where a search finds room ---- */

/* flags of the queries below */
#define IOVA_MODEL_CACHED_FREE	0x1	/* CACHED intervals count as free (a flush) */
#define IOVA_MODEL_TOP_OF_GAP	0x2	/* iova_model_check_new(): from a tree search */

/**
 * iova_model_room() - is there room for size pages aligned to align?
 * @m: the model
 * @size: pages
 * @align: a power of two (1: none)
 * @limit: the highest pfn the range may use (limit_pfn, inclusive)
 * @flags: IOVA_MODEL_CACHED_FREE
 * @where: set to where a top-down search from @limit puts the range when
 *	nothing stops it on the way: the highest aligned start that fits
 *
 * Return: whether [start_pfn, limit] has a free gap that fits.
 */
bool iova_model_room(const struct iova_model *m, unsigned long size, unsigned long align,
		     unsigned long limit, unsigned int flags, unsigned long *where);

/**
 * iova_model_gap_top() - the top of the free gap holding pfn.
 * @m: the model
 * @pfn: a free pfn
 * @limit: the cap
 * @flags: IOVA_MODEL_CACHED_FREE
 *
 * Return: the last free pfn of the gap, at most @limit.
 */
unsigned long iova_model_gap_top(const struct iova_model *m, unsigned long pfn,
				 unsigned long limit, unsigned int flags);

enum iova_model_verdict {
	IOVA_MODEL_ROOM,	/* the search finds room */
	IOVA_MODEL_NO_ROOM,	/* the search finds no room */
	IOVA_MODEL_REFUSED,	/* max32_alloc_size refuses it before any search */
};

const char *iova_model_verdict_name(enum iova_model_verdict v);

/**
 * iova_model_search() - what a tree search of alloc_iova() does.
 * @m: the model
 * @size: pages
 * @limit: limit_pfn (inclusive)
 * @size_aligned: aligned to roundup_pow_of_two(size)
 * @flags: IOVA_MODEL_CACHED_FREE
 * @where: as for iova_model_room() (left alone unless ROOM)
 *
 * A REFUSED verdict with !m->max32_exact means the allocator may refuse.
 * The model does not change: report what the allocator did with
 * iova_model_no_room().
 */
enum iova_model_verdict iova_model_search(const struct iova_model *m, unsigned long size,
					  unsigned long limit, bool size_aligned,
					  unsigned int flags, unsigned long *where);

/*
 * A tree search for size pages found no room: max32_alloc_size = size
 * (exactly: a search the model said no room for did happen).
 */
void iova_model_no_room(struct iova_model *m, unsigned long size);

/*
 * The allocator now holds either m->max32 or alt in max32_alloc_size, and
 * the model cannot tell which: keep the smaller, inexact until the next
 * reset (a range below dma_32bit_pfn leaving the tree).
 */
void iova_model_max32_either(struct iova_model *m, unsigned long alt);

/**
 * iova_model_check_max32() - the domain's max32_alloc_size against the model.
 * @m: the model
 * @iovad: the domain
 * @why: the description of a difference
 * @len: its size
 *
 * Holds when the model's max32 is inexact, or equals the field.
 */
const char *iova_model_check_max32(const struct iova_model *m,
				   const struct iova_domain *iovad, char *why, size_t len);

/**
 * iova_model_check_new() - a fresh range [lo, lo + size - 1] against the model.
 * @m: the model, before the range is inserted
 * @what: the call, for the description ("alloc_iova")
 * @lo: its first pfn
 * @size: its size in pages
 * @limit: limit_pfn (inclusive)
 * @align: the alignment it must have (1: none)
 * @flags: IOVA_MODEL_CACHED_FREE (cached ranges count as free),
 *	IOVA_MODEL_TOP_OF_GAP (it comes from a tree search: it must sit at the
 *	top of the free gap it was taken from)
 * @why: the description of a failure
 * @len: its size
 *
 * Checks it lies in [start_pfn, limit], is aligned, overlaps nothing the
 * model holds and, with IOVA_MODEL_TOP_OF_GAP, its placement.
 */
const char *iova_model_check_new(const struct iova_model *m, const char *what,
				 unsigned long lo, unsigned long size, unsigned long limit,
				 unsigned long align, unsigned int flags, char *why, size_t len);

/* ---- the rbtree ---- */

/**
 * iova_tree_walk() - read the rbtree of a domain by hand.
 * @w: the walk, caller-owned and zeroed before its first use
 * @iovad: the domain
 * @why: the description of a failure
 * @len: its size
 *
 * An in-order walk by the nodes' pointers from the root (no rbtree or iova
 * function is called). Checks that the tree is well formed: children point
 * back to their parents, the root is black, no red node has a red child,
 * every path has the same number of black nodes, pfn ranges are non-empty,
 * in order and disjoint, and the domain's anchor is the last node.
 */
const char *iova_tree_walk(struct iova_tree_walk *w, const struct iova_domain *iovad,
			   char *why, size_t len);
void iova_tree_walk_destroy(struct iova_tree_walk *w);

/* The node of the last walk with exactly [lo, hi], or NULL. */
const struct iova_tree_node *iova_tree_find(const struct iova_tree_walk *w, unsigned long lo,
					    unsigned long hi);

/**
 * iova_model_check_tree() - the last walk of the tree against the model.
 * @m: the model
 * @w: a walk of the domain's tree
 * @why: the description of the first difference
 * @len: its size
 *
 * Every node is an interval of the model: the very struct iova and range
 * of an ALLOC, the range of a FAST or CACHED, or inside a reservation; and
 * every ALLOC, FAST and CACHED interval has its node and every reserved
 * pfn is in a node.
 */
const char *iova_model_check_tree(const struct iova_model *m, const struct iova_tree_walk *w,
				  char *why, size_t len);

/**
 * iova_model_check_find() - find_iova() against the model.
 * @m: the model
 * @iovad: the domain
 * @why: the description of the first difference
 * @len: its size
 *
 * find_iova() of the first and last pfn of every ALLOC, FAST and CACHED
 * interval gives its node (of exactly that range), and of the pfn above
 * it, when that pfn is free, NULL.
 */
const char *iova_model_check_find(const struct iova_model *m, struct iova_domain *iovad,
				  char *why, size_t len);

/**
 * iova_model_check_find_near() - find_iova() where an op changed the model.
 * @m: the model
 * @iovad: the domain
 * @lo: first pfn the op changed
 * @hi: last pfn it changed
 * @cursor: a caller's counter, advanced by @count (start it at 0)
 * @count: how many more entries to check, in turn
 * @why: the description of the first difference
 * @len: its size
 * What iova_model_check_find() checks, for the intervals overlapping [lo,
 * hi] and the one before them (the pfn above it may have become free),
 * then for @count intervals from *@cursor on (modulo their number): called
 * after every op, every interval is checked again every (intervals /
 * @count) ops. Its cost grows with what the op changed, not with the size
 * of the tree.
 */
const char *iova_model_check_find_near(const struct iova_model *m, struct iova_domain *iovad,
				       unsigned long lo, unsigned long hi, unsigned int *cursor,
				       unsigned int count, char *why, size_t len);

/**
 * iova_model_cached_census() - which CACHED intervals the tree still holds.
 * @m: the model
 * @w: a walk of the domain's tree
 * @except: an entry not to count (or NULL)
 * @kept: CACHED intervals whose node is there
 * @gone: CACHED intervals whose node is gone
 */
void iova_model_cached_census(const struct iova_model *m, const struct iova_tree_walk *w,
			      const struct iova_model_ent *except, unsigned int *kept,
			      unsigned int *gone);

/**
 * iova_model_cached_census_find() - the same by find_iova(), without a walk.
 * @m: the model
 * @iovad: the domain
 * @except: an entry not to count (or NULL)
 * @kept: CACHED intervals whose node is there
 * @gone: CACHED intervals whose node is gone
 * The rcache gives back every cached range (a flush) or none: the first
 * CACHED interval says which. If it is there, all count as kept (a range
 * lost without a flush is for the next walk to find, iova_model_check_tree());
 * if it is gone, every one is looked up.
 */
void iova_model_cached_census_find(const struct iova_model *m, struct iova_domain *iovad,
				   const struct iova_model_ent *except, unsigned int *kept,
				   unsigned int *gone);

/*
 * The caches gave ranges back: drop the CACHED intervals whose node is not
 * in the walk w, or, with w NULL (a flush), every CACHED interval; each a
 * node leaving the tree. Returns how many.
 */
unsigned int iova_model_drop_cached(struct iova_model *m, const struct iova_tree_walk *w);

#endif
