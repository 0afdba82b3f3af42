// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA program executor shared by the targets "dma-map", "diff" and
 * "dma-misuse" (fuzz/targets/): programs drive the DMA API of the compiled
 * kernel code (dma-iommu, dma-direct, swiotlb) on a mock device behind a
 * mock IOMMU, and the ground-truth checker (oracle/checker.h) verifies
 * every mapping after every op.
 *
 * The ops: the sg path (OP_SG_BUILD makes an sg table with one entry a
 * range, OP_MAP_SG/OP_UNMAP_SG), dma_map_phys per range (OP_MAP_PHYS/
 * OP_UNMAP_PHYS) and the two-step IOVA path (OP_IOVA_ALLOC for the ranges'
 * total, OP_IOVA_LINK of the next range, OP_IOVA_SYNC, OP_IOVA_UNLINK of a
 * linked piece, OP_IOVA_DESTROY), OP_DIFF (the ranges through two paths),
 * plus deferred work, CPUs and failure injection. The checker owns every
 * expectation: what may be bounced and what cache maintenance each map and
 * unmap call owes are read from the device (oracle/checker.h).
 *
 * Default mode keeps to the API contracts (Documentation/core-api/
 * dma-api.rst and the kernel-doc): a link starts on the merge boundary
 * unless it is the first, and only the last link may end off it; an
 * unlink or destroy covers linked pieces only; DMA_ATTR_MMIO is used only
 * on the MMIO window, never on RAM; directions of one IOVA state are the
 * same for all its links; a mapping is unmapped with the direction and
 * attributes it was mapped with. Ops that would break a contract are
 * skipped. Misuse mode (dma-misuse) turns them off.
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/dma-direct.h>
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/nocov.h>
#include <dmalab/runtime.h>

#include "oracle/checker.h"
#include "oracle/known_bugs.h"
#include "fuzz/dma_exec.h"
#include "fuzz/target.h"

#include "fuzz/dma_exec_internal.h"

static void report(void *priv, const char *msg)
{
	struct run *r = priv;

	if (r->misuse)
		return;		/* after misuse the model means nothing */
	run_finding(r->fr, "checker", "check_verify", "%s", msg);
}

/* "0", or the errno's name: what a verbose run says a call returned */
static const char *ret_name(int ret)
{
	static char buf[32];
	const char *name = ret < 0 && ret >= -4095 ? strerrorname_np(-ret) : NULL;

	if (name)
		snprintf(buf, sizeof(buf), "-%s", name);
	else
		snprintf(buf, sizeof(buf), "%d", ret);
	return buf;
}

/* Where dma reaches now (the device's domain or dma-direct), -1 if nowhere. */
static phys_addr_t reaches(const struct run *r, dma_addr_t dma)
{
	if (r->iommu) {
		phys_addr_t p = iommu_iova_to_phys(dmalab_domain_iommu(r->d), dma);

		return p ? p : (phys_addr_t)-1;
	}
	return dma_to_phys(r->dev, dma);
}

/* verbose: where a mapping of phys landed, and whether it was bounced */
static void say_mapping(struct run *r, const char *what, dma_addr_t dma, phys_addr_t phys)
{
	phys_addr_t to = reaches(r, dma);

	run_say(r->fr, "%s: dma %#llx -> phys %#llx%s", what, (unsigned long long)dma,
		(unsigned long long)to, to == phys ? "" :
		to == (phys_addr_t)-1 ? " (not mapped)" : " (bounced: not the buffer)");
}

static unsigned long attrs_of(uint64_t bits)
{
	return (bits & 1 ? DMA_ATTR_SKIP_CPU_SYNC : 0);
}

/* ---- set-up from the configuration ---- */

