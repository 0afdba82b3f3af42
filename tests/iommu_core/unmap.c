// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommu_unmap() and iommu_unmap_fast(): every check iommu.c makes, what the
 * table or driver gets, the IOTLB sync; and the mock's statistics, which
 * the mock now counts behind its page table's ops.
 */
#include <linux/iommu.h>
#include <linux/gfp.h>

#include "tests/iommu_core/iommu_core.h"

#define RW	(IOMMU_READ | IOMMU_WRITE)

/* map pages i of [T_IOVA, ...) one call each, so each is an entry of its own */
static bool map_each(struct tdom *t, unsigned int first, unsigned int n)
{
	size_t pg = tdom_pgsize(t);
	unsigned int i;

	for (i = first; i < first + n; i++)
		KT_EXPECT_EQ(iommu_map(t->dom, T_IOVA + i * pg, T_PA + i * pg, pg, RW,
				       GFP_KERNEL), 0);
	return true;
}

static bool mapped(struct tdom *t, unsigned int i)
{
	size_t pg = tdom_pgsize(t);

	return iommu_iova_to_phys(t->dom, T_IOVA + i * pg) == T_PA + i * pg;
}

/*
 * An unmap that starts inside a page. The map_pages path refuses it (0, an
 * "unaligned:" line, the driver never called); generic_pt will not split
 * an entry at its start (0 unmapped). Everything stays mapped.
 */
static bool test_unmap_unaligned_iova(const void *param, const void *arg)
{
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 4))
		return false;
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + pg / 2, pg), 0);
	if (t->kind->type == T_PAGES) {
		KT_EXPECT(log_has("unaligned: iova"));
		KT_EXPECT_EQ(t->nunmaps, 0);
	} else {
		KT_EXPECT(!log_has("unaligned:"));
		KT_EXPECT_EQ(tdom_unmaps(t), 1);
	}
	KT_EXPECT(mapped(t, 0) && mapped(t, 1) && mapped(t, 3));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 4 * pg), 4 * pg);
	tdom_destroy(t);
	return true;
}

/*
 * A size that ends inside a page. The map_pages path refuses it (0, logged);
 * generic_pt unmaps the whole entry the end falls in and says so
 * ("the length returned will be larger than requested").
 */
static bool test_unmap_unaligned_size(const void *param, const void *arg)
{
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 4))
		return false;
	if (t->kind->type == T_PAGES) {
		KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg + pg / 2), 0);
		KT_EXPECT(log_has("unaligned: iova"));
		KT_EXPECT_EQ(t->nunmaps, 0);
		KT_EXPECT(mapped(t, 0) && mapped(t, 1));
		KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 2 * pg), 2 * pg);
	} else {
		KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg + pg / 2), 2 * pg);
		KT_EXPECT(!mapped(t, 0) && !mapped(t, 1));
	}
	KT_EXPECT(mapped(t, 2) && mapped(t, 3));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + 2 * pg, 2 * pg), 2 * pg);
	tdom_destroy(t);
	return true;
}

/* Size 0 unmaps nothing: the driver is not called; generic_pt refuses it. */
static bool test_unmap_size_zero(const void *param, const void *arg)
{
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 1))
		return false;
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 0), 0);
	if (t->kind->type == T_PAGES)
		KT_EXPECT_EQ(t->nunmaps, 0);
	else
		KT_EXPECT_EQ(tdom_unmaps(t), 1);
	KT_EXPECT(mapped(t, 0));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg), pg);
	tdom_destroy(t);
	return true;
}

/* Unmap stops at the first hole and says how far it got. */
static bool test_unmap_stops_at_hole(const void *param, const void *arg)
{
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 1) || !map_each(t, 2, 1))
		return false;
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 3 * pg), pg);
	KT_EXPECT(!mapped(t, 0));
	KT_EXPECT(mapped(t, 2));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + 2 * pg, pg), pg);
	tdom_destroy(t);
	return true;
}

/*
 * A range that wraps around the end of the address space: iommu.c has no
 * check of its own; generic_pt refuses it (0), the map_pages driver gets
 * it and finds nothing.
 */
static bool test_unmap_wraps(const void *param, const void *arg)
{
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	KT_EXPECT_EQ(iommu_unmap(t->dom, ULONG_MAX - pg + 1, 2 * pg), 0);
	if (t->kind->type == T_PAGES) {
		KT_EXPECT_EQ(t->nunmaps, 1);
		KT_EXPECT_EQ(t->unmaps[0].iova, ULONG_MAX - pg + 1);
	} else {
		KT_EXPECT_EQ(tdom_unmaps(t), 1);
	}
	tdom_destroy(t);
	return true;
}

/*
 * iommu_unmap_fast() leaves the invalidation in the gather for the caller;
 * iommu_unmap() syncs it at once; a gather with nothing in it is not synced.
 */
