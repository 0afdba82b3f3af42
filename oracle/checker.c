// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ground-truth checker (checker.h says what it promises).
 *
 * Everything here is computed from the model the caller recorded and from
 * what a device would see: page-table walks (iommu_iova_to_phys), the
 * direct translation (dma_to_phys), and the bytes in memory. Nothing calls
 * the mapping code under test.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/dma-mapping.h>
#include <linux/dma-direct.h>
#include <linux/scatterlist.h>
#include <linux/pci.h>
#include <linux/swiotlb.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "oracle/checker.h"
#include "oracle/known_bugs.h"

#define MAX_REPORTS	16	/* messages per check call; then a summary */

struct check_piece {
	dma_addr_t dma;
	phys_addr_t phys;
	size_t len;
	bool may_bounce;
	bool has_hash;
	bool dev_written;	/* check_dma_write() touched it */
	bool resolved;		/* target below is from a successful V1 */
	bool bounced;
	bool copy_checked;	/* V2 compared the copy once (sampling budget) */
	u64 hash;		/* of the buffer's bytes when recorded */
	phys_addr_t target;	/* what byte 0 reaches: phys, or its bounce copy */
};

struct check_seg {
	dma_addr_t dma;
	size_t len;
};

struct check_dev;

struct check_map {
	struct check_dev *cd;
	struct check_map *prev, *next;
	unsigned long id;
	enum dma_data_direction dir;
	unsigned long attrs;
	struct check_piece *p;		/* sorted by dma, disjoint */
	unsigned int nr, cap;
	struct check_seg *segs;
	unsigned int nr_segs, cap_segs;
	bool has_resv;
	dma_addr_t resv;
	size_t resv_len;
	struct check_seg *pads;		/* segment-boundary padding (known issue) */
	unsigned int nr_pads;
};

struct check_dev {
	struct checker *ck;
	struct device *dev;
	struct dmalab_domain *domain;	/* NULL: mapped directly */
	struct iommu_domain *iommu;	/* paging domain, or NULL */
	unsigned long granule;
	bool untrusted;
	struct check_map *maps;
	unsigned long nr_maps;
};

struct checker {
	check_report_fn report;
	void *priv;
	struct check_dev **devs;
	unsigned int nr_devs, cap_devs;
	unsigned long next_id;
	unsigned int reports;		/* in the current check call */
	unsigned int suppressed;
	unsigned int sample_budget;	/* check_set_sample_budget(), 0: all */
	bool allow_sg_pad;		/* tolerating dma-iommu-sg-padding-mapped */
	unsigned long sg_pad_hits;
	/* baselines for check_teardown() */
	unsigned long swiotlb_used;
	long iommu_pages;
	struct dmalab_slab_stats slab;
};

/* ---- small things ------------------------------------------------------ */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "checker: out of memory\n");
		abort();
	}
	return p;
}

static void begin_call(struct checker *ck)
{
	ck->reports = 0;
	ck->suppressed = 0;
}

static void end_call(struct checker *ck)
{
	char msg[96];

	if (!ck->suppressed)
		return;
	snprintf(msg, sizeof(msg), "... and %u more problems", ck->suppressed);
	if (ck->report)
		ck->report(ck->priv, msg);
	else
		printf("    check: %s\n", msg);
}

static bool __attribute__((format(printf, 2, 3)))
fail(struct checker *ck, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ck->reports++ >= MAX_REPORTS) {
		ck->suppressed++;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ck->report)
		ck->report(ck->priv, msg);
	else
		printf("    check: %s\n", msg);
	return false;
}

static u64 align_dn(u64 x, u64 a)
{
	return x & ~(a - 1);
}

static u64 align_up(u64 x, u64 a)
{
	return (x + a - 1) & ~(a - 1);
}

