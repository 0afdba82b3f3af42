// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RDMA R/W oracle (rdma_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bvec.h>
#include <linux/scatterlist.h>
#include <linux/dma-mapping.h>
#include <linux/pci-p2pdma.h>
#include <rdma/ib_verbs.h>
#include <rdma/rw.h>
#include <dmalab/rdma.h>

#include "oracle/rdma_check.h"

#define MAX_PIECES	4096
#define MAX_WRS		4096

/* a run of addresses: DMA addresses or physical ones */
struct piece {
	u64 addr;
	u64 len;
};

struct stream {
	struct piece *p;
	unsigned int n;
	u64 bytes;
};

static bool fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

const char *rdma_check_path_name(enum rdma_check_path p)
{
	static const char *const names[] = { "none", "single", "multi", "mr", "iova" };

	return p < ARRAY_SIZE(names) ? names[p] : "?";
}

static bool stream_init(struct stream *s)
{
	s->n = 0;
	s->bytes = 0;
	s->p = calloc(MAX_PIECES, sizeof(*s->p));
	return s->p != NULL;
}

static bool stream_add(struct stream *s, u64 addr, u64 len)
{
	if (s->n && s->p[s->n - 1].addr + s->p[s->n - 1].len == addr) {
		s->p[s->n - 1].len += len;
	} else {
		if (s->n == MAX_PIECES)
			return false;
		s->p[s->n++] = (struct piece){ addr, len };
	}
	s->bytes += len;
	return true;
}

/* Are a and b the same bytes in the same order? *at: the first offset that differs */
static bool stream_same(const struct stream *a, const struct stream *b, u64 *at)
{
	unsigned int i = 0, j = 0;
	u64 oa = 0, ob = 0, pos = 0;

	while (i < a->n && j < b->n) {
		u64 n = min(a->p[i].len - oa, b->p[j].len - ob);

		if (a->p[i].addr + oa != b->p[j].addr + ob) {
			*at = pos;
			return false;
		}
		pos += n;
		oa += n;
		ob += n;
		if (oa == a->p[i].len) {
			i++;
			oa = 0;
		}
		if (ob == b->p[j].len) {
			j++;
			ob = 0;
		}
	}
	*at = pos;
	return i == a->n && j == b->n;
}

/* the DMA segments of a mapped table (its first nents entries), from byte skip */
static bool table_stream(const struct sg_table *t, u64 skip, struct stream *s)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sg(t->sgl, sg, t->nents, i) {
		u64 a = sg_dma_address(sg), l = sg_dma_len(sg);

		if (skip >= l) {
			skip -= l;
			continue;
		}
		if (!stream_add(s, a + skip, l - skip))
			return false;
		skip = 0;
	}
	return true;
}

struct chain {
	struct stream dma;		/* the SGEs' bytes, MRs expanded */
	unsigned int nr_wrs, nr_rdma, nr_sges;
	bool mr;			/* a REG_MR request was seen */
	const struct ib_sge *last_sge;
};

/*
 * Walk the chain rdma_rw_ctx_wrs() returned: the rules of rdma_check.h on
 * every request, the SGEs' bytes into c->dma.
 */
static bool walk_chain(struct ib_qp *qp, const struct ib_send_wr *first,
		       const struct ib_cqe *cqe, u64 remote, u32 rkey,
		       enum dma_data_direction dir, struct chain *c, char *msg, size_t len)
{
	u32 max_sge = dir == DMA_TO_DEVICE ? qp->max_write_sge : qp->max_read_sge;
	struct dmalab_rdma_range r[256];
	const struct ib_send_wr *wr, *last = NULL;
	struct ib_mr *mr = NULL;
	u32 inv_key = 0;
	bool inv = false;
	int i;

