// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "rdma": RDMA READ/WRITE contexts (drivers/infiniband/core/rw.c:
 * rdma_rw_ctx_init/_init_bvec, rdma_rw_ctx_wrs, rdma_rw_ctx_destroy/_bvec,
 * and the MR pool of mr_pool.c) on a mock HCA whose DMA device is made
 * from the config, every context checked by the R/W oracle and the
 * ground-truth checker (oracle/rdma_check.h).
 *
 * Input: a program (fuzz/prog.h). The config makes the device as for
 * dma-map (format, domain strict/fq/identity/none, coherent, untrusted,
 * DMA mask, CPUs; min_align_log2 as given). Ops:
 *  - range pfn order offset len: a piece of the buffer (in a folio of that
 *    order; at most 64 KiB);
 *  - rdma_qp iwarp max_sge mr_pages ctxs: a new HCA and QP from now on
 *    (iWARP: RDMA READs through MRs of mr_pages pages, ctxs of them);
 *    before the first, an InfiniBand QP of 4 SGEs;
 *  - rdma_rw api read offset: the ranges as one sg list (offset into it,
 *    cut to its length) or as bvecs, one RDMA READ or WRITE context: init,
 *    the chain, destroy, all checked; the ranges stay;
 *  - clear, fail_nth, cpu, drain as everywhere.
 *
 * Findings: the oracle or the checker disagreeing; an init that fails
 * although no allocation failed; a kernel WARN; anything left mapped or
 * allocated at teardown. Inputs that would show a known bug are left out
 * and counted: bvecs on the IOVA path whose joints are off the granule
 * (rdma-rw-iova-no-granule-check), a first bvec off the granule on an
 * untrusted device whose min_align_mask does not keep its offset in the
 * granule (dma-iova-link-unaligned-head), an -EINVAL from an iWARP READ's
 * MR path behind an IOMMU or with an entry of several pages, which may not
 * fit an MR (rdma-rw-mr-entries-not-pages); an -EINVAL from an MR of
 * entries swiotlb may have bounced is not judged. An iWARP READ of ranges that
 * meet off a page boundary is left out: fast registration's contract
 * (ib_map_mr_sg()), which the MR path's callers keep. Not generated: P2P
 * memory (tests/rdma/p2p.c drives it on the example topologies).
 */
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>
#include <linux/swiotlb.h>
#include <rdma/ib_verbs.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/rdma.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/device_emit.h"
#include "fuzz/target.h"
#include "oracle/rdma_check.h"
#include "oracle/known_bugs.h"

#define RDMA_BUF_PFN	PHYS_PFN(DMALAB_DMA32_END)	/* buffers from 4 GiB up */
#define RDMA_MAX_RANGES	64

struct rdma_range {
	phys_addr_t phys;
	u32 len;
};

static struct {
	struct fuzz_run *fr;
	struct fz_device fd;		/* device, domain, checker */
	struct ib_qp *qp;
	struct rdma_range ranges[RDMA_MAX_RANGES];
	unsigned int nr;
} rd;

static void rdma_report(void *priv, const char *msg)
{
	run_finding(rd.fr, "checker", "check_verify", "%s", msg);
}

/* ---- C reproducers (fuzz/c_emit.h) ---- */

/* the HCA and its QP, as dmalab_rdma_create() was asked for them */
static void emit_qp(const struct dmalab_rdma_cfg *cfg, int err)
{
	c_emit_include("<linux/bvec.h>");
	c_emit_include("<linux/scatterlist.h>");
	c_emit_include("<rdma/ib_verbs.h>");
	c_emit_include("<dmalab/rdma.h>");
	c_emit_include("\"oracle/rdma_check.h\"");
	c_emit_decl("static struct ib_qp *qp;");
	C_EMIT("/* an HCA (%s) and one QP on it */\n"
	       "qp = dmalab_rdma_create(&(struct dmalab_rdma_cfg){\n"
	       "\t.dma_device = dev,\n\t.iwarp = %d,\n\t.max_send_sge = %u,\n"
	       "\t.max_sge_rd = %u,\n\t.max_fast_reg_page_list_len = %u,\n"
	       "\t.max_rdma_ctxs = %u,\n}, &err);", cfg->iwarp ? "iWARP" : "InfiniBand",
	       cfg->iwarp, cfg->max_send_sge, cfg->max_sge_rd, cfg->max_fast_reg_page_list_len,
	       cfg->max_rdma_ctxs);
	if (rd.qp)
		C_EMIT("assert(qp);");
	else
		C_EMIT("/* seen: NULL, err %s: an allocation failed, no QP (allowed) */",
		       c_emit_errno(err));
}