static bool setup(struct run *r, const struct prog *p)
{
	static const enum dmalab_domain_kind kinds[] = {
		DMALAB_DOMAIN_DMA, DMALAB_DOMAIN_DMA_FQ, DMALAB_DOMAIN_IDENTITY,
	};
	struct dmalab_domain_cfg dc = {
		.format = p->cfg[CFG_FORMAT],
	};
	struct dmalab_device_cfg cfg = {
		.name = "fuzz0",
		.coherent = p->cfg[CFG_COHERENT],
		.dma_mask = DMA_BIT_MASK(p->cfg[CFG_MASK_BITS]),
	};
	unsigned int seg = p->cfg[CFG_MAX_SEG_LOG2], bnd = p->cfg[CFG_BOUNDARY_LOG2];
	int err = 0;

	dmalab_set_nr_cpus(p->cfg[CFG_CPUS]);
	/* a segment limit below a page, or a boundary below the segment limit,
	 * is no device's: take the defaults then */
	if (seg >= PAGE_SHIFT)
		cfg.max_segment_size = seg >= 32 ? UINT_MAX : 1U << seg;
	if (bnd >= PAGE_SHIFT && (!cfg.max_segment_size || (1ULL << bnd) >= cfg.max_segment_size))
		cfg.segment_boundary = bnd >= 63 ? ULONG_MAX : (1UL << bnd) - 1;
	if (p->cfg[CFG_MIN_ALIGN_LOG2])
		cfg.min_align_mask = (1U << p->cfg[CFG_MIN_ALIGN_LOG2]) - 1;

	r->ck = check_create(report, r);
	/* a known bug, not to be reported on every run: see checker.h */
	check_tolerate_known_bug(r->ck, "dma-iommu-sg-padding-mapped");
	/* runs stay fast with 2 MiB folios; every range's edges are still checked */
	check_set_sample_budget(r->ck, 32);
	/*
	 * check_verify() after every op verifies what the op can have changed
	 * (checker.h), and two more ranges in turn: its cost follows the op,
	 * not everything the program has mapped so far.
	 */
	check_set_incremental(r->ck, 2);
	if (p->cfg[CFG_DOMAIN] < 3) {
		dc.kind = kinds[p->cfg[CFG_DOMAIN]];
		r->d = dmalab_domain_create(&dc, &err);
		if (!r->d)
			return false;
		/* only paging domains make dma-iommu map the device */
		r->iommu = dc.kind != DMALAB_DOMAIN_IDENTITY;
		/* misuse on an untrusted device would double-free bounce slots,
		 * which swiotlb never claimed to catch: trusted devices only */
		cfg.untrusted = p->cfg[CFG_UNTRUSTED] && r->iommu && !r->misuse;
	}
	r->dev = dmalab_device_create(&cfg, r->d, &err);
	if (!r->dev)
		return false;		/* e.g. a mask the platform cannot serve */
	/* dma-iommu refuses a min_align_mask wider than its granule (it WARNs:
	 * "Unsupported alignment constraint"): no such device exists */
	if (r->iommu && !r->misuse) {
		unsigned long g = r->d && p->cfg[CFG_FORMAT] == DMALAB_PT_AMDV1_MOCK ?
				  SZ_2K : PAGE_SIZE;

		if (dma_get_min_align_mask(r->dev) > g - 1)
			dma_set_min_align_mask(r->dev, g - 1);
	}
	r->coherent = cfg.coherent;
	r->untrusted = cfg.untrusted;
	if (!check_add_device(r->ck, r->dev))
		return false;
	r->granule = check_granule(r->ck, r->dev);
	return true;
}

/* ---- the range list ---- */

