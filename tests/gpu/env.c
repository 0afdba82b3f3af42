// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu suite's environment: device profiles, a domain and device per
 * case, migrate_pfn arrays as migrate_vma fills them, and the migration
 * driver (map, oracle, unmap, oracle).
 */
#include "tests/gpu/gpu.h"

static const struct profile profiles[] = {
	{ "x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, .coherent = true },
	/* dma_iova_link() syncs for the device; partial granules would bounce */
	{ "x86_64_dma_untrusted_noncoh", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, true },
	{ "amdv1_dmafq", true, DMALAB_PT_AMDV1, DMALAB_DOMAIN_DMA_FQ, .coherent = true },
	/* a 2 KiB IOMMU granule */
	{ "amdv1_mock_dma", true, DMALAB_PT_AMDV1_MOCK, DMALAB_DOMAIN_DMA, .coherent = true },
	/* iommu=pt: dma-direct behind an identity domain */
	{ "x86_64_identity", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_IDENTITY, .coherent = true },
	{ "direct", .coherent = true },
	/* buffers above 4 GiB: dma-direct bounces every folio through swiotlb */
	{ "direct32", .coherent = true, .dma_mask = DMA_BIT_MASK(32) },
};

const struct profile gpu_x86_64_strict = {
	"x86_64_dma", true, DMALAB_PT_X86_64, DMALAB_DOMAIN_DMA, .coherent = true
};

/*
 * A device that bounces every folio cannot map a PMD folio with one
 * dma_map_page(): the known bug drm-pagemap-folio-over-max-mapping, which
 * the tests mapping one show on direct32 (test_direct_pmd_folio_bounced()
 * has the evidence).
 */
static const char *profile_known_bug(const void *param, const struct ktest *t)
{
	const struct profile *p = param;

	if (p->dma_mask && (!strcmp(t->name, "holes_use_no_iova") ||
			    !strcmp(t->name, "pmd_folio_at_array_end") ||
			    !strcmp(t->name, "each_entry_translates")))
		return "drm-pagemap-folio-over-max-mapping";
	return NULL;
}

const struct kt_params gpu_profile_params = KT_PARAMS(profiles, .known_bug = profile_known_bug);

bool env_init(struct env *e, const struct profile *p)
{
	struct dmalab_domain_cfg dc = { .format = p->format, .kind = p->kind };
	struct dmalab_device_cfg cfg = {
		.name = "xe0", .dma_mask = p->dma_mask, .coherent = p->coherent,
		.untrusted = p->untrusted,
	};
	memset(e, 0, sizeof(*e));
	e->p = p;
	return test_dev_init(&e->td, p->iommu ? &dc : NULL, &cfg, NULL);
}

bool env_fini(struct env *e)
{
	bool ok = test_dev_fini(&e->td);
	unsigned int i;

	for (i = 0; i < e->nr_folios; i++)
		dmalab_clear_folio(e->folios[i]);
	e->nr_folios = 0;
	return ok;
}

void add_holes(struct env *e, unsigned long count)
{
	BUG_ON(e->n + count > MAX_ENTRIES);
	memset(&e->mpfn[e->n], 0, count * sizeof(e->mpfn[0]));
	e->n += count;
}

/* as migrate_vma_collect_pmd() fills it: the head, MIGRATE_PFN_COMPOUND for a large one */
void add_folio(struct env *e, unsigned long rel, unsigned int order)
{
	unsigned long pfn = BUF_PFN + rel;

	BUG_ON(e->nr_folios == MAX_FOLIOS || (rel & ((1UL << order) - 1)));
	dmalab_make_folio(pfn, order);
	e->folios[e->nr_folios++] = pfn;
	BUG_ON(e->n + (1UL << order) > MAX_ENTRIES);
	e->mpfn[e->n] = migrate_pfn(pfn) | MIGRATE_PFN_MIGRATE |
			(order ? MIGRATE_PFN_COMPOUND : 0);
	e->n++;
	add_holes(e, (1UL << order) - 1);
}

bool migrate_map(struct env *e, enum dma_data_direction dir, struct gpu_check *gc,
		 struct drm_pagemap_iova_state *st, int *ret)
{
	struct gpu_check_addr *ca = calloc(e->n, sizeof(*ca));
	char msg[512];
	unsigned long i;
	bool ok;

	if (!ca)
		KT_FAIL("out of memory");
	memset(st, 0, sizeof(*st));
	memset(e->addr, 0, e->n * sizeof(e->addr[0]));
	gpu_check_init(gc, e->td.ck, e->td.dev, e->mpfn, e->n, dir);
	*ret = drm_pagemap_repro_map(e->td.dev, e->addr, e->mpfn, e->n, dir, st);
	for (i = 0; i < e->n; i++)
		ca[i] = (struct gpu_check_addr){ e->addr[i].addr, e->addr[i].order };
	ok = gpu_check_mapped(gc, *ret, ca, &st->dma_state, st->offset, msg, sizeof(msg));
	free(ca);
	if (!ok)
		kt_report(__FILE__, __LINE__, "after the map (ret %d): %s", *ret, msg);
	return ok;
}

bool migrate_unmap(struct env *e, enum dma_data_direction dir, struct gpu_check *gc,
		   struct drm_pagemap_iova_state *st)
{
	char msg[512];
	bool ok;

	drm_pagemap_repro_unmap(e->td.dev, e->addr, e->mpfn, e->n, dir, st);
	ok = gpu_check_unmapped(gc, msg, sizeof(msg));
	if (!ok)
		kt_report(__FILE__, __LINE__, "%s", msg);
	gpu_check_fini(gc);
	return ok;
}

bool migrate(struct env *e, enum dma_data_direction dir, int *ret,
	     struct drm_pagemap_iova_state *st)
{
	struct drm_pagemap_iova_state state;
	struct gpu_check gc;
	bool ok;

	ok = migrate_map(e, dir, &gc, &state, ret);
	if (st)
		*st = state;
	return migrate_unmap(e, dir, &gc, &state) && ok;
}
