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
#include "fuzz/c_emit.h"
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
void dma_exec_say_mapping(struct run *r, const char *what, dma_addr_t dma, phys_addr_t phys)
{
	phys_addr_t to = reaches(r, dma);

	run_say(r->fr, "%s: dma %#llx -> phys %#llx%s", what, (unsigned long long)dma,
		(unsigned long long)to, to == phys ? "" :
		to == (phys_addr_t)-1 ? " (not mapped)" : " (bounced: not the buffer)");
}

unsigned long dma_exec_attrs(uint64_t bits)
{
	return (bits & 1 ? DMA_ATTR_SKIP_CPU_SYNC : 0);
}

/* DMA_ATTR_* as C (the only bit the ops set), for a C reproducer */
const char *dma_exec_attrs_name(unsigned long attrs)
{
	return attrs == DMA_ATTR_SKIP_CPU_SYNC ? "DMA_ATTR_SKIP_CPU_SYNC" : attrs ? "?" : "0";
}

/* a C reproducer: "from" before a call whose cache maintenance is checked */
void dma_exec_emit_from(void)
{
	c_emit_decl("/* the arch syncs before a call: the oracle checks those it made */\n"
		    "static unsigned long from;");
	C_EMIT("from = dmalab_arch_syncs();");
}

/* ---- set-up from the configuration ---- */

/* A C reproducer (fuzz/c_emit.h): the set-up below, spelled out. */
static void emit_setup(const struct run *r, const struct dmalab_domain_cfg *dc,
		       const struct dmalab_device_cfg *cfg, unsigned int cpus,
		       unsigned int mask_bits)
{
	c_emit_include("<linux/dma-mapping.h>");
	c_emit_include("<linux/iommu.h>");
	c_emit_include("<linux/scatterlist.h>");
	c_emit_include("<dmalab/iommu.h>");
	c_emit_include("<dmalab/machine.h>");
	c_emit_include("\"oracle/checker.h\"");
	c_emit_include("\"fuzz/dma_exec.h\"");
	c_emit_decl("static struct dmalab_domain *d;\nstatic struct device *dev;\n"
		    "static struct checker *ck;\nstatic int ret __maybe_unused, err;\n\n"
		    "/* the oracle's report: what it expected, what it found */\n"
		    "static void report(void *priv, const char *msg)\n{\n"
		    "\tfprintf(stderr, \"checker: %%s\\n\", msg);\n}\n");
	C_EMIT("/* the set-up (fuzz/dma_exec.c): the device%s */\n"
	       "dmalab_set_nr_cpus(%u);\n"
	       "ck = check_create(report, NULL);\n"
	       "check_tolerate_known_bug(ck, \"dma-iommu-sg-padding-mapped\");\n"
	       "check_set_sample_budget(ck, 32);\ncheck_set_incremental(ck, 2);",
	       r->d ? " behind an IOMMU domain" : " without an IOMMU", cpus);
	if (r->d)
		C_EMIT("d = dmalab_domain_create(&(struct dmalab_domain_cfg){\n"
		       "\t.kind = %s,\n\t.format = %s,\n}, &err);\nassert(d);",
		       c_emit_domain_kind(dc->kind), c_emit_pt_format(dc->format));
	C_EMIT("dev = dmalab_device_create(&(struct dmalab_device_cfg){\n"
	       "\t.name = \"fuzz0\",\n\t.coherent = %d,\n\t.untrusted = %d,\n"
	       "\t.dma_mask = DMA_BIT_MASK(%u),\n\t.max_segment_size = %#x,\n"
	       "\t.segment_boundary = %#lx,\n\t.min_align_mask = %#x,\n}, d, &err);\n"
	       "assert(dev);", cfg->coherent, cfg->untrusted,
	       mask_bits, cfg->max_segment_size,
	       cfg->segment_boundary, cfg->min_align_mask);
}

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
	if (c_emit_on)
		emit_setup(r, &dc, &cfg, p->cfg[CFG_CPUS], p->cfg[CFG_MASK_BITS]);
	/* dma-iommu refuses a min_align_mask wider than its granule (it WARNs:
	 * "Unsupported alignment constraint"): no such device exists */
	if (r->iommu && !r->misuse) {
		unsigned long g = r->d && p->cfg[CFG_FORMAT] == DMALAB_PT_AMDV1_MOCK ?
				  SZ_2K : PAGE_SIZE;

		if (dma_get_min_align_mask(r->dev) > g - 1) {
			dma_set_min_align_mask(r->dev, g - 1);
			C_EMIT("dma_set_min_align_mask(dev, %#lx);", g - 1);
		}
	}
	r->coherent = cfg.coherent;
	r->untrusted = cfg.untrusted;
	if (!check_add_device(r->ck, r->dev))
		return false;
	C_EMIT("assert(check_add_device(ck, dev));");
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
			C_EMIT("dmalab_make_folio(%#lx, %u);", pfn, (unsigned int)a[1]);
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
	C_EMIT("/* range %u: phys %#llx len %#zx */", r->nr - 1,
	       (unsigned long long)rg->phys, len);
	run_say(r->fr, "range %u: phys %#llx len %#zx (granule offset %#llx)", r->nr - 1,
		(unsigned long long)rg->phys, len,
		(unsigned long long)(rg->phys & (r->granule - 1)));
}

