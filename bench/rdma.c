// SPDX-License-Identifier: GPL-2.0-only
/*
 * drivers/infiniband/core/rw.c, the RDMA R/W context API, a caller of the
 * dma_iova_* API like those of callers.c (registered from there). The HCA
 * is the mock of dmalab/rdma.h (runtime/rdma.c): an InfiniBand port, one RC
 * QP of 30 send SGEs (a ConnectX's max_send_sge and max_sge_rd), no MR
 * pool (no iWARP, no max_sgl_rd), its DMA device one of the devices of
 * the map group (bench_dev_get()).
 * A timed operation is one RDMA WRITE context of the workload's pages, as
 * the ULPs drive it:
 *
 *   rdma/iova/<wl>/<size>        rdma_rw_ctx_init_bvec() of a bvec per page
 *                                (svcrdma) on the strict x86_64 device:
 *                                more than one bvec, so rw.c tries
 *                                rdma_rw_init_iova_wrs_bvec() first and
 *                                dma_iova_try_alloc() succeeds: one
 *                                reservation, a dma_iova_link() per bvec,
 *                                one dma_iova_sync(), one SGE in one WR
 *   rdma/bvec-direct/<wl>/<size> the same on the device behind no IOMMU:
 *                                dma_iova_try_alloc() says no (the device
 *                                does not use dma-iommu), so rw.c falls
 *                                back to rdma_rw_init_map_wrs_bvec():
 *                                dma_map_phys() per bvec, an SGE each, 30
 *                                SGEs a WR, sges and wrs in one kzalloc
 *   rdma/sg/<wl>/<size>          rdma_rw_ctx_init() of an sg list of an
 *                                entry per page (the NVMe-oF target's
 *                                sgl_alloc() pages; svcrdma before bvecs),
 *                                built before the clock runs:
 *                                dma_map_sgtable() (the IOMMU maps the list
 *                                into one IOVA range: one segment, one WR)
 *   rdma/sg-direct/<wl>/<size>   the same behind no IOMMU: a segment per
 *                                entry, map_wrs (sges and wrs kzalloc'd)
 *
 * Each map is followed by rdma_rw_ctx_wrs() and a walk of the chain it
 * returns (what ib_post_send() would get: the WR count must be what init
 * returned). rdma-unmap/...: rdma_rw_ctx_destroy_bvec() or
 * rdma_rw_ctx_destroy(). Batches as callers.c: K maps (or unmaps) in a
 * row, the other half with the timer stopped.
 *
 * On a device behind dma-iommu rw.c never takes the per-bvec path for more
 * than one bvec (an IB port, force_mr off): only where dma_iova_try_alloc()
 * fails (no dma-iommu: direct, iommu=pt; no IOVA space) or for a software
 * HCA (ib_uses_virt_dma(): no DMA mapping at all). map/phys is that
 * per-range cost on the IOMMU. RDMA READ takes the same paths on an IB
 * port without max_sgl_rd (only iWARP's READs go through MRs): WRITE only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/bvec.h>
#include <linux/slab.h>
#include <rdma/ib_verbs.h>
#include <rdma/rw.h>
#include <dmalab/rdma.h>

#include "bench.h"

#define RDMA_SGE	30		/* a ConnectX's max_send_sge, max_sge_rd */
#define RDMA_REMOTE	0x7000000000ULL
#define RDMA_RKEY	0xabcd01
#define RDMA_DIR	DMA_TO_DEVICE	/* an RDMA WRITE */

/*
 * DUPLICATED from drivers/infiniband/core/rw.c (its private context types,
 * which say the path taken; scripts/check-duplicated.sh compares them)
 */
enum {
	RDMA_RW_SINGLE_WR,
	RDMA_RW_MULTI_WR,
	RDMA_RW_MR,
	RDMA_RW_SIG_MR,
	RDMA_RW_IOVA,
};

