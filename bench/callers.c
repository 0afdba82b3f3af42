// SPDX-License-Identifier: GPL-2.0-only
/*
 * The callers of the phys_vec API: the block layer's request mapping
 * (block/blk-mq-dma.c) against the scatterlist path it replaces, and the
 * dma-buf exporter helper (drivers/dma-buf/dma-buf-mapping.c) on its two
 * paths. Names <group>/<path>/<workload>/<size>; the groups time the map
 * (blk, dmabuf) or the unmap (blk-unmap, dmabuf-unmap) of K operations in
 * a row, as bench_map.c does, and undo/redo them with the timer stopped.
 *
 *   blk/iter    blk_rq_dma_map_iter_start() + _next() per segment, the
 *               segments kept as NVMe keeps them (dma_vecs, only where
 *               the device needs an unmap); unmap: blk_rq_dma_unmap(),
 *               else dma_unmap_phys() per kept segment
 *   blk/sg      sg_init_table() of a preallocated flat entry array (the
 *               old NVMe iod), blk_rq_map_sg() + dma_map_sgtable();
 *               unmap: dma_unmap_sgtable()
 *   dmabuf/iova dma_buf_phys_vec_to_sgt() on an importer behind an IOMMU
 *               (through the host bridge: dma_iova_try_alloc + link +
 *               sync); unmap: dma_buf_free_sgt()
 *   dmabuf/phys the same on an importer behind no IOMMU: dma_map_phys()
 *               per range (the IOVA allocation said no)
 *   tso/...     net/core/tso.c's transmit mapping: bench/tso.c, registered
 *               from bench_register_callers()
 *   gpu/...     drm_pagemap's migration mapping (reproduced): bench/gpu.c,
 *               registered from bench_register_callers()
 *
 * The request (oracle/blk_model.c builds it as blk-merge.c would: one
 * bio of the workload's ranges, NVMe-like limits) and the caller's
 * descriptors exist before the timed region. -direct: the device behind
 * no IOMMU. dma-buf: the reservation lock is taken once, outside timing.
 * Known bugs (oracle/known_bugs.c): dmabuf-iova-offset-zero (every range
 * is linked at offset 0: more than one range on the IOVA path fails), so
 * dmabuf/iova maps ONE range per buffer ("1range"); dmabuf-free-sgt-leak
 * (dma_buf_free_sgt() leaves the entry array allocated): freed here with
 * the timer stopped, as the tests do with dmabuf_check_freed().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/err.h>
#include <linux/blk-mq-dma.h>
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/pci-p2pdma.h>

#include "bench.h"
#include "oracle/blk_model.h"
#include "oracle/dmabuf_check.h"

enum caller_path { CP_BLK_ITER, CP_BLK_SG, CP_DMABUF };

struct caller_spec {
	enum caller_path path;
	bool unmap;		/* time the unmaps */
	bool direct;		/* the device behind no IOMMU */
	enum wl_kind wl;	/* dmabuf: WL_P2P, or WL_NR for one range */
	size_t size;
	bool probed;
	int err;
	double map_ns, unmap_ns, desc_bytes, entries, iova;
	bool leaks;		/* dma_buf_free_sgt() leaves the entry array */
};

/* what a driver keeps per request */
struct blk_dma_vec {
	dma_addr_t addr;
	u32 len;
};

struct caller_slot {
	/* blk/iter */
	struct dma_iova_state state;
	struct blk_dma_iter iter;
	struct blk_dma_vec *vecs;	/* NULL: the device needs no unmap */
	unsigned int nr;
	size_t total;
	/* blk/sg */
	struct sg_table sgt;
	struct scatterlist *sgl;
	/* dmabuf */
	struct sg_table *dsgt;
	struct scatterlist *left;	/* dmabuf-free-sgt-leak: the array left */
	unsigned int left_nents;
	bool live;
};