	for (wr = first; wr; wr = wr->next) {
		unsigned int n = c->nr_wrs++;

		if (c->nr_wrs > MAX_WRS)
			return fail(msg, len, "more than %d work requests (a loop?)", MAX_WRS);
		last = wr;
		switch (wr->opcode) {
		case IB_WR_LOCAL_INV:
			if (!wr->next || wr->next->opcode != IB_WR_REG_MR)
				return fail(msg, len, "wr %u: LOCAL_INV not followed by REG_MR", n);
			inv = true;
			inv_key = wr->ex.invalidate_rkey;
			break;
		case IB_WR_REG_MR: {
			const struct ib_reg_wr *reg = reg_wr(wr);

			if (mr)
				return fail(msg, len, "wr %u: REG_MR while the MR before it is unused", n);
			mr = reg->mr;
			c->mr = true;
			if (reg->key != mr->lkey)
				return fail(msg, len, "wr %u: REG_MR key %#x, the MR's lkey %#x", n,
					    reg->key, mr->lkey);
			if (!(reg->access & IB_ACCESS_LOCAL_WRITE))
				return fail(msg, len, "wr %u: REG_MR access %#x without LOCAL_WRITE",
					    n, reg->access);
			/* the invalidation is of this MR's earlier registration */
			if (inv && (inv_key & ~0xffu) != (mr->lkey & ~0xffu))
				return fail(msg, len, "wr %u: LOCAL_INV of key %#x, the MR is %#x", n,
					    inv_key, mr->lkey);
			inv = false;
			break;
		}
		case IB_WR_RDMA_WRITE:
		case IB_WR_RDMA_READ:
		case IB_WR_RDMA_READ_WITH_INV: {
			const struct ib_rdma_wr *rw = rdma_wr(wr);

			if ((dir == DMA_TO_DEVICE) != (wr->opcode == IB_WR_RDMA_WRITE))
				return fail(msg, len, "wr %u: opcode %d for direction %d", n,
					    wr->opcode, dir);
			if (rw->rkey != rkey)
				return fail(msg, len, "wr %u: rkey %#x, expected %#x", n, rw->rkey,
					    rkey);
			if (rw->remote_addr != remote + c->dma.bytes)
				return fail(msg, len, "wr %u: remote_addr %#llx, expected %#llx (the "
					    "%#llx bytes before it)", n,
					    (unsigned long long)rw->remote_addr,
					    (unsigned long long)(remote + c->dma.bytes),
					    (unsigned long long)c->dma.bytes);
			if (wr->num_sge < 1 || wr->num_sge > max_sge)
				return fail(msg, len, "wr %u: %d SGEs, the QP allows 1..%u", n,
					    wr->num_sge, max_sge);
			c->nr_rdma++;
			for (i = 0; i < wr->num_sge; i++) {
				const struct ib_sge *sge = &wr->sg_list[i];
				unsigned int k, nr;

				c->nr_sges++;
				c->last_sge = sge;
				if (!sge->length)
					return fail(msg, len, "wr %u sge %d: length 0", n, i);
				if (sge->lkey == qp->pd->local_dma_lkey) {
					if (!stream_add(&c->dma, sge->addr, sge->length))
						return fail(msg, len, "more than %d SGE runs", MAX_PIECES);
					continue;
				}
				if (!mr || sge->lkey != mr->lkey)
					return fail(msg, len, "wr %u sge %d: lkey %#x is neither the PD's "
						    "%#x nor a registered MR's", n, i, sge->lkey,
						    qp->pd->local_dma_lkey);
				if (sge->addr != mr->iova || sge->length != mr->length)
					return fail(msg, len, "wr %u sge %d: %#llx+%#x, the MR is "
						    "%#llx+%#llx", n, i,
						    (unsigned long long)sge->addr, sge->length,
						    (unsigned long long)mr->iova,
						    (unsigned long long)mr->length);
				/*
				 * The key byte is the one of init time: rw.c sets
				 * invalidate_rkey before rdma_rw_ctx_wrs() bumps the
				 * key. The iWARP drivers invalidate the SGE's lkey
				 * (cxgb4, irdma, siw), so only the MR is checked.
				 */
				if (wr->opcode == IB_WR_RDMA_READ_WITH_INV &&
				    (wr->ex.invalidate_rkey & ~0xffu) != (mr->lkey & ~0xffu))
					return fail(msg, len, "wr %u: READ_WITH_INV of %#x, the MR is %#x",
						    n, wr->ex.invalidate_rkey, mr->lkey);
				nr = dmalab_rdma_mr_ranges(mr, r, ARRAY_SIZE(r));
				if (nr > ARRAY_SIZE(r))
					return fail(msg, len, "wr %u: MR of %u ranges", n, nr);
				for (k = 0; k < nr; k++)
					if (!stream_add(&c->dma, r[k].dma, r[k].len))
						return fail(msg, len, "more than %d SGE runs", MAX_PIECES);
				mr = NULL;
			}
			break;
		}
		default:
			return fail(msg, len, "wr %u: unexpected opcode %d", n, wr->opcode);
		}
	}
	if (mr)
		return fail(msg, len, "an MR registered by the chain is never used");
	if (!last)
		return fail(msg, len, "rdma_rw_ctx_wrs() returned no work request");
	if (last->wr_cqe != cqe || !(last->send_flags & IB_SEND_SIGNALED))
		return fail(msg, len, "the last request is not signalled with the caller's cqe");
	return true;
}

