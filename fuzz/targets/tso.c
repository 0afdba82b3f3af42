// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "tso": a driver's TSO transmit mapping (net/core/tso.c:
 * tso_dma_map_init, tso_dma_map_count, tso_dma_map_next,
 * tso_dma_map_cleanup) of GSO skbs of every shape, on a device made from
 * the config, every skb checked by the TSO oracle and the ground-truth
 * checker (oracle/tso_check.h).
 *
 * Input: a program (fuzz/prog.h). The config makes the device as for
 * dma-map (format, domain strict/fq/identity/none, coherent, untrusted,
 * DMA mask, min_align_log2, CPUs). Ops:
 *  - range pfn order offset len: a page frag (in a folio of that order;
 *    at most 64 KiB), for the next skbs;
 *  - tso_xmit hdr_len head_payload head_off gso_size list: an skb whose
 *    linear part holds hdr_len bytes of headers and head_payload bytes of
 *    payload from head_off into a head area of its own; the ranges are its
 *    frags (at most MAX_SKB_FRAGS), the last `list` of them the frags of a
 *    frag_list skb. It is mapped, walked in gso_size segments (fewer than
 *    2048 of them: larger segments for a larger payload), checked, cleaned
 *    up, checked; the ranges stay;
 *  - clear, fail_nth, cpu, drain as everywhere.
 *
 * Findings: the oracle or the checker disagreeing; an init that fails
 * although no allocation failed; a kernel WARN; anything left mapped or
 * allocated at teardown. Known bugs are counted, not reported: an skb with
 * a frag_list is left out (tso-frag-list-unmapped: its bytes are never
 * mapped); dma_iova_link()'s WARN on a region after the first that starts
 * off the granule, behind an IOMMU, is cleared once the mapping has been
 * checked (tso-iova-no-granule-check: tso.c falls back, rightly, after it).
 */
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>
#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/device.h"
#include "fuzz/device_emit.h"
#include "fuzz/target.h"
#include "oracle/tso_check.h"
#include "oracle/known_bugs.h"

#define TSO_BUF_PFN	PHYS_PFN(DMALAB_DMA32_END)		/* frags from 4 GiB up */
#define TSO_HEAD_BASE	(DMALAB_DMA32_END + SZ_512M)		/* heads past every frag */
#define TSO_MAX_RANGES	(MAX_SKB_FRAGS + 8)
#define TSO_MAX_SEGS	2048

static struct {
	struct fuzz_run *fr;
	struct fz_device fd;		/* device, domain, checker */
	struct tso_skb_frag ranges[TSO_MAX_RANGES];
	unsigned int nr;
} ts;

static void tso_report(void *priv, const char *msg)
{
	run_finding(ts.fr, "checker", "check_verify", "%s", msg);
}

static bool tso_setup(struct fuzz_run *r)
{
	memset(&ts, 0, sizeof(ts));
	ts.fr = r;
	if (!fz_device_setup(&ts.fd, r->p, "eth0", tso_report))
		return false;
	fz_device_emit_setup(&ts.fd, r->p, "eth0");
	if (c_emit_on)
		c_emit_include("\"oracle/tso_check.h\"");
	return true;
}

static void op_range(const uint64_t *a)
{
	struct tso_skb_frag *f;

	if (ts.nr == TSO_MAX_RANGES)
		return;
	f = &ts.ranges[ts.nr++];
	fz_range(a, TSO_BUF_PFN, &f->phys, &f->len);
	C_EMIT("/* range %u: phys %#llx len %#x */", ts.nr - 1, (unsigned long long)f->phys,
	       f->len);
}

/* ---- C reproducers (fuzz/c_emit.h) ---- */

/* one skb description, as tso_skb_build() is given it */
static void emit_desc(const char *var, const struct tso_skb_desc *h)
{
	unsigned int i;

	C_EMIT("%s = (struct tso_skb_desc){ .linear = %#llx, .linear_len = %#x, "
	       ".nr_frags = %u };", var, (unsigned long long)h->linear, h->linear_len,
	       h->nr_frags);
	for (i = 0; i < h->nr_frags; i++)
		C_EMIT("%s.frags[%u] = (struct tso_skb_frag){ %#llx, %#x };", var, i,
		       (unsigned long long)h->frags[i].phys, h->frags[i].len);
}

