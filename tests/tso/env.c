// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tso suite's environment: device profiles, a domain and device per
 * case, and the driver of the oracle (tso_check_drive()).
 */
#include "tests/tso/tso.h"

#include <dmalab/runtime.h>

static const struct profile profiles[] = {
	{ "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA },
	{ "x86_64_dma_untrusted", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, true },
	{ "x86_64_dma_noncoherent", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA,
	  .noncoherent = true },
	{ "amdv1_dmafq", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA_FQ },
	/* a 2 KiB IOMMU granule */
	{ "amdv1_mock_dma", true, DMALAB_PT_AMDV1_MOCK, DMALAB_DOMAIN_DMA },
	{ "direct" },
	/* buffers above 4 GiB: dma-direct bounces every region through swiotlb */
	{ "direct32", .dma_mask = DMA_BIT_MASK(32) },
};

const struct profile tso_x86 = { "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA };

/*
 * An untrusted device without min_align_mask (a NIC does not set one)
 * cannot link a first range that starts off the granule: the known bug
 * dma-iova-link-unaligned-head of dma-iommu.c. tso.c then falls back to
 * dma_map_phys() per region, which maps it: the cases that expect the
 * IOVA path for a linear payload that starts mid-page fail on it (with
 * the device's min_align_mask set to the granule, linear_only takes the
 * IOVA path on that profile: checked by hand, as the bug's entry says).
 */
static const char *profile_known_bug(const void *param, const struct ktest *t)
{
	const struct profile *p = param;

	if (p->untrusted && !strcmp(t->name, "linear_only"))
		return "dma-iova-link-unaligned-head";
	return NULL;
}

const struct kt_params tso_profile_params = KT_PARAMS(profiles,
						      .known_bug = profile_known_bug);

bool env_init(struct env *e, const struct profile *p)
{
	struct dmalab_domain_cfg dc = { .format = p->format, .kind = p->kind };
	struct dmalab_device_cfg cfg = {
		.name = "eth0", .dma_mask = p->dma_mask, .coherent = !p->noncoherent,
		.untrusted = p->untrusted,
	};
	memset(e, 0, sizeof(*e));
	e->p = p;
	return test_dev_init(&e->td, p->iommu ? &dc : NULL, &cfg, NULL);
}

bool env_fini(struct env *e)
{
	return test_dev_fini(&e->td);
}

bool drive(struct env *e, const struct tso_skb_desc *head, unsigned int gso_size,
	   const struct tso_skb_desc *list, unsigned int nlist, struct tso_check_result *r)
{
	struct sk_buff *skb = tso_skb_build(head, gso_size, list, nlist);
	char msg[512];
	bool ok;

	if (!skb)
		KT_FAIL("out of memory");
	ok = tso_check_drive(e->td.ck, e->td.dev, skb, HDR_LEN, gso_size, r, msg, sizeof(msg));
	tso_skb_free(skb);
	if (!ok)
		KT_FAIL("%s", msg);
	return true;
}

void allow_link_warn(const struct tso_check_result *r)
{
	if (r->warns == 1 && r->warn_func && !strcmp(r->warn_func, "dma_iova_link"))
		kt_expect_warns(1);
}
