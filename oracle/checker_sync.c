// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ground-truth checker (checker.h says what it promises): cache
 * maintenance, and acting as the device.
 *
 * Everything here is computed from the model the caller recorded and from
 * what a device would see: page-table walks (iommu_iova_to_phys), the
 * direct translation (dma_to_phys), and the bytes in memory. Nothing calls
 * the mapping code under test.
 */
#include "oracle/checker_internal.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* ---- arch cache maintenance ---------------------------------------------- */

struct ival {
	u64 s, e;
};

static int ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

/* Sort and merge in place; returns the new count. */
static size_t ival_merge(struct ival *v, size_t n)
{
	size_t i, k = 0;

	ck_sort(v, n, sizeof(*v), ival_cmp);
	for (i = 0; i < n; i++) {
		if (k && v[i].s <= v[k - 1].e)
			v[k - 1].e = max(v[k - 1].e, v[i].e);
		else
			v[k++] = v[i];
	}
	return k;
}

/* The first byte of a (merged) that b (merged) misses, or ~0. */
static u64 ival_first_missing(const struct ival *a, size_t na, const struct ival *b, size_t nb)
{
	size_t i, j = 0;

	for (i = 0; i < na; i++) {
		u64 x = a[i].s;

		while (x < a[i].e) {
			while (j < nb && b[j].e <= x)
				j++;
			if (j == nb || b[j].s > x)
				return x;
			x = b[j].e;
		}
	}
	return ~0ULL;
}

struct ev {
	u64 x;
	int d;		/* +1/-1 for records, +2/-2 for allowances */
};

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return x->d - y->d;	/* ends before starts at the same byte */
}

/*
 * The first byte that more records cover than allowances do, or ~0: a byte
 * may be synced as often as the mapping's ranges name it (an sg list may
 * name the same memory twice), and no more.
 */
static u64 ival_over(struct checker *ck, const struct ival *rec, size_t nrec,
		     const struct ival *allow, size_t nallow)
{
	struct ev *ev = scratch(ck, SCRATCH_EV, 2 * (nrec + nallow + 1) * sizeof(*ev));
	size_t n = 0, i;
	int recs = 0, allows = 0;
	u64 bad = ~0ULL;

	for (i = 0; i < nrec; i++) {
		ev[n++] = (struct ev){ rec[i].s, 1 };
		ev[n++] = (struct ev){ rec[i].e, -1 };
	}
	for (i = 0; i < nallow; i++) {
		ev[n++] = (struct ev){ allow[i].s, 2 };
		ev[n++] = (struct ev){ allow[i].e, -2 };
	}
	ck_sort(ev, n, sizeof(*ev), ev_cmp);
	for (i = 0; i < n && bad == ~0ULL; i++) {
		if (ev[i].d == 1 || ev[i].d == -1)
			recs += ev[i].d;
		else
			allows += ev[i].d / 2;
		/* check once all events at this byte are in */
		if ((i + 1 == n || ev[i + 1].x != ev[i].x) && recs > allows &&
		    (i + 1 == n || ev[i + 1].x > ev[i].x))
			bad = ev[i].x;
	}
	return bad;
}

bool check_syncs(struct checker *ck, const struct check_map *m, unsigned long from,
		 bool for_device, bool granule_slack)
{
	return check_syncs_range(ck, m, 0, ~(dma_addr_t)0, from, for_device, granule_slack);
}

