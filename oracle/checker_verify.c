// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ground-truth checker (checker.h says what it promises): V1-V9 over
 * every device and domain, and the teardown check.
 *
 * Everything here is computed from the model the caller recorded and from
 * what a device would see: page-table walks (iommu_iova_to_phys), the
 * direct translation (dma_to_phys), and the bytes in memory. Nothing calls
 * the mapping code under test.
 */
#include "oracle/checker_internal.h"
#include <linux/iova.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* ---- V1, V2, V3: translation of one range -------------------------------- */

/*
 * Sample offsets of a range: its first and last byte and both bytes around
 * each granule boundary inside it. Calls fn until it returns false.
 */
static bool for_each_sample(dma_addr_t dma, size_t len, unsigned long g,
			    unsigned int budget, bool (*fn)(void *arg, size_t off), void *arg)
{
	u64 first = align_dn(dma, g) + g, b, n, i, step = 1;

	if (!fn(arg, 0))
		return false;
	n = first < dma + len ? (dma + len - 1 - first) / g + 1 : 0;	/* boundaries */
	/* with a budget: the first and last quarter of it, the rest spread */
	if (budget && n > budget)
		step = (n - budget / 2) / (budget / 2) + 1;
	for (i = 0; i < n; i += (budget && n > budget && i >= budget / 4 &&
				 i < n - budget / 4) ? step : 1) {
		b = first + i * g;
		if (!fn(arg, b - 1 - dma) || !fn(arg, b - dma))
			return false;
	}
	return len == 1 || fn(arg, len - 1);
}

struct sample_state {
	struct check_dev *cd;
	struct check_map *m;
	struct check_piece *p;
	int mode;		/* 0 undecided, 1 the buffer, 2 a bounce copy */
	phys_addr_t base;	/* the bounce copy of byte 0 */
};

static bool sample_one(void *arg, size_t off)
{
	struct sample_state *st = arg;
	struct check_piece *p = st->p;
	struct checker *ck = st->cd->ck;
	dma_addr_t a = p->dma + off;
	phys_addr_t t = xlate(st->cd, a);

	if (!st->mode) {
		if (t == p->phys + off) {
			st->mode = 1;
		} else if (p->may_bounce && dmalab_is_swiotlb_addr(t)) {
			st->mode = 2;
			st->base = t - off;
		} else {
			return fail(ck, "%s map #%lu (%s): dma %#llx (+%#zx of %#zx at dma %#llx): "
				    "expected phys %#llx%s, found %#llx%s", dev_name(st->cd->dev),
				    st->m->id, dir_name(st->m->dir), (unsigned long long)a, off,
				    p->len, (unsigned long long)p->dma,
				    (unsigned long long)(p->phys + off),
				    p->may_bounce ? " or a swiotlb copy" : "",
				    (unsigned long long)t, t ? "" : " (not mapped)");
		}
		return true;
	}
	if (st->mode == 1 && t != p->phys + off)
		return fail(ck, "%s map #%lu (%s): dma %#llx (+%#zx of %#zx at dma %#llx): "
			    "expected phys %#llx, found %#llx%s", dev_name(st->cd->dev), st->m->id,
			    dir_name(st->m->dir), (unsigned long long)a, off, p->len,
			    (unsigned long long)p->dma, (unsigned long long)(p->phys + off),
			    (unsigned long long)t, t ? "" : " (not mapped)");
	if (st->mode == 2 && t != st->base + off)
		return fail(ck, "%s map #%lu (%s): dma %#llx (+%#zx of %#zx at dma %#llx): "
			    "bounced range not contiguous: expected swiotlb %#llx, found %#llx "
			    "(buffer phys %#llx)", dev_name(st->cd->dev), st->m->id,
			    dir_name(st->m->dir), (unsigned long long)a, off, p->len,
			    (unsigned long long)p->dma, (unsigned long long)(st->base + off),
			    (unsigned long long)t, (unsigned long long)(p->phys + off));
	return true;
}

/* Is [a, b) inside another range of m (the neighbours of piece i)? */
static bool covered_by_other(const struct check_map *m, unsigned int i, u64 a, u64 b)
{
	if (i > 0 && m->p[i - 1].dma <= a && b <= m->p[i - 1].dma + m->p[i - 1].len)
		return true;
	if (i + 1 < m->nr && m->p[i + 1].dma <= a && b <= m->p[i + 1].dma + m->p[i + 1].len)
		return true;
	return false;
}