static bool test_unmap_sync(const void *param, const void *arg)
{
	struct iommu_iotlb_gather gather;
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 4))
		return false;
	iommu_iotlb_gather_init(&gather);
	KT_EXPECT_EQ(iommu_unmap_fast(t->dom, T_IOVA, 2 * pg, &gather), 2 * pg);
	KT_EXPECT_EQ(tdom_syncs(t), 0);
	KT_EXPECT_LE(gather.start, T_IOVA);
	KT_EXPECT_GE(gather.end, T_IOVA + 2 * pg - 1);
	iommu_iotlb_sync(t->dom, &gather);
	KT_EXPECT_EQ(tdom_syncs(t), 1);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + 2 * pg, 2 * pg), 2 * pg);
	KT_EXPECT_EQ(tdom_syncs(t), 2);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + 2 * pg, 2 * pg), 0);
	KT_EXPECT_EQ(tdom_syncs(t), 2);
	tdom_destroy(t);
	return true;
}

/*
 * On the map_pages path a driver that gathers nothing still gets its
 * iotlb_sync: the core puts the range in the gather itself. A driver
 * without unmap_pages unmaps nothing, with a WARN each time.
 */
static bool test_unmap_pages_gather(const void *param, const void *arg)
{
	const struct tkind *k = param;
	struct iommu_iotlb_gather gather;
	struct iommu_domain_ops ops;
	struct tdom *t;
	size_t pg;

	if (k->type != T_PAGES)
		KT_SKIP("unmap_pages: an iommupt domain is unmapped by unmap_range");
	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	if (!map_each(t, 0, 2))
		return false;
	t->skip_gather = true;
	iommu_iotlb_gather_init(&gather);
	KT_EXPECT_EQ(iommu_unmap_fast(t->dom, T_IOVA, 2 * pg, &gather), 2 * pg);
	KT_EXPECT_EQ(gather.start, T_IOVA);
	KT_EXPECT_EQ(gather.end, T_IOVA + 2 * pg - 1);
	iommu_iotlb_sync(t->dom, &gather);
	KT_EXPECT_EQ(tdom_syncs(t), 1);

	if (!map_each(t, 0, 1))
		return false;
	ops = t->ops;
	ops.unmap_pages = NULL;
	t->dom->ops = &ops;
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg), 0);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg), 0);
	t->dom->ops = &t->ops;
	KT_EXPECT(mapped(t, 0));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg), pg);
	kt_expect_warns(2);
	tdom_destroy(t);
	return true;
}

/*
 * The mock's statistics (dmalab_domain_stats(), dmalab_domain_mapped_bytes())
 * count what reached its page table: each map and unmap, the bytes each
 * did, a failed map's part and the unmap that takes it back.
 */
static bool test_mock_stats(const void *param, const void *arg)
{
	const struct tkind *k = param;
	struct dmalab_iommu_stats st;
	struct tdom *t;
	size_t pg;

	if (k->type != T_MOCK)
		KT_SKIP("the statistics are the mock driver's");
	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	KT_EXPECT_EQ(iommu_map(t->dom, T_IOVA, T_PA, 3 * pg, RW, GFP_KERNEL), 0);
	KT_EXPECT_EQ(dmalab_domain_mapped_bytes(t->mock), 3 * pg);
	/* collides at its fourth page: three mapped, then taken back */
	KT_EXPECT_EQ(iommu_map(t->dom, T_IOVA - 3 * pg, T_PA, 4 * pg, RW, GFP_KERNEL),
		     -EADDRINUSE);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 3 * pg), 3 * pg);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 3 * pg), 0);
	dmalab_domain_stats(t->mock, &st);
	KT_EXPECT_EQ(st.map_calls, 2);
	KT_EXPECT_EQ(st.bytes_mapped, 6 * pg);
	KT_EXPECT_EQ(st.unmap_calls, 3);
	KT_EXPECT_EQ(st.bytes_unmapped, 6 * pg);
	KT_EXPECT_EQ(dmalab_domain_mapped_bytes(t->mock), 0);
	/* synced: the failed map's unmap, the unmap that found pages; not the last */
	KT_EXPECT_EQ(st.iotlb_syncs, 2);
	tdom_destroy(t);
	return true;
}

const struct ktest unmap_tests[] = {
	T_PARAMS(unmap_unaligned_iova),
	T_PARAMS(unmap_unaligned_size),
	T_PARAMS(unmap_size_zero),
	T_PARAMS(unmap_stops_at_hole),
	T_PARAMS(unmap_wraps),
	T_PARAMS(unmap_sync),
	T_PARAMS(unmap_pages_gather),
	T_PARAMS(mock_stats),
};
const size_t nr_unmap_tests = ARRAY_SIZE(unmap_tests);