enum rdma_path { RP_IOVA, RP_BVEC_DIRECT, RP_SG, RP_SG_DIRECT };
static const char *const rdma_paths[] = { "iova", "bvec-direct", "sg", "sg-direct" };

struct rdma_spec {
	enum rdma_path path;
	bool unmap;
	enum wl_kind wl;
	size_t size;
	bool probed;
	int err;
	double map_ns, unmap_ns, desc_bytes, entries, sges, wrs, iova;
};

struct rdma_slot {
	struct rdma_rw_ctx ctx;
	struct scatterlist *sgl;	/* sg paths: the slot's list */
	bool live;
};

/* one benchmark run: the HCA, the workload as bvecs */
struct rdma_run {
	const struct rdma_spec *s;
	struct bench_dev *bd;
	struct ib_qp *qp;
	const struct workload *w;
	struct bio_vec *bv;
	u32 nr;
	size_t bv_charge;
};

static struct ib_cqe rdma_cqe;

static bool path_direct(enum rdma_path p)
{
	return p == RP_BVEC_DIRECT || p == RP_SG_DIRECT;
}

static bool path_sg(enum rdma_path p)
{
	return p == RP_SG || p == RP_SG_DIRECT;
}

/* the HCA on the map group's device of that mode, created once and kept */
static struct ib_qp *rdma_qp(struct bench_dev *bd, bool direct)
{
	static struct ib_qp *qps[2];
	struct dmalab_rdma_cfg cfg = {
		.dma_device = bd->dev,
		.max_send_sge = RDMA_SGE,
		.max_sge_rd = RDMA_SGE,
	};
	int err = 0;

	if (!qps[direct]) {
		qps[direct] = dmalab_rdma_create(&cfg, &err);
		if (!qps[direct]) {
			fprintf(stderr, "dmalab-bench: cannot create the HCA: %d\n", err);
			exit(1);
		}
	}
	return qps[direct];
}

/* the bytes of page i of the workload */
static void page_piece(const struct workload *w, unsigned long i, size_t *done, u32 *off,
		       u32 *len)
{
	*off = i ? 0 : w->offset;
	*len = min_t(size_t, PAGE_SIZE - *off, w->size - *done);
	*done += *len;
}

static int run_init(struct rdma_run *r, const struct rdma_spec *s)
{
	struct dmalab_slab_stats a, b;
	size_t done = 0;
	unsigned long i;
	u32 off, len;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->bd = bench_dev_get(&(struct bench_cfg){ .direct = path_direct(s->path) });
	r->qp = rdma_qp(r->bd, path_direct(s->path));
	r->w = workload_get(s->wl, s->size);
	r->nr = r->w->nr_pages;
	if (path_sg(s->path))
		return 0;
	/* the caller's bvec array (svcrdma's rw_bvec), one per page */
	dmalab_slab_stats(&a);
	r->bv = kmalloc_array(r->nr, sizeof(*r->bv), GFP_KERNEL);
	dmalab_slab_stats(&b);
	if (!r->bv)
		return -ENOMEM;
	r->bv_charge = b.live_bytes - a.live_bytes;
	for (i = 0; i < r->nr; i++) {
		page_piece(r->w, i, &done, &off, &len);
		bvec_set_page(&r->bv[i], r->w->pages[i], len, off);
	}
	return 0;
}

static void run_fini(struct rdma_run *r)
{
	kfree(r->bv);
}

/* the slot's sg list (sg paths), before the clock runs; its slab charge */
static int slot_prepare(struct rdma_run *r, struct rdma_slot *sl, size_t *charge)
{
	struct dmalab_slab_stats a, b;
	size_t done = 0;
	unsigned long i;
	u32 off, len;

	memset(sl, 0, sizeof(*sl));
	*charge = r->bv_charge;
	if (!path_sg(r->s->path))
		return 0;
	dmalab_slab_stats(&a);
	sl->sgl = kmalloc_array(r->nr, sizeof(*sl->sgl), GFP_KERNEL);
	dmalab_slab_stats(&b);
	if (!sl->sgl)
		return -ENOMEM;
	*charge = b.live_bytes - a.live_bytes;
	sg_init_table(sl->sgl, r->nr);
	for (i = 0; i < r->nr; i++) {
		page_piece(r->w, i, &done, &off, &len);
		sg_set_page(&sl->sgl[i], r->w->pages[i], len, off);
	}
	return 0;
}