/* V8: the padding [a, b) of a partial granule of piece i (untrusted device) */
static bool check_padding(struct check_dev *cd, struct check_map *m, unsigned int i,
			  u64 a, u64 b)
{
	struct checker *ck = cd->ck;
	const unsigned char *bytes;
	phys_addr_t t;
	u64 x;

	/* bytes of neighbouring ranges of the same mapping are not padding */
	if (i > 0)
		a = max(a, (u64)(m->p[i - 1].dma + m->p[i - 1].len));
	if (i + 1 < m->nr)
		b = min(b, (u64)m->p[i + 1].dma);
	if (a >= b)
		return true;
	t = xlate(cd, a);
	if (!dmalab_is_swiotlb_addr(t) || !dmalab_is_swiotlb_addr(t + (b - a) - 1))
		return fail(ck, "%s map #%lu (%s): untrusted device reaches %#llx bytes of RAM "
			    "outside its mappings: dma %#llx -> phys %#llx (the range is dma "
			    "%#llx + %#zx, phys %#llx; granule %#lx)", dev_name(cd->dev), m->id,
			    dir_name(m->dir), (unsigned long long)(b - a), (unsigned long long)a,
			    (unsigned long long)t, (unsigned long long)m->p[i].dma, m->p[i].len,
			    (unsigned long long)m->p[i].phys, cd->granule);
	bytes = phys_to_virt(t);
	/* the quick test first; the loop only to name the byte */
	if (!bytes[0] && !memcmp(bytes, bytes + 1, b - a - 1))
		return true;
	for (x = 0; x < b - a; x++)
		if (bytes[x])
			return fail(ck, "%s map #%lu (%s): untrusted device sees byte %#02x in the "
				    "padding of a bounced granule: dma %#llx -> swiotlb %#llx "
				    "(expected zero)", dev_name(cd->dev), m->id, dir_name(m->dir),
				    bytes[x], (unsigned long long)(a + x),
				    (unsigned long long)(t + x));
	return true;
}

/*
 * Did swiotlb allocate the slot holding copy byte t to the buffer byte at
 * phys? swiotlb_tbl_map_single() records, for each slot of an allocation,
 * the buffer address of the slot's first byte less the allocation's offset
 * within its first slot (under one slot): so phys lies within a slot of
 * that record, never in a free slot (INVALID_PHYS_ADDR) or another's.
 */
static bool slot_holds(phys_addr_t t, phys_addr_t phys)
{
	phys_addr_t orig = dmalab_swiotlb_slot_orig(t);

	return orig != INVALID_PHYS_ADDR && phys + IO_TLB_SIZE > orig &&
	       phys < orig + IO_TLB_SIZE;
}

/* V2: swiotlb still holds the slots of a bounced piece copied at base for it */
static bool check_slots(struct check_dev *cd, struct check_map *m, const struct check_piece *p,
			phys_addr_t base)
{
	if (slot_holds(base, p->phys) && slot_holds(base + p->len - 1, p->phys + p->len - 1))
		return true;
	return fail(cd->ck, "%s map #%lu: bounced range dma %#llx + %#zx reaches swiotlb "
		    "%#llx, whose slots swiotlb has not allocated to the buffer at %#llx "
		    "(slot of the first byte: %#llx, of the last: %#llx)",
		    dev_name(cd->dev), m->id, (unsigned long long)p->dma, p->len,
		    (unsigned long long)base, (unsigned long long)p->phys,
		    (unsigned long long)dmalab_swiotlb_slot_orig(base),
		    (unsigned long long)dmalab_swiotlb_slot_orig(base + p->len - 1));
}

/*
 * The boundaries V1 samples in each range of m (0: all): the budget, but
 * shared when the mapping has more than 4 ranges (an sg table of a 2 MiB
 * folio in 64 KiB segments is 32 ranges): 4 budgets over all of them, at
 * least 4 a range, so that each range's first and last boundary are still
 * sampled on both sides.
 */