/* the state of one benchmark run: device, request or buffer */
struct caller_ctx {
	const struct caller_spec *s;
	struct device *dev;
	/* blk */
	struct request_queue q;
	struct blk_model_rq m;
	bool rq_made;
	/* dmabuf */
	struct phys_vec one;
	const struct phys_vec *ranges;
	unsigned long nr_ranges;
	struct dma_buf *buf;
	struct dma_buf_attachment *attach;
	bool locked;
};

/* ---- the block layer ---- */


/*
 * NVMe-like queue limits: PRPs (virt boundary 4 KiB - 1), 4 MiB per
 * request, enough segments for the sizes used (1 MiB of 4 KiB pages).
 */
static const struct queue_limits nvme_lim = {
	.virt_boundary_mask = 0xfff,
	.max_hw_sectors = 8192,
	.max_segments = 1024,
	.dma_alignment = 3,
};

static int blk_build(struct caller_ctx *x)
{
	const struct workload *w = workload_get(x->s->wl, x->s->size);
	struct blk_model_vec *v;
	unsigned long i;
	int err;

	x->q.limits = nvme_lim;
	err = blk_model_limits_validate(&x->q.limits);
	if (err)
		return err;
	v = calloc(w->nr, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < w->nr; i++)
		v[i] = (struct blk_model_vec){ w->ranges[i].paddr, w->ranges[i].len, 0 };
	blk_model_rq_init(&x->m, &x->q, true, false);
	err = blk_model_rq_add_bio(&x->m, v, w->nr, NULL, 0);
	free(v);
	if (err) {
		blk_model_rq_free(&x->m);
		return err;
	}
	x->rq_made = true;
	return 0;
}

static void blk_unmap_vecs(struct device *dev, struct request *rq, struct caller_slot *sl)
{
	unsigned int i;

	for (i = 0; sl->vecs && i < sl->nr; i++)
		dma_unmap_phys(dev, sl->vecs[i].addr, sl->vecs[i].len, rq_dma_dir(rq), 0);
}

/* as nvme_map_data() drives it (drivers/nvme/host/pci.c) */
static int blk_iter_map(struct caller_ctx *x, struct caller_slot *sl)
{
	struct request *rq = &x->m.rq;
	struct blk_dma_iter *it = &sl->iter;
	bool more;

	sl->nr = 0;
	sl->total = 0;
	more = blk_rq_dma_map_iter_start(rq, x->dev, &sl->state, it);
	while (more) {
		if (sl->vecs && !dma_use_iova(&sl->state))
			sl->vecs[sl->nr] = (struct blk_dma_vec){ it->addr, it->len };
		sl->nr++;
		sl->total += it->len;
		if (blk_rq_dma_map_coalesce(&sl->state))
			break;
		more = blk_rq_dma_map_iter_next(rq, x->dev, it);
	}
	if (!sl->nr || (!more && it->status != BLK_STS_OK)) {
		if (!dma_use_iova(&sl->state))
			blk_unmap_vecs(x->dev, rq, sl);
		return -EIO;
	}
	sl->live = true;
	return 0;
}

static void blk_iter_unmap(struct caller_ctx *x, struct caller_slot *sl)
{
	struct request *rq = &x->m.rq;

	if (!blk_rq_dma_unmap(rq, x->dev, &sl->state, sl->total, sl->iter.p2pdma.map))
		blk_unmap_vecs(x->dev, rq, sl);
	sl->live = false;
}

/* as nvme_map_data() did before the iterator (v6.16) */
static int blk_sg_map(struct caller_ctx *x, struct caller_slot *sl)
{
	struct request *rq = &x->m.rq;
	struct scatterlist *last_sg = NULL;
	int ret;

	sl->sgt.sgl = sl->sgl;
	sg_init_table(sl->sgl, blk_rq_nr_phys_segments(rq));
	sl->sgt.orig_nents = __blk_rq_map_sg(rq, sl->sgl, &last_sg);
	if (!sl->sgt.orig_nents)
		return -EIO;
	ret = dma_map_sgtable(x->dev, &sl->sgt, rq_dma_dir(rq), DMA_ATTR_NO_WARN);
	if (ret)
		return ret;
	sl->live = true;
	return 0;
}