static void slot_release(struct rdma_slot *sl)
{
	kfree(sl->sgl);
	sl->sgl = NULL;
}

/* init, then the chain the ULP would post */
static int op_map(struct rdma_run *r, struct rdma_slot *sl)
{
	struct bvec_iter iter = { .bi_size = r->s->size };
	struct ib_send_wr *wr;
	int ret, n = 0;

	if (path_sg(r->s->path))
		ret = rdma_rw_ctx_init(&sl->ctx, r->qp, 1, sl->sgl, r->nr, 0, RDMA_REMOTE,
				       RDMA_RKEY, RDMA_DIR);
	else
		ret = rdma_rw_ctx_init_bvec(&sl->ctx, r->qp, 1, r->bv, r->nr, iter, RDMA_REMOTE,
					    RDMA_RKEY, RDMA_DIR);
	if (ret < 0)
		return ret;
	sl->live = true;
	for (wr = rdma_rw_ctx_wrs(&sl->ctx, r->qp, 1, &rdma_cqe, NULL); wr; wr = wr->next)
		n++;
	return n == ret ? 0 : -EINVAL;
}

static void op_unmap(struct rdma_run *r, struct rdma_slot *sl)
{
	if (!sl->live)
		return;
	if (path_sg(r->s->path))
		rdma_rw_ctx_destroy(&sl->ctx, r->qp, 1, sl->sgl, r->nr, RDMA_DIR);
	else
		rdma_rw_ctx_destroy_bvec(&sl->ctx, r->qp, 1, r->bv, r->nr, RDMA_DIR);
	sl->live = false;
}

/* SGEs of a live context's RDMA requests */
static unsigned int ctx_sges(const struct rdma_rw_ctx *ctx)
{
	unsigned int i, n = 0;

	if (ctx->type != RDMA_RW_MULTI_WR)
		return 1;
	for (i = 0; i < ctx->nr_ops; i++)
		n += ctx->map.wrs[i].wr.num_sge;
	return n;
}

/*
 * One untimed map and unmap, twice (the first may add IOVA magazines and
 * page-table pages): the times that size the batches, the path rw.c took,
 * and the descriptors per context: the caller's rdma_rw_ctx and array
 * (bvecs, or the sg list), and the slab bytes init leaves live (map_wrs's
 * sges and wrs; a struct iova above the rcache sizes), less the IOMMU's
 * page-table pages.
 */
static int probe(struct rdma_spec *s)
{
	struct dmalab_iommu_stats pa = {}, pb = {};
	struct dmalab_slab_stats a, b;
	struct rdma_run r;
	struct rdma_slot sl;
	size_t charge;
	double t0;
	int ret;

	ret = run_init(&r, s);
	if (!ret)
		ret = slot_prepare(&r, &sl, &charge);
	if (ret)
		goto out;
	ret = op_map(&r, &sl);
	op_unmap(&r, &sl);
	dmalab_run_deferred_work();
	if (ret)
		goto release;
	if (r.bd->dom)
		dmalab_domain_stats(r.bd->dom, &pa);
	dmalab_slab_stats(&a);
	t0 = now_ns();
	ret = op_map(&r, &sl);
	s->map_ns = now_ns() - t0;
	dmalab_slab_stats(&b);
	if (r.bd->dom)
		dmalab_domain_stats(r.bd->dom, &pb);
	if (ret)
		goto release;
	s->iova = sl.ctx.type == RDMA_RW_IOVA;
	s->wrs = sl.ctx.nr_ops;
	s->sges = ctx_sges(&sl.ctx);
	s->entries = r.nr;
	/* the page-table pages the map added are the IOMMU's, not descriptors */
	s->desc_bytes = sizeof(struct rdma_rw_ctx) + charge + (double)(b.live_bytes - a.live_bytes) -
			(double)(pb.table_pages - pa.table_pages) * PAGE_SIZE;
	/* not the path the name says (one bvec: rw.c's single WR on either device) */
	if ((s->path == RP_IOVA && r.nr > 1 && !s->iova) ||
	    (s->path == RP_BVEC_DIRECT && r.nr > 1 && sl.ctx.type != RDMA_RW_MULTI_WR))
		ret = -EINVAL;
	t0 = now_ns();
	op_unmap(&r, &sl);
	s->unmap_ns = now_ns() - t0;
	dmalab_run_deferred_work();
release:
	op_unmap(&r, &sl);
	slot_release(&sl);
out:
	run_fini(&r);
	return ret;
}