static unsigned int piece_budget(const struct checker *ck, const struct check_map *m)
{
	unsigned int b = ck->sample_budget;

	if (!b || m->nr <= 4)
		return b;
	return max(4U, min(b, 4 * b / m->nr));
}

/* ---- V9: the IOVA is the allocator's ----------------------------------- */

/*
 * The IOVA allocator of a DMA-API domain, or NULL (direct, identity, a
 * domain without dma-iommu's cookie). struct iommu_dma_cookie is private
 * to drivers/iommu/dma-iommu.c; what is used here is one fact of it, that
 * it starts with its struct iova_domain (DUPLICATED: checked against the
 * tree by scripts/check-duplicated.sh, iommu_dma_cookie_first_member).
 */
struct iova_domain *dma_iovad(const struct check_dev *cd)
{
	const struct iommu_domain *d = cd->iommu;

	if (!d || d->cookie_type != IOMMU_COOKIE_DMA_IOVA || !d->iova_cookie)
		return NULL;
	return (struct iova_domain *)d->iova_cookie;
}

/*
 * V9: every IOVA granule of [start, end) lies in one range the domain's
 * IOVA allocator handed out and still holds (find_iova()): a mapping or a
 * reservation outside it is IOVA space the allocator will give to someone
 * else.
 */
static bool check_allocated(struct check_dev *cd, const struct check_map *m, u64 start,
			    u64 end, const char *what)
{
	struct iova_domain *iovad = dma_iovad(cd);
	unsigned long lo, hi;
	struct iova *n;

	if (!iovad || end <= start || cd->ck->skip_v9)
		return true;
	lo = start >> iova_shift(iovad);
	hi = (end - 1) >> iova_shift(iovad);
	n = find_iova(iovad, lo);
	if (n && n->pfn_hi >= hi)
		return true;
	if (!n)
		return fail(cd->ck, "%s map #%lu: %s dma %#llx + %#llx: its first IOVA granule "
			    "is not allocated in the domain's IOVA allocator",
			    dev_name(cd->dev), m->id, what, (unsigned long long)start,
			    (unsigned long long)(end - start));
	return fail(cd->ck, "%s map #%lu: %s dma %#llx + %#llx runs past its IOVA "
		    "allocation (pfns %#lx-%#lx, granule %#lx)", dev_name(cd->dev), m->id, what,
		    (unsigned long long)start, (unsigned long long)(end - start), n->pfn_lo,
		    n->pfn_hi, iovad->granule);
}