static void op_range(struct run *r, const uint64_t *a)
{
	unsigned long pfn = BUF_PFN + a[0], size = PAGE_SIZE << a[1];
	struct fz_range *rg;
	size_t off, len;

	if (r->nr == MAX_RANGES)
		return;
	if (a[1]) {
		/* a folio, naturally aligned, unless it would overlap another */
		unsigned long i;

		pfn = ALIGN(pfn, 1UL << a[1]);
		for (i = 0; i < (1UL << a[1]); i++)
			if (folio_test_large(page_folio(pfn_to_page(pfn + i))))
				break;
		if (i == (1UL << a[1])) {
			dmalab_make_folio(pfn, a[1]);
			r->folios[r->nr_folios++] = pfn;
		}
	}
	/*
	 * len 0: to the end of the folio (2 MiB ones map as huge IOMMU pages);
	 * otherwise at most 64 KiB, which keeps runs fast and is still more
	 * than any boundary, segment or bounce case needs.
	 */
	off = a[2] % size;
	len = a[3] ? min_t(size_t, min_t(size_t, a[3], SZ_64K), size - off) : size - off;
	rg = &r->ranges[r->nr++];
	rg->phys = PFN_PHYS(pfn) + off;
	rg->len = len;
	rg->mmio = false;
	run_say(r->fr, "range %u: phys %#llx len %#zx (granule offset %#llx)", r->nr - 1,
		(unsigned long long)rg->phys, len,
		(unsigned long long)(rg->phys & (r->granule - 1)));
}

/*
 * The pattern word of the 8 bytes at physical address a (8-aligned): a
 * bijection of the address (an odd multiplier), so no two words of a seed
 * are alike, and the seed's own constant xored in, so that every word
 * differs from seed to seed (a stale bounce copy shows). Along a range it
 * grows by a constant: the fill loop is an add and an xor a word.
 */
static u64 seed_word(u64 seed)
{
	return (seed + 1) * 0xc2b2ae3d27d4eb4fULL;
}

static u64 word_at(u64 seed, phys_addr_t a)
{
	return (a * 0x9e3779b97f4a7c15ULL) ^ seed_word(seed);
}

/*
 * Each byte is a function of its physical address (ranges may overlap and
 * must agree), computed a word at a time. Our loop, not the kernel's: no
 * coverage instrumentation, one ASan check for the range (dmalab/nocov.h).
 */
static DMALAB_BULK void fill_bulk(phys_addr_t a, size_t len, u64 seed)
{
	unsigned char *p = phys_to_virt(a);
	phys_addr_t end = a + len;
	u64 *q;

	for (; a < end && (a & 7); a++)
		*p++ = word_at(seed, a & ~7ULL) >> (8 * (a & 7));
	if (a + 8 <= end) {
		u64 x = a * 0x9e3779b97f4a7c15ULL, s = seed_word(seed);

		for (q = (u64 *)p; a + 8 <= end; a += 8, x += 8 * 0x9e3779b97f4a7c15ULL)
			*q++ = x ^ s;
		p = (unsigned char *)q;
	}
	for (; a < end; a++)
		*p++ = word_at(seed, a & ~7ULL) >> (8 * (a & 7));
}

static void fill_bytes(phys_addr_t a, size_t len, u64 seed)
{
	dmalab_bulk_check(phys_to_virt(a), len);
	fill_bulk(a, len, seed);
}

/*
 * May the kernel bounce [phys, phys + len) through swiotlb? As the checker
 * reads it from the device (oracle/checker.h, V2): behind an IOMMU, an
 * untrusted device's range that is not granule-aligned at both ends;
 * mapped directly, a range beyond the device's DMA limit, or any range
 * when swiotlb is forced. Never one longer than swiotlb can hold in one
 * mapping (swiotlb_max_mapping_size(): such a map fails instead).
 */
static bool may_bounce(const struct run *r, phys_addr_t phys, size_t len)
{
	u64 mask = r->dev->dma_mask ? *r->dev->dma_mask : 0;
	u64 limit = min_not_zero(mask, r->dev->bus_dma_limit);

	if (len > swiotlb_max_mapping_size(r->dev))
		return false;
	if (r->iommu)
		return r->untrusted && ((phys | len) & (r->granule - 1));
	return is_swiotlb_force_bounce(r->dev) || (limit && phys + len - 1 > limit);
}