bool check_syncs_range(struct checker *ck, const struct check_map *m, dma_addr_t dma,
		       dma_addr_t end, unsigned long from, bool for_device,
		       bool granule_slack)
{
	unsigned long nr = dmalab_arch_syncs(), i;
	struct ival *rec, *exp, *slack;
	size_t nrec = 0, nexp = 0, nslack, k;
	unsigned long g = m->cd->granule;
	const char *kind = for_device ? "arch_sync_dma_for_device" : "arch_sync_dma_for_cpu";
	bool ok = true;
	u64 x;

	begin_call(ck);
	if (from > nr)
		return fail(ck, "check_syncs: record %lu does not exist yet (%lu recorded)",
			    from, nr);
	/* no cache maintenance at all: a coherent device, SKIP_CPU_SYNC, MMIO */
	if (dev_is_dma_coherent(m->cd->dev) ||
	    (m->attrs & (DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_MMIO))) {
		if (nr != from)
			return fail(ck, "map #%lu: %lu arch_sync_dma_* calls on a %s mapping, "
				    "expected none", m->id, nr - from,
				    dev_is_dma_coherent(m->cd->dev) ? "coherent device's" :
				    m->attrs & DMA_ATTR_MMIO ? "DMA_ATTR_MMIO" :
				    "DMA_ATTR_SKIP_CPU_SYNC");
		end_call(ck);
		return true;
	}
	rec = scratch(ck, SCRATCH_REC, (nr - from + 1) * sizeof(*rec));
	exp = scratch(ck, SCRATCH_EXP, (m->nr + 1) * sizeof(*exp));
	slack = scratch(ck, SCRATCH_SLACK, (m->nr + 1) * sizeof(*slack));
	for (i = from; i < nr; i++) {
		const struct dmalab_sync_record *r = dmalab_arch_sync(i);

		if (r->for_device != for_device)
			continue;
		if (r->dir != (int)m->dir)
			ok = fail(ck, "map #%lu: %s(%#llx, %#zx) with direction %s, mapped %s",
				  m->id, kind, (unsigned long long)r->paddr, r->size,
				  dir_name(r->dir), dir_name(m->dir));
		rec[nrec++] = (struct ival){ r->paddr, r->paddr + r->size };
	}
	for (k = 0; k < m->nr; k++) {
		const struct check_piece *p = &m->p[k];
		u64 cs = max((u64)p->dma, (u64)dma), ce = min((u64)(p->dma + p->len), (u64)end);
		phys_addr_t t;

		if (cs >= ce)
			continue;
		if (!p->resolved) {
			ok = fail(ck, "map #%lu: range dma %#llx was not verified: call "
				  "check_verify() before check_syncs()", m->id,
				  (unsigned long long)p->dma);
			continue;
		}
		t = p->target + (cs - p->dma);
		exp[nexp] = (struct ival){ t, t + (ce - cs) };
		slack[nexp++] = (struct ival){ align_dn(t, g), align_up(t + (ce - cs), g) };
	}
	/* no byte synced more often than the mapping names it */
	x = ival_over(ck, rec, nrec, granule_slack ? slack : exp, nexp);
	if (x != ~0ULL)
		ok = fail(ck, "map #%lu: %s syncs phys %#llx more often than the mapping "
			  "names it", m->id, kind, (unsigned long long)x);
	nrec = ival_merge(rec, nrec);
	nslack = ival_merge(slack, nexp);
	nexp = ival_merge(exp, nexp);
	if (!granule_slack) {
		memcpy(slack, exp, nexp * sizeof(*exp));
		nslack = nexp;
	}
	x = ival_first_missing(exp, nexp, rec, nrec);
	if (x != ~0ULL)
		ok = fail(ck, "map #%lu (%s): %s missed phys %#llx, which the device reaches",
			  m->id, dir_name(m->dir), kind, (unsigned long long)x);
	x = ival_first_missing(rec, nrec, slack, nslack);
	if (x != ~0ULL)
		ok = fail(ck, "map #%lu (%s): %s synced phys %#llx, which the device does not "
			  "reach through this mapping%s", m->id, dir_name(m->dir), kind,
			  (unsigned long long)x, granule_slack ? " (nor its granules)" : "");
	end_call(ck);
	return ok;
}

/* ---- acting as the device ------------------------------------------------ */

static bool dma_access(struct checker *ck, struct device *dev, dma_addr_t dma,
		       void *buf, size_t len, bool write)
{
	struct check_dev *cd = find_dev(ck, dev);
	unsigned char *b = buf;
	size_t done = 0;

	begin_call(ck);
	if (!cd)
		return fail(ck, "%s is not registered", dev_name(dev));
	while (done < len) {
		dma_addr_t a = dma + done;
		size_t chunk = min((size_t)(cd->granule - (a & (cd->granule - 1))), len - done);
		phys_addr_t t = xlate(cd, a);

		if ((cd->iommu && !t) || !is_ram(t, chunk))
			return fail(ck, "%s: device %s at dma %#llx: %s", dev_name(dev),
				    write ? "write" : "read", (unsigned long long)a,
				    t ? "not RAM" : "not mapped");
		if (write)
			memcpy(phys_to_virt(t), b + done, chunk);
		else
			memcpy(b + done, phys_to_virt(t), chunk);
		done += chunk;
	}
	if (write) {
		struct check_map *m;
		unsigned int i;

		for (m = cd->maps; m; m = m->next)
			for (i = 0; i < m->nr; i++)
				if (m->p[i].dma < dma + len && dma < m->p[i].dma + m->p[i].len)
					m->p[i].dev_written = true;
	}
	return true;
}

bool check_dma_write(struct checker *ck, struct device *dev, dma_addr_t dma,
		     const void *src, size_t len)
{
	return dma_access(ck, dev, dma, (void *)src, len, true);
}

bool check_dma_read(struct checker *ck, struct device *dev, dma_addr_t dma,
		    void *dst, size_t len)
{
	return dma_access(ck, dev, dma, dst, len, false);
}

DMALAB_NOCOV_END