static bool verify_piece(struct check_dev *cd, struct check_map *m, unsigned int i)
{
	struct check_piece *p = &m->p[i];
	struct checker *ck = cd->ck;
	struct sample_state st = { .cd = cd, .m = m, .p = p };
	unsigned long g = cd->granule;
	u64 gs = align_dn(p->dma, g), ge = align_up(p->dma + p->len, g);
	u64 limit = dma_limit(cd);
	phys_addr_t target;
	bool ok = true;

	p->resolved = false;
	/* V6 */
	if (limit && p->dma + p->len - 1 > limit)
		ok = fail(ck, "%s map #%lu: dma %#llx + %#zx is above the device's limit %#llx",
			  dev_name(cd->dev), m->id, (unsigned long long)p->dma, p->len,
			  (unsigned long long)limit);
	if (m->has_resv && (p->dma < m->resv || p->dma + p->len > m->resv + m->resv_len))
		ok = fail(ck, "%s map #%lu: linked range dma %#llx + %#zx is outside its IOVA "
			  "reservation %#llx + %#zx", dev_name(cd->dev), m->id,
			  (unsigned long long)p->dma, p->len, (unsigned long long)m->resv,
			  m->resv_len);
	/* V1, V2 */
	if (!for_each_sample(p->dma, p->len, g, piece_budget(ck, m), sample_one, &st))
		return false;
	target = st.mode == 2 ? st.base : p->phys;
	if (st.mode == 2 && (!dmalab_is_swiotlb_addr(st.base) ||
			     !dmalab_is_swiotlb_addr(st.base + p->len - 1)))
		return fail(ck, "%s map #%lu: bounced range dma %#llx + %#zx leaves the swiotlb "
			    "pool (copy at %#llx)", dev_name(cd->dev), m->id,
			    (unsigned long long)p->dma, p->len, (unsigned long long)st.base);
	if (st.mode == 2 && !check_slots(cd, m, p, st.base))
		return false;
	/* V3, and the rest of the partial granules at both ends */
	if (cd->iommu) {
		if ((p->dma ^ target) & (g - 1))
			return fail(ck, "%s map #%lu: dma %#llx and what it reaches, %#llx, differ "
				    "in their offset within the %#lx granule", dev_name(cd->dev),
				    m->id, (unsigned long long)p->dma,
				    (unsigned long long)target, g);
		if (gs < p->dma && !covered_by_other(m, i, gs, p->dma) &&
		    xlate(cd, gs) != target - (p->dma - gs))
			return fail(ck, "%s map #%lu: first byte of the granule of dma %#llx: "
				    "dma %#llx expected phys %#llx, found %#llx", dev_name(cd->dev),
				    m->id, (unsigned long long)p->dma, (unsigned long long)gs,
				    (unsigned long long)(target - (p->dma - gs)),
				    (unsigned long long)xlate(cd, gs));
		if (ge > p->dma + p->len && !covered_by_other(m, i, p->dma + p->len, ge) &&
		    xlate(cd, ge - 1) != target + (ge - 1 - p->dma))
			return fail(ck, "%s map #%lu: last byte of the granule of dma %#llx: "
				    "dma %#llx expected phys %#llx, found %#llx", dev_name(cd->dev),
				    m->id, (unsigned long long)(p->dma + p->len - 1),
				    (unsigned long long)(ge - 1),
				    (unsigned long long)(target + (ge - 1 - p->dma)),
				    (unsigned long long)xlate(cd, ge - 1));
	}
	/*
	 * V2: the copy holds the buffer's bytes, whatever the direction:
	 * swiotlb_tbl_map_single() copies the buffer in for DMA_FROM_DEVICE
	 * too, so a partial device write leaves the rest as it was.
	 * (With a sampling budget, once: only the device writes the copy after;
	 * and against the buffer itself, which nothing has written since the
	 * range was recorded: cmp_buffer.)
	 */
	if (st.mode == 2 && (p->has_hash || p->cmp_buffer) && !p->dev_written &&
	    !(ck->sample_budget && p->copy_checked) &&
	    (p->cmp_buffer ? memcmp(phys_to_virt(target), phys_to_virt(p->phys), p->len) :
	     fnv1a(phys_to_virt(target), p->len) != p->hash)) {
		const unsigned char *c = phys_to_virt(target), *o = phys_to_virt(p->phys);
		size_t x;

		for (x = 0; x < p->len && c[x] == o[x]; x++)
			;
		if (x < p->len)
			return fail(ck, "%s map #%lu (%s): swiotlb copy %#llx of phys %#llx + %#zx "
				    "(dma %#llx) differs from the buffer at +%#zx: %#02x, buffer "
				    "%#02x", dev_name(cd->dev), m->id, dir_name(m->dir),
				    (unsigned long long)target, (unsigned long long)p->phys,
				    p->len, (unsigned long long)p->dma, x, c[x], o[x]);
		return fail(ck, "%s map #%lu (%s): swiotlb copy %#llx of phys %#llx + %#zx "
			    "(dma %#llx) is not what the buffer held when mapped (the buffer "
			    "changed since)", dev_name(cd->dev), m->id, dir_name(m->dir),
			    (unsigned long long)target, (unsigned long long)p->phys, p->len,
			    (unsigned long long)p->dma);
	}
	if (st.mode == 2)
		p->copy_checked = true;
	/* V8 */
	if (cd->iommu && cd->untrusted && !(m->attrs & DMA_ATTR_MMIO)) {
		if (gs < p->dma && !check_padding(cd, m, i, gs, p->dma))
			return false;
		if (ge > p->dma + p->len && !check_padding(cd, m, i, p->dma + p->len, ge))
			return false;
	}
	/* V9 */
	if (!check_allocated(cd, m, gs, ge, "range"))
		ok = false;
	if (!ok)
		return false;
	p->resolved = true;
	p->bounced = st.mode == 2;
	p->target = target;
	return true;
}