/*
 * Give the bytes of a range a known pattern, fresh for each op (seed): the
 * checker compares a bounce copy with them (a stale copy then differs), and
 * diff compares what the device reads (need). Only where it matters: a
 * range the kernel may bounce, or need. Elsewhere the contents do not
 * matter, and filling a 2 MiB folio on every op cost more than the op.
 */
void dma_exec_fill(const struct run *r, const struct fz_range *rg, u64 seed, bool need)
{
	if (rg->mmio || !(need || may_bounce(r, rg->phys, rg->len)))
		return;
	fill_bytes(rg->phys, rg->len, seed);
}

/*
 * What dma_iova_link() may bounce of a range: on an untrusted device its
 * partial granules only (checker.h, check_map_link()).
 */
static void fill_link(const struct run *r, const struct fz_range *rg, u64 seed)
{
	phys_addr_t end = rg->phys + rg->len;
	phys_addr_t head_end = min_t(phys_addr_t, end, ALIGN(rg->phys, r->granule));
	phys_addr_t tail = max_t(phys_addr_t, head_end, ALIGN_DOWN(end, r->granule));

	if (rg->mmio || !may_bounce(r, rg->phys, rg->len))
		return;
	if (head_end > rg->phys)
		fill_bytes(rg->phys, head_end - rg->phys, seed);
	if (end > tail)
		fill_bytes(tail, end - tail, seed);
}

/* ---- sg ---- */

void dma_exec_sg_free(struct run *r)
{
	if (r->have_sgt)
		sg_free_table(&r->sgt);
	r->have_sgt = false;
}

/*
 * One sg entry a range, split as a well-behaved caller splits them (the
 * block layer does it from the queue limits): dma_map_sg merges entries
 * within the device's segment limits but never splits one, so no entry is
 * longer than dma_get_max_seg_size() or crosses a dma_get_seg_boundary()
 * boundary of its physical address.
 */
static DMALAB_NOCOV unsigned int sg_pieces(struct run *r, struct check_range *out,
						unsigned int max)
{
	unsigned long boundary = dma_get_seg_boundary(r->dev);
	size_t max_seg = dma_get_max_seg_size(r->dev);
	unsigned int i, n = 0;

	for (i = 0; i < r->nr; i++) {
		phys_addr_t phys = r->ranges[i].phys;
		size_t left = r->ranges[i].len;

		while (left) {
			size_t len = r->misuse ? left : min_t(size_t, left, max_seg);

			if (r->misuse)
				len = left;	/* misuse: entries past the segment limits */
			else if (boundary != ULONG_MAX)
				len = min_t(size_t, len, boundary + 1 - (phys & boundary));
			if (n == max)
				return 0;
			out[n].phys = phys;
			out[n++].len = len;
			phys += len;
			left -= len;
		}
	}
	return n;
}

DMALAB_NOCOV void dma_exec_sg_build(struct run *r)
{
	struct check_range pieces[MAX_SG];
	struct scatterlist *sg;
	unsigned int i, n;

	if (r->sg_mapped || !r->nr)
		return;
	dma_exec_sg_free(r);
	n = sg_pieces(r, pieces, MAX_SG);
	if (!n || sg_alloc_table(&r->sgt, n, GFP_KERNEL))
		return;			/* too many pieces, or an injected failure */
	r->have_sgt = true;
	for_each_sgtable_sg(&r->sgt, sg, i)
		sg_set_page(sg, phys_to_page(pieces[i].phys), pieces[i].len,
			    offset_in_page(pieces[i].phys));
}

