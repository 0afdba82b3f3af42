// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommu_map_sg(): physically contiguous entries merged into one map call,
 * bus-address (P2P) entries skipped, one sync, and unwinding on failure.
 */
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <linux/mm.h>
#include <linux/gfp.h>

#include "tests/iommu_core/iommu_core.h"

#define RW	(IOMMU_READ | IOMMU_WRITE)
/* a BAR in the model's PCI MMIO space (64 GiB up) */
#define T_BAR	0x1000000000ULL

static void set_entry(struct scatterlist *sg, phys_addr_t pa, size_t len)
{
	sg_set_page(sg, phys_to_page(pa), len, offset_in_page(pa));
}

/* entries of one page each at pa[0..n) */
static void fill(struct scatterlist *sgl, const phys_addr_t *pa, unsigned int n, size_t pg)
{
	unsigned int i;

	sg_init_table(sgl, n);
	for (i = 0; i < n; i++)
		set_entry(&sgl[i], pa[i], pg);
}

static bool translates(struct tdom *t, unsigned long iova, phys_addr_t pa)
{
	phys_addr_t got = iommu_iova_to_phys(t->dom, iova);

	if (got != pa)
		kt_diag("iova %#lx: phys %#llx, expected %#llx", iova,
			(unsigned long long)got, (unsigned long long)pa);
	return got == pa;
}

/* two adjacent entries are one map call, the third another; one sync */
static bool test_map_sg_merges(const void *param, const void *arg)
{
	struct scatterlist sgl[3];
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	fill(sgl, (phys_addr_t[]){ T_PA, T_PA + pg, T_PA + 16 * pg }, 3, pg);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 3, RW, GFP_KERNEL), 3 * pg);
	KT_EXPECT_EQ(tdom_maps(t), 2);
	KT_EXPECT(translates(t, T_IOVA, T_PA));
	KT_EXPECT(translates(t, T_IOVA + pg, T_PA + pg));
	KT_EXPECT(translates(t, T_IOVA + 2 * pg, T_PA + 16 * pg));
	KT_EXPECT(translates(t, T_IOVA + 3 * pg, 0));
	KT_EXPECT_EQ(t->sync_maps, 1);
	KT_EXPECT_EQ(t->sync_map_iova, T_IOVA);
	KT_EXPECT_EQ(t->sync_map_size, 3 * pg);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 3 * pg), 3 * pg);
	tdom_destroy(t);
	return true;
}

/* an entry marked as a bus address (P2P through a switch) takes no IOVA */
static bool test_map_sg_bus_address(const void *param, const void *arg)
{
	struct scatterlist sgl[3];
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	fill(sgl, (phys_addr_t[]){ T_PA, T_BAR, T_PA + 16 * pg }, 3, pg);
	sg_dma_mark_bus_address(&sgl[1]);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 3, RW, GFP_KERNEL), 2 * pg);
	KT_EXPECT(translates(t, T_IOVA, T_PA));
	KT_EXPECT(translates(t, T_IOVA + pg, T_PA + 16 * pg));
	KT_EXPECT(translates(t, T_IOVA + 2 * pg, 0));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, 2 * pg), 2 * pg);
	tdom_destroy(t);
	return true;
}

/* a run that cannot be mapped takes the runs before it back, unsynced */
static bool test_map_sg_unwinds(const void *param, const void *arg)
{
	struct scatterlist sgl[3];
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	/* where the second run goes is taken */
	KT_EXPECT_EQ(iommu_map_nosync(t->dom, T_IOVA + 2 * pg, T_BAR, pg, RW, GFP_KERNEL), 0);
	fill(sgl, (phys_addr_t[]){ T_PA, T_PA + pg, T_PA + 16 * pg }, 3, pg);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 3, RW, GFP_KERNEL), -EADDRINUSE);
	KT_EXPECT(translates(t, T_IOVA, 0));
	KT_EXPECT(translates(t, T_IOVA + pg, 0));
	KT_EXPECT(translates(t, T_IOVA + 2 * pg, T_BAR));
	KT_EXPECT_EQ(t->sync_maps, 0);
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA + 2 * pg, pg), pg);
	tdom_destroy(t);
	return true;
}

/* the one sync failing takes everything back */
static bool test_map_sg_sync_fails(const void *param, const void *arg)
{
	struct scatterlist sgl[3];
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	t->sync_map_ret = -EIO;
	fill(sgl, (phys_addr_t[]){ T_PA, T_PA + pg, T_PA + 16 * pg }, 3, pg);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 3, RW, GFP_KERNEL), -EIO);
	KT_EXPECT_EQ(t->sync_maps, 1);
	KT_EXPECT(translates(t, T_IOVA, 0));
	KT_EXPECT(translates(t, T_IOVA + 2 * pg, 0));
	tdom_destroy(t);
	return true;
}

/*
 * iommu.c's loop maps the open run when the entry after it is not
 * adjacent, and it finds the end by looking at the last entry once more.
 * A last entry of length 0 right where the run ends is "adjacent" to it
 * even then, so that run is never mapped: iommu_map_sg() returns 0 for
 * [A, 1 page] [A + 1 page, 0 bytes]. The core does what iommu.c does (a
 * change here must follow a change there).
 */
static bool test_map_sg_zero_length_tail(const void *param, const void *arg)
{
	struct scatterlist sgl[2];
	struct tdom *t;
	size_t pg;

	TDOM_OR_FAIL(t, param);
	pg = tdom_pgsize(t);
	sg_init_table(sgl, 2);
	set_entry(&sgl[0], T_PA, pg);
	set_entry(&sgl[1], T_PA + pg, 0);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 2, RW, GFP_KERNEL), 0);
	KT_EXPECT_EQ(tdom_maps(t), 0);
	KT_EXPECT(translates(t, T_IOVA, 0));
	/* not adjacent: the run is mapped as usual */
	set_entry(&sgl[1], T_PA + 16 * pg, 0);
	KT_EXPECT_EQ(iommu_map_sg(t->dom, T_IOVA, sgl, 2, RW, GFP_KERNEL), pg);
	KT_EXPECT(translates(t, T_IOVA, T_PA));
	KT_EXPECT_EQ(iommu_unmap(t->dom, T_IOVA, pg), pg);
	tdom_destroy(t);
	return true;
}

const struct ktest sg_tests[] = {
	T_PARAMS(map_sg_merges),
	T_PARAMS(map_sg_bus_address),
	T_PARAMS(map_sg_unwinds),
	T_PARAMS(map_sg_sync_fails),
	T_PARAMS(map_sg_zero_length_tail),
};
const size_t nr_sg_tests = ARRAY_SIZE(sg_tests);
