// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma suite's environment: device profiles, a domain, device and HCA
 * per case, and the drivers of the oracle (rdma_check_drive_sg/_bvec()).
 */
#include "tests/rdma/rdma.h"

static const struct profile profiles[] = {
	{ "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA },
	{ "x86_64_dma_untrusted", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, true },
	{ "amdv1_dmafq", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA_FQ },
	/* a 2 KiB IOMMU granule */
	{ "amdv1_mock_dma", true, DMALAB_PT_AMDV1_MOCK, DMALAB_DOMAIN_DMA },
	{ "direct" },
	/* buffers above 4 GiB: dma-direct bounces every segment */
	{ "direct32", .dma_mask = DMA_BIT_MASK(32) },
};

/*
 * An untrusted device without min_align_mask (an HCA does not set one)
 * cannot link a first bvec that starts off the granule: the known bug
 * dma-iova-link-unaligned-head of dma-iommu.c, reached through rw.c's IOVA
 * path by the tests whose first bvec starts mid-page.
 */
static const char *profile_known_bug(const void *param, const struct ktest *t)
{
	const struct profile *p = param;

	if (p->untrusted && (!strcmp(t->name, "bvec_pages") || !strcmp(t->name, "fail_nth_bvec")))
		return "dma-iova-link-unaligned-head";
	return NULL;
}

const struct kt_params rdma_profile_params = KT_PARAMS(profiles,
						       .known_bug = profile_known_bug);

void cfg_ib(struct dmalab_rdma_cfg *cfg)
{
	*cfg = (struct dmalab_rdma_cfg){ .max_send_sge = 4, .max_sge_rd = 4,
					 .max_rdma_ctxs = 8 };
}

void cfg_iwarp(struct dmalab_rdma_cfg *cfg)
{
	*cfg = (struct dmalab_rdma_cfg){ .iwarp = true, .max_send_sge = 4, .max_sge_rd = 1,
					 .max_fast_reg_page_list_len = 8, .max_rdma_ctxs = 8 };
}

bool env_init(struct env *e, const struct profile *p, struct dmalab_rdma_cfg *rc)
{
	struct dmalab_domain_cfg dc = { .format = p->format, .kind = p->kind };
	struct dmalab_device_cfg cfg = {
		.name = "mlx0", .dma_mask = p->dma_mask, .coherent = true,
		.untrusted = p->untrusted,
	};
	int err = 0;

	memset(e, 0, sizeof(*e));
	e->p = p;
	if (!test_dev_init(&e->td, p->iommu ? &dc : NULL, &cfg, NULL))
		return false;
	rc->dma_device = e->td.dev;
	e->qp = dmalab_rdma_create(rc, &err);
	if (!e->qp)
		KT_FAIL("dmalab_rdma_create: %d", err);
	return true;
}

bool env_fini(struct env *e)
{
	if (e->qp)
		dmalab_rdma_destroy(e->qp);
	return test_dev_fini(&e->td);
}

bool drive_sg(struct env *e, const struct vec *v, unsigned int n, u32 offset,
	      enum dma_data_direction dir, struct rdma_check_result *r)
{
	struct scatterlist *sgl = calloc(n, sizeof(*sgl));
	struct sg_table sgt = { .sgl = sgl, .orig_nents = n };
	char msg[512];
	unsigned int i;
	bool ok;

	if (!sgl)
		KT_FAIL("out of memory");
	sg_init_table(sgl, n);
	for (i = 0; i < n; i++)
		sg_set_page(&sgl[i], pfn_to_page(PHYS_PFN(v[i].phys)), v[i].len,
			    offset_in_page(v[i].phys));
	ok = rdma_check_drive_sg(e->td.ck, e->qp, &sgt, offset, REMOTE, RKEY, dir, r, msg,
				 sizeof(msg));
	free(sgl);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}

bool drive_bvec(struct env *e, const struct vec *v, unsigned int n,
		enum dma_data_direction dir, struct rdma_check_result *r)
{
	struct bio_vec *bv = calloc(n, sizeof(*bv));
	struct bvec_iter iter = {};
	char msg[512];
	unsigned int i;
	bool ok;

	if (!bv)
		KT_FAIL("out of memory");
	for (i = 0; i < n; i++) {
		bvec_set_page(&bv[i], pfn_to_page(PHYS_PFN(v[i].phys)), v[i].len,
			      offset_in_page(v[i].phys));
		iter.bi_size += v[i].len;
	}
	ok = rdma_check_drive_bvec(e->td.ck, e->qp, bv, n, iter, REMOTE, RKEY, dir, r, msg,
				   sizeof(msg));
	free(bv);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}
