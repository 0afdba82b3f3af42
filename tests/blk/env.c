// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blk suite's environment: device profiles, a domain and device per
 * case, and map_payload(): the NVMe-style driver and its checks
 * (blk_check_drive(), oracle/blk_check.h) with the result for the test.
 */
#include "tests/blk/blk.h"

static const struct profile profiles[] = {
	{ "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA },
	{ "x86_64_dma_untrusted", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, true },
	{ "amdv1_dmafq", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA_FQ },
	/* a 2 KiB IOMMU granule: merge boundary 0x7ff */
	{ "amdv1_mock_dma", true, DMALAB_PT_AMDV1_MOCK, DMALAB_DOMAIN_DMA },
	{ "direct" },
	/* buffers above 4 GiB: dma-direct bounces every segment */
	{ "direct32", .dma_mask = DMA_BIT_MASK(32) },
};

const struct kt_params blk_profile_params = KT_PARAMS(profiles);

/* dma-iommu refuses a min_align_mask above the granule */
static void min_align_in_granule(struct dmalab_device_cfg *cfg, struct dmalab_domain *d)
{
	u64 bitmap;

	if (!d)
		return;
	bitmap = dmalab_domain_iommu(d)->pgsize_bitmap;
	cfg->min_align_mask = min_t(u64, (bitmap & -bitmap) - 1, 0xfff);
}

bool env_init(struct env *e, const struct profile *p, const struct queue_limits *lim)
{
	struct dmalab_domain_cfg dc = { .format = p->format, .kind = p->kind };
	struct dmalab_device_cfg cfg = {
		.name = "nvme0", .dma_mask = p->dma_mask, .coherent = true,
		.untrusted = p->untrusted,
		/*
		 * The DMA limits a driver gives the device are its queue's (as
		 * scsi_add_host() does), and the offset in a 4K page is kept
		 * when bouncing (dma_set_min_align_mask(), as NVMe does).
		 */
		.min_align_mask = 0xfff,
	};

	memset(e, 0, sizeof(*e));
	e->p = p;
	e->q.limits = *lim;
	KT_EXPECT_EQ(blk_model_limits_validate(&e->q.limits), 0);
	cfg.max_segment_size = e->q.limits.max_segment_size;
	cfg.segment_boundary = e->q.limits.seg_boundary_mask;
	return test_dev_init(&e->td, p->iommu ? &dc : NULL, &cfg, min_align_in_granule);
}

bool env_fini(struct env *e)
{
	return test_dev_fini(&e->td);
}

bool map_payload(struct env *e, struct request *rq, bool integrity, struct mapped *res)
{
	struct blk_check_result r;
	char msg[512];

	memset(res, 0, sizeof(*res));
	if (!blk_check_drive(e->td.ck, e->td.dev, rq, integrity, NULL, NULL, &r, msg, sizeof(msg)))
		KT_FAIL("%s", msg);
	*res = (struct mapped){ .ok = r.mapped, .status = r.status, .iova = r.iova,
				.nr_segs = r.nr_segs, .map = r.map };
	return true;
}

bool map_request(struct env *e, struct request *rq, struct mapped *data,
		 struct mapped *meta)
{
	struct mapped tmp;

	if (!map_payload(e, rq, false, data ? data : &tmp))
		return false;
	if (!(data ? data : &tmp)->ok)
		KT_FAIL("data payload: mapping stopped with status %u",
			(data ? data : &tmp)->status);
	if (!blk_integrity_rq(rq))
		return true;
	if (!map_payload(e, rq, true, meta ? meta : &tmp))
		return false;
	if (!(meta ? meta : &tmp)->ok)
		KT_FAIL("integrity payload: mapping stopped with status %u",
			(meta ? meta : &tmp)->status);
	return true;
}
