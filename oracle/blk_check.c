// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block mapping oracle (blk_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>

#include "oracle/blk_check.h"
#include "fuzz/c_emit.h"

#define MAX_MODEL_SEGS	4096

static bool fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

bool blk_check_iova_allowed(struct device *dev, const struct request *rq, bool integrity)
{
	return !(blk_model_gap_mask(blk_model_gap_bit(rq, integrity)) &
		 dma_get_merge_boundary(dev));
}

bool blk_check_iova_link_off_granule(struct device *dev, const struct request *rq,
				     bool integrity, int *why)
{
	unsigned long mb = dma_get_merge_boundary(dev);
	struct blk_model_seg *ms;
	bool off = false;
	int i, n;

	*why = 0;
	if (!mb || !blk_check_iova_allowed(dev, rq, false))
		return false;
	ms = malloc(MAX_MODEL_SEGS * sizeof(*ms));
	if (!ms)
		return false;
	n = blk_model_segments(rq, integrity, ms, MAX_MODEL_SEGS);
	/* a link must start on the granule, and so must the one after it */
	for (i = 1; i < n && !off; i++)
		off = (ms[i].phys & mb) || ((ms[i - 1].phys + ms[i - 1].len) & mb);
	free(ms);
	if (off)
		*why = blk_check_iova_allowed(dev, rq, integrity) ? 2 : 1;
	return off;
}

/* the IOVA path: one segment, each model segment linked at its offset */
static bool check_iova(struct check_map *m, struct device *dev, const struct request *rq,
		       bool integrity, const struct dma_iova_state *state,
		       const struct blk_model_seg *ms, int nms, const struct blk_check_seg *segs,
		       unsigned int n, size_t total, const char *what, char *msg, size_t len)
{
	size_t off = 0;
	int i;

	if (!blk_check_iova_allowed(dev, rq, integrity))
		return fail(msg, len, "%s: IOVA path taken, but the payload's gap mask %#lx meets "
			    "the merge boundary %#lx", what,
			    blk_model_gap_mask(blk_model_gap_bit(rq, integrity)),
			    dma_get_merge_boundary(dev));
	if (n != 1)
		return fail(msg, len, "%s: IOVA path gave %u segments, not one", what, n);
	if (segs[0].addr != state->addr || segs[0].len != total ||
	    dma_iova_size((struct dma_iova_state *)state) != total)
		return fail(msg, len, "%s: IOVA segment %#llx+%#x (state %#llx+%#zx), payload %#zx",
			    what, (unsigned long long)segs[0].addr, segs[0].len,
			    (unsigned long long)state->addr,
			    dma_iova_size((struct dma_iova_state *)state), total);
	if (!check_map_reserve(m, state->addr, total))
		return fail(msg, len, "%s: check_map_reserve refused", what);
	for (i = 0; i < nms; i++) {
		if (!check_map_link(m, state->addr + off, ms[i].phys, ms[i].len))
			return fail(msg, len, "%s: check_map_link refused", what);
		off += ms[i].len;
	}
	return true;
}

