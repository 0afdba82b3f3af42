// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model of drivers/iommu/iova.c: see iova_model.h for what it holds
 * and the documented behaviour it rests on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/iova.h>
#include <linux/rbtree.h>

#include "oracle/iova_model.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static const char *const kind_names[] = {
	[IOVA_MODEL_ALLOC] = "alloc", [IOVA_MODEL_FAST] = "fast",
	[IOVA_MODEL_CACHED] = "cached", [IOVA_MODEL_RESERVED] = "reserved",
};

static const char *const verdict_names[] = {
	[IOVA_MODEL_ROOM] = "room", [IOVA_MODEL_NO_ROOM] = "no room",
	[IOVA_MODEL_REFUSED] = "refused (max32)",
};

const char *iova_model_kind_name(enum iova_model_kind kind)
{
	return kind < IOVA_MODEL_NR_KINDS ? kind_names[kind] : "?";
}

const char *iova_model_verdict_name(enum iova_model_verdict v)
{
	return v <= IOVA_MODEL_REFUSED ? verdict_names[v] : "?";
}

/* fill why and return the rule's name */
__attribute__((format(printf, 4, 5)))
static const char *fail(const char *rule, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return rule;
}

/* grow an array of *cap elements of size sz to hold n + 1 */
static void *grow(void *p, unsigned int n, unsigned int *cap, size_t sz)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 64;
	p = realloc(p, *cap * sz);
	if (!p) {
		fprintf(stderr, "iova_model: out of memory\n");
		abort();
	}
	return p;
}

/* ---- the intervals ---- */

void iova_model_init(struct iova_model *m, unsigned long start_pfn,
		     unsigned long dma_32bit_pfn)
{
	m->start_pfn = start_pfn;
	m->dma_32bit_pfn = dma_32bit_pfn;
	m->max32 = dma_32bit_pfn;
	m->max32_exact = true;
	m->ent = NULL;
	m->n = m->cap = 0;
}

void iova_model_destroy(struct iova_model *m)
{
	free(m->ent);
	m->ent = NULL;
	m->n = m->cap = 0;
}