static bool verify_segments(struct check_dev *cd, struct check_map *m)
{
	unsigned long max = dma_get_max_seg_size(cd->dev);
	unsigned long mask = dma_get_seg_boundary(cd->dev);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < m->nr_segs; i++) {
		const struct check_seg *s = &m->segs[i];

		if (s->len > max)
			ok = fail(cd->ck, "%s map #%lu: DMA segment %u (dma %#llx + %#zx) is "
				  "longer than the max segment size %#lx", dev_name(cd->dev),
				  m->id, i, (unsigned long long)s->dma, s->len, max);
		if (s->len && (s->dma & ~(u64)mask) != ((s->dma + s->len - 1) & ~(u64)mask))
			ok = fail(cd->ck, "%s map #%lu: DMA segment %u (dma %#llx + %#zx) crosses "
				  "a segment boundary (mask %#lx)", dev_name(cd->dev), m->id, i,
				  (unsigned long long)s->dma, s->len, mask);
	}
	return ok;
}

/* ---- incremental verification: what can have changed -------------------- */

static int seg_cmp(const void *a, const void *b)
{
	const struct check_seg *x = a, *y = b;

	return (x->dma > y->dma) - (x->dma < y->dma);
}

/*
 * cd->dirty: the IOVA the domain's page table was asked to change since
 * the last call (dmalab_domain_changes()), granule-aligned and widened by
 * a granule on each side (the probes before and after a mapping), sorted
 * and merged.
 */
static void collect_dirty(struct check_dev *cd)
{
	struct dmalab_iova_range r[DMALAB_DOMAIN_CHANGES];
	unsigned long g = cd->granule;
	unsigned int i, k = 0;
	int n;

	cd->nr_dirty = 0;
	cd->dirty_all = false;
	if (!cd->iommu)
		return;		/* a direct translation never changes */
	n = dmalab_domain_changes(cd->domain, &cd->change_seen, r, ARRAY_SIZE(r));
	if (n < 0) {
		cd->dirty_all = true;
		return;
	}
	if ((unsigned int)n > cd->cap_dirty) {
		cd->cap_dirty = n;
		cd->dirty = xrealloc(cd->dirty, n * sizeof(*cd->dirty));
	}
	for (i = 0; i < (unsigned int)n; i++) {
		u64 start = align_dn(r[i].start, g), end = align_up(r[i].last + 1, g);

		start = start >= g ? start - g : 0;
		end = end + g > end ? end + g : ~0ULL;
		cd->dirty[i] = (struct check_seg){ start, end - start };
	}
	ck_sort(cd->dirty, n, sizeof(*cd->dirty), seg_cmp);
	for (i = 0; i < (unsigned int)n; i++) {
		struct check_seg *last = k ? &cd->dirty[k - 1] : NULL;

		if (last && cd->dirty[i].dma <= last->dma + last->len) {
			u64 end = max(last->dma + last->len, cd->dirty[i].dma + cd->dirty[i].len);

			last->len = end - last->dma;
		} else {
			cd->dirty[k++] = cd->dirty[i];
		}
	}
	cd->nr_dirty = k;
}

/* Does [s, e) meet what the device's domain changed? */
static bool dev_dirty(const struct check_dev *cd, u64 s, u64 e)
{
	unsigned int a = 0, b = cd->nr_dirty;

	if (cd->dirty_all)
		return true;
	/* the first span that ends after s */
	while (a < b) {
		unsigned int mid = a + (b - a) / 2;

		if (cd->dirty[mid].dma + cd->dirty[mid].len <= s)
			a = mid + 1;
		else
			b = mid;
	}
	return a < cd->nr_dirty && cd->dirty[a].dma < e;
}

/* The same for a domain, over every device of the checker on it; always without increments. */
static bool dom_dirty(struct checker *ck, struct dmalab_domain *domain, u64 s, u64 e)
{
	unsigned int di;

	if (!ck->incremental)
		return true;
	for (di = 0; di < ck->nr_devs; di++)
		if (ck->devs[di]->domain == domain && ck->devs[di]->iommu &&
		    dev_dirty(ck->devs[di], s, e))
			return true;
	return false;
}

/*
 * Incremental: a piece is verified when it is new (never verified, or
 * split since), when its granules meet what the page table was asked to
 * change, or in its turn. (A bounced piece's slots are checked on every
 * call besides: swiotlb changes without the page table.)
 */