/* A content hash, 8 bytes at a time (FNV-1a's constants, word-wise). */
static u64 fnv1a(const void *buf, size_t len)
{
	const unsigned char *b = buf;
	u64 h = 0xcbf29ce484222325ULL, w;

	for (; len >= 8; len -= 8, b += 8) {
		memcpy(&w, b, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	while (len--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static const char *dir_name(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL:	return "BIDIRECTIONAL";
	case DMA_TO_DEVICE:	return "TO_DEVICE";
	case DMA_FROM_DEVICE:	return "FROM_DEVICE";
	default:		return "NONE";
	}
}

static bool is_ram(phys_addr_t phys, size_t len)
{
	return len && pfn_valid(PHYS_PFN(phys)) && pfn_valid(PHYS_PFN(phys + len - 1));
}

/* What the device reaches at DMA address a: 0 if nothing (IOMMU). */
static phys_addr_t xlate(const struct check_dev *cd, dma_addr_t a)
{
	if (cd->iommu)
		return iommu_iova_to_phys(cd->iommu, a);
	return dma_to_phys(cd->dev, a);
}

static u64 dma_limit(const struct check_dev *cd)
{
	u64 mask = cd->dev->dma_mask ? *cd->dev->dma_mask : 0;
	u64 bus = cd->dev->bus_dma_limit;

	if (!mask)
		return bus;
	if (!bus)
		return mask;
	return mask < bus ? mask : bus;
}

static struct check_dev *find_dev(struct checker *ck, struct device *dev)
{
	unsigned int i;

	for (i = 0; i < ck->nr_devs; i++)
		if (ck->devs[i]->dev == dev)
			return ck->devs[i];
	return NULL;
}

/* ---- the checker and its devices --------------------------------------- */

struct checker *check_create(check_report_fn report, void *priv)
{
	struct checker *ck = calloc(1, sizeof(*ck));

	if (!ck)
		abort();
	ck->report = report;
	ck->priv = priv;
	ck->swiotlb_used = dmalab_swiotlb_used_slots();
	ck->iommu_pages = dmalab_node_stat(NR_IOMMU_PAGES);
	dmalab_slab_stats(&ck->slab);
	return ck;
}

static void free_map(struct check_map *m)
{
	free(m->p);
	free(m->segs);
	free(m->pads);
	free(m);
}

void check_destroy(struct checker *ck)
{
	unsigned int i;

	if (!ck)
		return;
	for (i = 0; i < ck->nr_devs; i++) {
		struct check_map *m, *next;

		for (m = ck->devs[i]->maps; m; m = next) {
			next = m->next;
			free_map(m);
		}
		free(ck->devs[i]);
	}
	free(ck->devs);
	free(ck);
}

bool check_add_device(struct checker *ck, struct device *dev)
{
	struct check_dev *cd;
	struct iommu_domain *dom;

	begin_call(ck);
	if (!dev)
		return fail(ck, "check_add_device: no device");
	if (find_dev(ck, dev))
		return fail(ck, "check_add_device: %s registered twice", dev_name(dev));
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		abort();
	cd->ck = ck;
	cd->dev = dev;
	cd->domain = dmalab_device_domain(dev);
	cd->granule = PAGE_SIZE;
	if (cd->domain) {
		dom = dmalab_domain_iommu(cd->domain);
		if (dom->type & __IOMMU_DOMAIN_PAGING) {
			cd->iommu = dom;
			cd->granule = dom->pgsize_bitmap & -dom->pgsize_bitmap;
		}
	}
	cd->untrusted = dev_is_pci(dev) && to_pci_dev(dev)->untrusted;
	if (ck->nr_devs == ck->cap_devs) {
		ck->cap_devs = ck->cap_devs ? 2 * ck->cap_devs : 4;
		ck->devs = xrealloc(ck->devs, ck->cap_devs * sizeof(*ck->devs));
	}
	ck->devs[ck->nr_devs++] = cd;
	return true;
}

bool check_remove_device(struct checker *ck, struct device *dev)
{
	struct check_dev *cd = find_dev(ck, dev);
	struct check_map *m, *next;
	bool ok = true;
	unsigned int i;

	begin_call(ck);
	if (!cd)
		return fail(ck, "check_remove_device: %s is not registered", dev_name(dev));
	if (cd->nr_maps)
		ok = fail(ck, "%s removed with %lu mappings still live", dev_name(dev),
			  cd->nr_maps);
	for (m = cd->maps; m; m = next) {
		next = m->next;
		free_map(m);
	}
	for (i = 0; i < ck->nr_devs; i++)
		if (ck->devs[i] == cd)
			ck->devs[i] = ck->devs[--ck->nr_devs];
	free(cd);
	end_call(ck);
	return ok;
}

bool check_poison_swiotlb(struct checker *ck, int byte)
{
	unsigned long pfn, first = 0, end = 0;
	unsigned int di;

	begin_call(ck);
	for (di = 0; di < ck->nr_devs; di++)
		if (ck->devs[di]->nr_maps)
			return fail(ck, "check_poison_swiotlb: %s has live mappings",
				    dev_name(ck->devs[di]->dev));
	if (dmalab_swiotlb_used_slots())
		return fail(ck, "check_poison_swiotlb: %lu swiotlb slots in use",
			    dmalab_swiotlb_used_slots());
	/* the pool is one contiguous run of page frames */
	for (pfn = 1; pfn < dmalab_max_pfn; pfn++) {
		bool in = dmalab_is_swiotlb_addr(PFN_PHYS(pfn));

		if (in && !first)
			first = pfn;
		if (!in && first) {
			end = pfn;
			break;
		}
	}
	if (!first)
		return fail(ck, "check_poison_swiotlb: no swiotlb pool found");
	memset(phys_to_virt(PFN_PHYS(first)), byte, PFN_PHYS(end - first));
	return true;
}

unsigned long check_granule(struct checker *ck, struct device *dev)
{
	struct check_dev *cd = find_dev(ck, dev);

	return cd ? cd->granule : PAGE_SIZE;
}

/* ---- recording ----------------------------------------------------------- */

struct check_map *check_map_new(struct checker *ck, struct device *dev,
				enum dma_data_direction dir, unsigned long attrs)
{
	struct check_dev *cd = find_dev(ck, dev);
	struct check_map *m;

	begin_call(ck);
	if (!cd) {
		fail(ck, "check_map_new: %s is not registered", dev ? dev_name(dev) : "NULL");
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		abort();
	m->cd = cd;
	m->id = ++ck->next_id;
	m->dir = dir;
	m->attrs = attrs;
	m->next = cd->maps;
	if (cd->maps)
		cd->maps->prev = m;
	cd->maps = m;
	cd->nr_maps++;
	return m;
}

static void hash_piece(struct check_piece *p, phys_addr_t from)
{
	p->has_hash = p->may_bounce && is_ram(from, p->len);
	if (p->has_hash)
		p->hash = fnv1a(phys_to_virt(from), p->len);
}

/* Insert keeping the order; the caller checked for overlaps. */
static void insert_piece(struct check_map *m, const struct check_piece *np)
{
	unsigned int i;

	if (m->nr == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 4;
		m->p = xrealloc(m->p, m->cap * sizeof(*m->p));
	}
	for (i = m->nr; i > 0 && m->p[i - 1].dma > np->dma; i--)
		m->p[i] = m->p[i - 1];
	m->p[i] = *np;
	m->nr++;
}

/*
 * May the kernel bounce [phys, phys + len) of m through swiotlb instead of
 * mapping it? Read from the device, as the DMA API decides it:
 *  - never memory that is not RAM (a BAR, DMA_ATTR_MMIO): a bounce would
 *    memcpy() device memory;
 *  - behind an IOMMU: an untrusted device's range that is not aligned to
 *    the granule at both ends (dma-iommu's dev_use_swiotlb() and
 *    iova_unaligned(); the sg path maps each entry so for such devices);
 *  - mapped directly: a range the device cannot address (beyond
 *    min_not_zero(dma_mask, bus_dma_limit)), or any range when swiotlb is
 *    forced for it (swiotlb=force).
 */
static bool may_bounce(const struct check_map *m, phys_addr_t phys, size_t len)
{
	const struct check_dev *cd = m->cd;
	u64 limit = dma_limit(cd);

	if ((m->attrs & DMA_ATTR_MMIO) || !is_ram(phys, len))
		return false;
	if (cd->iommu)
		return cd->untrusted && ((phys | len) & (cd->granule - 1));
	return is_swiotlb_force_bounce(cd->dev) || (limit && phys + len - 1 > limit);
}

static bool add_range(struct check_map *m, dma_addr_t dma, phys_addr_t phys,
		      size_t len, bool may_bounce)
{
	struct checker *ck = m->cd->ck;
	struct check_piece np = {
		.dma = dma, .phys = phys, .len = len, .may_bounce = may_bounce,
	};
	unsigned int i;

	begin_call(ck);
	if (!len)
		return fail(ck, "map #%lu: empty range at dma %#llx", m->id,
			    (unsigned long long)dma);
	if (dma + len - 1 < dma)
		return fail(ck, "map #%lu: range at dma %#llx + %#zx wraps", m->id,
			    (unsigned long long)dma, len);
	/*
	 * Behind an IOMMU every range has its own IOVA. A directly mapped
	 * device's DMA addresses are its physical ones: two ranges over the
	 * same memory (a list may name it twice) rightly overlap.
	 */
	for (i = 0; m->cd->iommu && i < m->nr; i++)
		if (dma < m->p[i].dma + m->p[i].len && m->p[i].dma < dma + len)
			return fail(ck, "map #%lu: range dma %#llx + %#zx overlaps the recorded "
				    "range dma %#llx + %#zx", m->id, (unsigned long long)dma,
				    len, (unsigned long long)m->p[i].dma, m->p[i].len);
	hash_piece(&np, phys);
	insert_piece(m, &np);
	return true;
}

bool check_map_range(struct check_map *m, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	return add_range(m, dma, phys, len, may_bounce(m, phys, len));
}

bool check_map_link(struct check_map *m, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	unsigned long g = m->cd->granule;
	size_t head = 0, tail = 0;

	if (m->cd->untrusted && !(m->attrs & DMA_ATTR_MMIO) && ((phys | len) & (g - 1))) {
		if (phys & (g - 1))
			head = min_t(size_t, len, g - (phys & (g - 1)));
		if (head < len)
			tail = (phys + len) & (g - 1);
	}
	if (head && !add_range(m, dma, phys, head, true))
		return false;
	if (len - head - tail &&
	    !add_range(m, dma + head, phys + head, len - head - tail, false))
		return false;
	return !tail || add_range(m, dma + len - tail, phys + len - tail, tail, true);
}

bool check_map_reserve(struct check_map *m, dma_addr_t dma, size_t len)
{
	begin_call(m->cd->ck);
	if (!len)
		return fail(m->cd->ck, "map #%lu: empty reservation", m->id);
	m->has_resv = true;
	m->resv = dma;
	m->resv_len = len;
	return true;
}

bool check_map_segment(struct check_map *m, dma_addr_t dma, size_t len)
{
	if (m->nr_segs == m->cap_segs) {
		m->cap_segs = m->cap_segs ? 2 * m->cap_segs : 4;
		m->segs = xrealloc(m->segs, m->cap_segs * sizeof(*m->segs));
	}
	m->segs[m->nr_segs++] = (struct check_seg){ dma, len };
	return true;
}

unsigned int check_sg_ranges(const struct sg_table *sgt, struct check_range *r,
			     unsigned int max)
{
	struct scatterlist *s;
	unsigned int i;

	if (sgt->orig_nents > max)
		return 0;
	for_each_sg(sgt->sgl, s, sgt->orig_nents, i)
		r[i] = (struct check_range){ sg_phys(s), s->length };
	return sgt->orig_nents;
}

/*
 * iommu_dma_map_sg() lays a trusted device's segments out in one IOVA
 * allocation and pads between them so that no segment crosses the segment
 * boundary; it maps the padding too, to the pages after the previous
 * entry (the known finding of the dma-iommu suite). The IOVA between the
 * granule extents of consecutive ranges of the mapping is that padding.
 */
static void record_sg_padding(struct check_map *m)
{
	unsigned long g = m->cd->granule;
	unsigned int i;

	for (i = 0; i + 1 < m->nr; i++) {
		u64 end = align_up(m->p[i].dma + m->p[i].len, g);
		u64 next = align_dn(m->p[i + 1].dma, g);

		if (next <= end)
			continue;
		m->pads = xrealloc(m->pads, (m->nr_pads + 1) * sizeof(*m->pads));
		m->pads[m->nr_pads++] = (struct check_seg){ end, next - end };
	}
	if (m->nr_pads) {
		m->cd->ck->sg_pad_hits++;
		known_bug_hit("dma-iommu-sg-padding-mapped");
	}
}

struct check_map *check_map_sg(struct checker *ck, struct device *dev,
			       const struct sg_table *sgt,
			       const struct check_range *cpu, unsigned int n,
			       enum dma_data_direction dir, unsigned long attrs)
{
	struct check_dev *cd = find_dev(ck, dev);
	struct check_map *m;
	struct scatterlist *s, *d;
	unsigned int i, ci = 0, di;
	size_t cpu_total = 0, dma_total = 0, c_off = 0, d_off = 0;
	bool ok = true;

	if (!cd) {
		begin_call(ck);
		fail(ck, "check_map_sg: %s is not registered", dev_name(dev));
		return NULL;
	}
	begin_call(ck);
	/* V7: the CPU side is what it was before the call */
	if (sgt->orig_nents != n)
		ok = fail(ck, "sg table has %u CPU entries after mapping, %u before",
			  sgt->orig_nents, n);
	else
		for_each_sg(sgt->sgl, s, n, i)
			if (sg_phys(s) != cpu[i].phys || s->length != cpu[i].len)
				ok = fail(ck, "sg entry %u is phys %#llx len %#x after mapping, "
					  "phys %#llx len %#zx before", i,
					  (unsigned long long)sg_phys(s), s->length,
					  (unsigned long long)cpu[i].phys, cpu[i].len);
	for (i = 0; i < n; i++)
		cpu_total += cpu[i].len;
	for_each_sg(sgt->sgl, d, sgt->nents, di)
		dma_total += sg_dma_len(d);
	if (cpu_total != dma_total)
		ok = fail(ck, "sg mapping: DMA segments total %#zx bytes, CPU entries %#zx",
			  dma_total, cpu_total);
	if (!ok)
		return NULL;

	m = check_map_new(ck, dev, dir, attrs);
	/* the DMA stream read in order is the CPU stream read in order */
	for_each_sg(sgt->sgl, d, sgt->nents, di) {
		size_t dlen = sg_dma_len(d);

		check_map_segment(m, sg_dma_address(d), dlen);
		d_off = 0;
		while (d_off < dlen) {
			size_t n_bytes;
			bool mb;

			while (ci < n && c_off == cpu[ci].len) {
				ci++;
				c_off = 0;
			}
			if (ci == n)	/* the totals matched: cannot happen */
				break;
			n_bytes = min(dlen - d_off, cpu[ci].len - c_off);
			/* each entry is bounced whole or not at all */
			mb = may_bounce(m, cpu[ci].phys, cpu[ci].len);
			if (!add_range(m, sg_dma_address(d) + d_off,
				       cpu[ci].phys + c_off, n_bytes, mb)) {
				check_unmap(m);
				return NULL;
			}
			d_off += n_bytes;
			c_off += n_bytes;
		}
	}
	if (ck->allow_sg_pad && cd->iommu && !cd->untrusted)
		record_sg_padding(m);
	end_call(ck);
	return m;
}

void check_set_sample_budget(struct checker *ck, unsigned int boundaries)
{
	ck->sample_budget = boundaries;
}

void check_tolerate_known_bug(struct checker *ck, const char *id)
{
	if (!strcmp(id, "dma-iommu-sg-padding-mapped")) {
		ck->allow_sg_pad = true;
		return;
	}
	fprintf(stderr, "checker: no tolerance for known bug '%s'\n", id);
	abort();
}

unsigned long check_known_bug_hits(const struct checker *ck)
{
	return ck->sg_pad_hits;
}

unsigned int check_map_nr_ranges(const struct check_map *m)
{
	return m->nr;
}

size_t check_map_bytes(const struct check_map *m)
{
	size_t sum = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		sum += m->p[i].len;
	return sum;
}

bool check_unmap_range(struct check_map *m, dma_addr_t dma, size_t len)
{
	struct checker *ck = m->cd->ck;
	struct check_piece *old = m->p;
	unsigned int i, n = m->nr;
	dma_addr_t end = dma + len;
	size_t covered = 0;

	begin_call(ck);
	m->p = NULL;
	m->nr = m->cap = 0;
	for (i = 0; i < n; i++) {
		const struct check_piece *p = &old[i];
		dma_addr_t ps = p->dma, pe = p->dma + p->len;
		dma_addr_t cs = max(ps, dma), ce = min(pe, end);
		struct check_piece left = *p, right = *p;

		if (cs >= ce) {
			insert_piece(m, p);
			continue;
		}
		covered += ce - cs;
		left.len = cs - ps;
		right.dma = ce;
		right.len = pe - ce;
		right.phys = p->phys + (ce - ps);
		right.target = p->target + (ce - ps);
		/* the parts keep the bytes last verified (a copy) or recorded */
		if (left.len) {
			hash_piece(&left, p->resolved && p->bounced ? left.target : left.phys);
			insert_piece(m, &left);
		}
		if (right.len) {
			hash_piece(&right, p->resolved && p->bounced ? right.target : right.phys);
			insert_piece(m, &right);
		}
	}
	free(old);
	if (covered != len)
		return fail(ck, "map #%lu: unmapping dma %#llx + %#zx covers %#zx recorded bytes",
			    m->id, (unsigned long long)dma, len, covered);
	return true;
}

void check_unmap(struct check_map *m)
{
	struct check_dev *cd;

	if (!m)
		return;
	cd = m->cd;
	if (m->prev)
		m->prev->next = m->next;
	else
		cd->maps = m->next;
	if (m->next)
		m->next->prev = m->prev;
	cd->nr_maps--;
	free_map(m);
}

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
	if (!for_each_sample(p->dma, p->len, g, ck->sample_budget, sample_one, &st))
		return false;
	target = st.mode == 2 ? st.base : p->phys;
	if (st.mode == 2 && (!dmalab_is_swiotlb_addr(st.base) ||
			     !dmalab_is_swiotlb_addr(st.base + p->len - 1)))
		return fail(ck, "%s map #%lu: bounced range dma %#llx + %#zx leaves the swiotlb "
			    "pool (copy at %#llx)", dev_name(cd->dev), m->id,
			    (unsigned long long)p->dma, p->len, (unsigned long long)st.base);
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
	/* V2: the copy holds the buffer's bytes */
	/* (with a sampling budget, once: only the device writes the copy after) */
	if (st.mode == 2 && p->has_hash && !p->dev_written &&
	    !(ck->sample_budget && p->copy_checked) &&
	    (m->dir == DMA_TO_DEVICE || m->dir == DMA_BIDIRECTIONAL) &&
	    fnv1a(phys_to_virt(target), p->len) != p->hash) {
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

/* qsort() that accepts an empty array (NULL base) */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
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
				e = xrealloc(e, cap * sizeof(*e));
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
					e = xrealloc(e, cap * sizeof(*e));
				}
				for (pi = 0; pi < m->nr_pads; pi++)
					e[n++] = (struct ext){ m->pads[pi].dma,
							       m->pads[pi].dma + m->pads[pi].len,
							       m, false };
			}
		}
	}
	if (!first) {
		free(e);
		return true;
	}
	sort(e, n, sizeof(*e), ext_cmp);

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
			union_bytes += run_e - run_s;
			ok = probe_unmapped(first, run_s - first->granule,
					    "the granule before a live mapping") && ok;
			ok = probe_unmapped(first, run_e, "the granule after a live mapping") && ok;
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
		for (m = cd->maps; m; m = m->next)
			if (m->has_resv)
				ok = probe_reservation(cd, m) && ok;
	}
	free(e);
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
					e = xrealloc(e, cap * sizeof(*e));
				}
				e[n++] = (struct ext){ m->p[pi].target,
					m->p[pi].target + m->p[pi].len, m, false };
			}
	}
	sort(e, n, sizeof(*e), ext_cmp);
	for (i = 1; i < n; i++)
		if (e[i].start < e[i - 1].end)
			ok = fail(ck, "map #%lu and map #%lu share swiotlb bytes at %#llx",
				  e[i - 1].m->id, e[i].m->id, (unsigned long long)e[i].start);
	free(e);
	return ok;
}

