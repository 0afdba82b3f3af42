// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite: rdma_rw_ctx_init() on sg lists, as the NVMe-oF target
 * maps its data (nvmet_rdma_rw_ctx_init()). Each test drives one buffer
 * both ways (RDMA WRITE from it, RDMA READ into it) through the oracle
 * (oracle/rdma_check.h), which checks the chain, the SGEs against the
 * buffer and the checker's ground truth after init and after destroy.
 */
#include <dmalab/runtime.h>

#include "tests/rdma/rdma.h"

static bool both_ways(struct env *e, const struct vec *v, unsigned int n, u32 off,
		      struct rdma_check_result *w, struct rdma_check_result *r)
{
	if (!drive_sg(e, v, n, off, DMA_TO_DEVICE, w) ||
	    !drive_sg(e, v, n, off, DMA_FROM_DEVICE, r))
		return false;
	KT_EXPECT_GT(w->ret, 0);
	KT_EXPECT_GT(r->ret, 0);
	return true;
}

/*
 * A test that one contiguous 16 KiB entry maps to one request with one SGE
 * (rdma_rw_init_single_wr()), held in the context itself (struct
 * rdma_rw_ctx's single.sge and single.wr): mapped directly, with nothing
 * to bounce, init and destroy allocate nothing, and an RDMA READ of one
 * entry on an HCA without max_sgl_rd does not try the MR pool. Expect the
 * single path both ways and, mapped directly, no allocation.
 */