/*
 * What a ULP does with a context init set up: take the chain
 * (rdma_rw_ctx_wrs(), with a cqe) and post it. The chain is walked
 * (walk_chain()), must hold as many requests as init returned and as many
 * RDMA requests as ctx->nr_ops says (rw.h: "number of RDMA READ/WRITE WRs
 * (not counting MR WRs)"), and the mock HCA executes its MR operations
 * (dmalab_rdma_execute()): an MR registered again without being
 * invalidated, or an SGE of an invalid MR, fails there.
 */
static bool post_chain(struct ib_qp *qp, struct rdma_rw_ctx *ctx, struct ib_cqe *cqe,
		       u64 remote_addr, u32 rkey, enum dma_data_direction dir, struct chain *c,
		       const struct rdma_check_result *res, char *msg, size_t len)
{
	struct ib_send_wr *first = rdma_rw_ctx_wrs(ctx, qp, 1, cqe, NULL);
	char why[256];

	if (!walk_chain(qp, first, cqe, remote_addr, rkey, dir, c, msg, len))
		return false;
	if (c->nr_wrs != (unsigned int)res->ret)
		return fail(msg, len, "init returned %d WQEs, the chain has %u", res->ret,
			    c->nr_wrs);
	if (ctx->nr_ops != c->nr_rdma)
		return fail(msg, len, "ctx->nr_ops is %u, the chain has %u RDMA requests",
			    ctx->nr_ops, c->nr_rdma);
	if (dmalab_rdma_execute(qp, first, why, sizeof(why)))
		return fail(msg, len, "the HCA fails the chain: %s", why);
	return true;
}

static void report_nothing_left(struct checker *ck, struct ib_qp *qp, int mrs_before,
				bool *ok, char *msg, size_t len, const char *when)
{
	if (*ok && !check_verify(ck))
		*ok = fail(msg, len, "%s: the checker disagrees (above)", when);
	if (*ok && dmalab_rdma_mrs_used(qp) != mrs_before)
		*ok = fail(msg, len, "%s: %d MRs in use, %d before", when,
			   dmalab_rdma_mrs_used(qp), mrs_before);
}

static void fill_result(struct rdma_check_result *res, const struct chain *c,
			enum rdma_check_path path)
{
	res->path = path;
	res->nr_wrs = c->nr_wrs;
	res->nr_rdma_wrs = c->nr_rdma;
	res->nr_sges = c->nr_sges;
}

/* P2P memory through the host bridge is mapped as MMIO */
static unsigned long p2p_attrs(const struct rdma_check_p2p *p2p)
{
	return p2p && p2p->map == PCI_P2PDMA_MAP_THRU_HOST_BRIDGE ? DMA_ATTR_MMIO : 0;
}

static bool p2p_bus_addr(const struct rdma_check_p2p *p2p)
{
	return p2p && p2p->map == PCI_P2PDMA_MAP_BUS_ADDR;
}

/* the bus addresses of a physical stream */
static bool bus_stream(const struct rdma_check_p2p *p2p, const struct stream *phys,
		       struct stream *bus)
{
	unsigned int i;
	u64 b;

	for (i = 0; i < phys->n; i++)
		if (!p2p->bus(p2p->priv, phys->p[i].addr, &b) ||
		    !stream_add(bus, b, phys->p[i].len))
			return false;
	return true;
}

