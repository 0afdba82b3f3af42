// SPDX-License-Identifier: GPL-2.0-only
/*
 * The domains the IOMMU core is tested on (iommu_core.h): a generic_pt
 * domain of the test's own, a mock IOMMU domain, and a map_pages driver.
 */
#include <string.h>
#include <stdlib.h>

#include <linux/iommu.h>
#include <linux/generic_pt/iommu.h>
#include <linux/bitops.h>

#include "tests/iommu_core/iommu_core.h"

/* the tree's private header: iommu_put_pages_list() */
#include <drivers/iommu/iommu-pages.h>

const struct tkind tkind_list[NR_TKINDS] = {
	{ "pt_x86_64", T_PT, DMALAB_PT_X86_64 },
	{ "pt_amdv1", T_PT, DMALAB_PT_AMDV1 },
	{ "pt_amdv1_mock", T_PT, DMALAB_PT_AMDV1_MOCK },
	{ "mock_x86_64", T_MOCK, DMALAB_PT_X86_64 },
	{ "mock_amdv1", T_MOCK, DMALAB_PT_AMDV1 },
	{ "mock_amdv1_mock", T_MOCK, DMALAB_PT_AMDV1_MOCK },
	{ "pages_x86_64", T_PAGES, DMALAB_PT_X86_64 },
	{ "pages_amdv1_mock", T_PAGES, DMALAB_PT_AMDV1_MOCK },
};

const struct kt_params tkinds = KT_PARAMS(tkind_list);

/* the domain of the running test: the ops below find their counters here */
static struct tdom *cur;

bool log_has(const char *s)
{
	return strstr(dmalab_log(), s) != NULL;
}

/* ---- ops every kind shares: iotlb_sync and iotlb_sync_map, counted ---- */

static void t_iotlb_sync(struct iommu_domain *domain, struct iommu_iotlb_gather *gather)
{
	cur->syncs++;
	if (cur->saved_ops && cur->saved_ops->iotlb_sync)	/* the mock's own */
		cur->saved_ops->iotlb_sync(domain, gather);
	else
		iommu_put_pages_list(&gather->freelist);
}

static int t_iotlb_sync_map(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	cur->sync_maps++;
	cur->sync_map_iova = iova;
	cur->sync_map_size = size;
	return cur->sync_map_ret;
}

/* ---- T_PT: the table's map_range/unmap_range, counted ---- */

static int t_map_range(struct pt_iommu *pt, dma_addr_t iova, phys_addr_t paddr,
		       dma_addr_t len, unsigned int prot, gfp_t gfp, size_t *mapped)
{
	cur->table_maps++;
	return cur->table_ops->map_range(pt, iova, paddr, len, prot, gfp, mapped);
}

static size_t t_unmap_range(struct pt_iommu *pt, dma_addr_t iova, dma_addr_t len,
			    struct iommu_iotlb_gather *gather)
{
	cur->table_unmaps++;
	return cur->table_ops->unmap_range(pt, iova, len, gather);
}

/* ---- T_PAGES: a driver with map_pages/unmap_pages over the table ---- */

static void record(struct tcall *calls, unsigned int *n, unsigned long iova,
		   phys_addr_t paddr, size_t pgsize, size_t count)
{
	if (*n < TDOM_MAX_CALLS)
		calls[*n] = (struct tcall){ iova, paddr, pgsize, count };
	(*n)++;
}

static int t_map_pages(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr,
		       size_t pgsize, size_t pgcount, int prot, gfp_t gfp, size_t *mapped)
{
	struct pt_iommu *pt = &cur->pt;

	record(cur->maps, &cur->nmaps, iova, paddr, pgsize, pgcount);
	return cur->table_ops->map_range(pt, iova, paddr, pgsize * pgcount, prot, gfp, mapped);
}

static size_t t_unmap_pages(struct iommu_domain *domain, unsigned long iova, size_t pgsize,
			    size_t pgcount, struct iommu_iotlb_gather *gather)
{
	struct pt_iommu *pt = &cur->pt;
	struct iommu_iotlb_gather own;
	size_t done;

	record(cur->unmaps, &cur->nunmaps, iova, 0, pgsize, pgcount);
	if (!cur->skip_gather)
		return cur->table_ops->unmap_range(pt, iova, pgsize * pgcount, gather);
	/* a driver that invalidates by itself and gathers nothing */
	iommu_iotlb_gather_init(&own);
	done = cur->table_ops->unmap_range(pt, iova, pgsize * pgcount, &own);
	iommu_put_pages_list(&own.freelist);
	return done;
}

/* ---- the page table of T_PT and T_PAGES ---- */

static void t_change_top(struct pt_iommu *pt, phys_addr_t top_paddr, unsigned int top_level)
{
}

static spinlock_t *t_get_top_lock(struct pt_iommu *pt)
{
	return &container_of(pt, struct tdom, pt)->top_lock;
}

static const struct pt_iommu_driver_ops t_driver_ops = {
	.change_top = t_change_top,
	.get_top_lock = t_get_top_lock,
};

/*
 * Configurations as the kernel's KUnit suites make them (configuration 0 of
 * each format), not as the mock does.
 */