static void blk_sg_unmap(struct caller_ctx *x, struct caller_slot *sl)
{
	dma_unmap_sgtable(x->dev, &sl->sgt, rq_dma_dir(&x->m.rq), 0);
	sl->live = false;
}

/* ---- dma-buf ---- */

static struct sg_table *exp_map(struct dma_buf_attachment *a, enum dma_data_direction dir)
{
	return ERR_PTR(-EOPNOTSUPP);	/* the benchmark calls the helper itself */
}

static void exp_unmap(struct dma_buf_attachment *a, struct sg_table *sgt,
		      enum dma_data_direction dir)
{
}

static void exp_release(struct dma_buf *buf)
{
}

static const struct dma_buf_ops exp_ops = {
	.map_dma_buf = exp_map,
	.unmap_dma_buf = exp_unmap,
	.release = exp_release,
};

/* the importer behind no IOMMU: function 2 of the nvme client's device */
static struct device *dmabuf_direct_dev(void)
{
	static struct bench_dev bd;
	struct dmalab_device_cfg cfg = {
		.coherent = true,
		.max_segment_size = UINT_MAX,
		.segment_boundary = ULONG_MAX,
	};
	struct dmalab_pci_place place;
	int err = 0;

	if (bd.dev)
		return bd.dev;
	bench_p2p_place(P2P_HB, false, &place);
	place.devfn = PCI_DEVFN(PCI_SLOT(place.devfn), 2);
	cfg.pci = &place;
	bd.dev = dmalab_device_create(&cfg, NULL, &err);
	if (!bd.dev) {
		fprintf(stderr, "dmalab-bench: cannot create the direct importer: %d\n", err);
		exit(1);
	}
	return bd.dev;
}

static int dmabuf_setup(struct caller_ctx *x)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);

	/* the P2P topology first: the p2p workload's pages are its BAR's */
	x->dev = x->s->direct ? dmabuf_direct_dev() : bench_p2p_dev(P2P_HB, false)->dev;
	if (x->s->wl == WL_P2P) {
		const struct workload *w = workload_get(WL_P2P, x->s->size);

		x->ranges = w->ranges;
		x->nr_ranges = w->nr;
	} else {
		x->one = (struct phys_vec){ P2P_BAR_BASE, x->s->size };
		x->ranges = &x->one;
		x->nr_ranges = 1;
	}
	if (pci_p2pdma_map_type(bench_p2p_provider(), x->dev) != PCI_P2PDMA_MAP_THRU_HOST_BRIDGE)
		return -EREMOTEIO;
	info.ops = &exp_ops;
	info.size = x->s->size;
	info.priv = x;
	x->buf = dma_buf_export(&info);
	if (IS_ERR(x->buf)) {
		int err = PTR_ERR(x->buf);

		x->buf = NULL;
		return err;
	}
	x->attach = dma_buf_attach(x->buf, x->dev);
	if (IS_ERR(x->attach)) {
		int err = PTR_ERR(x->attach);

		x->attach = NULL;
		return err;
	}
	/* an exporter's map/unmap callbacks run under it: held throughout */
	dma_resv_lock(x->buf->resv, NULL);
	x->locked = true;
	return 0;
}