/* the index of the first entry with lo >= pfn */
DMALAB_OWN_ARRAYS
static unsigned int find_pos(const struct iova_model *m, unsigned long pfn)
{
	unsigned int a = 0, b = m->n;

	while (a < b) {
		unsigned int mid = a + (b - a) / 2;

		if (m->ent[mid].lo < pfn)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

struct iova_model_ent *iova_model_lookup(const struct iova_model *m, unsigned long pfn)
{
	unsigned int i = find_pos(m, pfn);

	if (i < m->n && m->ent[i].lo == pfn)
		return &m->ent[i];
	if (i && m->ent[i - 1].hi >= pfn)
		return &m->ent[i - 1];
	return NULL;
}

struct iova_model_ent *iova_model_overlap(const struct iova_model *m, unsigned long lo,
					  unsigned long hi, unsigned int kinds)
{
	unsigned int i = find_pos(m, lo);

	for (i = i ? i - 1 : 0; i < m->n && m->ent[i].lo <= hi; i++)
		if (m->ent[i].hi >= lo && (kinds & IOVA_MODEL_KIND(m->ent[i].kind)))
			return &m->ent[i];
	return NULL;
}

static struct iova_model_ent *insert_at(struct iova_model *m, unsigned int i, unsigned long lo,
					unsigned long hi, enum iova_model_kind kind)
{
	m->ent = grow(m->ent, m->n, &m->cap, sizeof(*m->ent));
	memmove(&m->ent[i + 1], &m->ent[i], (m->n - i) * sizeof(*m->ent));
	m->n++;
	m->ent[i] = (struct iova_model_ent){ .lo = lo, .hi = hi, .kind = kind };
	return &m->ent[i];
}

static void remove_at(struct iova_model *m, unsigned int i)
{
	memmove(&m->ent[i], &m->ent[i + 1], (m->n - i - 1) * sizeof(*m->ent));
	m->n--;
}

struct iova_model_ent *iova_model_insert(struct iova_model *m, unsigned long lo,
					 unsigned long hi, enum iova_model_kind kind)
{
	if (lo > hi || kind == IOVA_MODEL_RESERVED || kind >= IOVA_MODEL_NR_KINDS ||
	    iova_model_overlap(m, lo, hi, IOVA_MODEL_ANY))
		return NULL;
	return insert_at(m, find_pos(m, lo), lo, hi, kind);
}

/* a node left the tree: __cached_rbnode_delete_update()'s max32 rule */
static void node_removed(struct iova_model *m, unsigned long lo)
{
	if (lo < m->dma_32bit_pfn) {
		m->max32 = m->dma_32bit_pfn;
		m->max32_exact = true;
	}
}

void iova_model_free(struct iova_model *m, struct iova_model_ent *e)
{
	unsigned long lo = e->lo;

	remove_at(m, e - m->ent);
	node_removed(m, lo);
}

bool iova_model_reserve(struct iova_model *m, unsigned long lo, unsigned long hi)
{
	unsigned int i;

	if (lo > hi || iova_model_overlap(m, lo, hi, IOVA_MODEL_ANY &
					  ~IOVA_MODEL_KIND(IOVA_MODEL_RESERVED)))
		return false;
	i = find_pos(m, lo);
	/* merge with the reservations it overlaps or touches */
	if (i && m->ent[i - 1].kind == IOVA_MODEL_RESERVED && m->ent[i - 1].hi >= lo - 1) {
		i--;
		if (m->ent[i].hi > hi)
			hi = m->ent[i].hi;
		lo = m->ent[i].lo;
		remove_at(m, i);
	}
	while (i < m->n && m->ent[i].kind == IOVA_MODEL_RESERVED &&
	       (hi == ~0UL || m->ent[i].lo <= hi + 1)) {
		if (m->ent[i].hi > hi)
			hi = m->ent[i].hi;
		remove_at(m, i);
	}
	insert_at(m, i, lo, hi, IOVA_MODEL_RESERVED);
	return true;
}

unsigned int iova_model_count(const struct iova_model *m, enum iova_model_kind kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->ent[i].kind == kind;
	return n;
}

struct iova_model_ent *iova_model_nth(const struct iova_model *m, enum iova_model_kind kind,
				      unsigned int idx)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->ent[i].kind == kind && !idx--)
			return &m->ent[i];
	return NULL;
}

/* ---- where a search finds room ---- */

static bool counts_as_free(const struct iova_model_ent *e, unsigned int flags)
{
	return (flags & IOVA_MODEL_CACHED_FREE) && e->kind == IOVA_MODEL_CACHED;
}

/* the highest aligned start of size pages in the free gap [g_lo, g_hi], if any */
static bool fit_in_gap(unsigned long g_lo, unsigned long g_hi, unsigned long size,
		       unsigned long align, unsigned long *where)
{
	unsigned long p;

	if (g_hi < g_lo || g_hi - g_lo + 1 < size)
		return false;
	p = (g_hi - size + 1) & ~(align - 1);
	if (p < g_lo)
		return false;
	*where = p;
	return true;
}

DMALAB_OWN_ARRAYS
bool iova_model_room(const struct iova_model *m, unsigned long size, unsigned long align,
		     unsigned long limit, unsigned int flags, unsigned long *where)
{
	unsigned long top = limit;	/* the last pfn of the gap below it */
	unsigned int i = limit == ~0UL ? m->n : find_pos(m, limit + 1);

	/* gaps top-down from limit: the first that fits is the highest */
	while (i-- > 0 && top >= m->start_pfn) {
		const struct iova_model_ent *e = &m->ent[i];

		if (counts_as_free(e, flags))
			continue;
		if (e->hi < top && fit_in_gap(e->hi + 1 > m->start_pfn ? e->hi + 1 : m->start_pfn,
					      top, size, align, where))
			return true;
		if (!e->lo)
			return false;
		if (e->lo - 1 < top)
			top = e->lo - 1;
	}
	return top >= m->start_pfn && fit_in_gap(m->start_pfn, top, size, align, where);
}