static bool must_verify(const struct checker *ck, const struct check_dev *cd,
			const struct check_piece *p, bool in_turn)
{
	unsigned long g = cd->granule;

	if (!ck->incremental || !p->resolved || in_turn)
		return true;
	return cd->iommu && dev_dirty(cd, align_dn(p->dma, g), align_up(p->dma + p->len, g));
}

/* ---- V4, V5: the IOVA space of a domain --------------------------------- */

struct ext {
	u64 start, end;
	const struct check_map *m;
	bool resv;
};

static int ext_cmp(const void *a, const void *b)
{
	const struct ext *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}


static bool probe_unmapped(struct check_dev *cd, u64 a, const char *why)
{
	struct iommu_domain *dom = cd->iommu;
	phys_addr_t t;

	if (a < dom->geometry.aperture_start || a > dom->geometry.aperture_end)
		return true;
	t = iommu_iova_to_phys(dom, a);
	if (t)
		return fail(cd->ck, "domain of %s: dma %#llx (%s) is mapped to phys %#llx, "
			    "but no live mapping covers it", dev_name(cd->dev),
			    (unsigned long long)a, why, (unsigned long long)t);
	return true;
}

/* Unlinked granules of a reservation translate to nothing. */
static bool probe_reservation(struct check_dev *cd, const struct check_map *m)
{
	unsigned long g = cd->granule;
	u64 a = align_dn(m->resv, g), end = align_up(m->resv + m->resv_len, g);
	unsigned int i = 0;
	bool ok = true;

	while (a < end && ok) {
		u64 gap_end = end, x, step;

		/* skip the granules ranges cover */
		while (i < m->nr && align_up(m->p[i].dma + m->p[i].len, g) <= a)
			i++;
		if (i < m->nr && align_dn(m->p[i].dma, g) <= a) {
			a = align_up(m->p[i].dma + m->p[i].len, g);
			continue;
		}
		if (i < m->nr)
			gap_end = min(end, align_dn(m->p[i].dma, g));
		/* a gap [a, gap_end): its ends and up to 64 granules between */
		step = max((u64)g, align_up((gap_end - a) / 64, g));
		for (x = a; x < gap_end && ok; x += step)
			ok = probe_unmapped(cd, x, "unlinked IOVA of a reservation") &&
			     probe_unmapped(cd, x + g - 1, "unlinked IOVA of a reservation");
		if (ok)
			ok = probe_unmapped(cd, gap_end - 1, "unlinked IOVA of a reservation");
		a = gap_end;
	}
	return ok;
}