static void op_map_sg(struct run *r, const uint64_t *a)
{
	static struct check_range cpu[MAX_SG];
	unsigned long from;
	unsigned int n, i;
	int ret;

	if (!r->have_sgt || r->sg_mapped)
		return;
	n = check_sg_ranges(&r->sgt, cpu, MAX_SG);
	for (i = 0; i < n; i++)
		dma_exec_fill(r, &(struct fz_range){ cpu[i].phys, cpu[i].len, false }, r->fr->op, false);
	r->sg_dir = a[0];
	r->sg_attrs = attrs_of(a[1]);
	from = dmalab_arch_syncs();
	ret = dma_map_sgtable(r->dev, &r->sgt, r->sg_dir, r->sg_attrs);
	if (ret) {
		run_say(r->fr, "dma_map_sgtable: %s", ret_name(ret));
		return;		/* a clean failure; check_verify proves nothing is left */
	}
	run_say(r->fr, "dma_map_sgtable: 0, %u of %u entries, first dma %#llx len %#x",
		r->sgt.nents, r->sgt.orig_nents,
		(unsigned long long)sg_dma_address(r->sgt.sgl), sg_dma_len(r->sgt.sgl));
	r->sg_mapped = true;
	r->sg_m = check_map_sg(r->ck, r->dev, &r->sgt, cpu, n, r->sg_dir, r->sg_attrs);
	if (!r->sg_m || !check_verify(r->ck))
		return;
	check_syncs(r->ck, r->sg_m, from, true, false);
}

static void op_unmap_sg(struct run *r)
{
	unsigned long from;

	if (!r->sg_mapped)
		return;
	from = dmalab_arch_syncs();
	dma_unmap_sgtable(r->dev, &r->sgt, r->sg_dir, r->sg_attrs);
	if (r->sg_m) {
		check_syncs(r->ck, r->sg_m, from, false, false);
		check_unmap(r->sg_m);
	}
	r->sg_m = NULL;
	r->sg_mapped = false;
}

/* ---- dma_map_phys ---- */

static void op_map_phys(struct run *r, const uint64_t *a)
{
	struct phys_map *pm;
	const struct fz_range *rg;
	unsigned long from;

	if (!r->nr || r->nr_maps == MAX_SLOTS)
		return;
	rg = &r->ranges[a[0] % r->nr];
	pm = &r->maps[r->nr_maps];
	pm->dir = a[1];
	pm->attrs = attrs_of(a[2]);
	pm->len = rg->len;
	dma_exec_fill(r, rg, r->fr->op, false);
	from = dmalab_arch_syncs();
	pm->dma = dma_map_phys(r->dev, rg->phys, rg->len, pm->dir, pm->attrs);
	if (dma_mapping_error(r->dev, pm->dma)) {
		run_say(r->fr, "dma_map_phys: DMA_MAPPING_ERROR");
		return;
	}
	say_mapping(r, "dma_map_phys", pm->dma, rg->phys);
	pm->m = check_map_new(r->ck, r->dev, pm->dir, pm->attrs);
	r->nr_maps++;
	if (!pm->m || !check_map_range(pm->m, pm->dma, rg->phys, rg->len) ||
	    !check_verify(r->ck))
		return;
	check_syncs(r->ck, pm->m, from, true, false);
}

static void unmap_phys(struct run *r, unsigned int slot)
{
	struct phys_map *pm = &r->maps[slot];
	unsigned long from = dmalab_arch_syncs();

	dma_unmap_phys(r->dev, pm->dma, pm->len, pm->dir, pm->attrs);
	if (pm->m) {
		check_syncs(r->ck, pm->m, from, false, false);
		check_unmap(pm->m);
	}
	r->maps[slot] = r->maps[--r->nr_maps];
}

/* ---- the IOVA path ---- */