unsigned long iova_model_gap_top(const struct iova_model *m, unsigned long pfn,
				 unsigned long limit, unsigned int flags)
{
	unsigned int i;

	for (i = find_pos(m, pfn + 1); i < m->n; i++) {
		if (counts_as_free(&m->ent[i], flags))
			continue;
		return m->ent[i].lo - 1 < limit ? m->ent[i].lo - 1 : limit;
	}
	return limit;
}

enum iova_model_verdict iova_model_search(const struct iova_model *m, unsigned long size,
					  unsigned long limit, bool size_aligned,
					  unsigned int flags, unsigned long *where)
{
	unsigned long align = size_aligned ? iova_model_pow2_up(size) : 1;

	if (limit + 1 <= m->dma_32bit_pfn && size >= m->max32)
		return IOVA_MODEL_REFUSED;
	return iova_model_room(m, size, align, limit, flags, where) ? IOVA_MODEL_ROOM :
								     IOVA_MODEL_NO_ROOM;
}

void iova_model_no_room(struct iova_model *m, unsigned long size)
{
	m->max32 = size;
	m->max32_exact = true;
}

void iova_model_max32_either(struct iova_model *m, unsigned long alt)
{
	if (alt == m->max32)
		return;
	if (alt < m->max32)
		m->max32 = alt;
	m->max32_exact = false;
}

const char *iova_model_check_new(const struct iova_model *m, const char *what,
				 unsigned long lo, unsigned long size, unsigned long limit,
				 unsigned long align, unsigned int flags, char *why, size_t len)
{
	unsigned long hi = lo + size - 1, top, want;
	const struct iova_model_ent *o;
	unsigned int busy = IOVA_MODEL_ANY;

	if (lo < m->start_pfn || hi > limit || hi < lo)
		return fail("iova bounds", why, len, "%s: expected [%#lx, %#lx] within [start_pfn "
			    "%#lx, limit %#lx]", what, lo, hi, m->start_pfn, limit);
	if (lo & (align - 1))
		return fail("iova alignment", why, len, "%s: expected pfn_lo aligned to %#lx, "
			    "found %#lx", what, align, lo);
	if (flags & IOVA_MODEL_CACHED_FREE)
		busy &= ~IOVA_MODEL_KIND(IOVA_MODEL_CACHED);
	o = iova_model_overlap(m, lo, hi, busy);
	if (o)
		return fail("iova overlap", why, len, "%s: [%#lx, %#lx] overlaps %s [%#lx, %#lx]",
			    what, lo, hi, kind_names[o->kind], o->lo, o->hi);
	if (flags & IOVA_MODEL_TOP_OF_GAP) {
		top = iova_model_gap_top(m, lo, limit, flags);
		want = (top - size + 1) & ~(align - 1);
		if (lo != want)
			return fail("iova top-down placement", why, len, "%s: the free gap ends at "
				    "%#lx (limit %#lx): expected pfn_lo %#lx, found %#lx", what,
				    top, limit, want, lo);
	}
	return NULL;
}

const char *iova_model_check_max32(const struct iova_model *m,
				   const struct iova_domain *iovad, char *why, size_t len)
{
	if (m->max32_exact && iovad->max32_alloc_size != m->max32)
		return fail("iova max32_alloc_size", why, len, "expected max32_alloc_size %#lx "
			    "(the size of the last failed search, or dma_32bit_pfn after a range "
			    "below it left the tree), found %#lx", m->max32,
			    iovad->max32_alloc_size);
	return NULL;
}

/* ---- the rbtree ---- */

#define WALK_MAX_DEPTH	128

struct walk {
	struct iova_tree_walk *w;
	const struct iova *anchor;
	bool anchor_seen;
	char *why;
	size_t len;
	const char *rule;
};

/* The color is bit 0 of __rb_parent_color, 1 for black (lib/rbtree.c). */
static bool is_red(const struct rb_node *n)
{
	return n && !(n->__rb_parent_color & 1);
}