/* the skb built, then mapped, walked and cleaned up by the TSO oracle */
static void emit_xmit(const struct tso_skb_desc *h, const struct tso_skb_desc *l,
		      unsigned int hdr_len, unsigned int gso)
{
	c_emit_decl("static struct tso_skb_desc head;\nstatic struct sk_buff *skb;");
	C_EMIT("/* the skb: %u bytes of headers, then its payload */", hdr_len);
	emit_desc("head", h);
	if (l->nr_frags) {
		c_emit_decl("static struct tso_skb_desc list;\t/* the frag_list skb's */");
		emit_desc("list", l);
	}
	C_EMIT("skb = tso_skb_build(&head, %u, %s);\nassert(skb);", gso,
	       l->nr_frags ? "&list, 1" : "NULL, 0");
}

static void emit_drive(unsigned int hdr_len, unsigned int gso)
{
	fz_emit_oracle_decl();
	c_emit_decl("static struct tso_check_result xmit;\n"
		    "static struct dmalab_slab_stats before, after;");
	C_EMIT("/*\n * tso_dma_map_init(), then _count() and _next() a segment, _cleanup(),\n"
	       " * each checked: the TSO oracle makes these calls (oracle/tso_check.c)\n */\n"
	       "dmalab_slab_stats(&before);\n"
	       "assert(oracle(tso_check_drive(ck, dev, skb, %u, %u, &xmit, msg, sizeof(msg))));\n"
	       "dmalab_slab_stats(&after);\ntso_skb_free(skb);", hdr_len, gso);
}

/*
 * Would dma_iova_link() WARN for this skb (tso-iova-no-granule-check)? A
 * payload region after the first that starts off the IOMMU granule, on a
 * device behind a DMA domain: tso.c links it at an offset > 0.
 */
static bool off_granule_link(const struct tso_skb_desc *h, unsigned int hdr_len)
{
	phys_addr_t g = ts.fd.granule - 1;
	unsigned int i;

	if (!ts.fd.iommu)
		return false;
	for (i = 0; i < h->nr_frags; i++)
		if ((i || h->linear_len > hdr_len) && (h->frags[i].phys & g))
			return true;
	return false;
}