/* the direct path: the model's segments one for one, within every limit */
static bool check_direct(struct checker *ck, struct check_map *m, struct device *dev,
			 const struct request *rq, bool integrity,
			 enum pci_p2pdma_map_type map, const struct blk_model_seg *ms, int nms,
			 const struct blk_check_seg *segs, unsigned int n, blk_check_bus_fn bus,
			 void *bus_priv, const char *what, char *msg, size_t len)
{
	const struct queue_limits *lim = &rq->q->limits;
	unsigned long vb = lim->virt_boundary_mask, mask = lim->seg_boundary_mask;
	/*
	 * The translation keeps the offset within the virt boundary when the
	 * granule is larger and a bounce keeps that many low bits
	 * (dma_set_min_align_mask(), as NVMe sets it for its PRPs).
	 */
	bool keep_vb = vb && check_granule(ck, dev) > vb && dma_get_min_align_mask(dev) >= vb;
	unsigned int i;

	if ((int)n != nms)
		return fail(msg, len, "%s: %u segments, the model has %d", what, n, nms);
	if (!integrity && n > rq->nr_phys_segments)
		return fail(msg, len, "%s: %u segments > nr_phys_segments %u", what, n,
			    rq->nr_phys_segments);
	if (integrity && (n > rq->nr_integrity_segments || n > lim->max_integrity_segments))
		return fail(msg, len, "%s: %u segments > nr_integrity_segments %u or limit %u",
			    what, n, rq->nr_integrity_segments, lim->max_integrity_segments);
	for (i = 0; i < n; i++) {
		dma_addr_t a = segs[i].addr;

		if (segs[i].len != ms[i].len)
			return fail(msg, len, "%s: segment %u is %#x long, the model's %#x (phys %#llx)",
				    what, i, segs[i].len, ms[i].len,
				    (unsigned long long)ms[i].phys);
		if (segs[i].len > lim->max_segment_size)
			return fail(msg, len, "%s: segment %u: %#x > max_segment_size %#x", what, i,
				    segs[i].len, lim->max_segment_size);
		if ((a | mask) != ((a + segs[i].len - 1) | mask) ||
		    (ms[i].phys | mask) != ((ms[i].phys + segs[i].len - 1) | mask))
			return fail(msg, len, "%s: segment %u %#llx+%#x (phys %#llx) crosses the "
				    "boundary mask %#lx", what, i, (unsigned long long)a,
				    segs[i].len, (unsigned long long)ms[i].phys, mask);
		if (keep_vb && ((i && (a & vb)) || (i + 1 < n && ((a + segs[i].len) & vb))))
			return fail(msg, len, "%s: segment %u %#llx+%#x breaks the virt boundary "
				    "%#lx", what, i, (unsigned long long)a, segs[i].len, vb);
		if (map == PCI_P2PDMA_MAP_BUS_ADDR) {
			u64 want;

			if (!bus || !bus(bus_priv, ms[i].phys, &want) || want != a)
				return fail(msg, len, "%s: segment %u: bus address %#llx for phys "
					    "%#llx, expected %#llx", what, i,
					    (unsigned long long)a,
					    (unsigned long long)ms[i].phys,
					    bus ? (unsigned long long)want : 0ULL);
			continue;
		}
		if (!check_map_range(m, a, ms[i].phys, segs[i].len))
			return fail(msg, len, "%s: check_map_range refused segment %u", what, i);
	}
	return true;
}

bool blk_check_mapping(struct checker *ck, struct device *dev, const struct request *rq,
		       bool integrity, const struct dma_iova_state *state,
		       enum pci_p2pdma_map_type map, const struct blk_check_seg *segs,
		       unsigned int n, blk_check_bus_fn bus, void *bus_priv,
		       struct check_map **out, char *msg, size_t len)
{
	const char *what = integrity ? "integrity" : "data";
	size_t total = blk_model_payload_bytes(rq, integrity), sum = 0;
	struct blk_model_seg *ms;
	struct check_map *m = NULL;
	unsigned int i;
	bool ok;
	int nms;

	*out = NULL;
	for (i = 0; i < n; i++)
		sum += segs[i].len;
	if (sum != total)
		return fail(msg, len, "%s: segments add up to %#zx, the payload is %#zx", what,
			    sum, total);
	ms = malloc(MAX_MODEL_SEGS * sizeof(*ms));
	if (!ms)
		return fail(msg, len, "out of memory");
	nms = blk_model_segments(rq, integrity, ms, MAX_MODEL_SEGS);
	if (nms < 0) {
		free(ms);
		return fail(msg, len, "%s: more than %d model segments", what, MAX_MODEL_SEGS);
	}
	if (map != PCI_P2PDMA_MAP_BUS_ADDR) {
		m = check_map_new(ck, dev, rq_dma_dir(rq),
				  map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE ? DMA_ATTR_MMIO : 0);
		if (!m) {
			free(ms);
			return fail(msg, len, "%s: device not registered with the checker", what);
		}
	}
	if (dma_use_iova((struct dma_iova_state *)state))
		ok = map != PCI_P2PDMA_MAP_BUS_ADDR &&
		     check_iova(m, dev, rq, integrity, state, ms, nms, segs, n, total, what,
				msg, len);
	else
		ok = check_direct(ck, m, dev, rq, integrity, map, ms, nms, segs, n, bus,
				  bus_priv, what, msg, len);
	free(ms);
	if (!ok) {
		if (m)
			check_unmap(m);
		return false;
	}
	*out = m;
	return true;
}