static void op_iova_alloc(struct run *r)
{
	size_t total = 0;
	unsigned int i;

	if (r->have_state || !r->nr)
		return;
	for (i = 0; i < r->nr; i++)
		total += r->ranges[i].len;
	/* contract: a non-zero size (and never SIZE_MAX-ish) */
	if (!dma_iova_try_alloc(r->dev, &r->st, r->ranges[0].phys, total)) {
		run_say(r->fr, "dma_iova_try_alloc: false (no IOVA path for this device)");
		return;		/* no IOMMU, or no IOVA space: both legitimate */
	}
	run_say(r->fr, "dma_iova_try_alloc: true, addr %#llx size %#zx",
		(unsigned long long)r->st.addr, total);
	r->have_state = true;
	r->reserved = total;
	r->linked = 0;
	r->next_range = 0;
	r->nr_pieces = 0;
	r->link_closed = false;
	r->iova_m = NULL;
	if (!check_verify(r->ck))
		return;
}

/*
 * Is a failed link the known kernel bug dma-iova-link-unaligned-head? The
 * first link of a range off the granule, on an untrusted device whose
 * min_align_mask does not cover the range's offset in the granule, fails
 * with -ENXIO (tests/dma_iommu/main.c has the evidence). Read from the
 * device.
 */
static bool unaligned_head_bug(const struct run *r, const struct fz_range *rg, int ret)
{
	unsigned long mask = r->granule - 1;

	return ret == -ENXIO && r->untrusted && !r->linked &&
	       (rg->phys & mask & ~(unsigned long)dma_get_min_align_mask(r->dev));
}

static void op_iova_link(struct run *r, const uint64_t *a)
{
	unsigned long mask = r->granule - 1, from;
	const struct fz_range *rg;
	enum dma_data_direction dir = a[0];
	unsigned long attrs = attrs_of(a[1]);
	int ret;

	if (!r->have_state || (r->link_closed && !r->misuse) || r->next_range >= r->nr ||
	    r->nr_pieces == MAX_PIECES)
		return;
	rg = &r->ranges[r->next_range];
	if (r->linked + rg->len > r->reserved)
		return;
	if (r->misuse) {
		/* links off the merge boundary, any direction: WARN or error */
		if (!r->iova_m)
			r->iova_m = check_map_new(r->ck, r->dev, dir, attrs);
		r->iova_dir = dir;
		r->iova_attrs = attrs;
		ret = dma_iova_link(r->dev, &r->st, rg->phys, r->linked, rg->len, dir, attrs);
		run_say(r->fr, "dma_iova_link(phys %#llx, offset %#zx, len %#zx): %s",
			(unsigned long long)rg->phys, r->linked, rg->len, ret_name(ret));
		if (!ret) {
			r->pieces[r->nr_pieces++] = (struct piece){ r->linked, rg->len, true };
			r->linked += rg->len;
		}
		r->next_range++;
		r->dirty = true;
		return;
	}
	if (r->nr_pieces) {
		/* contract: one direction per state; later links start aligned */
		dir = r->iova_dir;
		attrs = r->iova_attrs;
		/* where this link lands in IOVA space must be granule aligned */
		if ((rg->phys & mask) || ((r->st.addr + r->linked) & mask))
			return;
	} else {
		r->iova_dir = dir;
		r->iova_attrs = attrs;
		r->iova_m = check_map_new(r->ck, r->dev, dir, attrs);
		if (!r->iova_m || !check_map_reserve(r->iova_m, r->st.addr, r->reserved))
			return;
	}
	fill_link(r, rg, r->fr->op);
	from = dmalab_arch_syncs();
	ret = dma_iova_link(r->dev, &r->st, rg->phys, r->linked, rg->len, dir, attrs);
	run_say(r->fr, "dma_iova_link(phys %#llx, offset %#zx, len %#zx): %s",
		(unsigned long long)rg->phys, r->linked, rg->len, ret_name(ret));
	if (ret) {
		if (unaligned_head_bug(r, rg, ret))
			known_bug_hit("dma-iova-link-unaligned-head");
		/* a clean failure: nothing of it is linked */
		if (!r->nr_pieces) {
			check_unmap(r->iova_m);
			r->iova_m = NULL;
		}
		return;
	}
	r->pieces[r->nr_pieces++] = (struct piece){ r->linked, rg->len, true };
	r->next_range++;
	if ((r->st.addr + r->linked + rg->len) & mask)
		r->link_closed = true;	/* only the last link may end unaligned */
	say_mapping(r, "linked", r->st.addr + r->linked, rg->phys);
	if (!check_map_link(r->iova_m, r->st.addr + r->linked, rg->phys, rg->len)) {
		r->linked += rg->len;
		return;
	}
	r->linked += rg->len;
	if (!check_verify(r->ck))
		return;
	/* dma_iova_link() syncs the granules it maps: allow that slack */
	check_syncs_range(r->ck, r->iova_m, r->st.addr + r->linked - rg->len,
			  r->st.addr + r->linked, from, true, true);
}