/* ---- sg ---- */

void dma_exec_sg_free(struct run *r)
{
	if (r->have_sgt) {
		sg_free_table(&r->sgt);
		C_EMIT("sg_free_table(&sgt);");
	}
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

/* a C reproducer: the entries of the table, then its allocation */
static void emit_sg_build(const struct check_range *pieces, unsigned int n)
{
	c_emit_decl("static struct sg_table sgt;\nstatic struct scatterlist *sg;\n"
		    "static unsigned int i, nents;\nstatic struct check_range sg_pieces[%u], "
		    "cpu[%u];\nstatic struct check_map *sg_m;", MAX_SG, MAX_SG);
	C_EMIT("/* one sg entry a range, split at the segment limits */");
	for (unsigned int i = 0; i < n; i++)
		C_EMIT("sg_pieces[%u] = (struct check_range){ %#llx, %#zx };", i,
		       (unsigned long long)pieces[i].phys, pieces[i].len);
	C_EMIT("ret = sg_alloc_table(&sgt, %u, GFP_KERNEL);", n);
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
	if (!n)
		return;			/* too many pieces */
	if (c_emit_on)
		emit_sg_build(pieces, n);
	if (sg_alloc_table(&r->sgt, n, GFP_KERNEL)) {
		C_EMIT("/* seen: -ENOMEM (an injected failure): no table */");
		return;
	}
	C_EMIT("for_each_sgtable_sg(&sgt, sg, i)\n\tsg_set_page(sg, phys_to_page(sg_pieces[i].phys), "
	       "sg_pieces[i].len,\n\t\t    offset_in_page(sg_pieces[i].phys));");
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
	r->sg_attrs = dma_exec_attrs(a[1]);
	C_EMIT("nents = check_sg_ranges(&sgt, cpu, %u);", MAX_SG);
	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	ret = dma_map_sgtable(r->dev, &r->sgt, r->sg_dir, r->sg_attrs);
	C_EMIT("ret = dma_map_sgtable(dev, &sgt, %s, %s);", c_emit_dir(r->sg_dir),
	       dma_exec_attrs_name(r->sg_attrs));
	if (ret) {
		run_say(r->fr, "dma_map_sgtable: %s", c_emit_errno(ret));
		C_EMIT("/* seen: %s, a clean failure: the checker proves nothing is left */",
		       c_emit_errno(ret));
		return;		/* a clean failure; check_verify proves nothing is left */
	}
	C_EMIT("assert(ret == 0);\nsg_m = check_map_sg(ck, dev, &sgt, cpu, nents, %s, %s);\n"
	       "assert(sg_m);\nassert(check_verify(ck));\n"
	       "assert(check_syncs(ck, sg_m, from, true, false));", c_emit_dir(r->sg_dir),
	       dma_exec_attrs_name(r->sg_attrs));
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
	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	dma_unmap_sgtable(r->dev, &r->sgt, r->sg_dir, r->sg_attrs);
	C_EMIT("dma_unmap_sgtable(dev, &sgt, %s, %s);", c_emit_dir(r->sg_dir),
	       dma_exec_attrs_name(r->sg_attrs));
	if (r->sg_m) {
		C_EMIT("assert(check_syncs(ck, sg_m, from, false, false));\ncheck_unmap(sg_m);");
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
	pm->attrs = dma_exec_attrs(a[2]);
	pm->len = rg->len;
	dma_exec_fill(r, rg, r->fr->op, false);
	pm->cvar = r->cvars++;
	c_emit_decl("static dma_addr_t dma%u;\nstatic struct check_map *m%u;", pm->cvar, pm->cvar);
	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	pm->dma = dma_map_phys(r->dev, rg->phys, rg->len, pm->dir, pm->attrs);
	C_EMIT("dma%u = dma_map_phys(dev, %#llx, %#zx, %s, %s);", pm->cvar,
	       (unsigned long long)rg->phys, rg->len, c_emit_dir(pm->dir),
	       dma_exec_attrs_name(pm->attrs));
	if (dma_mapping_error(r->dev, pm->dma)) {
		run_say(r->fr, "dma_map_phys: DMA_MAPPING_ERROR");
		C_EMIT("/* seen: DMA_MAPPING_ERROR, a clean failure */");
		return;
	}
	C_EMIT("assert(!dma_mapping_error(dev, dma%u));\n"
	       "m%u = check_map_new(ck, dev, %s, %s);\nassert(m%u);\n"
	       "assert(check_map_range(m%u, dma%u, %#llx, %#zx));\nassert(check_verify(ck));\n"
	       "assert(check_syncs(ck, m%u, from, true, false));", pm->cvar, pm->cvar,
	       c_emit_dir(pm->dir), dma_exec_attrs_name(pm->attrs), pm->cvar, pm->cvar, pm->cvar,
	       (unsigned long long)rg->phys, rg->len, pm->cvar);
	dma_exec_say_mapping(r, "dma_map_phys", pm->dma, rg->phys);
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
	unsigned long from;

	dma_exec_emit_from();
	from = dmalab_arch_syncs();
	dma_unmap_phys(r->dev, pm->dma, pm->len, pm->dir, pm->attrs);
	C_EMIT("dma_unmap_phys(dev, dma%u, %#zx, %s, %s);", pm->cvar, pm->len,
	       c_emit_dir(pm->dir),
	       dma_exec_attrs_name(pm->attrs));
	if (pm->m) {
		C_EMIT("assert(check_syncs(ck, m%u, from, false, false));\ncheck_unmap(m%u);",
		       pm->cvar, pm->cvar);
		check_syncs(r->ck, pm->m, from, false, false);
		check_unmap(pm->m);
	}
	r->maps[slot] = r->maps[--r->nr_maps];
}

/* ---- the run ---- */

static DMALAB_NOCOV void teardown(struct run *r)
{
	dmalab_fail_off();
	op_unmap_sg(r);
	dma_exec_sg_free(r);
	while (r->nr_maps)
		unmap_phys(r, r->nr_maps - 1);
	dma_exec_iova_destroy(r);
	dmalab_run_deferred_work();
	C_EMIT("dmalab_run_deferred_work();");
	if (r->dev) {
		if (r->ck) {
			check_remove_device(r->ck, r->dev);
			C_EMIT("check_remove_device(ck, dev);");
		}
		dmalab_device_destroy(r->dev);
		C_EMIT("dmalab_device_destroy(dev);");
	}
	dmalab_domain_destroy(r->d);
	dmalab_run_deferred_work();
	C_EMIT("%sdmalab_run_deferred_work();", r->d ? "dmalab_domain_destroy(d);\n" : "");
	for (unsigned int i = 0; i < r->nr_folios; i++) {
		dmalab_clear_folio(r->folios[i]);
		C_EMIT("dmalab_clear_folio(%#lx);", r->folios[i]);
	}
	dmalab_set_cpu(0);
	C_EMIT("dmalab_set_cpu(0);");
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
		dma_exec_iova_alloc(r);
		break;
	case OP_IOVA_LINK:
		dma_exec_iova_link(r, a);
		break;
	case OP_IOVA_SYNC:
		dma_exec_iova_sync(r);
		break;
	case OP_IOVA_UNLINK:
		dma_exec_iova_unlink(r, a);
		break;
	case OP_IOVA_DESTROY:
		dma_exec_iova_destroy(r);
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
	unsigned long hits = r->ck ? check_known_bug_hits(r->ck) : 0;
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
	if (!r->misuse && !fr->failed && !dmalab_warn_count()) {
		check_verify(r->ck);
		C_EMIT("assert(check_verify(ck));");
	}
	/* the checker tolerated the known bug in this op: the reproducer fails here */
	if (c_emit_on && r->ck && check_known_bug_hits(r->ck) > max(hits, r->cbug_hits)) {
		c_emit_known_bug("dma-iommu-sg-padding-mapped",
				 "seen: the checker counted %lu mapping(s) of segment padding",
				 check_known_bug_hits(r->ck) - hits);
		C_EMIT("assert(check_known_bug_hits(ck) == %lu);", hits);
		r->cbug_hits = check_known_bug_hits(r->ck);
	}
}

void dma_exec_teardown(struct fuzz_run *fr)
{
	struct run *r = &the_run;

	teardown(r);
	if (r->ck) {
		if (!fr->failed && !r->misuse && !dmalab_warn_count()) {
			check_teardown(r->ck);
			C_EMIT("assert(check_teardown(ck));");
		}
		if (fr->verbose && check_known_bug_hits(r->ck))
			printf("  (known kernel bug dma-iommu-sg-padding-mapped seen %lu times: "
			       "iommu_dma_map_sg mapped its segment-boundary padding)\n",
			       check_known_bug_hits(r->ck));
		check_destroy(r->ck);
		C_EMIT("check_destroy(ck);");
	}
}