static void op_xmit(struct fuzz_run *r, const uint64_t *a)
{
	unsigned int hdr_len = a[0], list = a[4], nfrags, i;
	struct dmalab_slab_stats before, after;
	struct tso_skb_desc h = {}, l = {};
	struct tso_check_result res;
	unsigned int gso = a[3];
	struct sk_buff *skb;
	u64 payload;
	char msg[512];
	bool ok;

	list = min(list, ts.nr);
	nfrags = min_t(unsigned int, ts.nr - list, MAX_SKB_FRAGS);
	h.linear = TSO_HEAD_BASE + a[2];
	h.linear_len = hdr_len + a[1];
	h.nr_frags = nfrags;
	payload = a[1];
	for (i = 0; i < nfrags; i++) {
		h.frags[i] = ts.ranges[i];
		payload += ts.ranges[i].len;
	}
	for (i = 0; i < list; i++) {
		l.frags[i] = ts.ranges[ts.nr - list + i];
		payload += l.frags[i].len;
	}
	l.nr_frags = list;
	/* a driver's loop of at most TSO_MAX_SEGS segments */
	gso = max_t(u64, gso, DIV_ROUND_UP(payload, TSO_MAX_SEGS));
	if (list) {
		run_say(r, "left out: a frag_list, known bug tso-frag-list-unmapped");
		known_bug_hit("tso-frag-list-unmapped");
		if (c_emit_on) {
			C_EMIT("/*\n * The fuzz run leaves an skb with a frag_list out and counts"
			       " known bug\n * tso-frag-list-unmapped: it would fail on every run."
			       " Here the call\n * is made: the oracle's walk meets payload bytes"
			       " nothing mapped, and\n * on the IOVA path the cleanup's"
			       " dma_iova_unlink() WARNs (WARN_ON(unmapped\n * != size)), which"
			       " aborts this program (DMALAB_WARN_ABORT).\n */");
			emit_xmit(&h, &l, hdr_len, gso);
			c_emit_known_bug("tso-frag-list-unmapped", "not run by the fuzz target; "
					 "the payload includes the frag_list's bytes, which "
					 "tso_dma_map_init() must map");
			emit_drive(hdr_len, gso);
		}
		return;
	}
	skb = tso_skb_build(&h, gso, NULL, 0);
	if (!skb) {
		c_emit_unsupported("tso_skb_build() ran out of C library memory");
		return;
	}
	dmalab_slab_stats(&before);
	ok = tso_check_drive(ts.fd.ck, ts.fd.dev, skb, hdr_len, gso, &res, msg, sizeof(msg));
	dmalab_slab_stats(&after);
	tso_skb_free(skb);
	if (c_emit_on) {
		bool known = res.warns == 1 && res.warn_func &&
			     !strcmp(res.warn_func, "dma_iova_link") && off_granule_link(&h, hdr_len);

		emit_xmit(&h, &l, hdr_len, gso);
		if (known) {
			c_emit_known_bug("tso-iova-no-granule-check", "seen: dma_iova_link() "
					 "WARNed in the next call (its WARN_ON_ONCE(iova_start_pad"
					 " && offset > 0)), which aborts this program "
					 "(DMALAB_WARN_ABORT)");
		}
		emit_drive(hdr_len, gso);
		/* init may fail only where an allocation failed */
		if (res.ret < 0)
			C_EMIT("/* seen: %s */\nassert(after.failed > before.failed);",
			       c_emit_errno(res.ret));
		else
			C_EMIT("/* seen: 0, %s path, %u segments, %u chunks */",
			       res.iova ? "IOVA" : "fallback", res.nr_segs, res.nr_chunks);
	}
	if (!ok) {
		run_finding(r, "oracle", "tso_check_drive", "%s", msg);
		return;
	}
	if (res.ret < 0 && after.failed == before.failed)
		run_finding(r, "oracle", "tso_dma_map_init", "init failed with %d, no allocation "
			    "failed", res.ret);
	if (res.warns == 1 && res.warn_func && !strcmp(res.warn_func, "dma_iova_link") &&
	    off_granule_link(&h, hdr_len)) {
		run_say(r, "dma_iova_link() WARNed: known bug tso-iova-no-granule-check");
		known_bug_hit("tso-iova-no-granule-check");
		dmalab_warn_reset();
	}
	run_say(r, "%#llx payload bytes, ret %d, %s path, %u segments, %u chunks",
		(unsigned long long)payload, res.ret, res.iova ? "IOVA" : "fallback",
		res.nr_segs, res.nr_chunks);
}

static void tso_op(struct fuzz_run *r, const struct prog_op *op)
{
	const uint64_t *a = op->arg;

	if (run_env_op(r, op))
		return;
	switch (op->code) {
	case OP_RANGE:
		op_range(a);
		break;
	case OP_CLEAR:
		ts.nr = 0;
		break;
	case OP_TSO_XMIT:
		op_xmit(r, a);
		break;
	default:
		break;		/* other targets' ops */
	}
}

static void tso_teardown(struct fuzz_run *r)
{
	fz_device_teardown(&ts.fd, r);
	memset(&ts, 0, sizeof(ts));
}

const struct target target_tso = {
	.name = "tso",
	.summary = "tso_dma_map_init/_count/_next/_cleanup of GSO skbs, checked",
	.codec = &prog_codec,
	.max_len = 1024,
	.timeout = 25,
	.setup = tso_setup,
	.op = tso_op,
	.teardown = tso_teardown,
};