bool test_sg_one_entry(const void *param, const void *arg)
{
	const struct profile *p = param;
	const struct vec v[] = { { BUF(0, 0), 4 * P } };
	struct dmalab_slab_stats s0, s1;
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, p, &cfg))
		return env_fini(&e) && false;
	dmalab_slab_stats(&s0);
	ok = both_ways(&e, v, 1, 0, &w, &r);
	dmalab_slab_stats(&s1);
	if (ok && (w.path != RDMA_CHECK_SINGLE || r.path != RDMA_CHECK_SINGLE))
		kt_report(__FILE__, __LINE__, "paths %s/%s, expected single",
			  rdma_check_path_name(w.path), rdma_check_path_name(r.path)), ok = false;
	if (ok && !p->iommu && !p->dma_mask && s1.allocs != s0.allocs)
		kt_report(__FILE__, __LINE__, "%llu allocations for two single-SGE contexts, "
			  "expected none", (unsigned long long)(s1.allocs - s0.allocs)), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of a QP whose RDMA READs take fewer SGEs than its WRITEs (the
 * device's max_sge_rd 2, max_send_sge 4: max_read_sge 2, max_write_sge 4),
 * as on many HCAs. Ten scattered entries mapped directly: ceil(10 / 4) = 3
 * WRITEs, ceil(10 / 2) = 5 READs (the oracle checks each request against
 * the QP's limit for its direction). Expect those counts.
 */
bool test_sg_read_sge_limit(void)
{
	static const struct profile p = { "direct" };
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[10];
	struct env e;
	unsigned int i;
	bool ok;

	for (i = 0; i < 10; i++)
		v[i] = (struct vec){ BUF(4 * i, 0), P };
	cfg_ib(&cfg);
	cfg.max_sge_rd = 2;
	if (!env_init(&e, &p, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 10, 0, &w, &r);
	if (ok && (w.nr_rdma_wrs != 3 || r.nr_rdma_wrs != 5))
		kt_report(__FILE__, __LINE__, "%u WRITEs and %u READs, expected 3 and 5",
			  w.nr_rdma_wrs, r.nr_rdma_wrs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of ten scattered pages, the first and last partial: behind an
 * IOMMU dma_map_sgtable() merges them into as few DMA segments as max_seg
 * allows (one with 4 KiB pages: one request, one SGE); mapped directly they stay ten segments, so with 4 SGEs a
 * request rdma_rw_init_map_wrs() needs ceil(10 / 4) = 3 requests, each
 * remote_addr advancing by the bytes before it. Expect that count.
 */
/*
 * The DMA segments a trusted IOMMU domain makes of entries that meet on
 * granule boundaries: consecutive entries concatenated while they fit in
 * max_seg (iommu_dma_map_sg(): one segment per 4 KiB pages, three per 16
 * KiB ones with the 64 KiB default).
 */
static unsigned int merged_segments(const struct vec *v, unsigned int n, unsigned int max_seg)
{
	unsigned int i, segs = 0;
	size_t cur = 0;

	for (i = 0; i < n; i++) {
		if (cur && cur + v[i].len <= max_seg) {
			cur += v[i].len;
		} else {
			segs++;
			cur = v[i].len;
		}
	}
	return segs;
}

bool test_sg_scattered(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[10];
	struct env e;
	unsigned int i, merged;
	bool ok;

	for (i = 0; i < 10; i++)
		v[i] = (struct vec){ BUF(16 * i, 0), P };
	v[0] = (struct vec){ BUF(0, 0x800), P - 0x800 };
	v[9].len = 0x300;
	cfg_ib(&cfg);
	if (!env_init(&e, p, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 10, 0, &w, &r);
	if (ok && !p->iommu && (w.nr_rdma_wrs != 3 || w.nr_sges != 10))
		kt_report(__FILE__, __LINE__, "%u requests of %u SGEs, expected 3 of 10",
			  w.nr_rdma_wrs, w.nr_sges), ok = false;
	merged = merged_segments(v, 10, dma_get_max_seg_size(e.td.dev));
	if (ok && p->iommu && !p->untrusted && w.nr_sges != merged)
		kt_report(__FILE__, __LINE__, "%u SGEs behind the IOMMU, expected %u merged",
			  w.nr_sges, merged), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of sg_offset: rdma_rw_ctx_init() skips whole entries the offset
 * passes and starts inside the entry it falls in. Offsets 0x1800 and
 * 0x2000 (an entry boundary) into entries of 4, 4 and 8 KiB. Expect the SGEs
 * to cover the buffer from the offset exactly.
 */
bool test_sg_offset(const void *param, const void *arg)
{
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(40, 0), P }, { BUF(80, 0), 2 * P } };
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_ib(&cfg);
	if (!env_init(&e, param, &cfg))
		return env_fini(&e) && false;
	ok = both_ways(&e, v, 3, 0x1800, &w, &r) && both_ways(&e, v, 3, 0x2000, &w, &r);
	return env_fini(&e) && ok;
}

/*
 * A test of the MR path: an iWARP device must register memory for RDMA
 * READs (rdma_rw_io_needs_mr()), with MRs of 8 pages here. Twenty
 * scattered pages: mapped directly, ceil(20 / 8) = 3 MRs, each a REG_MR
 * (and a LOCAL_INV once the MR was used) and a READ_WITH_INV; behind an
 * IOMMU, one merged segment and one MR (of 32 pages: see
 * sg_iwarp_merged_entry for 8). WRITEs use no MR. Expect the
 * READ through MRs, the MRs back in the pool after destroy.
 */
bool test_sg_iwarp_read(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct rdma_check_result w, r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[20];
	struct env e;
	unsigned int i;
	bool ok;

	for (i = 0; i < 20; i++)
		v[i] = (struct vec){ BUF(8 * i, 0), P };
	cfg_iwarp(&cfg);
	/* behind an IOMMU the 20 pages merge into one entry: MRs of 32 pages */
	if (p->iommu)
		cfg.max_fast_reg_page_list_len = 32;
	if (!env_init(&e, p, &cfg))
		return env_fini(&e) && false;
	/* twice: the second time the MRs need a LOCAL_INV first */
	ok = both_ways(&e, v, 20, 0, &w, &r) && both_ways(&e, v, 20, 0, &w, &r);
	if (ok && (r.path != RDMA_CHECK_MR || w.path == RDMA_CHECK_MR))
		kt_report(__FILE__, __LINE__, "read %s, write %s: expected an MR for the read only",
			  rdma_check_path_name(r.path), rdma_check_path_name(w.path)), ok = false;
	if (ok && !p->iommu && r.nr_rdma_wrs != 3)
		kt_report(__FILE__, __LINE__, "%u READs, expected 3 MRs", r.nr_rdma_wrs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of an empty MR pool on an iWARP device: rdma_rw_init_one_mr()
 * gets no MR and rdma_rw_ctx_init() returns -EAGAIN (iWARP must register,
 * so there is no fallback), having unmapped the sg table. Expect -EAGAIN
 * and nothing left mapped (the oracle's check after a failed init).
 */
bool test_sg_mr_pool_exhausted(void)
{
	static const struct profile p = { "x86_64_dma", true, DMALAB_PT_X86_64,
					  DMALAB_DOMAIN_DMA };
	const struct vec v[] = { { BUF(0, 0), P }, { BUF(9, 0), P } };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct env e;
	bool ok;

	cfg_iwarp(&cfg);
	cfg.max_rdma_ctxs = 0;	/* no MR at all */
	if (!env_init(&e, &p, &cfg))
		return env_fini(&e) && false;
	ok = drive_sg(&e, v, 2, 0, DMA_FROM_DEVICE, &r);
	if (ok && r.ret != -EAGAIN)
		kt_report(__FILE__, __LINE__, "init returned %d, expected -EAGAIN", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * Known bug rdma-rw-mr-entries-not-pages. rdma_rw_init_mr_wrs() gives each
 * MR min(sg_cnt, pages_per_mr) DMA entries, as if an entry were at most a
 * page; rdma_rw_mr_factor() sizes a ULP's MRs in pages (maxpages /
 * pages_per_mr). Twenty scattered 4 KiB pages on an iWARP device with
 * MRs of 8 pages behind an IOMMU: dma_map_sgtable() merges them into one
 * 80 KiB entry, rw.c asks ib_map_mr_sg() to map that one entry into one
 * MR, the HCA's page list holds 8 of its 20 pages (the driver's set_page
 * fails, ib_sg_to_pages() maps no whole entry) and rdma_rw_init_one_mr()
 * returns -EINVAL: the RDMA READ the ULP sized 3 MRs for fails, where the
 * same buffer mapped directly takes 3 MRs (sg_iwarp_read). Expect the
 * context set up.
 */
bool test_sg_iwarp_merged_entry(void)
{
	static const struct profile p = { "x86_64_dma", true, DMALAB_PT_X86_64,
					  DMALAB_DOMAIN_DMA };
	struct rdma_check_result r;
	struct dmalab_rdma_cfg cfg;
	struct vec v[20];
	struct env e;
	unsigned int i;
	bool ok;

	for (i = 0; i < 20; i++)
		v[i] = (struct vec){ BUF(8 * i, 0), P };
	cfg_iwarp(&cfg);
	if (!env_init(&e, &p, &cfg))
		return env_fini(&e) && false;
	KT_EXPECT_EQ(rdma_rw_mr_factor(e.qp->device, 1, 20), 3);
	ok = drive_sg(&e, v, 20, 0, DMA_FROM_DEVICE, &r);
	if (ok && r.ret < 0)
		kt_report(__FILE__, __LINE__, "rdma_rw_ctx_init() returned %d", r.ret), ok = false;
	return env_fini(&e) && ok;
}
