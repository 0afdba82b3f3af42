/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommu_core_test: dmalab's IOMMU core (kernel-shim/runtime/iommu_core.c)
 * against what the kernel's drivers/iommu/iommu.c does on map and unmap,
 * one test per check, on three kinds of domain (the test's parameter):
 *
 *  pt_<fmt>     a generic_pt domain of the test's own, not the mock's: its
 *               own iommu_domain_ops and driver ops, as the kernel's KUnit
 *               suites make one; the core hands it to map_range/unmap_range
 *  mock_<fmt>   a mock IOMMU domain (kernel-shim/runtime/mock_iommu.c)
 *  pages_<fmt>  a domain of a driver without a generic_pt domain: the core
 *               drives its map_pages/unmap_pages (here they put the pages in
 *               a generic_pt table, and record each call)
 *
 * Expected values come from iommu.c's behaviour and the kernel-doc of
 * pt_iommu_ops, not from the core's code.
 */
#ifndef _DMALAB_TESTS_IOMMU_CORE_H
#define _DMALAB_TESTS_IOMMU_CORE_H

#include <linux/iommu.h>
#include <linux/generic_pt/iommu.h>
#include <dmalab/iommu.h>

#include "tests/ktest.h"

enum tkind_type {
	T_PT,		/* the test's own generic_pt domain */
	T_MOCK,		/* a mock IOMMU domain */
	T_PAGES,	/* a map_pages/unmap_pages driver */
};

struct tkind {
	const char *name;
	enum tkind_type type;
	enum dmalab_pt_format fmt;
};

/* one call of the pages driver */
struct tcall {
	unsigned long iova;
	phys_addr_t paddr;
	size_t pgsize, count;
};

#define TDOM_MAX_CALLS	16

struct tdom {
	union {
		struct iommu_domain domain;
		struct pt_iommu pt;
		struct pt_iommu_x86_64 x86_64;
		struct pt_iommu_amdv1 amdv1;
	};
	const struct tkind *kind;
	struct dmalab_domain *mock;	/* T_MOCK */
	struct iommu_domain *dom;	/* the domain under test */
	spinlock_t top_lock;
	const struct iommu_domain_ops *saved_ops;
	/* the ops the domain uses (T_PT, T_PAGES; a copy for T_MOCK) */
	struct iommu_domain_ops ops;
	/* T_PT: the table's own ops and the counting copy */
	const struct pt_iommu_ops *table_ops;
	struct pt_iommu_ops counted;

	/* what reached the table (map_range/unmap_range) */
	unsigned long table_maps, table_unmaps;
	/* what reached the pages driver */
	unsigned int nmaps, nunmaps;
	struct tcall maps[TDOM_MAX_CALLS], unmaps[TDOM_MAX_CALLS];
	bool skip_gather;		/* its unmap_pages leaves the gather alone */
	/* iotlb_sync and iotlb_sync_map calls */
	unsigned long syncs, sync_maps;
	unsigned long sync_map_iova;
	size_t sync_map_size;
	int sync_map_ret;		/* what iotlb_sync_map returns */
};

#define NR_TKINDS	8
extern const struct tkind tkind_list[NR_TKINDS];
extern const struct kt_params tkinds;

/* NULL after a report if it cannot be made */
struct tdom *tdom_create(const struct tkind *kind);
void tdom_destroy(struct tdom *t);
/* map_range calls (T_PT, T_MOCK) or map_pages calls (T_PAGES) */
unsigned long tdom_maps(struct tdom *t);
/* unmap_range calls (T_PT, T_MOCK) or unmap_pages calls (T_PAGES) */
unsigned long tdom_unmaps(struct tdom *t);
/* iotlb_sync calls */
unsigned long tdom_syncs(struct tdom *t);
/* the smallest page size of the domain */
size_t tdom_pgsize(struct tdom *t);

/* addresses the tests use: 1 GiB aligned, far from each other */
#define T_IOVA	0x40000000UL
#define T_PA	0x200000000ULL

/* Does the kernel log since the test began contain s? */
bool log_has(const char *s);

#define T_PARAMS(f, ...)	KTEST_PARAM(f, tkinds, __VA_ARGS__)
#define T_PARAMS_FORK(f)	KTEST_PARAM(f, tkinds, .flags = KT_FORK)

#define TDOM_OR_FAIL(t, param)						\
	do {								\
		t = tdom_create(param);					\
		if (!t)							\
			return false;					\
	} while (0)

/* the test tables of each file */
extern const struct ktest map_tests[], unmap_tests[], sg_tests[];
extern const size_t nr_map_tests, nr_unmap_tests, nr_sg_tests;

#endif