bool rdma_check_drive_sg(struct checker *ck, struct ib_qp *qp, struct sg_table *sgt,
			 u32 offset, u64 remote_addr, u32 rkey, enum dma_data_direction dir,
			 struct rdma_check_result *res, char *msg, size_t len)
{
	return rdma_check_drive_sg_p2p(ck, qp, sgt, offset, remote_addr, rkey, dir, NULL, res,
				       msg, len);
}

bool rdma_check_drive_sg_p2p(struct checker *ck, struct ib_qp *qp, struct sg_table *sgt,
			     u32 offset, u64 remote_addr, u32 rkey,
			     enum dma_data_direction dir, const struct rdma_check_p2p *p2p,
			     struct rdma_check_result *res, char *msg, size_t len)
{
	struct device *dev = qp->pd->device->dma_device;
	int mrs_before = dmalab_rdma_mrs_used(qp);
	struct check_range *cpu = calloc(MAX_PIECES, sizeof(*cpu));
	struct stream want = {}, bufp = {};
	struct chain c = {};
	struct ib_cqe cqe = {};
	struct rdma_rw_ctx ctx;
	struct sg_table t = *sgt;
	struct check_map *m = NULL;
	struct scatterlist *sg;
	unsigned int n, i;
	bool ok = true;
	u64 at;

	memset(res, 0, sizeof(*res));
	if (!cpu || !stream_init(&want) || !stream_init(&c.dma) || !stream_init(&bufp)) {
		ok = fail(msg, len, "out of memory");
		goto out;
	}
	n = check_sg_ranges(sgt, cpu, MAX_PIECES);
	if (!n) {
		ok = fail(msg, len, "more than %d sg entries", MAX_PIECES);
		goto out;
	}
	for (i = 0; i < n; i++)
		stream_add(&bufp, cpu[i].phys, cpu[i].len);
	memset(&ctx, 0xa5, sizeof(ctx));
	res->ret = rdma_rw_ctx_init(&ctx, qp, 1, sgt->sgl, sgt->orig_nents, offset,
				    remote_addr, rkey, dir);
	if (res->ret < 0) {
		report_nothing_left(ck, qp, mrs_before, &ok, msg, len, "after a failed init");
		goto out;
	}
	/* the table as dma_map_sgtable() left it: its DMA segments come first */
	t.nents = 0;
	for_each_sg(sgt->sgl, sg, sgt->orig_nents, i) {
		if (!sg_dma_len(sg))
			break;
		t.nents++;
	}
	if (p2p && p2p->map == PCI_P2PDMA_MAP_NOT_SUPPORTED) {
		ok = fail(msg, len, "P2P is not supported for this device, but init returned %d",
			  res->ret);
		goto destroy;
	}
	if (p2p_bus_addr(p2p)) {
		/* bus addresses: one segment an entry, nothing mapped */
		u64 b;

		for_each_sg(sgt->sgl, sg, t.nents, i) {
			if (t.nents != n || !p2p->bus(p2p->priv, cpu[i].phys, &b) ||
			    sg_dma_address(sg) != b || sg_dma_len(sg) != cpu[i].len) {
				ok = fail(msg, len, "P2P by bus address: segment %u %#llx+%#x, entry "
					  "%u of %u at phys %#llx", i,
					  (unsigned long long)sg_dma_address(sg), sg_dma_len(sg), i,
					  n, (unsigned long long)cpu[i].phys);
				goto destroy;
			}
		}
	} else {
		m = check_map_sg(ck, dev, &t, cpu, n, dir, p2p_attrs(p2p));
		if (!m) {
			ok = fail(msg, len, "the sg table's DMA segments do not carry its bytes "
				  "(above)");
			goto destroy;
		}
	}
	if (!table_stream(&t, offset, &want)) {
		ok = fail(msg, len, "more than %d DMA segments", MAX_PIECES);
		goto destroy;
	}
	ok = post_chain(qp, &ctx, &cqe, remote_addr, rkey, dir, &c, res, msg, len);
	if (ok && c.dma.bytes != bufp.bytes - offset)
		ok = fail(msg, len, "the SGEs cover %#llx bytes, the buffer from offset %#x is %#llx",
			  (unsigned long long)c.dma.bytes, offset,
			  (unsigned long long)(bufp.bytes - offset));
	if (ok && !stream_same(&c.dma, &want, &at))
		ok = fail(msg, len, "the SGEs' DMA bytes leave the mapped buffer at byte %#llx",
			  (unsigned long long)at);
	fill_result(res, &c, c.mr ? RDMA_CHECK_MR :
			     c.nr_sges > 1 ? RDMA_CHECK_MULTI : RDMA_CHECK_SINGLE);
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "the checker disagrees (above)");
destroy:
	rdma_rw_ctx_destroy(&ctx, qp, 1, sgt->sgl, sgt->orig_nents, dir);
	if (m)
		check_unmap(m);
	report_nothing_left(ck, qp, mrs_before, &ok, msg, len, "after destroy");