static int init_table(struct tdom *t)
{
	t->pt.nid = NUMA_NO_NODE;
	t->pt.driver_ops = &t_driver_ops;
	t->domain.ops = &t->ops;

	switch (t->kind->fmt) {
	case DMALAB_PT_X86_64: {
		struct pt_iommu_x86_64_cfg c = {
			.common.features = BIT(PT_FEAT_SIGN_EXTEND),
			.common.hw_max_vasz_lg2 = 48,
			.common.hw_max_oasz_lg2 = 52,
			.top_level = 3,
		};

		t->ops.iova_to_phys = pt_iommu_x86_64_iova_to_phys;
		return pt_iommu_x86_64_init(&t->x86_64, &c, GFP_KERNEL);
	}
	case DMALAB_PT_AMDV1: {
		struct pt_iommu_amdv1_cfg c = {
			.common.features = BIT(PT_FEAT_DYNAMIC_TOP) | BIT(PT_FEAT_FLUSH_RANGE) |
					   BIT(PT_FEAT_AMDV1_ENCRYPT_TABLES) |
					   BIT(PT_FEAT_AMDV1_FORCE_COHERENCE),
			.common.hw_max_vasz_lg2 = 52,
			.common.hw_max_oasz_lg2 = 52,
			.starting_level = 2,
		};

		t->ops.iova_to_phys = pt_iommu_amdv1_iova_to_phys;
		return pt_iommu_amdv1_init(&t->amdv1, &c, GFP_KERNEL);
	}
	case DMALAB_PT_AMDV1_MOCK: {
		struct pt_iommu_amdv1_cfg c = {
			.common.hw_max_vasz_lg2 = 52,
			.common.hw_max_oasz_lg2 = 51,
			.starting_level = 2,
		};

		t->ops.iova_to_phys = pt_iommu_amdv1_mock_iova_to_phys;
		return pt_iommu_amdv1_mock_init(&t->amdv1, &c, GFP_KERNEL);
	}
	default:
		return -EINVAL;
	}
}

struct tdom *tdom_create(const struct tkind *kind)
{
	struct tdom *t = calloc(1, sizeof(*t));
	int ret;

	if (!t)
		abort();
	t->kind = kind;
	cur = t;
	spin_lock_init(&t->top_lock);
	t->ops.iotlb_sync = t_iotlb_sync;
	t->ops.iotlb_sync_map = t_iotlb_sync_map;

	if (kind->type == T_MOCK) {
		struct dmalab_domain_cfg dc = { .format = kind->fmt, .kind = DMALAB_DOMAIN_DMA };

		t->mock = dmalab_domain_create(&dc, &ret);
		if (!t->mock) {
			kt_report(__FILE__, __LINE__, "dmalab_domain_create(%s): %d", kind->name, ret);
			free(t);
			return NULL;
		}
		t->dom = dmalab_domain_iommu(t->mock);
		/* the mock's ops, with iotlb_sync_map and the counting added */
		t->saved_ops = t->dom->ops;
		t->ops = *t->saved_ops;
		t->ops.iotlb_sync = t_iotlb_sync;
		t->ops.iotlb_sync_map = t_iotlb_sync_map;
		t->dom->ops = &t->ops;
		return t;
	}

	ret = init_table(t);
	if (ret) {
		kt_report(__FILE__, __LINE__, "page table init (%s): %d", kind->name, ret);
		free(t);
		return NULL;
	}
	t->dom = &t->domain;
	/* a domain the core made for a driver (iommufd, VFIO): unmanaged */
	t->dom->type = IOMMU_DOMAIN_UNMANAGED;
	t->table_ops = t->pt.ops;
	if (kind->type == T_PT) {
		t->counted = *t->pt.ops;
		t->counted.map_range = t_map_range;
		t->counted.unmap_range = t_unmap_range;
		t->pt.ops = &t->counted;
	} else {
		/* not an iommupt domain to the core: a map_pages driver's */
		t->dom->is_iommupt = false;
		t->ops.map_pages = t_map_pages;
		t->ops.unmap_pages = t_unmap_pages;
	}
	return t;
}

void tdom_destroy(struct tdom *t)
{
	if (!t)
		return;
	if (t->mock) {
		t->dom->ops = t->saved_ops;
		dmalab_domain_destroy(t->mock);
	} else {
		pt_iommu_deinit(&t->pt);
	}
	if (cur == t)
		cur = NULL;
	free(t);
}

unsigned long tdom_maps(struct tdom *t)
{
	struct dmalab_iommu_stats st;

	switch (t->kind->type) {
	case T_MOCK:
		dmalab_domain_stats(t->mock, &st);
		return st.map_calls;
	case T_PT:
		return t->table_maps;
	default:
		return t->nmaps;
	}
}

unsigned long tdom_unmaps(struct tdom *t)
{
	struct dmalab_iommu_stats st;

	switch (t->kind->type) {
	case T_MOCK:
		dmalab_domain_stats(t->mock, &st);
		return st.unmap_calls;
	case T_PT:
		return t->table_unmaps;
	default:
		return t->nunmaps;
	}
}

unsigned long tdom_syncs(struct tdom *t)
{
	return t->syncs;
}

size_t tdom_pgsize(struct tdom *t)
{
	return 1UL << __ffs(t->dom->pgsize_bitmap);
}