static bool visit(struct walk *c, const struct rb_node *n)
{
	const struct iova *x = rb_entry(n, struct iova, node);
	struct iova_tree_walk *w = c->w;
	const struct iova_tree_node *prev = w->n ? &w->node[w->n - 1] : NULL;

	if (c->anchor_seen) {
		c->rule = fail("iova rbtree", c->why, c->len, "expected the anchor last in "
			       "order, found node [%#lx, %#lx] after it", x->pfn_lo, x->pfn_hi);
		return false;
	}
	if (x == c->anchor) {
		c->anchor_seen = true;
		if (prev && prev->hi >= x->pfn_lo) {
			c->rule = fail("iova tree nodes", c->why, c->len, "expected nodes below "
				       "the anchor, found [%#lx, %#lx]", prev->lo, prev->hi);
			return false;
		}
		return true;
	}
	if (x->pfn_lo > x->pfn_hi || (prev && prev->hi >= x->pfn_lo)) {
		c->rule = fail("iova tree nodes", c->why, c->len, "expected non-empty disjoint "
			       "nodes in order, found [%#lx, %#lx] after [%#lx, %#lx]", x->pfn_lo,
			       x->pfn_hi, prev ? prev->lo : 0, prev ? prev->hi : 0);
		return false;
	}
	w->node = grow(w->node, w->n, &w->cap, sizeof(*w->node));
	w->node[w->n++] = (struct iova_tree_node){ x->pfn_lo, x->pfn_hi, x };
	return true;
}

/* The black height of the subtree at n, or -1 after a failure. */
static int walk_subtree(struct walk *c, const struct rb_node *n, const struct rb_node *parent,
			unsigned int depth)
{
	int lh, rh;

	if (!n)
		return 1;
	if (depth == WALK_MAX_DEPTH) {
		c->rule = fail("iova rbtree", c->why, c->len, "expected a balanced tree, found "
			       "one deeper than %d", WALK_MAX_DEPTH);
		return -1;
	}
	if (rb_parent(n) != parent) {
		c->rule = fail("iova rbtree", c->why, c->len, "expected the node of pfn %#lx to "
			       "point back to its parent, found another parent",
			       rb_entry(n, struct iova, node)->pfn_lo);
		return -1;
	}
	if (is_red(n) && is_red(parent)) {
		c->rule = fail("iova rbtree", c->why, c->len, "expected no red node with a red "
			       "child, found one at pfn %#lx",
			       rb_entry(n, struct iova, node)->pfn_lo);
		return -1;
	}
	lh = walk_subtree(c, n->rb_left, n, depth + 1);
	if (lh < 0 || !visit(c, n))
		return -1;
	rh = walk_subtree(c, n->rb_right, n, depth + 1);
	if (rh < 0)
		return -1;
	if (lh != rh) {
		c->rule = fail("iova rbtree", c->why, c->len, "expected the same black height "
			       "on both sides of the node of pfn %#lx, found %d and %d",
			       rb_entry(n, struct iova, node)->pfn_lo, lh, rh);
		return -1;
	}
	return lh + !is_red(n);
}

const char *iova_tree_walk(struct iova_tree_walk *w, const struct iova_domain *iovad,
			   char *why, size_t len)
{
	const struct rb_node *root = iovad->rbroot.rb_node;
	struct walk c = { .w = w, .anchor = &iovad->anchor, .why = why, .len = len };

	w->n = 0;
	if (is_red(root))
		return fail("iova rbtree", why, len, "expected a black root, found a red one");
	if (walk_subtree(&c, root, NULL, 0) < 0)
		return c.rule;
	if (!c.anchor_seen)
		return fail("iova rbtree", why, len, "expected the domain's anchor in the tree, "
			    "found %u nodes without it", w->n);
	return NULL;
}

void iova_tree_walk_destroy(struct iova_tree_walk *w)
{
	free(w->node);
	w->node = NULL;
	w->n = w->cap = 0;
}