out:
	free(cpu);
	free(want.p);
	free(c.dma.p);
	free(bufp.p);
	return ok;
}

/* record direct SGEs: each run of the SGE stream reaches the buffer's bytes */
static bool record_pieces(struct check_map *m, const struct stream *dma,
			  const struct stream *phys)
{
	unsigned int i = 0, j = 0;
	u64 oa = 0, ob = 0;

	while (i < dma->n && j < phys->n) {
		u64 n = min(dma->p[i].len - oa, phys->p[j].len - ob);

		if (!check_map_range(m, dma->p[i].addr + oa, phys->p[j].addr + ob, n))
			return false;
		oa += n;
		ob += n;
		if (oa == dma->p[i].len) {
			i++;
			oa = 0;
		}
		if (ob == phys->p[j].len) {
			j++;
			ob = 0;
		}
	}
	return true;
}

bool rdma_check_drive_bvec(struct checker *ck, struct ib_qp *qp, const struct bio_vec *bvecs,
			   u32 nr_bvec, struct bvec_iter iter, u64 remote_addr, u32 rkey,
			   enum dma_data_direction dir, struct rdma_check_result *res,
			   char *msg, size_t len)
{
	return rdma_check_drive_bvec_p2p(ck, qp, bvecs, nr_bvec, iter, remote_addr, rkey, dir,
					 NULL, res, msg, len);
}