/* the ranges as the sg list or the bvecs of one context */
static void emit_buffer(bool bvec, unsigned int total)
{
	unsigned int i;

	if (bvec)
		c_emit_decl("static struct bio_vec bv[%u];\nstatic struct bvec_iter iter;",
			    RDMA_MAX_RANGES);
	else
		c_emit_decl("static struct scatterlist sgl[%u];\nstatic struct sg_table sgt;",
			    RDMA_MAX_RANGES);
	if (!bvec)
		C_EMIT("sg_init_table(sgl, %u);", rd.nr);
	for (i = 0; i < rd.nr; i++) {
		phys_addr_t phys = rd.ranges[i].phys;

		C_EMIT("%s(%s[%u], pfn_to_page(%#lx), %#x, %#lx);",
		       bvec ? "bvec_set_page" : "sg_set_page", bvec ? "&bv" : "&sgl", i,
		       (unsigned long)PHYS_PFN(phys), rd.ranges[i].len,
		       (unsigned long)offset_in_page(phys));
	}
	if (bvec)
		C_EMIT("iter = (struct bvec_iter){ .bi_size = %#x };", total);
	else
		C_EMIT("sgt = (struct sg_table){ .sgl = sgl, .orig_nents = %u };", rd.nr);
}

/*
 * One context driven by the R/W oracle, as the run drove it: init, the
 * chain and destroy are its calls, each checked there.
 */
static void emit_drive(bool bvec, u32 offset, enum dma_data_direction dir)
{
	fz_emit_oracle_decl();
	c_emit_decl("static struct rdma_check_result rw;\n"
		    "static struct dmalab_slab_stats before, after;");
	C_EMIT("/*\n * %s(), rdma_rw_ctx_wrs(), %s(),\n"
	       " * each checked: the R/W oracle makes these calls (oracle/rdma_check.c)\n */\n"
	       "dmalab_slab_stats(&before);",
	       bvec ? "rdma_rw_ctx_init_bvec" : "rdma_rw_ctx_init",
	       bvec ? "rdma_rw_ctx_destroy_bvec" : "rdma_rw_ctx_destroy");
	if (bvec)
		C_EMIT("assert(oracle(rdma_check_drive_bvec(ck, qp, bv, %u, iter, 0x10000, 0x1234,\n"
		       "\t\t%s, &rw, msg, sizeof(msg))));",
		       rd.nr, c_emit_dir(dir));
	else
		C_EMIT("assert(oracle(rdma_check_drive_sg(ck, qp, &sgt, %#x, 0x10000, 0x1234,\n"
		       "\t\t%s, &rw, msg, sizeof(msg))));",
		       offset, c_emit_dir(dir));
	C_EMIT("dmalab_slab_stats(&after);");
}

/*
 * bvecs the run leaves out because they would show a known bug: the C
 * makes the call, and asserts what the kernel-doc promises.
 */
static void emit_left_out_bvecs(const char *bug, unsigned int total,
				enum dma_data_direction dir)
{
	unsigned long g = rd.fd.granule - 1;
	bool warns = false;
	unsigned int i;

	/* dma_iova_link() of a bvec after the first starting off the granule */
	for (i = 1; i < rd.nr; i++)
		warns |= !!(rd.ranges[i].phys & g);
	C_EMIT("/*\n * The fuzz run leaves these bvecs out and counts known bug\n * %s:\n"
	       " * they would fail on every run. Here the call is made.\n */", bug);
	emit_buffer(true, total);
	if (warns)
		C_EMIT("/* dma_iova_link() WARNs in the next call (WARN_ON_ONCE(iova_start_pad &&\n"
		       " * offset > 0)): this program aborts there (DMALAB_WARN_ABORT) */");
	emit_drive(true, 0, dir);
	c_emit_known_bug(bug, "not run by the fuzz target, which leaves such bvecs out; "
			 "the per-bvec path maps them, so init must succeed");
	C_EMIT("assert(rw.ret > 0);");
}

static bool new_qp(bool iwarp, unsigned int max_sge, unsigned int mr_pages, unsigned int ctxs)
{
	struct dmalab_rdma_cfg cfg = {
		.dma_device = rd.fd.dev, .iwarp = iwarp, .max_send_sge = max_sge,
		.max_sge_rd = max_sge, .max_fast_reg_page_list_len = mr_pages,
		.max_rdma_ctxs = ctxs,
	};
	int err = 0;

	if (rd.qp) {
		dmalab_rdma_destroy(rd.qp);
		C_EMIT("dmalab_rdma_destroy(qp);");
	}
	rd.qp = dmalab_rdma_create(&cfg, &err);
	if (c_emit_on)
		emit_qp(&cfg, err);
	return rd.qp != NULL;
}