/* what the timed operations did, counted between the timed regions */
struct rdma_snap {
	struct dmalab_iommu_stats st;
	struct dmalab_slab_stats slab;
};

static void rdma_snap(const struct bench_dev *bd, struct rdma_snap *sn)
{
	if (bd->dom)
		dmalab_domain_stats(bd->dom, &sn->st);
	else
		memset(&sn->st, 0, sizeof(sn->st));
	dmalab_slab_stats(&sn->slab);
}

static void rdma_acc(u64 acc[3], const struct rdma_snap *a, const struct rdma_snap *b)
{
	acc[0] += b->st.iotlb_syncs - a->st.iotlb_syncs;
	acc[1] += b->st.map_calls - a->st.map_calls + b->st.unmap_calls - a->st.unmap_calls;
	acc[2] += b->slab.allocs - a->slab.allocs + b->slab.frees - a->slab.frees;
}

#define BATCH_NS	200000.0
#define BATCH_MAX	1024
#define BATCH_MEM	SZ_1G		/* bytes live in a batch */

static void bm_rdma(gb_state *st, void *data)
{
	struct rdma_spec *s = data;
	unsigned long k = 1, i, warn_mark = dmalab_warn_count();
	struct rdma_slot *sl = NULL;
	struct rdma_snap a, b;
	u64 acc[3] = {};
	struct rdma_run r;
	size_t charge;
	int64_t ops;
	char msg[96];
	int ret;

	if (!s->probed) {
		s->err = probe(s);
		s->probed = true;
	}
	if (s->err) {
		snprintf(msg, sizeof(msg), "context failed: %d", s->err);
		gb_skip_with_error(st, msg);
		return;
	}
	while (k < BATCH_MAX && k * (s->unmap ? s->unmap_ns : s->map_ns) < BATCH_NS &&
	       2 * k * s->size <= BATCH_MEM)
		k *= 2;
	ret = run_init(&r, s);
	if (ret)
		goto failed;
	sl = calloc(k, sizeof(*sl));
	if (!sl) {
		ret = -ENOMEM;
		goto failed;
	}
	for (i = 0; i < k; i++)
		if ((ret = slot_prepare(&r, &sl[i], &charge)))
			goto failed;
	if (s->unmap)
		for (i = 0; i < k; i++)
			if ((ret = op_map(&r, &sl[i])))
				goto failed;
	rdma_snap(r.bd, &a);
	while (gb_keep_running_batch(st, k)) {
		if (!s->unmap) {
			for (i = 0; i < k; i++)
				if (unlikely(ret = op_map(&r, &sl[i])))
					goto failed;
		} else {
			for (i = 0; i < k; i++)
				op_unmap(&r, &sl[i]);
		}
		gb_pause(st);
		if (!s->unmap) {
			rdma_snap(r.bd, &b);
			rdma_acc(acc, &a, &b);
			for (i = 0; i < k; i++)
				op_unmap(&r, &sl[i]);
			dmalab_run_deferred_work();
		} else {
			dmalab_run_deferred_work();
			rdma_snap(r.bd, &b);
			rdma_acc(acc, &a, &b);
			for (i = 0; i < k; i++)
				if (unlikely(ret = op_map(&r, &sl[i])))
					goto failed;
		}
		if (bench_check_warn(st, &warn_mark))
			goto out;
		rdma_snap(r.bd, &a);
		gb_resume(st);
	}
	ops = gb_iterations(st);
	if (ops > 0) {
		double pages = (double)s->size / 4096;

		gb_set_bytes_processed(st, ops * (int64_t)s->size);
		gb_counter(st, "ns_per_4k", ops * pages / 1e9, GB_COUNTER_RATE | GB_COUNTER_INVERT);
		gb_counter(st, "desc_bytes", s->desc_bytes, 0);
		gb_counter(st, "bytes_per_4k", s->desc_bytes / pages, 0);
		gb_counter(st, "entries", s->entries, 0);
		gb_counter(st, "sges", s->sges, 0);
		gb_counter(st, "wrs", s->wrs, 0);
		gb_counter(st, "iova", s->iova, 0);
		gb_counter(st, "iotlb_syncs", (double)acc[0] / ops, 0);
		gb_counter(st, "iommu_calls", (double)acc[1] / ops, 0);
		gb_counter(st, "slab_ops", (double)acc[2] / ops, 0);
		gb_counter(st, "batch", (double)k, 0);
	}
	goto out;

failed:
	snprintf(msg, sizeof(msg), "context failed: %d", ret);
	gb_skip_with_error(st, msg);
out:
	for (i = 0; sl && i < k; i++) {
		op_unmap(&r, &sl[i]);
		slot_release(&sl[i]);
	}
	dmalab_run_deferred_work();
	free(sl);
	run_fini(&r);
	bench_check_warn(st, &warn_mark);
}

