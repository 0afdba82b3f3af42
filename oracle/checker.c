// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ground-truth checker (checker.h says what it promises): the checker,
 * its devices, and recording mappings.
 *
 * Everything here is computed from the model the caller recorded and from
 * what a device would see: page-table walks (iommu_iova_to_phys), the
 * direct translation (dma_to_phys), and the bytes in memory. Nothing calls
 * the mapping code under test.
 */
#include "oracle/checker_internal.h"
#include <linux/iova.h>
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

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
		free(ck->devs[i]->dirty);
		free(ck->devs[i]);
	}
	for (i = 0; i < NR_SCRATCH; i++)
		free(ck->scratch[i]);
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
			cd->change_seen = dmalab_domain_change_seq(cd->domain);
		}
	}
	cd->untrusted = dev_is_pci(dev) && to_pci_dev(dev)->untrusted;
	if (ck->nr_devs == ck->cap_devs) {
		ck->cap_devs = ck->cap_devs ? 2 * ck->cap_devs : 4;
		ck->devs = xrealloc(ck->devs, ck->cap_devs * sizeof(*ck->devs));
	}
	ck->devs[ck->nr_devs++] = cd;
	return check_reserved_iova(cd);
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
	free(cd->dirty);
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

/*
 * What V2 compares a bounce copy with: the hash of the bytes at from. When
 * a range is recorded under a sampling budget (at_record), nothing yet:
 * the copy is compared once, at the first check_verify(), with the buffer
 * itself (checker.h: check_set_sample_budget()).
 */
static void hash_piece(const struct checker *ck, struct check_piece *p, phys_addr_t from,
		       bool at_record)
{
	bool ram = p->may_bounce && is_ram(from, p->len);

	p->cmp_buffer = ram && at_record && ck->sample_budget;
	p->has_hash = ram && !p->cmp_buffer;
	if (p->has_hash)
		p->hash = fnv1a(phys_to_virt(from), p->len);
}

/* Where a piece at dma goes: after every piece with a dma not above it. */
static unsigned int piece_pos(const struct check_map *m, dma_addr_t dma)
{
	unsigned int a = 0, b = m->nr;

	while (a < b) {
		unsigned int mid = a + (b - a) / 2;

		if (m->p[mid].dma <= dma)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* Insert keeping the order; the caller checked for overlaps. */
static void insert_piece(struct check_map *m, const struct check_piece *np)
{
	unsigned int i = piece_pos(m, np->dma);

	if (m->nr == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 4;
		m->p = xrealloc(m->p, m->cap * sizeof(*m->p));
	}
	memmove(&m->p[i + 1], &m->p[i], (m->nr - i) * sizeof(*m->p));
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

/*
 * Record a range. bulk: a batch of an sg mapping, appended as it comes and
 * sorted (and checked for overlaps) once at the end by sort_pieces():
 * swiotlb-mapped segments come in falling IOVA order, and keeping the
 * array sorted piece by piece moved all of it for every one.
 */
static bool add_range(struct check_map *m, dma_addr_t dma, phys_addr_t phys,
		      size_t len, bool may_bounce, bool bulk)
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
	 * same memory (a list may name it twice) rightly overlap. The pieces
	 * are sorted and disjoint: only the neighbours where this one goes
	 * can overlap it.
	 */
	i = bulk || !m->cd->iommu ? m->nr : piece_pos(m, dma);
	for (i = i ? i - 1 : 0; !bulk && m->cd->iommu && i < m->nr && m->p[i].dma < dma + len;
	     i++)
		if (dma < m->p[i].dma + m->p[i].len)
			return fail(ck, "map #%lu: range dma %#llx + %#zx overlaps the recorded "
				    "range dma %#llx + %#zx", m->id, (unsigned long long)dma,
				    len, (unsigned long long)m->p[i].dma, m->p[i].len);
	hash_piece(ck, &np, phys, true);
	if (bulk) {
		if (m->nr == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 4;
			m->p = xrealloc(m->p, m->cap * sizeof(*m->p));
		}
		m->p[m->nr++] = np;
	} else {
		insert_piece(m, &np);
	}
	return true;
}

static int piece_cmp(const void *a, const void *b)
{
	const struct check_piece *x = a, *y = b;

	if (x->dma != y->dma)
		return x->dma < y->dma ? -1 : 1;
	if (x->phys != y->phys)
		return x->phys < y->phys ? -1 : 1;
	return (x->len > y->len) - (x->len < y->len);
}

/* The end of a bulk: sorted by dma, and (behind an IOMMU) disjoint. */
static bool sort_pieces(struct check_map *m)
{
	struct checker *ck = m->cd->ck;
	unsigned int i;

	ck_sort(m->p, m->nr, sizeof(*m->p), piece_cmp);
	for (i = 1; m->cd->iommu && i < m->nr; i++)
		if (m->p[i].dma < m->p[i - 1].dma + m->p[i - 1].len)
			return fail(ck, "map #%lu: range dma %#llx + %#zx overlaps the recorded "
				    "range dma %#llx + %#zx", m->id,
				    (unsigned long long)m->p[i].dma, m->p[i].len,
				    (unsigned long long)m->p[i - 1].dma, m->p[i - 1].len);
	return true;
}

bool check_map_range(struct check_map *m, dma_addr_t dma, phys_addr_t phys, size_t len)
{
	return add_range(m, dma, phys, len, may_bounce(m, phys, len), false);
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
	if (head && !add_range(m, dma, phys, head, true, false))
		return false;
	if (len - head - tail &&
	    !add_range(m, dma + head, phys + head, len - head - tail, false, false))
		return false;
	return !tail || add_range(m, dma + len - tail, phys + len - tail, tail, true, false);
}

bool check_map_reserve(struct check_map *m, dma_addr_t dma, size_t len)
{
	begin_call(m->cd->ck);
	if (!len)
		return fail(m->cd->ck, "map #%lu: empty reservation", m->id);
	m->has_resv = true;
	m->resv_probed = false;
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
				       cpu[ci].phys + c_off, n_bytes, mb, true)) {
				check_unmap(m);
				return NULL;
			}
			d_off += n_bytes;
			c_off += n_bytes;
		}
	}
	if (!sort_pieces(m)) {
		check_unmap(m);
		return NULL;
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

void check_set_incremental(struct checker *ck, unsigned int turn)
{
	ck->incremental = true;
	ck->turn = turn;
}

void check_skip_iova_allocator(struct checker *ck, bool skip)
{
	ck->skip_v9 = skip;
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
			hash_piece(ck, &left, p->resolved && p->bounced ? left.target : left.phys,
				   false);
			insert_piece(m, &left);
		}
		if (right.len) {
			hash_piece(ck, &right, p->resolved && p->bounced ? right.target : right.phys,
				   false);
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

DMALAB_NOCOV_END