static void op_iova_sync(struct run *r)
{
	int ret;

	if (!r->have_state || !r->linked)
		return;
	ret = dma_iova_sync(r->dev, &r->st, 0, r->linked);
	run_say(r->fr, "dma_iova_sync(0, %#zx): %s", r->linked, ret_name(ret));
}

static void unlink_piece(struct run *r, unsigned int i)
{
	struct piece *pc = &r->pieces[i];
	dma_addr_t a = r->st.addr + pc->off;
	unsigned long from = dmalab_arch_syncs();

	dma_iova_unlink(r->dev, &r->st, pc->off, pc->len, r->iova_dir, r->iova_attrs);
	check_syncs_range(r->ck, r->iova_m, a, a + pc->len, from, false, false);
	check_unmap_range(r->iova_m, a, pc->len);
	pc->live = false;
}

static void op_iova_unlink(struct run *r, const uint64_t *a)
{
	unsigned int i, live[MAX_PIECES], n = 0;

	if (!r->have_state)
		return;
	if (r->misuse && r->linked) {
		/* any part of the linked space, pieces or not */
		size_t off = (a[0] * 0x1235) % r->linked;
		size_t len = min_t(size_t, r->linked - off, r->granule * (1 + a[0] % 3));

		dma_iova_unlink(r->dev, &r->st, off, len, r->iova_dir, r->iova_attrs);
		r->dirty = true;
		return;
	}
	/* contract: unlink what was linked, piece by piece */
	for (i = 0; i < r->nr_pieces; i++)
		if (r->pieces[i].live)
			live[n++] = i;
	if (n)
		unlink_piece(r, live[a[0] % n]);
}

static void op_iova_destroy(struct run *r)
{
	unsigned int i;
	bool all = true;

	if (!r->have_state)
		return;
	if (r->dirty) {
		/* misuse: destroy whatever length was linked, holes or not */
		if (r->linked)
			dma_iova_destroy(r->dev, &r->st, r->linked, r->iova_dir, r->iova_attrs);
		else
			dma_iova_free(r->dev, &r->st);
		if (r->iova_m)
			check_unmap(r->iova_m);
		r->iova_m = NULL;
		r->have_state = false;
		return;
	}
	for (i = 0; i < r->nr_pieces; i++)
		all &= r->pieces[i].live;
	if (all && r->nr_pieces) {
		/* contract: everything from 0 to mapped_len is linked */
		dma_iova_destroy(r->dev, &r->st, r->linked, r->iova_dir, r->iova_attrs);
		check_unmap(r->iova_m);
	} else {
		for (i = 0; i < r->nr_pieces; i++)
			if (r->pieces[i].live)
				unlink_piece(r, i);
		dma_iova_free(r->dev, &r->st);
		if (r->iova_m)
			check_unmap(r->iova_m);
	}
	r->iova_m = NULL;
	r->have_state = false;
}
/* ---- the run ---- */