static void reg(enum rdma_path p, bool unmap, enum wl_kind wl, size_t size)
{
	struct rdma_spec *s = calloc(1, sizeof(*s));
	char name[96], sn[24];

	if (!s)
		abort();
	*s = (struct rdma_spec){ .path = p, .unmap = unmap, .wl = wl, .size = size };
	if (size >= SZ_1M)
		snprintf(sn, sizeof(sn), "%zuMiB", size >> 20);
	else
		snprintf(sn, sizeof(sn), "%zuKiB", size >> 10);
	snprintf(name, sizeof(name), "rdma%s/%s/%s/%s", unmap ? "-unmap" : "", rdma_paths[p],
		 wl_names[wl], sn);
	gb_register_data(name, bm_rdma, s);
}

/*
 * Quick: 64 KiB (a typical NVMe-oF/NFS I/O, as tso's 64 KiB) and 8 MiB
 * (gpu's size), the unmaps of 8 MiB only of 4k: an unmap of 2m's is some
 * 150 times cheaper than the re-map the batch does with the timer stopped
 * (rdma-unmap/sg/2m/8MiB alone took 11 s of min_time 0.05 s). FULL=1: all
 * of them, and 4 KiB (one bvec: rw.c's single-WR path, no IOVA attempt)
 * and 1 MiB.
 */
void bench_register_rdma(void)
{
	static const size_t sizes[] = { SZ_4K, SZ_64K, SZ_1M, SZ_8M };
	static const bool full_only[] = { true, false, true, false };
	enum rdma_path p;
	enum wl_kind wl;
	unsigned int u, i;

	for (u = 0; u <= 1; u++)
		for (p = RP_IOVA; p <= RP_SG_DIRECT; p++)
			for (wl = WL_4K; wl <= WL_2M; wl++)
				for (i = 0; i < ARRAY_SIZE(sizes); i++)
					if (bench_opts.full ||
					    (!full_only[i] && !(u && wl == WL_2M &&
								sizes[i] == SZ_8M)))
						reg(p, u, wl, sizes[i]);
}