static bool rdma_setup(struct fuzz_run *r)
{
	memset(&rd, 0, sizeof(rd));
	rd.fr = r;
	if (!fz_device_setup(&rd.fd, r->p, "mlx0", rdma_report))
		return false;
	fz_device_emit_setup(&rd.fd, r->p, "mlx0");
	return new_qp(false, 4, 256, 8);
}

static void op_range(const uint64_t *a)
{
	struct rdma_range *v;

	if (rd.nr == RDMA_MAX_RANGES)
		return;
	v = &rd.ranges[rd.nr++];
	fz_range(a, RDMA_BUF_PFN, &v->phys, &v->len);
	C_EMIT("/* range %u: phys %#llx len %#x */", rd.nr - 1, (unsigned long long)v->phys,
	       v->len);
}

/* would rdma_rw_ctx_init_bvec() of the ranges show a known bug? */
static const char *bvec_known_bug(void)
{
	unsigned long g = rd.fd.granule - 1;
	unsigned int i;

	if (!rd.fd.iommu || rd.nr < 2)
		return NULL;
	for (i = 1; i < rd.nr; i++)
		if ((rd.ranges[i].phys & g) || ((rd.ranges[i - 1].phys + rd.ranges[i - 1].len) & g))
			return "rdma-rw-iova-no-granule-check";
	/* the head's bounce slot keeps only the offset bits min_align_mask names */
	if (rd.fd.untrusted && (rd.ranges[0].phys & g & ~dma_get_min_align_mask(rd.fd.dev)))
		return "dma-iova-link-unaligned-head";
	return NULL;
}

/* does a range span more than one page (an MR entry of several pages)? */
static bool multi_page_entry(void)
{
	unsigned int i;

	for (i = 0; i < rd.nr; i++)
		if (PFN_DOWN(rd.ranges[i].phys) != PFN_DOWN(rd.ranges[i].phys + rd.ranges[i].len - 1))
			return true;
	return false;
}

/*
 * Are the ranges' joints off a page boundary? ib_map_mr_sg()'s kernel-doc:
 * every element but the first must start, and every one but the last end,
 * on page_size (or continue the previous one); an MR maps only the prefix
 * that does, and rw.c fails the context with -EINVAL: a contract of fast
 * registration that the MR path's callers (iWARP reads) keep.
 */
static bool joints_off_page(void)
{
	unsigned int i;

	for (i = 1; i < rd.nr; i++) {
		phys_addr_t end = rd.ranges[i - 1].phys + rd.ranges[i - 1].len;

		if (end != rd.ranges[i].phys &&
		    (offset_in_page(end) || offset_in_page(rd.ranges[i].phys)))
			return true;
	}
	return false;
}

/* may dma-direct or dma-iommu bounce a range through swiotlb? */
static bool may_bounce(void)
{
	u64 mask = dma_get_mask(rd.fd.dev);
	unsigned int i;

	if (rd.fd.untrusted || is_swiotlb_force_bounce(rd.fd.dev))
		return true;
	for (i = 0; i < rd.nr && !rd.fd.iommu; i++)
		if (rd.ranges[i].phys + rd.ranges[i].len - 1 > mask)
			return true;
	return false;
}