bool check_verify(struct checker *ck)
{
	bool ok = true;
	unsigned int di, dj;

	begin_call(ck);
	for (di = 0; di < ck->nr_devs; di++) {
		struct check_dev *cd = ck->devs[di];
		struct check_map *m;

		for (m = cd->maps; m; m = m->next) {
			unsigned int i;

			for (i = 0; i < m->nr; i++)
				ok = verify_piece(cd, m, i) && ok;
			ok = verify_segments(cd, m) && ok;
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

	sort(v, n, sizeof(*v), ival_cmp);
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
static u64 ival_over(const struct ival *rec, size_t nrec, const struct ival *allow,
		     size_t nallow)
{
	struct ev *ev = xrealloc(NULL, 2 * (nrec + nallow) * sizeof(*ev));
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
	sort(ev, n, sizeof(*ev), ev_cmp);
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
	free(ev);
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
	rec = xrealloc(NULL, (nr - from + 1) * sizeof(*rec));
	exp = xrealloc(NULL, (m->nr + 1) * sizeof(*exp));
	slack = xrealloc(NULL, (m->nr + 1) * sizeof(*slack));
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
	x = ival_over(rec, nrec, granule_slack ? slack : exp, nexp);
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
	free(rec);
	free(exp);
	free(slack);
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
