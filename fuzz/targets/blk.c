// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "blk": the block layer's request mapping (block/blk-mq-dma.c:
 * blk_rq_dma_map_iter_start/next, blk_rq_dma_unmap and the integrity
 * variants), driven as NVMe drives them, on requests the block layer model
 * builds (oracle/blk_model.h), every mapping checked by the block mapping
 * oracle and the ground-truth checker (oracle/blk_check.h).
 *
 * Input: a program (fuzz/prog.h). The config makes the device as for
 * dma-map (format, domain strict/fq/identity/none, untrusted, DMA mask,
 * CPUs); max_seg_log2 and boundary_log2 are the queue's max_segment_size
 * and seg_boundary_mask (the device gets the same DMA limits, as a SCSI
 * host's does), min_align_log2 is raised to NVMe's 4 KiB (or the granule)
 * on untrusted devices. Ops:
 *  - range pfn order offset len: a bvec of the test buffer (order > 0: in a
 *    folio of that order, named by its head page); the offset is cut to
 *    512 bytes and the length to whole 512-byte blocks (at most 64 KiB)
 *    when it becomes data;
 *  - blk_bio pi_ranges: the ranges since the last blk_bio make one bio,
 *    the last pi_ranges of them its integrity vecs (their lengths are
 *    reassigned to hold exactly bio_integrity_bytes() of the bio's data);
 *  - blk_limits max_seg_log2 boundary_log2 virt_boundary dma_align_log2
 *    pi_size max_pi_segs: the queue limits from now on (0: the default);
 *    pi_size bytes of metadata per 512-byte interval (0: none);
 *  - blk_map write pi: the bios so far as one request (the model refuses
 *    bios the block layer would split and merges it would not make),
 *    mapped, checked and unmapped: data, then integrity if pi; the bios are
 *    consumed;
 *  - fail_nth, cpu, drain as everywhere.
 *
 * Findings: the oracle or the checker disagreeing; a mapping that stops
 * with a status although no allocation failed; a kernel WARN; anything
 * left mapped or allocated at teardown. Under an injected failure a
 * stopped mapping is no finding (what was mapped must still be right and
 * be undone). A request that would show the known bug
 * blk-integrity-iova-data-gaps (an IOMMU device, data gaps allowing the
 * IOVA path, integrity gaps not) has its integrity payload left out and
 * counted, and so is a payload that would show blk-iova-max-segment-split
 * (the IOVA path allowed, a segment cut at max_segment_size off the
 * granule): blk_check_iova_link_off_granule(); and an integrity payload
 * the model cuts into more segments than nr_integrity_segments
 * (blk-integrity-count-unsplit).
 *
 * Not generated: P2P memory (the blk suite drives blk-mq-dma.c's P2P
 * branches on the example topologies, tests/blk/p2p.c; this target has no
 * topology), special payloads (RQF_SPECIAL_PAYLOAD), splits.
 */
#include <string.h>

#include <linux/dma-mapping.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/target.h"
#include "oracle/blk_check.h"
#include "oracle/known_bugs.h"

#define BLK_BUF_PFN	PHYS_PFN(DMALAB_DMA32_END)	/* buffers from 4 GiB up */
#define BLK_MAX_RANGES	64
#define BLK_MAX_BIOS	16

struct blk_bio_spec {
	unsigned int first, nr_data, nr_pi;
};

static struct {
	struct fuzz_run *fr;
	struct fz_device fd;		/* device, domain, checker */
	struct request_queue q;
	struct blk_model_vec ranges[BLK_MAX_RANGES];
	unsigned int nr, bio_start;
	struct blk_bio_spec bios[BLK_MAX_BIOS];
	unsigned int nr_bios;
} blk;

static void blk_report(void *priv, const char *msg)
{
	run_finding(blk.fr, "checker", "check_verify", "%s", msg);
}

/* A C reproducer (fuzz/c_emit.h): the queue limits as the driver sets them */
static void emit_limits(const struct queue_limits *lim)
{
	c_emit_decl("/* the queue (blk_model_*(): the block layer's rules, oracle/blk_model.h) */\n"
		    "static struct request_queue q;\nstatic struct queue_limits lim;\n"
		    "static struct blk_model_rq req;\n");
	C_EMIT("lim = (struct queue_limits){\n\t.max_sectors = %u,", lim->max_sectors);
	if (lim->max_segment_size)
		C_EMIT("\t.max_segment_size = %#x,", lim->max_segment_size);
	if (lim->seg_boundary_mask)
		C_EMIT("\t.seg_boundary_mask = %#lx,", lim->seg_boundary_mask);
	if (lim->virt_boundary_mask)
		C_EMIT("\t.virt_boundary_mask = %#lx,", lim->virt_boundary_mask);
	if (lim->dma_alignment)
		C_EMIT("\t.dma_alignment = %#x,", lim->dma_alignment);
	if (lim->integrity.metadata_size)
		C_EMIT("\t.integrity.metadata_size = %u,\n\t.integrity.interval_exp = %u,\n"
		       "\t.max_integrity_segments = %u,", lim->integrity.metadata_size,
		       lim->integrity.interval_exp, lim->max_integrity_segments);
	C_EMIT("};\nret = blk_model_limits_validate(&lim);");
}

/* queue limits from log2 values; the device's DMA limits follow them */
static void set_limits(unsigned int seg_log2, unsigned int bnd_log2, bool vb,
		       unsigned int align_log2, unsigned int pi_size, unsigned int max_pi)
{
	struct queue_limits lim = { .max_sectors = 2048 };

	if (seg_log2 >= 12)
		lim.max_segment_size = seg_log2 >= 32 ? UINT_MAX : 1U << seg_log2;
	if (bnd_log2 >= 12)
		lim.seg_boundary_mask = bnd_log2 >= 63 ? ULONG_MAX : (1UL << bnd_log2) - 1;
	if (vb)
		lim.virt_boundary_mask = 0xfff;
	if (align_log2)
		lim.dma_alignment = (1U << align_log2) - 1;
	if (pi_size) {
		lim.integrity.metadata_size = pi_size;
		lim.integrity.interval_exp = 9;
		lim.max_integrity_segments = max_pi;
	}
	if (c_emit_on)
		emit_limits(&lim);
	if (blk_model_limits_validate(&lim)) {
		C_EMIT("/* seen: -EINVAL, limits the kernel refuses: the old ones stay */");
		return;		/* a driver's mistake the kernel refuses: keep the old */
	}
	blk.q.limits = lim;
	dma_set_max_seg_size(blk.fd.dev, lim.max_segment_size);
	dma_set_seg_boundary(blk.fd.dev, lim.seg_boundary_mask);
	C_EMIT("assert(ret == 0);\nq.limits = lim;\n"
	       "dma_set_max_seg_size(dev, lim.max_segment_size);\n"
	       "dma_set_seg_boundary(dev, lim.seg_boundary_mask);");
}

static bool blk_setup(struct fuzz_run *r)
{
	const struct prog *p = r->p;

	memset(&blk, 0, sizeof(blk));
	blk.fr = r;
	if (!fz_device_setup(&blk.fd, p, "nvme0", blk_report))
		return false;
	fz_device_emit_setup(&blk.fd, p, "nvme0");
	c_emit_include("\"oracle/blk_check.h\"");
	/*
	 * NVMe keeps the offset in a 4K page when bouncing; without it an
	 * unaligned IOVA link on an untrusted device is the known bug
	 * dma-iova-link-unaligned-head, not this target's to find again.
	 */
	if (blk.fd.untrusted) {
		dma_set_min_align_mask(blk.fd.dev, min_t(unsigned long, blk.fd.granule, SZ_4K) - 1);
		C_EMIT("/* NVMe keeps the offset in a 4K page when bouncing */\n"
		       "dma_set_min_align_mask(dev, %#lx);",
		       min_t(unsigned long, blk.fd.granule, SZ_4K) - 1);
	}
	C_EMIT("/* the queue limits of the config (max_seg_log2, boundary_log2) */");
	set_limits(p->cfg[CFG_MAX_SEG_LOG2], p->cfg[CFG_BOUNDARY_LOG2], false, 0, 0, 1);
	return true;
}

static void op_range(const uint64_t *a)
{
	struct blk_model_vec *v;

	if (blk.nr == BLK_MAX_RANGES)
		return;
	v = &blk.ranges[blk.nr++];
	fz_range(a, BLK_BUF_PFN, &v->phys, &v->len);
	v->folio_order = a[1];
}

/* data vecs: 512-byte aligned offsets, whole blocks, inside their folio */
static void shape_data(struct blk_model_vec *v)
{
	phys_addr_t end = (v->phys & ~((phys_addr_t)(PAGE_SIZE << v->folio_order) - 1)) +
			  (PAGE_SIZE << v->folio_order);

	v->phys &= ~(phys_addr_t)511;
	v->len = ALIGN(v->len, 512);
	if (v->phys + v->len > end)
		v->len = end - v->phys;
}

static void op_bio(const uint64_t *a)
{
	unsigned int n = blk.nr - blk.bio_start, pi = a[0];

	if (!n || blk.nr_bios == BLK_MAX_BIOS)
		return;
	if (pi >= n)
		pi = n - 1;
	blk.bios[blk.nr_bios++] = (struct blk_bio_spec){ blk.bio_start, n - pi, pi };
	blk.bio_start = blk.nr;
}

/*
 * integrity vecs: their lengths shared out to hold exactly need bytes, in
 * at most need vecs (a bio has no empty bvec: with 1 byte of PI in 2 vecs
 * the first was empty once, and the kernel counted a segment the model did
 * not, a finding of ours). Returns how many vecs are used.
 */
static unsigned int shape_pi(struct blk_model_vec *iv, unsigned int n, unsigned int need)
{
	unsigned int i, each;

	if (n > need)
		n = need;
	if (!n)
		return 0;
	each = need / n;
	for (i = 0; i < n; i++) {
		iv[i].len = i + 1 < n ? each : need - each * (n - 1);
		iv[i].folio_order = 0;
	}
	return n;
}

/*
 * A C reproducer: the payload the run leaves out, driven anyway as the
 * oracle drives every payload, which fails where the known bug shows.
 */
static void emit_left_out(const char *id, bool integrity)
{
	blk_check_emit_decls();
	c_emit_decl("static struct blk_check_result drive_res;");
	c_emit_known_bug(id, "The fuzz run leaves this %s payload out and counts the bug "
			 "(fuzz/targets/blk.c, shows_known_bug()); driven here as NVMe drives it, "
			 "which the kernel-doc says maps it", integrity ? "integrity" : "data");
	C_EMIT("assert(blk_checked(blk_check_drive(ck, dev, &req.rq, %s, NULL, NULL, &drive_res,\n"
	       "\t\t\t\t\twhy, sizeof(why))));\nassert(drive_res.mapped);",
	       integrity ? "true" : "false");
}

/* would this payload's map show one of the known bugs? (blk_check.h) */
static bool shows_known_bug(struct fuzz_run *r, struct request *rq, bool integrity)
{
	static const char *const ids[] = {
		NULL, "blk-integrity-iova-data-gaps", "blk-iova-max-segment-split",
	};
	static struct blk_model_seg segs[4096];
	int why;

	if (integrity && blk_model_segments(rq, true, segs, ARRAY_SIZE(segs)) >
	    rq->nr_integrity_segments) {
		run_say(r, "integrity left out: known bug blk-integrity-count-unsplit");
		known_bug_hit("blk-integrity-count-unsplit");
		if (c_emit_on)
			emit_left_out("blk-integrity-count-unsplit", true);
		return true;
	}
	if (!blk.fd.iommu || !blk_check_iova_link_off_granule(blk.fd.dev, rq, integrity, &why))
		return false;
	run_say(r, "%s left out: known bug %s", integrity ? "integrity" : "data", ids[why]);
	known_bug_hit(ids[why]);
	if (c_emit_on)
		emit_left_out(ids[why], integrity);
	return true;
}

static void drive(struct fuzz_run *r, struct request *rq, bool integrity)
{
	struct dmalab_slab_stats before, after;
	struct blk_check_result res;
	char msg[512];

	dmalab_slab_stats(&before);
	if (!blk_check_drive(blk.fd.ck, blk.fd.dev, rq, integrity, NULL, NULL, &res, msg,
			     sizeof(msg))) {
		run_finding(r, "oracle", "blk_check_drive", "%s", msg);
		return;
	}
	dmalab_slab_stats(&after);
	if (!res.mapped && after.failed == before.failed) {
		run_finding(r, "oracle", integrity ? "blk_rq_integrity_dma_map_iter" :
			    "blk_rq_dma_map_iter", "%s mapping stopped with status %u, no "
			    "allocation failed", integrity ? "integrity" : "data", res.status);
		C_EMIT("assert(more);\t/* no allocation failed: the mapping must not stop */");
	} else if (!res.mapped) {
		C_EMIT("/* a clean stop: an allocation failed (fail_nth) */");
	}
	run_say(r, "%s: %u segment(s)%s%s", integrity ? "integrity" : "data", res.nr_segs,
		res.iova ? ", one IOVA range" : "", res.mapped ? "" : ", stopped");
}

/* A C reproducer: a bio as blk_model_rq_add_bio() takes it, and what it said */
static void emit_vecs(const struct blk_model_vec *v, unsigned int n, const char *end)
{
	unsigned int i;

	if (!n) {
		C_EMIT("\tNULL, 0%s", end);
		return;
	}
	C_EMIT("\t(const struct blk_model_vec[]){");
	for (i = 0; i < n; i++)
		C_EMIT("\t\t{ %#llx, %#x, %u },", (unsigned long long)v[i].phys, v[i].len,
		       v[i].folio_order);
	C_EMIT("\t}, %u%s", n, end);
}

static void emit_bio(const struct blk_model_vec *v, unsigned int n,
		     const struct blk_model_vec *iv, unsigned int ni, int ret)
{
	C_EMIT("ret = blk_model_rq_add_bio(&req,");
	emit_vecs(v, n, ",");
	emit_vecs(iv, ni, ");");
	if (ret)
		C_EMIT("/* seen: %d, a bio the block layer would %s: not in the request */", ret,
		       ret == -EAGAIN ? "not merge" : "split");
	else
		C_EMIT("assert(ret == 0);");
}

static void op_map(struct fuzz_run *r, const uint64_t *a)
{
	bool pi = a[1] && blk.q.limits.integrity.metadata_size;
	struct blk_model_vec v[BLK_MAX_RANGES], iv[BLK_MAX_RANGES];
	struct blk_model_rq m;
	unsigned int b, i;
	int ret;

	blk_model_rq_init(&m, &blk.q, a[0], pi);
	C_EMIT("/* a %s request of the bios so far, as the block layer merges them */\n"
	       "blk_model_rq_init(&req, &q, %s, %s);", a[0] ? "write" : "read",
	       a[0] ? "true" : "false", pi ? "true" : "false");
	for (b = 0; b < blk.nr_bios; b++) {
		const struct blk_bio_spec *s = &blk.bios[b];
		unsigned int bytes = 0, need, nr_pi = 0;

		for (i = 0; i < s->nr_data; i++) {
			v[i] = blk.ranges[s->first + i];
			shape_data(&v[i]);
			bytes += v[i].len;
		}
		if (pi) {
			if (!s->nr_pi) {
				C_EMIT("/* bio %u has no integrity vecs: not in the request */", b);
				continue;
			}
			need = bio_integrity_bytes(&blk.q.limits.integrity, bytes >> SECTOR_SHIFT);
			memcpy(iv, &blk.ranges[s->first + s->nr_data], s->nr_pi * sizeof(*iv));
			nr_pi = shape_pi(iv, s->nr_pi, need);
			if (!nr_pi) {
				C_EMIT("/* bio %u needs no integrity bytes: not in the request */", b);
				continue;
			}
		}
		ret = blk_model_rq_add_bio(&m, v, s->nr_data, pi ? iv : NULL, pi ? nr_pi : 0);
		if (c_emit_on)
			emit_bio(v, s->nr_data, iv, pi ? nr_pi : 0, ret);
	}
	run_say(r, "request of %u of %u bios, %u bytes", m.nr_bios, blk.nr_bios,
		blk_rq_bytes(&m.rq));
	blk.nr_bios = 0;
	if (!m.rq.bio) {
		C_EMIT("/* no bio made a request: nothing to map */");
		return;
	}
	if (!shows_known_bug(r, &m.rq, false))
		drive(r, &m.rq, false);
	if (pi && !r->failed && !shows_known_bug(r, &m.rq, true))
		drive(r, &m.rq, true);
	blk_model_rq_free(&m);
	C_EMIT("blk_model_rq_free(&req);");
}

static void blk_op(struct fuzz_run *r, const struct prog_op *op)
{
	const uint64_t *a = op->arg;

	if (run_env_op(r, op))
		return;
	switch (op->code) {
	case OP_RANGE:
		op_range(a);
		break;
	case OP_CLEAR:
		blk.nr = blk.bio_start = blk.nr_bios = 0;
		break;
	case OP_BLK_BIO:
		op_bio(a);
		break;
	case OP_BLK_LIMITS:
		set_limits(a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case OP_BLK_MAP:
		op_map(r, a);
		break;
	default:
		break;		/* other targets' ops */
	}
}

static void blk_teardown(struct fuzz_run *r)
{
	fz_device_teardown(&blk.fd, r);
	memset(&blk, 0, sizeof(blk));
}

const struct target target_blk = {
	.name = "blk",
	.summary = "blk_rq_dma_map_iter_* (data and integrity) on model-built requests, checked",
	.codec = &prog_codec,
	.max_len = 2600,
	.timeout = 25,
	.setup = blk_setup,
	.op = blk_op,
	.teardown = blk_teardown,
};
