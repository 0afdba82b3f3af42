// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: when rw.c registers memory and how much. The MR path is
 * taken for RDMA READs on iWARP, and on other HCAs for READs of more DMA
 * entries than the device's max_sgl_rd (rdma_rw_io_needs_mr(): mlx5 sets
 * it, registering beats many SGEs); each MR holds
 * rdma_rw_fr_page_list_len() = min(max_fast_reg_page_list_len, 256) pages.
 * An MR pool that runs dry in the middle of a context gives back what the
 * context took, and falls back to direct SGEs where MRs are an
 * optimisation (max_sgl_rd) and fails where they are required (iWARP).
 * Every context goes through the oracle, which also has the mock HCA
 * execute its MR operations (an MR registered again must have been
 * invalidated).
 *
 * Buffers are mapped directly (the "direct" and "direct32" profiles) so
 * that the DMA entry counts are the page counts: behind an IOMMU the
 * pages merge.
 */
#include "tests/rdma/rdma.h"

static const struct profile direct = { "direct" };
static const struct profile direct32 = { "direct32", .dma_mask = DMA_BIT_MASK(32) };

/* n scattered pages, every other page from rel */
static void pages(struct vec *v, unsigned int n, unsigned int rel)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = (struct vec){ BUF(rel + 2 * i, 0), P };
}

/* an InfiniBand HCA that registers RDMA READs of more than 4 entries, MRs of 8 pages */
static void cfg_sgl_rd(struct dmalab_rdma_cfg *cfg)
{
	cfg_ib(cfg);
	cfg->max_sgl_rd = 4;
	cfg->max_fast_reg_page_list_len = 8;
}

/*
 * A test of max_sgl_rd on an InfiniBand HCA: an RDMA READ of exactly
 * max_sgl_rd (4) entries takes direct SGEs, one of 5 an MR (REG_MR and
 * READ), one of 12 two MRs of 8 pages. An InfiniBand READ does not
 * invalidate its MR (no READ_WITH_INV), so an MR used before needs a
 * LOCAL_INV first: the 12-page READ after the 5-page one takes the first
 * MR again (LOCAL_INV, REG_MR, READ) and a fresh one (REG_MR, READ),
 * 5 requests; a WRITE never registers. Expect those paths and counts.
 */