/* the index of the first node with lo >= pfn */
DMALAB_OWN_ARRAYS
static unsigned int node_pos(const struct iova_tree_walk *w, unsigned long pfn)
{
	unsigned int a = 0, b = w->n;

	while (a < b) {
		unsigned int mid = a + (b - a) / 2;

		if (w->node[mid].lo < pfn)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

const struct iova_tree_node *iova_tree_find(const struct iova_tree_walk *w, unsigned long lo,
					    unsigned long hi)
{
	unsigned int i = node_pos(w, lo);

	if (i < w->n && w->node[i].lo == lo && w->node[i].hi == hi)
		return &w->node[i];
	return NULL;
}

DMALAB_OWN_ARRAYS
const char *iova_model_check_tree(const struct iova_model *m, const struct iova_tree_walk *w,
				  char *why, size_t len)
{
	unsigned int i, j = 0, k;

	/* every node is an interval of the model */
	for (i = 0; i < w->n; i++) {
		const struct iova_tree_node *nd = &w->node[i];
		const struct iova_model_ent *e;

		while (j < m->n && m->ent[j].hi < nd->lo)
			j++;
		e = j < m->n && m->ent[j].lo <= nd->lo ? &m->ent[j] : NULL;
		if (!e)
			return fail("iova tree vs model", why, len, "expected no node at pfn %#lx "
				    "(free in the model), found node [%#lx, %#lx]", nd->lo, nd->lo,
				    nd->hi);
		if (e->kind == IOVA_MODEL_RESERVED) {
			if (nd->hi > e->hi)
				return fail("iova tree vs model", why, len, "expected nodes within "
					    "the reserved [%#lx, %#lx], found node [%#lx, %#lx]",
					    e->lo, e->hi, nd->lo, nd->hi);
			continue;
		}
		if (nd->lo != e->lo || nd->hi != e->hi ||
		    (e->kind == IOVA_MODEL_ALLOC && nd->iova != e->node))
			return fail("iova tree vs model", why, len, "expected the node of %s "
				    "[%#lx, %#lx], found node [%#lx, %#lx]%s", kind_names[e->kind],
				    e->lo, e->hi, nd->lo, nd->hi, e->kind == IOVA_MODEL_ALLOC &&
				    nd->iova != e->node ? " (another struct iova)" : "");
	}
	/* every interval has its nodes (both sorted: one pass) */
	for (i = 0, j = 0; i < m->n; i++) {
		const struct iova_model_ent *e = &m->ent[i];
		unsigned long covered = 0;

		while (j < w->n && w->node[j].lo < e->lo)
			j++;
		if (e->kind != IOVA_MODEL_RESERVED) {
			if (j == w->n || w->node[j].lo != e->lo || w->node[j].hi != e->hi)
				return fail("iova tree vs model", why, len, "expected %s [%#lx, "
					    "%#lx] in the tree, found no such node",
					    kind_names[e->kind], e->lo, e->hi);
			continue;
		}
		/* the nodes starting in it lie within it (above): add them up */
		for (k = j; k < w->n && w->node[k].lo <= e->hi; k++)
			covered += w->node[k].hi - w->node[k].lo + 1;
		if (covered != e->hi - e->lo + 1)
			return fail("iova tree vs model", why, len, "expected reserved [%#lx, "
				    "%#lx] in the tree, found pfns of it not in any node", e->lo,
				    e->hi);
	}
	return NULL;
}

/*
 * find_iova() of the first and last pfn of entry i (but with above_only),
 * and of the free pfn above it
 */
static const char *check_find_one(const struct iova_model *m, struct iova_domain *iovad,
				  unsigned int i, bool above_only, char *why, size_t len)
{
	const struct iova_model_ent *e = &m->ent[i];
	struct iova *a, *b;

	if (e->kind == IOVA_MODEL_RESERVED)
		return NULL;
	if (above_only)
		goto above;
	a = find_iova(iovad, e->lo);
	b = e->hi == e->lo ? a : find_iova(iovad, e->hi);
	if (!a || a != b || a->pfn_lo != e->lo || a->pfn_hi != e->hi ||
	    (e->kind == IOVA_MODEL_ALLOC && a != e->node))
		return fail("find_iova", why, len, "expected the node of %s [%#lx, %#lx] "
			    "for pfns %#lx and %#lx, found %s", kind_names[e->kind], e->lo,
			    e->hi, e->lo, e->hi, !a || !b ? "NULL" : "another node");
above:
	if (e->hi != ~0UL && (i + 1 == m->n || m->ent[i + 1].lo != e->hi + 1) &&
	    find_iova(iovad, e->hi + 1))
		return fail("find_iova", why, len, "expected NULL for the free pfn %#lx, "
			    "found a node", e->hi + 1);
	return NULL;
}

const char *iova_model_check_find(const struct iova_model *m, struct iova_domain *iovad,
				  char *why, size_t len)
{
	const char *rule;
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		rule = check_find_one(m, iovad, i, false, why, len);
		if (rule)
			return rule;
	}
	return NULL;
}

const char *iova_model_check_find_near(const struct iova_model *m, struct iova_domain *iovad,
				       unsigned long lo, unsigned long hi, unsigned int *cursor,
				       unsigned int count, char *why, size_t len)
{
	const char *rule;
	unsigned int i;

	if (!m->n)
		return NULL;
	/* the entry before [lo, hi] (the pfn above it may be free now), those in it */
	i = find_pos(m, lo);
	if (i && m->ent[i - 1].hi < lo) {
		rule = check_find_one(m, iovad, i - 1, true, why, len);
		if (rule)
			return rule;
	}
	for (i = i ? i - 1 : 0; i < m->n && m->ent[i].lo <= hi; i++) {
		if (m->ent[i].hi < lo)
			continue;
		rule = check_find_one(m, iovad, i, false, why, len);
		if (rule)
			return rule;
	}
	/* and count more in turn */
	for (; count; count--, (*cursor)++) {
		rule = check_find_one(m, iovad, *cursor % m->n, false, why, len);
		if (rule)
			return rule;
	}
	return NULL;
}

DMALAB_OWN_ARRAYS
void iova_model_cached_census(const struct iova_model *m, const struct iova_tree_walk *w,
			      const struct iova_model_ent *except, unsigned int *kept,
			      unsigned int *gone)
{
	unsigned int i;

	*kept = *gone = 0;
	for (i = 0; i < m->n; i++) {
		const struct iova_model_ent *e = &m->ent[i];

		if (e->kind != IOVA_MODEL_CACHED || e == except)
			continue;
		if (iova_tree_find(w, e->lo, e->hi))
			(*kept)++;
		else
			(*gone)++;
	}
}

/* Is [lo, hi] a node of the domain's tree, found by find_iova()? */
static bool tree_has(struct iova_domain *iovad, unsigned long lo, unsigned long hi)
{
	struct iova *node = find_iova(iovad, lo);

	return node && node->pfn_lo == lo && node->pfn_hi == hi;
}

void iova_model_cached_census_find(const struct iova_model *m, struct iova_domain *iovad,
				   const struct iova_model_ent *except, unsigned int *kept,
				   unsigned int *gone)
{
	unsigned int i, first = m->n, cached = 0;

	*kept = *gone = 0;
	for (i = 0; i < m->n; i++) {
		if (m->ent[i].kind != IOVA_MODEL_CACHED || &m->ent[i] == except)
			continue;
		if (first == m->n)
			first = i;
		cached++;
	}
	if (!cached)
		return;
	if (tree_has(iovad, m->ent[first].lo, m->ent[first].hi)) {
		*kept = cached;		/* no flush: the others are the walk's to see */
		return;
	}
	for (i = first; i < m->n; i++) {
		const struct iova_model_ent *e = &m->ent[i];

		if (e->kind != IOVA_MODEL_CACHED || e == except)
			continue;
		if (tree_has(iovad, e->lo, e->hi))
			(*kept)++;
		else
			(*gone)++;
	}
}

unsigned int iova_model_drop_cached(struct iova_model *m, const struct iova_tree_walk *w)
{
	unsigned int i = 0, n = 0;

	while (i < m->n) {
		struct iova_model_ent *e = &m->ent[i];

		if (e->kind == IOVA_MODEL_CACHED && (!w || !iova_tree_find(w, e->lo, e->hi))) {
			iova_model_free(m, e);
			n++;
			continue;
		}
		i++;
	}
	return n;
}

DMALAB_NOCOV_END