static bool verify_domain(struct checker *ck, struct dmalab_domain *domain)
{
	struct check_dev *first = NULL;
	struct ext *e = NULL;
	size_t n = 0, cap = 0, i;
	u64 union_bytes = 0, mapped, run_s = 0, run_e = 0;
	const struct check_map *owner = NULL;
	u64 owner_end = 0;
	bool ok = true, have_run = false;
	unsigned int di, pi;

	for (di = 0; di < ck->nr_devs; di++) {
		struct check_dev *cd = ck->devs[di];
		struct check_map *m;

		if (cd->domain != domain || !cd->iommu)
			continue;
		if (!first)
			first = cd;
		for (m = cd->maps; m; m = m->next) {
			if (n + m->nr + 1 > cap) {
				cap = 2 * (n + m->nr + 1);
				e = scratch(ck, SCRATCH_EXT, cap * sizeof(*e));
			}
			for (pi = 0; pi < m->nr; pi++) {
				const struct check_piece *p = &m->p[pi];

				e[n++] = (struct ext){ align_dn(p->dma, cd->granule),
						       align_up(p->dma + p->len, cd->granule),
						       m, false };
			}
			if (m->has_resv)
				e[n++] = (struct ext){ align_dn(m->resv, cd->granule),
						       align_up(m->resv + m->resv_len, cd->granule),
						       m, true };
			if (m->nr_pads) {
				/* the padding is mapped, by design: count it in */
				if (n + m->nr_pads > cap) {
					cap = 2 * (n + m->nr_pads);
					e = scratch(ck, SCRATCH_EXT, cap * sizeof(*e));
				}
				for (pi = 0; pi < m->nr_pads; pi++)
					e[n++] = (struct ext){ m->pads[pi].dma,
							       m->pads[pi].dma + m->pads[pi].len,
							       m, false };
			}
		}
	}
	if (!first)
		return true;
	ck_sort(e, n, sizeof(*e), ext_cmp);

	/* V5: extents of different mappings do not meet */
	for (i = 0; i < n; i++) {
		if (owner && e[i].start < owner_end && e[i].m != owner)
			ok = fail(ck, "domain of %s: map #%lu and map #%lu share IOVA "
				  "[%#llx, %#llx)", dev_name(first->dev), owner->id, e[i].m->id,
				  (unsigned long long)e[i].start,
				  (unsigned long long)min(owner_end, e[i].end));
		if (!owner || e[i].end > owner_end) {
			owner = e[i].m;
			owner_end = e[i].end;
		}
	}

	/* V4: union of the ranges' extents, the page table's count, the probes */
	for (i = 0; i <= n; i++) {
		if (i < n && e[i].resv)
			continue;
		if (i < n && have_run && e[i].start <= run_e) {
			run_e = max(run_e, e[i].end);
			continue;
		}
		if (have_run) {
			u64 g = first->granule;

			union_bytes += run_e - run_s;
			if (dom_dirty(ck, domain, run_s - g, run_s))
				ok = probe_unmapped(first, run_s - g,
						    "the granule before a live mapping") && ok;
			if (dom_dirty(ck, domain, run_e, run_e + g))
				ok = probe_unmapped(first, run_e,
						    "the granule after a live mapping") && ok;
		}
		if (i < n) {
			run_s = e[i].start;
			run_e = e[i].end;
			have_run = true;
		}
	}
	mapped = dmalab_domain_mapped_bytes(domain);
	if (mapped != union_bytes)
		ok = fail(ck, "domain of %s: the page table maps %#llx bytes, the live mappings "
			  "cover %#llx (granule-aligned extents)", dev_name(first->dev),
			  (unsigned long long)mapped, (unsigned long long)union_bytes);
	for (di = 0; di < ck->nr_devs; di++) {
		struct check_dev *cd = ck->devs[di];
		struct check_map *m;

		if (cd->domain != domain || !cd->iommu)
			continue;
		for (m = cd->maps; m; m = m->next) {
			bool probed;

			if (!m->has_resv || (m->resv_probed &&
					     !dom_dirty(ck, domain, align_dn(m->resv, cd->granule),
							align_up(m->resv + m->resv_len,
								 cd->granule))))
				continue;
			probed = probe_reservation(cd, m);
			m->resv_probed = probed;
			ok = probed && ok;
		}
	}
	return ok;
}

/* V2: no two live ranges share a swiotlb byte */
static bool verify_bounce_overlap(struct checker *ck)
{
	struct ext *e = NULL;
	size_t n = 0, cap = 0, i;
	bool ok = true;
	unsigned int di, pi;

	for (di = 0; di < ck->nr_devs; di++) {
		struct check_map *m;

		for (m = ck->devs[di]->maps; m; m = m->next)
			for (pi = 0; pi < m->nr; pi++) {
				if (!m->p[pi].resolved || !m->p[pi].bounced)
					continue;
				if (n == cap) {
					cap = cap ? 2 * cap : 16;
					e = scratch(ck, SCRATCH_EXT, cap * sizeof(*e));
				}
				e[n++] = (struct ext){ m->p[pi].target,
					m->p[pi].target + m->p[pi].len, m, false };
			}
	}
	ck_sort(e, n, sizeof(*e), ext_cmp);
	for (i = 1; i < n; i++)
		if (e[i].start < e[i - 1].end)
			ok = fail(ck, "map #%lu and map #%lu share swiotlb bytes at %#llx",
				  e[i - 1].m->id, e[i].m->id, (unsigned long long)e[i].start);
	return ok;
}

/* the swiotlb pool's slot bookkeeping (dmalab_swiotlb_check_slots()) */
static bool check_swiotlb_slots(struct checker *ck, const char *when)
{
	char why[160];
	const char *rule = dmalab_swiotlb_check_slots(why, sizeof(why));

	return !rule || fail(ck, "%s: swiotlb %s: %s", when, rule, why);
}