static void unmap_segments(struct device *dev, struct request *rq,
			   const struct blk_check_seg *s, unsigned int n,
			   enum pci_p2pdma_map_type map)
{
	unsigned long attrs = map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE ? DMA_ATTR_MMIO : 0;
	unsigned int i;

	if (map == PCI_P2PDMA_MAP_BUS_ADDR)
		return;
	for (i = 0; i < n; i++) {
		dma_unmap_phys(dev, s[i].addr, s[i].len, rq_dma_dir(rq), attrs);
		C_EMIT("dma_unmap_phys(dev, %#llx, %#x, %s, %s);", (unsigned long long)s[i].addr,
		       s[i].len, rq_dma_dir(rq) == DMA_TO_DEVICE ? "DMA_TO_DEVICE" :
		       "DMA_FROM_DEVICE", attrs ? "DMA_ATTR_MMIO" : "0");
	}
}

/*
 * A C reproducer (fuzz/c_emit.h): the driving below, call by call, on
 * the reproducer's request req, device dev and checker ck.
 */
void blk_check_emit_decls(void)
{
	c_emit_include("<linux/blk-mq-dma.h>");
	c_emit_include("\"oracle/blk_check.h\"");
	c_emit_decl("/* one payload's mapping, as the driver gets it */\n"
		    "static struct dma_iova_state state __maybe_unused;\n"
		    "static struct blk_dma_iter iter __maybe_unused;\n"
		    "static struct blk_check_seg segs[%d] __maybe_unused;\n"
		    "static struct check_map *bm __maybe_unused;\n"
		    "static bool more __maybe_unused, coalesced __maybe_unused;\n"
		    "static bool unmapped __maybe_unused;\nstatic char why[512];\n\n"
		    "/* the block mapping oracle's verdict, with its reason if it fails */\n"
		    "static bool blk_checked(bool ok)\n{\n\tif (!ok)\n"
		    "\t\tfprintf(stderr, \"blk_check: %%s\\n\", why);\n\treturn ok;\n}\n",
		    MAX_MODEL_SEGS);
}

static void emit_start(bool integrity, int fill)
{
	blk_check_emit_decls();
	C_EMIT("/* the %s payload, driven as NVMe drives it (blk_check_drive()) */\n"
	       "memset(&state, %#x, sizeof(state));\t/* the caller need not initialise it */",
	       integrity ? "integrity" : "data", fill);
}

static const char *emit_next_fn(bool integrity)
{
	return integrity ? "blk_rq_integrity_dma_map_iter_next" : "blk_rq_dma_map_iter_next";
}

bool blk_check_drive(struct checker *ck, struct device *dev, struct request *rq,
		     bool integrity, blk_check_bus_fn bus, void *bus_priv,
		     struct blk_check_result *res, char *msg, size_t len)
{
	return blk_check_drive_state(ck, dev, rq, integrity, bus, bus_priv, 0xa5, res, msg,
				     len);
}

bool blk_check_drive_state(struct checker *ck, struct device *dev, struct request *rq,
			   bool integrity, blk_check_bus_fn bus, void *bus_priv, int fill,
			   struct blk_check_result *res, char *msg, size_t len)
{
	struct blk_check_seg *segs = calloc(MAX_MODEL_SEGS, sizeof(*segs));
	struct dma_iova_state st;
	struct blk_dma_iter it;
	struct check_map *m;
	unsigned int n = 0;
	size_t total = 0;
	bool more, ok;

