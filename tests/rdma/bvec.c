// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: rdma_rw_ctx_init_bvec() as svcrdma maps its pages, and
 * the behaviours of its IOVA path (rdma_rw_init_iova_wrs_bvec()).
 */
#include "tests/rdma/rdma.h"

static const struct profile x86 = { "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA };

static bool both_ways(struct env *e, const struct vec *v, unsigned int n,
		      struct rdma_check_result *w, struct rdma_check_result *r)
{
	if (!drive_bvec(e, v, n, DMA_TO_DEVICE, w) || !drive_bvec(e, v, n, DMA_FROM_DEVICE, r))
		return false;
	KT_EXPECT_GT(w->ret, 0);
	KT_EXPECT_GT(r->ret, 0);
	return true;
}

/*
 * A test of one bvec (rdma_rw_init_single_wr_bvec(): one dma_map_phys()).
 * Expect one request with one SGE both ways.
 */
bool test_bvec_one(const void *param, const void *arg)
{
	const struct vec v[] = { { BUF(0, 0x200), 3 * P } };
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, param, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 1, &w, &r);
	if (ok && (w.path != RDMA_CHECK_SINGLE || r.path != RDMA_CHECK_SINGLE))
		kt_report(__FILE__, __LINE__, "paths %s/%s, expected single",
			  rdma_check_path_name(w.path), rdma_check_path_name(r.path)), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of page bvecs as svcrdma builds them: the first starts mid-page,
 * the rest are whole pages, the last partial. Behind an IOMMU the IOVA
 * path links them into one range (one SGE of the whole length); mapped
 * directly dma_iova_try_alloc() fails and rw.c falls back to one SGE per
 * bvec (ceil(6 / 4) = 2 requests). Expect exactly that.
 */
bool test_bvec_pages(const void *param, const void *arg)
{
	const struct profile *p = param;
	const struct vec v[] = {
		{ BUF(0, 0xa00), P - 0xa00 }, { BUF(7, 0), P }, { BUF(3, 0), P },
		{ BUF(20, 0), P }, { BUF(21, 0), P }, { BUF(50, 0), 0x600 },
	};
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	enum rdma_check_path want = p->iommu ? RDMA_CHECK_IOVA : RDMA_CHECK_MULTI;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, p, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 6, &w, &r);
	if (ok && (w.path != want || r.path != want))
		kt_report(__FILE__, __LINE__, "paths %s/%s, expected %s",
			  rdma_check_path_name(w.path), rdma_check_path_name(r.path),
			  rdma_check_path_name(want)), ok = false;
	if (ok && !p->iommu && (w.nr_rdma_wrs != 2 || w.nr_sges != 6))
		kt_report(__FILE__, __LINE__, "%u requests, %u SGEs: expected 2 and 6",
			  w.nr_rdma_wrs, w.nr_sges), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of many bvecs (64 pages, some multi-page) and a QP of 4 SGEs:
 * mapped directly that is 16 requests whose remote addresses advance by
 * the bytes before each. Expect the oracle to agree on every request.
 */
bool test_bvec_many_requests(const void *param, const void *arg)
{
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[64];
	struct env e;
	unsigned int i;
	bool ok;

	for (i = 0; i < 64; i++)
		v[i] = (struct vec){ BUF(8 * i, 0), i % 5 ? P : 3 * P };
	cfg_ib(&cfg);
	if (!env_init(&e, param, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 64, &w, &r);
	if (ok && !((const struct profile *)param)->iommu && w.nr_rdma_wrs != 16)
		kt_report(__FILE__, __LINE__, "%u requests, expected 16", w.nr_rdma_wrs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of the bvec MR path (rdma_rw_init_mr_wrs_bvec()): on iWARP an
 * RDMA READ builds an sg table of the bvecs, maps it and registers it in
 * MRs of 8 pages (32 behind an IOMMU, which merges the table). Expect READs
 * through MRs that cover the buffer, the table and MRs released by
 * rdma_rw_ctx_destroy_bvec(), and a WRITE of the same bvecs without MR.
 */
bool test_bvec_iwarp_read(const void *param, const void *arg)
{
	struct rdma_check_result r, w;
	struct dmalab_rdma_cfg cfg;
	struct vec v[12];
	struct env e;
	unsigned int i;
	bool ok;

	for (i = 0; i < 12; i++)
		v[i] = (struct vec){ BUF(4 * i, 0), P };
	cfg_iwarp(&cfg);
	/* behind an IOMMU the table merges into one entry: MRs of 32 pages */
	if (((const struct profile *)param)->iommu)
		cfg.max_fast_reg_page_list_len = 32;
	if (!env_init(&e, param, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec(&e, v, 12, DMA_FROM_DEVICE, &r) && drive_bvec(&e, v, 12, DMA_FROM_DEVICE, &r);
	if (ok && r.path != RDMA_CHECK_MR)
		kt_report(__FILE__, __LINE__, "path %s, expected mr",
			  rdma_check_path_name(r.path)), ok = false;
	/* iWARP registers for READs only: a WRITE takes the IOVA or per-bvec path */
	ok = ok && drive_bvec(&e, v, 12, DMA_TO_DEVICE, &w);
	if (ok && w.path == RDMA_CHECK_MR)
		kt_report(__FILE__, __LINE__, "WRITE through an MR, expected none"), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test that the IOVA path is taken whenever the device is behind a DMA
 * domain: rdma_rw_ctx_init_bvec() tries rdma_rw_init_iova_wrs_bvec() first
 * for more than one bvec. Two page bvecs on x86_64: expect one request,
 * one SGE of 8 KiB at the IOVA state's address (the oracle checks both
 * pages linked at their offsets, through the page table).
 */
bool test_bvec_iova_path_taken(void)
{
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(100, 0), P } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, &x86, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec(&e, v, 2, DMA_TO_DEVICE, &r);
	if (ok && (r.path != RDMA_CHECK_IOVA || r.nr_sges != 1 || r.ret != 1))
		kt_report(__FILE__, __LINE__, "path %s, %u SGEs, ret %d: expected iova, 1, 1",
			  rdma_check_path_name(r.path), r.nr_sges, r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * Known bug rdma-rw-iova-no-granule-check. rw.c's IOVA path makes no
 * granule-alignment check before it links (only -EOPNOTSUPP, from an
 * unavailable dma_iova_try_alloc(), falls back to the per-bvec path;
 * block/blk-mq-dma.c checks the gaps first, blk_can_dma_map_iova()).
 * Two bvecs whose joint is off the IOMMU granule: 0x800 bytes at the start
 * of a page, then a whole page. The first link maps granule 0; the second
 * is dma_iova_link(offset 0x800) of a granule-aligned page, so dma-iommu
 * asks the page table to map IOVA state->addr + 0x800 to an aligned page,
 * which it refuses (generic_pt's map_range: -ENXIO; drivers/iommu/iommu.c
 * says "unaligned" and -EINVAL for other drivers);
 * rdma_rw_init_iova_wrs_bvec() destroys the state and returns that error,
 * and rdma_rw_ctx_init_bvec() fails. The per-bvec path maps the same bvecs
 * (one dma_map_phys() each), and the kernel-doc of rdma_rw_ctx_init_bvec()
 * names -EINVAL only for an empty nr_bvec or iterator and -ENOMEM for a
 * failed mapping. Callers pass any bvecs (svcrdma's page bvecs break on
 * an IOMMU granule above PAGE_SIZE; sub-page bvecs break on any). Expect
 * the context set up, through any path.
 */
bool test_bvec_iova_unaligned_joint(void)
{
	const struct vec v[] = { { BUF(0, 0), 0x800 }, { BUF(100, 0), P } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, &x86, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec(&e, v, 2, DMA_TO_DEVICE, &r);
	if (ok && r.ret < 0)
		kt_report(__FILE__, __LINE__, "rdma_rw_ctx_init_bvec() returned %d for bvecs the "
			  "per-bvec path maps", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * Known bug rdma-rw-iova-no-granule-check, the other way round: the second
 * bvec starts inside a granule (0x200 into its page). dma_iova_link() then
 * WARNs (WARN_ON_ONCE(iova_start_pad && offset > 0), dma-iommu.c) and
 * returns -EIO, and rdma_rw_ctx_init_bvec() fails with it. Expect the
 * context set up (through the per-bvec path) and no WARN.
 */
bool test_bvec_iova_sub_granule(void)
{
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(100, 0x200), 0x400 } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, &x86, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec(&e, v, 2, DMA_TO_DEVICE, &r);
	if (ok && r.ret < 0)
		kt_report(__FILE__, __LINE__, "rdma_rw_ctx_init_bvec() returned %d for bvecs the "
			  "per-bvec path maps", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/* drive bvecs with the nr_bvec given (drive_bvec() passes n) */
static bool drive_bvec_nr(struct env *e, const struct vec *v, unsigned int n, u32 nr_bvec,
			  u32 size, enum dma_data_direction dir, struct rdma_check_result *r)
{
	struct bio_vec bv[8];
	struct bvec_iter iter = { .bi_size = size };
	char msg[512];
	unsigned int i;

	for (i = 0; i < n; i++)
		bvec_set_page(&bv[i], pfn_to_page(PHYS_PFN(v[i].phys)), v[i].len,
			      offset_in_page(v[i].phys));
	if (!rdma_check_drive_bvec(e->td.ck, e->qp, bv, nr_bvec, iter, REMOTE, RKEY, dir, r,
				   msg, sizeof(msg)))
		KT_FAIL("%s", msg);
	return true;
}

/*
 * A test of the smallest transfer, one byte in one bvec, on every
 * profile: rdma_rw_ctx_init_bvec() refuses only an empty iterator or no
 * bvecs (-EINVAL, its kernel-doc). Expect one request of one byte both
 * ways, and -EINVAL for bi_size 0 and for nr_bvec 0.
 */
bool test_bvec_one_byte(const void *param, const void *arg)
{
	const struct vec v[] = { { BUF(0, 0x123), 1 } };
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, param, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 1, &w, &r);
	if (ok && (w.path != RDMA_CHECK_SINGLE || r.nr_sges != 1))
		kt_report(__FILE__, __LINE__, "path %s, %u SGEs: expected single, 1",
			  rdma_check_path_name(w.path), r.nr_sges), ok = false;
	ok = ok && drive_bvec_nr(&e, v, 1, 1, 0, DMA_TO_DEVICE, &w);
	if (ok && w.ret != -EINVAL)
		kt_report(__FILE__, __LINE__, "bi_size 0: ret %d, expected -EINVAL", w.ret), ok = false;
	ok = ok && drive_bvec_nr(&e, v, 1, 0, 1, DMA_TO_DEVICE, &w);
	if (ok && w.ret != -EINVAL)
		kt_report(__FILE__, __LINE__, "nr_bvec 0: ret %d, expected -EINVAL", w.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of a caller whose iterator runs past the nr_bvec it passes: on
 * the MR path (an iWARP READ) rdma_rw_init_mr_wrs_bvec() builds an sg
 * table of nr_bvec entries from the iterator and refuses a bvec more
 * (-EINVAL) rather than write past the table. Three page bvecs under the
 * iterator, nr_bvec 2. Expect -EINVAL and nothing left (the table freed).
 */
bool test_bvec_iwarp_nr_bvec_short(void)
{
	static const struct profile p = { "direct" };
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(2, 0), P }, { BUF(4, 0), P } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_iwarp(&cfg);
	if (!env_init(&e, &p, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec_nr(&e, v, 3, 2, 3 * P, DMA_FROM_DEVICE, &r);
	if (ok && r.ret != -EINVAL)
		kt_report(__FILE__, __LINE__, "ret %d, expected -EINVAL", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of a QP whose RDMA READs take fewer SGEs than its WRITEs
 * (max_read_sge 2, max_write_sge 4), through the per-bvec path (mapped
 * directly, no IOVA): 6 bvecs are ceil(6 / 4) = 2 WRITEs and
 * ceil(6 / 2) = 3 READs. Expect those counts.
 */
bool test_bvec_read_sge_limit(void)
{
	static const struct profile p = { "direct" };
	const struct vec v[] = {
		{ BUF(0, 0xa00), P - 0xa00 }, { BUF(7, 0), P }, { BUF(3, 0), P },
		{ BUF(20, 0), P }, { BUF(21, 0), P }, { BUF(50, 0), 0x600 },
	};
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	cfg.max_sge_rd = 2;
	if (!env_init(&e, &p, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 6, &w, &r);
	if (ok && (w.nr_rdma_wrs != 2 || r.nr_rdma_wrs != 3))
		kt_report(__FILE__, __LINE__, "%u WRITEs and %u READs, expected 2 and 3",
			  w.nr_rdma_wrs, r.nr_rdma_wrs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of the fallback when the IOVA space cannot hold one range for
 * the whole transfer: a device behind an IOMMU with a 24-bit DMA mask (16
 * MiB of IOVA; dma-iommu aligns a range to its size rounded up to a power
 * of two, and IOVA 0 is never handed out). Three bvecs of 3 MiB:
 * dma_iova_try_alloc() of 9 MiB fails, rw.c falls back to one
 * dma_map_phys() per bvec (each 3 MiB fits): one WRITE of 3 SGEs, each
 * reaching its bvec through the IOMMU, all unmapped by destroy. Three of
 * 6 MiB: the first maps, the second cannot: init fails with -ENOMEM
 * (kernel-doc: "DMA mapping or memory allocation failed") having unmapped
 * the first. Expect that, and two pages through the IOVA path after.
 */
bool test_bvec_iova_space_short(void)
{
	static const struct profile p24 = { "x86_64_dma_mask24", true, DMALAB_PT_X86_64,
					    DMALAB_DOMAIN_DMA, .dma_mask = DMA_BIT_MASK(24) };
	const struct vec v3[] = { { BUF(0, 0), 3 * SZ_1M }, { BUF(1024, 0), 3 * SZ_1M },
				  { BUF(2048, 0), 3 * SZ_1M } };
	const struct vec v6[] = { { BUF(0, 0), 6 * SZ_1M }, { BUF(2048, 0), 6 * SZ_1M },
				  { BUF(4096, 0), 6 * SZ_1M } };
	const struct vec two[] = { { BUF(0, 0), P }, { BUF(100, 0), P } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, &p24, &cfg))
		return env_fini(&e) && false;
	ok = drive_bvec(&e, v3, 3, DMA_TO_DEVICE, &r);
	if (ok && (r.ret != 1 || r.path != RDMA_CHECK_MULTI || r.nr_sges != 3))
		kt_report(__FILE__, __LINE__, "3 x 3 MiB: ret %d, %s path, %u SGEs; expected 1 "
			  "request of 3 SGEs", r.ret, rdma_check_path_name(r.path), r.nr_sges),
			ok = false;
	ok = ok && drive_bvec(&e, v6, 3, DMA_FROM_DEVICE, &r);
	if (ok && r.ret != -ENOMEM)
		kt_report(__FILE__, __LINE__, "3 x 6 MiB: ret %d, expected -ENOMEM", r.ret),
			ok = false;
	ok = ok && drive_bvec(&e, two, 2, DMA_TO_DEVICE, &r);
	if (ok && r.path != RDMA_CHECK_IOVA)
		kt_report(__FILE__, __LINE__, "two pages after: %s path, expected iova",
			  rdma_check_path_name(r.path)), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of an IOVA context handed to the sg list's destroy:
 * rdma_rw_ctx_destroy() WARNs ("IOVA contexts must use
 * rdma_rw_ctx_destroy_bvec()") and leaves the context alone, so that
 * rdma_rw_ctx_destroy_bvec() still releases it. Expect one WARN and
 * nothing left after.
 */
bool test_bvec_iova_destroy_sg_api(void)
{
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(100, 0), P } };
	struct bio_vec bv[2];
	struct bvec_iter iter = { .bi_size = 2 * P };
	struct dmalab_rdma_cfg cfg;
	struct rdma_rw_ctx ctx;
	struct env e;
	int i, ret;

	for (i = 0; i < 2; i++)
		bvec_set_page(&bv[i], pfn_to_page(PHYS_PFN(v[i].phys)), v[i].len, 0);
	cfg_ib(&cfg);
	if (!env_init(&e, &x86, &cfg))
		return env_fini(&e) && false;
	ret = rdma_rw_ctx_init_bvec(&ctx, e.qp, 1, bv, 2, iter, REMOTE, RKEY, DMA_TO_DEVICE);
	if (ret != 1) {
		kt_report(__FILE__, __LINE__, "init returned %d, expected 1 (the IOVA path)", ret);
		if (ret > 0)
			rdma_rw_ctx_destroy_bvec(&ctx, e.qp, 1, bv, 2, DMA_TO_DEVICE);
		return env_fini(&e) && false;
	}
	kt_expect_warns(1);
	rdma_rw_ctx_destroy(&ctx, e.qp, 1, NULL, 0, DMA_TO_DEVICE);
	rdma_rw_ctx_destroy_bvec(&ctx, e.qp, 1, bv, 2, DMA_TO_DEVICE);
	return env_fini(&e);
}