bool rdma_check_drive_bvec_p2p(struct checker *ck, struct ib_qp *qp,
			       const struct bio_vec *bvecs, u32 nr_bvec, struct bvec_iter iter,
			       u64 remote_addr, u32 rkey, enum dma_data_direction dir,
			       const struct rdma_check_p2p *p2p, struct rdma_check_result *res,
			       char *msg, size_t len)
{
	struct device *dev = qp->pd->device->dma_device;
	int mrs_before = dmalab_rdma_mrs_used(qp);
	struct check_range *cpu = calloc(MAX_PIECES, sizeof(*cpu));
	struct stream want = {}, bufp = {};
	struct bvec_iter it = iter;
	struct chain c = {};
	struct ib_cqe cqe = {};
	struct rdma_rw_ctx ctx;
	struct check_map *m = NULL;
	enum rdma_check_path path;
	unsigned int nb = 0, i;
	bool ok = true;
	u64 at, off;

	memset(res, 0, sizeof(*res));
	if (!cpu || !stream_init(&want) || !stream_init(&c.dma) || !stream_init(&bufp)) {
		ok = fail(msg, len, "out of memory");
		goto out;
	}
	/* the buffer: the bvecs under the iterator, one entry each */
	while (it.bi_size && nb < MAX_PIECES) {
		struct bio_vec bv = mp_bvec_iter_bvec(bvecs, it);

		cpu[nb++] = (struct check_range){ bvec_phys(&bv), bv.bv_len };
		bufp.p[bufp.n++] = (struct piece){ bvec_phys(&bv), bv.bv_len };
		bufp.bytes += bv.bv_len;
		bvec_iter_advance_single(bvecs, &it, bv.bv_len);
	}
	if (it.bi_size) {
		ok = fail(msg, len, "more than %d bvecs", MAX_PIECES);
		goto out;
	}
	memset(&ctx, 0xa5, sizeof(ctx));
	res->ret = rdma_rw_ctx_init_bvec(&ctx, qp, 1, bvecs, nr_bvec, iter, remote_addr, rkey,
					 dir);
	if (res->ret < 0) {
		report_nothing_left(ck, qp, mrs_before, &ok, msg, len, "after a failed init");
		goto out;
	}
	ok = post_chain(qp, &ctx, &cqe, remote_addr, rkey, dir, &c, res, msg, len);
	path = c.mr ? RDMA_CHECK_MR : c.nr_sges > 1 ? RDMA_CHECK_MULTI :
	       nb > 1 ? RDMA_CHECK_IOVA : RDMA_CHECK_SINGLE;
	fill_result(res, &c, path);
	if (ok && c.dma.bytes != bufp.bytes)
		ok = fail(msg, len, "the SGEs cover %#llx bytes, the buffer is %#llx",
			  (unsigned long long)c.dma.bytes, (unsigned long long)bufp.bytes);
	if (ok && p2p && p2p->map == PCI_P2PDMA_MAP_NOT_SUPPORTED)
		ok = fail(msg, len, "P2P is not supported for this device, but init returned %d "
			  "(%s path)", res->ret, rdma_check_path_name(path));
	if (ok && p2p_bus_addr(p2p)) {
		/* the SGEs must be the bus addresses, nothing mapped */
		if (!bus_stream(p2p, &bufp, &want))
			ok = fail(msg, len, "the buffer has no bus address");
		else if (!stream_same(&c.dma, &want, &at))
			ok = fail(msg, len, "P2P by bus address: the SGEs (%s path, first at "
				  "%#llx) leave the bus addresses of the buffer (first %#llx) at "
				  "byte %#llx", rdma_check_path_name(path),
				  (unsigned long long)c.dma.p[0].addr,
				  (unsigned long long)want.p[0].addr, (unsigned long long)at);
		goto destroy;
	}
	if (!ok)
		goto destroy;
	switch (path) {
	case RDMA_CHECK_MR:
		/* rw.c built an sg table of the bvecs and mapped it */
		m = check_map_sg(ck, dev, &ctx.reg[0].sgt, cpu, nb, dir, p2p_attrs(p2p));
		if (!m) {
			ok = fail(msg, len, "the bvecs' sg table does not carry them (above)");
			break;
		}
		table_stream(&ctx.reg[0].sgt, 0, &want);
		if (!stream_same(&c.dma, &want, &at))
			ok = fail(msg, len, "the MRs' DMA bytes leave the mapped table at byte "
				  "%#llx", (unsigned long long)at);
		break;
	case RDMA_CHECK_IOVA: {
		struct dma_iova_state *st = &ctx.iova.state;

		if (!dma_use_iova(st) || c.last_sge->addr != st->addr) {
			ok = fail(msg, len, "one SGE %#llx for %u bvecs, but no IOVA state at it",
				  (unsigned long long)c.last_sge->addr, nb);
			break;
		}
		m = check_map_new(ck, dev, dir, p2p_attrs(p2p));
		if (!m || !check_map_reserve(m, st->addr, dma_iova_size(st))) {
			ok = fail(msg, len, "check_map_reserve refused the IOVA state");
			break;
		}
		for (i = 0, off = 0; ok && i < nb; off += cpu[i].len, i++)
			if (!check_map_link(m, st->addr + off, cpu[i].phys, cpu[i].len))
				ok = fail(msg, len, "check_map_link refused bvec %u", i);
		break;
	}
	default:
		m = check_map_new(ck, dev, dir, p2p_attrs(p2p));
		if (!m || !record_pieces(m, &c.dma, &bufp))
			ok = fail(msg, len, "the checker refused the SGEs as ranges");
		break;
	}
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "the checker disagrees (above)");
destroy:
	rdma_rw_ctx_destroy_bvec(&ctx, qp, 1, bvecs, nr_bvec, dir);
	if (m)
		check_unmap(m);
	report_nothing_left(ck, qp, mrs_before, &ok, msg, len, "after destroy");
out:
	free(cpu);
	free(want.p);
	free(c.dma.p);
	free(bufp.p);
	return ok;
}