bool test_mr_sgl_rd(void)
{
	struct rdma_check_result r, w;
	struct dmalab_rdma_cfg cfg;
	struct vec v[12];
	struct env e;
	bool ok;

	pages(v, 12, 0);
	cfg_sgl_rd(&cfg);
	if (!env_init(&e, &direct, &cfg))
		return env_fini(&e) && false;
	ok = drive_sg(&e, v, 4, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MULTI && r.nr_wrs == 1))
		kt_report(__FILE__, __LINE__, "READ of max_sgl_rd entries: %s path, %u "
			  "requests; expected multi, 1", rdma_check_path_name(r.path), r.nr_wrs),
			ok = false;
	ok = ok && drive_sg(&e, v, 5, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MR && r.nr_wrs == 2 && r.ret == 2))
		kt_report(__FILE__, __LINE__, "READ of 5 entries: %s path, %u requests, ret %d; "
			  "expected one fresh MR: 2", rdma_check_path_name(r.path), r.nr_wrs,
			  r.ret), ok = false;
	ok = ok && drive_sg(&e, v, 12, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MR && r.nr_rdma_wrs == 2 && r.nr_wrs == 5))
		kt_report(__FILE__, __LINE__, "READ of 12 entries: %s path, %u READs of %u "
			  "requests; expected 2 MRs, one used before: 5",
			  rdma_check_path_name(r.path), r.nr_rdma_wrs, r.nr_wrs), ok = false;
	ok = ok && drive_sg(&e, v, 5, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MR && r.nr_wrs == 3))
		kt_report(__FILE__, __LINE__, "READ of 5 entries again: %s path, %u requests; "
			  "expected LOCAL_INV, REG_MR, READ", rdma_check_path_name(r.path),
			  r.nr_wrs), ok = false;
	ok = ok && drive_sg(&e, v, 12, 0, DMA_TO_DEVICE, &w);
	if (ok && !(w.path == RDMA_CHECK_MULTI && w.nr_wrs == 3))
		kt_report(__FILE__, __LINE__, "WRITE of 12 entries: %s path, %u requests; "
			  "expected multi, 3", rdma_check_path_name(w.path), w.nr_wrs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of an MR pool too small for a READ on an InfiniBand HCA with
 * max_sgl_rd: MRs are an optimisation there, so rdma_rw_ctx_init() falls
 * back to direct SGEs (rw.c: "Pool exhaustion (-EAGAIN) from the
 * max_sgl_rd optimization is recoverable"), with no MR at all and with one
 * MR where the READ needs two (the first given back). Expect the READ
 * through direct SGEs (3 requests of 4, 4 and 4 SGEs for 12 entries) and
 * no MR left in use.
 */
bool test_mr_sgl_rd_pool_short(void)
{
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	unsigned int ctxs;
	struct vec v[12];
	bool ok = true;

	pages(v, 12, 0);
	for (ctxs = 0; ctxs < 2 && ok; ctxs++) {
		struct env e;

		cfg_sgl_rd(&cfg);
		cfg.max_rdma_ctxs = ctxs;
		if (!env_init(&e, &direct, &cfg))
			return env_fini(&e) && false;
		ok = drive_sg(&e, v, 12, 0, DMA_FROM_DEVICE, &r);
		if (ok && !(r.ret == 3 && r.path == RDMA_CHECK_MULTI))
			kt_report(__FILE__, __LINE__, "%u MRs for a READ of 2: ret %d, %s path; "
				  "expected 3 direct requests", ctxs, r.ret,
				  rdma_check_path_name(r.path)), ok = false;
		ok = env_fini(&e) && ok;
	}
	return ok;
}

/*
 * A test of an iWARP HCA whose pool holds one MR of 8 pages for a READ of
 * 20 pages (3 MRs): iWARP must register, so rdma_rw_ctx_init() fails
 * with -EAGAIN, having given back the MR it took and unmapped the table;
 * so does rdma_rw_ctx_init_bvec() of 12 pages (2 MRs), which also frees
 * the sg table it built. Mapped directly and through swiotlb (direct32,
 * where a table left mapped holds bounce slots). Expect -EAGAIN and
 * nothing left.
 */
static bool iwarp_pool_short(const struct profile *p)
{
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[20];
	struct env e;
	bool ok;

	pages(v, 20, 0);
	cfg_iwarp(&cfg);
	cfg.max_rdma_ctxs = 1;
	if (!env_init(&e, p, &cfg))
		return env_fini(&e) && false;
	ok = drive_sg(&e, v, 20, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.ret == -EAGAIN))
		kt_report(__FILE__, __LINE__, "%s: sg READ of 3 MRs with 1: ret %d, expected "
			  "-EAGAIN", p->name, r.ret), ok = false;
	ok = ok && drive_bvec(&e, v, 12, DMA_FROM_DEVICE, &r);
	if (ok && !(r.ret == -EAGAIN))
		kt_report(__FILE__, __LINE__, "%s: bvec READ of 2 MRs with 1: ret %d, expected "
			  "-EAGAIN", p->name, r.ret), ok = false;
	/* and the one MR still works */
	ok = ok && drive_bvec(&e, v, 8, DMA_FROM_DEVICE, &r);
	if (ok && !(r.ret == 2 && r.path == RDMA_CHECK_MR))
		kt_report(__FILE__, __LINE__, "%s: bvec READ of 1 MR: ret %d, %s path", p->name,
			  r.ret, rdma_check_path_name(r.path)), ok = false;
	return env_fini(&e) && ok;
}

bool test_mr_iwarp_pool_short(void)
{
	return iwarp_pool_short(&direct) && iwarp_pool_short(&direct32);
}

/*
 * A test of rdma_rw_fr_page_list_len()'s cap: an HCA that could register
 * 1024 pages gets MRs of 256 ("arbitrary limit to avoid allocating
 * gigantic resources"). rdma_rw_mr_factor(), which a ULP sizes its MRs
 * with, is ceil(pages / 256): 1 for 256 pages, 2 for 257; and an iWARP
 * READ of 256 scattered pages takes one MR, of 257 two (256 and 1).
 * Expect those.
 */
bool test_mr_page_list_cap(void)
{
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct vec *v = calloc(257, sizeof(*v));
	struct env e;
	bool ok = true;

	if (!v)
		KT_FAIL("out of memory");
	pages(v, 257, 0);
	cfg_iwarp(&cfg);
	cfg.max_fast_reg_page_list_len = 1024;
	cfg.max_rdma_ctxs = 2;
	if (!env_init(&e, &direct, &cfg)) {
		free(v);
		return env_fini(&e) && false;
	}
	if (!(rdma_rw_mr_factor(e.qp->device, 1, 256) == 1 &&
	      rdma_rw_mr_factor(e.qp->device, 1, 257) == 2 &&
	      rdma_rw_mr_factor(e.qp->device, 1, 512) == 2 &&
	      rdma_rw_mr_factor(e.qp->device, 1, 513) == 3))
		kt_report(__FILE__, __LINE__, "rdma_rw_mr_factor(256, 257, 512, 513) = %u, %u, "
			  "%u, %u; expected 1, 2, 2, 3", rdma_rw_mr_factor(e.qp->device, 1, 256),
			  rdma_rw_mr_factor(e.qp->device, 1, 257),
			  rdma_rw_mr_factor(e.qp->device, 1, 512),
			  rdma_rw_mr_factor(e.qp->device, 1, 513)), ok = false;
	ok = ok && drive_sg(&e, v, 256, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MR && r.nr_rdma_wrs == 1))
		kt_report(__FILE__, __LINE__, "READ of 256 pages: %s path, %u READs; expected "
			  "one MR", rdma_check_path_name(r.path), r.nr_rdma_wrs), ok = false;
	ok = ok && drive_sg(&e, v, 257, 0, DMA_FROM_DEVICE, &r);
	if (ok && !(r.path == RDMA_CHECK_MR && r.nr_rdma_wrs == 2))
		kt_report(__FILE__, __LINE__, "READ of 257 pages: %s path, %u READs; expected "
			  "two MRs", rdma_check_path_name(r.path), r.nr_rdma_wrs), ok = false;
	free(v);
	return env_fini(&e) && ok;
}