static int dmabuf_map(struct caller_ctx *x, struct caller_slot *sl)
{
	struct sg_table *sgt;

	sgt = dma_buf_phys_vec_to_sgt(x->attach, bench_p2p_provider(),
				      (struct phys_vec *)x->ranges, x->nr_ranges, x->s->size,
				      DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	sl->dsgt = sgt;
	sl->live = true;
	return 0;
}

static void dmabuf_unmap(struct caller_ctx *x, struct caller_slot *sl)
{
	/* the entry array, should dma_buf_free_sgt() leave it (known bug) */
	sl->left = sl->dsgt->sgl;
	sl->left_nents = sl->dsgt->nents;
	dma_buf_free_sgt(x->attach, sl->dsgt, DMA_BIDIRECTIONAL);
	sl->dsgt = NULL;
	sl->live = false;
}

/*
 * Did dma_buf_free_sgt() leave the entry array (known bug
 * dmabuf-free-sgt-leak)? A table of fewer than SG_MAX_SINGLE_ALLOC entries
 * is one kmalloc object: ask the slab. A larger one is chained pages
 * (sg_kmalloc()), which the slab does not know (dmabuf_check_freed() of
 * the oracle frees only the former): then the bytes the map and unmap left
 * live, live0 before the map, must hold the array.
 */
static bool dmabuf_left(const struct caller_slot *sl, u64 live0)
{
	struct dmalab_slab_stats st;

	if (!sl->left)
		return false;
	if (sl->left_nents < SG_MAX_SINGLE_ALLOC)
		return dmalab_slab_owner(sl->left);
	dmalab_slab_stats(&st);
	return st.live_bytes >= live0 + (u64)sl->left_nents * sizeof(struct scatterlist);
}

/* untimed, after unmaps: free what dma_buf_free_sgt() left, as it should */
static void dmabuf_free_left(const struct caller_spec *s, struct caller_slot *sl)
{
	struct sg_table left = { .sgl = sl->left, .orig_nents = sl->left_nents };

	if (sl->left && s->leaks)
		sg_free_table(&left);
	sl->left = NULL;
}

/* ---- one operation of either kind ---- */

static int op_map(struct caller_ctx *x, struct caller_slot *sl)
{
	switch (x->s->path) {
	case CP_BLK_ITER:
		return blk_iter_map(x, sl);
	case CP_BLK_SG:
		return blk_sg_map(x, sl);
	default:
		return dmabuf_map(x, sl);
	}
}

static void op_unmap(struct caller_ctx *x, struct caller_slot *sl)
{
	if (!sl->live)
		return;
	switch (x->s->path) {
	case CP_BLK_ITER:
		blk_iter_unmap(x, sl);
		break;
	case CP_BLK_SG:
		blk_sg_unmap(x, sl);
		break;
	default:
		dmabuf_unmap(x, sl);
		break;
	}
}

static void after_unmaps(struct caller_ctx *x, struct caller_slot *sl, unsigned long k)
{
	unsigned long i;

	if (x->s->path == CP_DMABUF)
		for (i = 0; i < k; i++)
			dmabuf_free_left(x->s, &sl[i]);
	dmalab_run_deferred_work();
}

static int ctx_init(struct caller_ctx *x, const struct caller_spec *s)
{
	memset(x, 0, sizeof(*x));
	x->s = s;
	if (s->path == CP_DMABUF)
		return dmabuf_setup(x);
	x->dev = bench_dev_get(&(struct bench_cfg){ .direct = s->direct })->dev;
	return blk_build(x);
}

static void ctx_fini(struct caller_ctx *x)
{
	if (x->rq_made)
		blk_model_rq_free(&x->m);
	if (x->buf) {
		if (x->locked)
			dma_resv_unlock(x->buf->resv);
		if (x->attach)
			dma_buf_detach(x->buf, x->attach);
		dma_buf_put(x->buf);
	}
}

/* the caller's descriptors of a slot, outside timing; their slab charge */
static int slot_prepare(struct caller_ctx *x, struct caller_slot *sl, size_t *charge)
{
	unsigned int nsegs = x->rq_made ? blk_rq_nr_phys_segments(&x->m.rq) : 0;
	struct dmalab_slab_stats a, b;

	memset(sl, 0, sizeof(*sl));
	*charge = 0;
	dmalab_slab_stats(&a);
	if (x->s->path == CP_BLK_ITER && dma_need_unmap(x->dev))
		sl->vecs = kmalloc_array(nsegs, sizeof(*sl->vecs), GFP_KERNEL);
	else if (x->s->path == CP_BLK_SG)
		sl->sgl = kmalloc_array(nsegs, sizeof(*sl->sgl), GFP_KERNEL);
	dmalab_slab_stats(&b);
	if ((x->s->path == CP_BLK_ITER && dma_need_unmap(x->dev) && !sl->vecs) ||
	    (x->s->path == CP_BLK_SG && !sl->sgl))
		return -ENOMEM;
	*charge = b.live_bytes - a.live_bytes;
	return 0;
}

static void slot_release(struct caller_slot *sl)
{
	kfree(sl->vecs);
	kfree(sl->sgl);
}

/*
 * One untimed map and unmap: the times that size the batches, and what
 * the caller keeps per mapping (blk: the iova state or sg_table of the
 * driver's per-request data and the array it keeps; dmabuf: the slab
 * bytes live after the map, everything the helper allocated).
 */
static int probe(struct caller_spec *s)
{
	struct dmalab_slab_stats a, b;
	struct caller_ctx x;
	struct caller_slot sl;
	size_t charge;
	double t0;
	int ret;

	ret = ctx_init(&x, s);
	if (!ret)
		ret = slot_prepare(&x, &sl, &charge);
	if (ret)
		goto out;
	/*
	 * Twice: the slab bytes of the second map are the mapping's own
	 * (the first may add IOVA magazines and page-table pages).
	 */
	dmalab_slab_stats(&a);
	ret = op_map(&x, &sl);
	if (ret)
		goto release;
	op_unmap(&x, &sl);
	s->leaks = s->path == CP_DMABUF && dmabuf_left(&sl, a.live_bytes);
	after_unmaps(&x, &sl, 1);
	dmalab_slab_stats(&a);
	t0 = now_ns();
	ret = op_map(&x, &sl);
	s->map_ns = now_ns() - t0;
	dmalab_slab_stats(&b);
	if (ret)
		goto release;
	switch (s->path) {
	case CP_BLK_ITER:
		s->iova = dma_use_iova(&sl.state);
		s->entries = sl.nr;
		s->desc_bytes = sizeof(struct dma_iova_state) + (s->iova ? 0 : charge);
		break;
	case CP_BLK_SG:
		s->entries = sl.sgt.orig_nents;
		s->desc_bytes = sizeof(struct sg_table) + charge;
		break;
	default:
		s->entries = sl.dsgt->nents;
		/* the IOVA path's one entry is not the CPU address */
		s->iova = sg_dma_address(sl.dsgt->sgl) != x.ranges[0].paddr;
		s->desc_bytes = (double)(b.live_bytes - a.live_bytes);
		if (s->iova == s->direct)
			ret = -EINVAL;	/* not the path the name says */
		break;
	}
	t0 = now_ns();
	op_unmap(&x, &sl);
	s->unmap_ns = now_ns() - t0;
	after_unmaps(&x, &sl, 1);
release:
	slot_release(&sl);
out:
	ctx_fini(&x);
	return ret;
}

#define BATCH_NS	200000.0
#define BATCH_MAX	1024

static void bm_caller(gb_state *st, void *data)
{
	struct caller_spec *s = data;
	unsigned long k = 1, i, warn_mark = dmalab_warn_count();
	struct caller_slot *sl = NULL;
	struct caller_ctx x;
	size_t charge;
	int64_t ops;
	char msg[96];
	int ret;

	if (!s->probed) {
		s->err = probe(s);
		s->probed = true;
	}
	if (s->err) {
		snprintf(msg, sizeof(msg), "mapping failed: %d", s->err);
		gb_skip_with_error(st, msg);
		return;
	}
	while (k < BATCH_MAX && k * (s->unmap ? s->unmap_ns : s->map_ns) < BATCH_NS)
		k *= 2;
	ret = ctx_init(&x, s);
	if (ret)
		goto failed;
	sl = calloc(k, sizeof(*sl));
	if (!sl) {
		ret = -ENOMEM;
		goto failed;
	}
	for (i = 0; i < k; i++)
		if ((ret = slot_prepare(&x, &sl[i], &charge)))
			goto failed;
	if (s->unmap)
		for (i = 0; i < k; i++)
			if ((ret = op_map(&x, &sl[i])))
				goto failed;
	while (gb_keep_running_batch(st, k)) {
		if (!s->unmap) {
			for (i = 0; i < k; i++)
				if (unlikely(ret = op_map(&x, &sl[i])))
					goto failed;
		} else {
			for (i = 0; i < k; i++)
				op_unmap(&x, &sl[i]);
		}
		gb_pause(st);
		if (!s->unmap)
			for (i = 0; i < k; i++)
				op_unmap(&x, &sl[i]);
		after_unmaps(&x, sl, k);
		if (s->unmap)
			for (i = 0; i < k; i++)
				if (unlikely(ret = op_map(&x, &sl[i])))
					goto failed;
		if (bench_check_warn(st, &warn_mark))
			goto out;
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
		gb_counter(st, "iova", s->iova, 0);
		if (s->path == CP_DMABUF)
			gb_counter(st, "sgt_leak", s->leaks, 0);
		gb_counter(st, "batch", (double)k, 0);
	}
	goto out;

failed:
	snprintf(msg, sizeof(msg), "map failed: %d", ret);
	gb_skip_with_error(st, msg);
out:
	for (i = 0; sl && i < k; i++) {
		op_unmap(&x, &sl[i]);
		slot_release(&sl[i]);
	}
	if (sl)
		after_unmaps(&x, sl, k);
	free(sl);
	ctx_fini(&x);
	bench_check_warn(st, &warn_mark);
}

/* ---- registration ---- */

static void reg(enum caller_path p, bool unmap, bool direct, enum wl_kind wl, size_t size)
{
	static const char *const paths[] = { "iter", "sg", NULL };
	struct caller_spec *s = calloc(1, sizeof(*s));
	char name[96], sn[16];

	if (!s)
		abort();
	*s = (struct caller_spec){ .path = p, .unmap = unmap, .direct = direct, .wl = wl,
				   .size = size };
	if (size >= SZ_1G)
		snprintf(sn, sizeof(sn), "%zuGiB", size >> 30);
	else if (size >= SZ_1M)
		snprintf(sn, sizeof(sn), "%zuMiB", size >> 20);
	else
		snprintf(sn, sizeof(sn), "%zuKiB", size >> 10);
	snprintf(name, sizeof(name), "%s%s/%s%s/%s/%s",
		 p == CP_DMABUF ? "dmabuf" : "blk", unmap ? "-unmap" : "",
		 p == CP_DMABUF ? (direct ? "phys" : "iova") : paths[p],
		 p != CP_DMABUF && direct ? "-direct" : "",
		 wl == WL_NR ? "1range" : wl_names[wl], sn);
	gb_register_data(name, bm_caller, s);
}

void bench_register_callers(void)
{
	static const size_t blk_sizes[] = { SZ_4K, SZ_64K, SZ_1M };
	static const size_t buf_sizes[] = { SZ_64K, SZ_16M, SZ_1G };
	enum wl_kind wl;
	unsigned int i, u, d;

	if (!(bench_opts.sets & SET_REST))
		return;
	for (u = 0; u <= 1; u++) {
		for (wl = WL_4K; wl <= WL_2M; wl++)
			for (i = 0; i < ARRAY_SIZE(blk_sizes); i++)
				for (d = 0; d <= 1; d++) {
					reg(CP_BLK_ITER, u, d, wl, blk_sizes[i]);
					reg(CP_BLK_SG, u, d, wl, blk_sizes[i]);
				}
		for (i = 0; i < ARRAY_SIZE(buf_sizes); i++) {
			reg(CP_DMABUF, u, false, WL_NR, buf_sizes[i]);
			reg(CP_DMABUF, u, true, WL_NR, buf_sizes[i]);
			reg(CP_DMABUF, u, true, WL_P2P, buf_sizes[i]);
		}
	}
	bench_register_tso();
	bench_register_gpu();
	bench_register_rdma();
}