static DMALAB_NOCOV void teardown(struct run *r)
{
	dmalab_fail_off();
	op_unmap_sg(r);
	dma_exec_sg_free(r);
	while (r->nr_maps)
		unmap_phys(r, r->nr_maps - 1);
	op_iova_destroy(r);
	dmalab_run_deferred_work();
	if (r->dev) {
		if (r->ck)
			check_remove_device(r->ck, r->dev);
		dmalab_device_destroy(r->dev);
	}
	dmalab_domain_destroy(r->d);
	dmalab_run_deferred_work();
	for (unsigned int i = 0; i < r->nr_folios; i++)
		dmalab_clear_folio(r->folios[i]);
	dmalab_set_cpu(0);
}

static void exec_op(struct run *r, const struct prog_op *op)
{
	const uint64_t *a = op->arg;

	switch (op->code) {
	case OP_RANGE:
		op_range(r, a);
		break;
	case OP_CLEAR:
		if (!r->have_state && !r->have_sgt)
			r->nr = 0;
		break;
	case OP_SG_BUILD:
		dma_exec_sg_build(r);
		break;
	case OP_SG_FREE:
		if (!r->sg_mapped)
			dma_exec_sg_free(r);
		break;
	case OP_MAP_SG:
		op_map_sg(r, a);
		break;
	case OP_UNMAP_SG:
		op_unmap_sg(r);
		break;
	case OP_MAP_PHYS:
		op_map_phys(r, a);
		break;
	case OP_UNMAP_PHYS:
		if (r->nr_maps)
			unmap_phys(r, a[0] % r->nr_maps);
		break;
	case OP_IOVA_ALLOC:
		op_iova_alloc(r);
		break;
	case OP_IOVA_LINK:
		op_iova_link(r, a);
		break;
	case OP_IOVA_SYNC:
		op_iova_sync(r);
		break;
	case OP_IOVA_UNLINK:
		op_iova_unlink(r, a);
		break;
	case OP_IOVA_DESTROY:
		op_iova_destroy(r);
		break;
	case OP_DIFF:
		dma_exec_diff(r, a);
		break;
	default:
		run_env_op(r->fr, op);	/* cpu, drain, fail_nth; the rest is not ours */
	}
}

/* one run at a time in a process (a thread would need its own) */
static struct run the_run;

bool dma_exec_setup(struct fuzz_run *fr, bool misuse)
{
	struct run *r = &the_run;

	memset(r, 0, sizeof(*r));
	r->misuse = misuse;
	r->fr = fr;
	return setup(r, fr->p);
}

void dma_exec_op(struct fuzz_run *fr, const struct prog_op *op)
{
	struct run *r = &the_run;

	struct dmalab_iommu_stats a, b;

	if (fr->verbose && r->iommu)
		dmalab_domain_stats(r->d, &a);
	exec_op(r, op);
	if (fr->verbose && r->iommu) {
		dmalab_domain_stats(r->d, &b);
		if (b.iotlb_syncs != a.iotlb_syncs || b.iotlb_flush_all != a.iotlb_flush_all)
			run_say(fr, "IOTLB: %llu ranged invalidation(s) of %#llx bytes, "
				"%llu whole-domain flush(es)",
				(unsigned long long)(b.iotlb_syncs - a.iotlb_syncs),
				(unsigned long long)(b.bytes_invalidated - a.bytes_invalidated),
				(unsigned long long)(b.iotlb_flush_all - a.iotlb_flush_all));
	}
	/* a WARN is reported first (by the run bracket), then the checker */
	if (!r->misuse && !fr->failed && !dmalab_warn_count())
		check_verify(r->ck);
}

void dma_exec_teardown(struct fuzz_run *fr)
{
	struct run *r = &the_run;

	teardown(r);
	if (r->ck) {
		if (!fr->failed && !r->misuse && !dmalab_warn_count())
			check_teardown(r->ck);
		if (fr->verbose && check_known_bug_hits(r->ck))
			printf("  (known kernel bug dma-iommu-sg-padding-mapped seen %lu times: "
			       "iommu_dma_map_sg mapped its segment-boundary padding)\n",
			       check_known_bug_hits(r->ck));
		check_destroy(r->ck);
	}
}