static void op_rw(struct fuzz_run *r, const uint64_t *a)
{
	enum dma_data_direction dir = a[1] ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	bool iwarp;
	struct dmalab_slab_stats before, after;
	struct rdma_check_result res;
	static struct scatterlist sgl[RDMA_MAX_RANGES];
	static struct bio_vec bv[RDMA_MAX_RANGES];
	struct sg_table sgt = { .sgl = sgl, .orig_nents = rd.nr };
	struct bvec_iter iter = {};
	const char *bug = NULL;
	unsigned int i, total = 0;
	char msg[512];
	bool ok;

	if (!rd.nr || !rd.qp)
		return;		/* no buffer, or no QP (its allocation failed) */
	iwarp = rd.qp->device->port_data[1].immutable.core_cap_flags & RDMA_CORE_CAP_PROT_IWARP;
	sg_init_table(sgl, rd.nr);
	for (i = 0; i < rd.nr; i++) {
		struct page *pg = pfn_to_page(PHYS_PFN(rd.ranges[i].phys));

		sg_set_page(&sgl[i], pg, rd.ranges[i].len, offset_in_page(rd.ranges[i].phys));
		bvec_set_page(&bv[i], pg, rd.ranges[i].len, offset_in_page(rd.ranges[i].phys));
		total += rd.ranges[i].len;
	}
	iter.bi_size = total;
	if (a[0] && !(iwarp && a[1]))
		bug = bvec_known_bug();
	if (iwarp && a[1] && joints_off_page()) {
		run_say(r, "left out: an iWARP READ registers MRs, whose entries must meet on "
			"page boundaries");
		C_EMIT("/* left out: an iWARP READ registers MRs, whose entries must meet on\n"
		       " * page boundaries (ib_map_mr_sg()'s kernel-doc) */");
		return;
	}
	if (bug) {
		run_say(r, "bvecs left out: known bug %s", bug);
		known_bug_hit(bug);
		if (c_emit_on)
			emit_left_out_bvecs(bug, total, dir);
		return;
	}
	if (c_emit_on) {
		emit_buffer(a[0], total);
		emit_drive(a[0], a[2] % total, dir);
	}
	dmalab_slab_stats(&before);
	ok = a[0] ? rdma_check_drive_bvec(rd.fd.ck, rd.qp, bv, rd.nr, iter, 0x10000, 0x1234, dir,
					  &res, msg, sizeof(msg)) :
		    rdma_check_drive_sg(rd.fd.ck, rd.qp, &sgt, a[2] % total, 0x10000, 0x1234, dir,
					&res, msg, sizeof(msg));
	if (!ok) {
		run_finding(r, "oracle", a[0] ? "rdma_check_drive_bvec" : "rdma_check_drive_sg",
			    "%s", msg);
		return;
	}
	dmalab_slab_stats(&after);
	if (res.ret == -EINVAL && iwarp && a[1] && (rd.fd.iommu || multi_page_entry())) {
		run_say(r, "-EINVAL: known bug rdma-rw-mr-entries-not-pages");
		known_bug_hit("rdma-rw-mr-entries-not-pages");
		if (c_emit_on)
			c_emit_known_bug("rdma-rw-mr-entries-not-pages", "seen: rw.ret %s",
					 c_emit_errno(res.ret));
		/* enough MRs for the pages: the context must be made */
		C_EMIT("assert(rw.ret > 0);");
		return;
	}
	/*
	 * Bounced entries (swiotlb: an untrusted device, a buffer beyond the
	 * mask) need not meet on page boundaries on the DMA side, which an MR
	 * cannot map: not judged here (an open question, not a finding).
	 */
	if (res.ret == -EINVAL && iwarp && a[1] && may_bounce()) {
		run_say(r, "-EINVAL from an MR of bounced entries: not judged");
		C_EMIT("/* seen: rw.ret -EINVAL from an MR of entries swiotlb may have bounced:\n"
		       " * not judged (bounce slots need not meet on page boundaries) */");
		return;
	}
	if (res.ret == -EAGAIN && iwarp && a[1]) {
		C_EMIT("/* seen: rw.ret -EAGAIN, the MR pool is empty: a ULP's sizing */");
		return;		/* the MR pool is empty: a ULP's sizing, not a bug */
	}
	if (res.ret < 0 && after.failed == before.failed)
		run_finding(r, "oracle", a[0] ? "rdma_rw_ctx_init_bvec" : "rdma_rw_ctx_init",
			    "init failed with %d, no allocation failed", res.ret);
	/* init may fail only where an allocation failed */
	if (res.ret < 0)
		C_EMIT("/* seen: rw.ret %s */\nassert(after.failed > before.failed);",
		       c_emit_errno(res.ret));
	else
		C_EMIT("/* seen: rw.ret %d, %s path, %u requests, %u SGEs */", res.ret,
		       rdma_check_path_name(res.path), res.nr_rdma_wrs, res.nr_sges);
	run_say(r, "%s %s: ret %d, %s path, %u requests, %u SGEs", a[0] ? "bvec" : "sg",
		a[1] ? "read" : "write", res.ret, rdma_check_path_name(res.path),
		res.nr_rdma_wrs, res.nr_sges);
}

static void rdma_op(struct fuzz_run *r, const struct prog_op *op)
{
	const uint64_t *a = op->arg;

	if (run_env_op(r, op))
		return;
	switch (op->code) {
	case OP_RANGE:
		op_range(a);
		break;
	case OP_CLEAR:
		rd.nr = 0;
		break;
	case OP_RDMA_QP:
		if (!new_qp(a[0], a[1], a[2], a[3]))
			run_say(r, "no QP: allocation failed");
		break;
	case OP_RDMA_RW:
		op_rw(r, a);
		break;
	default:
		break;		/* other targets' ops */
	}
}

static void rdma_teardown(struct fuzz_run *r)
{
	dmalab_fail_off();
	if (rd.qp) {
		dmalab_rdma_destroy(rd.qp);
		C_EMIT("dmalab_rdma_destroy(qp);");
	}
	fz_device_teardown(&rd.fd, r);
	memset(&rd, 0, sizeof(rd));
}

const struct target target_rdma = {
	.name = "rdma",
	.summary = "rdma_rw_ctx_init/_bvec, _wrs, _destroy on a mock HCA, checked",
	.codec = &prog_codec,
	.max_len = 2600,
	.timeout = 25,
	.setup = rdma_setup,
	.op = rdma_op,
	.teardown = rdma_teardown,
};