bool check_verify(struct checker *ck)
{
	unsigned long total = 0, k = 0;
	bool ok = true;
	unsigned int di, dj;

	begin_call(ck);
	if (ck->incremental) {
		for (di = 0; di < ck->nr_devs; di++) {
			struct check_map *m;

			collect_dirty(ck->devs[di]);
			for (m = ck->devs[di]->maps; m; m = m->next)
				total += m->nr;
		}
		if (total)
			ck->cursor %= total;
	}
	for (di = 0; di < ck->nr_devs; di++) {
		struct check_dev *cd = ck->devs[di];
		struct check_map *m;

		for (m = cd->maps; m; m = m->next) {
			unsigned int i;

			for (i = 0; i < m->nr; i++, k++) {
				bool in_turn = total && (k + total - ck->cursor) % total < ck->turn;

				if (must_verify(ck, cd, &m->p[i], in_turn))
					ok = verify_piece(cd, m, i) && ok;
				else if (m->p[i].bounced)
					ok = check_slots(cd, m, &m->p[i], m->p[i].target) && ok;
			}
			if (!ck->incremental || !m->segs_checked) {
				m->segs_checked = verify_segments(cd, m);
				ok = m->segs_checked && ok;
			}
			if (m->has_resv && m->resv_len &&
			    !check_allocated(cd, m, align_dn(m->resv, cd->granule),
					     align_up(m->resv + m->resv_len, cd->granule),
					     "IOVA reservation"))
				ok = false;
			if (m->has_resv && m->resv_len && dma_limit(cd) &&
			    m->resv + m->resv_len - 1 > dma_limit(cd))
				ok = fail(ck, "%s map #%lu: IOVA reservation %#llx + %#zx is above "
					  "the device's limit %#llx", dev_name(cd->dev), m->id,
					  (unsigned long long)m->resv, m->resv_len,
					  (unsigned long long)dma_limit(cd));
		}
	}
	/* each paging domain once */
	for (di = 0; di < ck->nr_devs; di++) {
		bool seen = false;

		if (!ck->devs[di]->iommu)
			continue;
		for (dj = 0; dj < di; dj++)
			if (ck->devs[dj]->domain == ck->devs[di]->domain)
				seen = true;
		if (!seen)
			ok = verify_domain(ck, ck->devs[di]->domain) && ok;
	}
	ok = verify_bounce_overlap(ck) && ok;
	/* a full walk of the pool: the suites' checks, not each fuzzing op's */
	if (!ck->incremental)
		ok = check_swiotlb_slots(ck, "verify") && ok;
	if (total)
		ck->cursor = (ck->cursor + ck->turn) % total;
	end_call(ck);
	return ok;
}

bool check_teardown(struct checker *ck)
{
	struct dmalab_slab_stats now;
	unsigned long used = dmalab_swiotlb_used_slots();
	long pages = dmalab_node_stat(NR_IOMMU_PAGES);
	bool ok = true;
	unsigned int di;

	begin_call(ck);
	for (di = 0; di < ck->nr_devs; di++)
		if (ck->devs[di]->nr_maps)
			ok = fail(ck, "teardown: %s still has %lu recorded mappings",
				  dev_name(ck->devs[di]->dev), ck->devs[di]->nr_maps);
	if (used != ck->swiotlb_used)
		ok = fail(ck, "teardown: swiotlb has %lu used slots, %lu before", used,
			  ck->swiotlb_used);
	ok = check_swiotlb_slots(ck, "teardown") && ok;
	if (pages != ck->iommu_pages)
		ok = fail(ck, "teardown: %ld IOMMU page-table pages allocated, %ld before",
			  pages, ck->iommu_pages);
	dmalab_slab_stats(&now);
	if (now.live_objects != ck->slab.live_objects || now.live_bytes != ck->slab.live_bytes)
		ok = fail(ck, "teardown: slab has %llu objects (%llu bytes), %llu (%llu) before",
			  (unsigned long long)now.live_objects,
			  (unsigned long long)now.live_bytes,
			  (unsigned long long)ck->slab.live_objects,
			  (unsigned long long)ck->slab.live_bytes);
	end_call(ck);
	return ok;
}

DMALAB_NOCOV_END