	memset(res, 0, sizeof(*res));
	if (!segs)
		return fail(msg, len, "out of memory");
	if (c_emit_on) {
		if (bus)
			c_emit_unsupported("blk_check_drive() with a P2P bus translation");
		emit_start(integrity, fill);
	}
	memset(&st, fill, sizeof(st));	/* the caller need not initialise it */
	more = integrity ? blk_rq_integrity_dma_map_iter_start(rq, dev, &st, &it) :
			   blk_rq_dma_map_iter_start(rq, dev, &st, &it);
	C_EMIT("more = %s(&req.rq, dev, &state, &iter);\t/* seen: %s */",
	       integrity ? "blk_rq_integrity_dma_map_iter_start" : "blk_rq_dma_map_iter_start",
	       more ? "true" : "false");
	while (more) {
		if (n == MAX_MODEL_SEGS) {
			free(segs);
			return fail(msg, len, "more than %d segments", MAX_MODEL_SEGS);
		}
		C_EMIT("segs[%u] = (struct blk_check_seg){ iter.addr, iter.len };"
		       "\t/* seen: %#llx+%#x */", n, (unsigned long long)it.addr, it.len);
		segs[n++] = (struct blk_check_seg){ it.addr, it.len };
		total += it.len;
		if (blk_rq_dma_map_coalesce(&st)) {
			C_EMIT("coalesced = blk_rq_dma_map_coalesce(&state);"
			       "\t/* seen: true, one IOVA range */");
			break;
		}
		C_EMIT("coalesced = blk_rq_dma_map_coalesce(&state);\t/* seen: false */");
		more = integrity ? blk_rq_integrity_dma_map_iter_next(rq, dev, &it) :
				   blk_rq_dma_map_iter_next(rq, dev, &it);
		C_EMIT("more = %s(&req.rq, dev, &iter);\t/* seen: %s */", emit_next_fn(integrity),
		       more ? "true" : "false");
	}
	res->map = it.p2pdma.map;
	res->nr_segs = n;
	if (!n || (!more && it.status != BLK_STS_OK)) {
		/* a failed start mapped nothing (an IOVA path undoes itself) */
		res->status = it.status != BLK_STS_OK ? it.status : BLK_STS_IOERR;
		C_EMIT("/* seen: stopped after %u segment(s), iter.status %u%s */", n, it.status,
		       n && !dma_use_iova(&st) ? ": undo the segments mapped" : "");
		if (n && !dma_use_iova(&st))
			unmap_segments(dev, rq, segs, n, res->map);
		free(segs);
		return true;
	}
	res->iova = dma_use_iova(&st);
	C_EMIT("assert(blk_checked(blk_check_mapping(ck, dev, &req.rq, %s, &state, "
	       "iter.p2pdma.map,\n\t\t\t\t\tsegs, %u, NULL, NULL, &bm, why, sizeof(why))));\n"
	       "assert(check_verify(ck));", integrity ? "true" : "false", n);
	ok = blk_check_mapping(ck, dev, rq, integrity, &st, res->map, segs, n, bus, bus_priv,
			       &m, msg, len);
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "%s: the checker disagrees (above)",
			  integrity ? "integrity" : "data");
	if (!blk_rq_dma_unmap(rq, dev, &st, total, res->map)) {
		C_EMIT("unmapped = blk_rq_dma_unmap(&req.rq, dev, &state, %#zx, iter.p2pdma.map);"
		       "\n/* seen: false, each segment is the driver's to unmap */", total);
		unmap_segments(dev, rq, segs, n, res->map);
	} else {
		C_EMIT("unmapped = blk_rq_dma_unmap(&req.rq, dev, &state, %#zx, iter.p2pdma.map);"
		       "\n/* seen: true */", total);
	}
	if (m) {
		check_unmap(m);
		C_EMIT("check_unmap(bm);");
	}
	free(segs);
	C_EMIT("assert(check_verify(ck));");
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "after the unmap: the checker disagrees (above)");
	res->mapped = ok;
	return ok;
}
