/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gpu suite: the system-page mapping of a GPU SVM migration as
 * drivers/gpu/drm/drm_pagemap.c does it: its two functions, extracted from
 * the tree and compiled on their own (fuzz/drm_pagemap_repro.c; why not
 * the whole file: docs/gpu.md), over the compiled dma_iova_* API and
 * dma_map_page(), on the device profiles; checked by the GPU migration
 * oracle (oracle/gpu_check.h) and the ground-truth checker.
 *
 * env.c: profiles, arrays as migrate_vma fills them, the migration driver;
 * sparse.c: the protocol on arrays migrate_vma gives; contract.c: what the
 * code does with arrays migrate_vma never gives; fail.c: allocation
 * failures; main.c: the table.
 */
#ifndef _DMALAB_TESTS_GPU_H
#define _DMALAB_TESTS_GPU_H

#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/migrate.h>
#include <dmalab/iommu.h>

#include "tests/devenv.h"
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "fuzz/drm_pagemap_repro.h"
#include "oracle/checker.h"
#include "oracle/gpu_check.h"

/* test buffers: from 1 GiB above the 32-bit boundary (PMD aligned) */
#define BUF_PFN		((DMALAB_DMA32_END + SZ_1G) >> PAGE_SHIFT)
#define MAX_ENTRIES	4096
#define MAX_FOLIOS	64
#define PMD_ORDER	9	/* HPAGE_PMD_ORDER on x86-64 with 4 KiB pages */

/*
 * A check that does not end the test (KT_EXPECT returns at once): the
 * tests that build a mapping by hand still unmap it and tear down.
 */
#define GPU_CHECK(ok, cond)						\
	do {								\
		if (!(cond)) {						\
			kt_report(__FILE__, __LINE__, "expected %s", #cond); \
			(ok) = false;					\
		}							\
	} while (0)

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool untrusted;
	bool coherent;
	u64 dma_mask;			/* 0: 64 bits */
};

extern const struct kt_params gpu_profile_params;
extern const struct profile gpu_x86_64_strict;

struct env {
	const struct profile *p;
	struct test_dev td;		/* the device, its domain, the checker */
	/* the migrate_pfn array and what the map gave each entry */
	unsigned long mpfn[MAX_ENTRIES];
	struct drm_pagemap_addr addr[MAX_ENTRIES];
	unsigned long n;
	unsigned long folios[MAX_FOLIOS];	/* head pfns made, to undo */
	unsigned int nr_folios;
};

bool env_init(struct env *e, const struct profile *p);
bool env_fini(struct env *e);

/* append count holes; a folio of order at buffer pfn rel (its head, then holes) */
void add_holes(struct env *e, unsigned long count);
void add_folio(struct env *e, unsigned long rel, unsigned int order);
/* the physical address of buffer pfn rel */
static inline phys_addr_t buf_phys(unsigned long rel)
{
	return PFN_PHYS(BUF_PFN + rel);
}

/*
 * One migration's mapping as drm_pagemap_migrate_sys_to_dev() (dir
 * DMA_TO_DEVICE) or the RAM side of the eviction (DMA_FROM_DEVICE) does
 * it: map, the oracle, unmap, the oracle. *ret is what the map returned;
 * st (if not NULL) gets the state after the map. KT_FAIL with the oracle's
 * line.
 */
bool migrate(struct env *e, enum dma_data_direction dir, int *ret,
	     struct drm_pagemap_iova_state *st);
/* the same in two steps, for tests that look at the mapping in between */
bool migrate_map(struct env *e, enum dma_data_direction dir, struct gpu_check *gc,
		 struct drm_pagemap_iova_state *st, int *ret);
bool migrate_unmap(struct env *e, enum dma_data_direction dir, struct gpu_check *gc,
		   struct drm_pagemap_iova_state *st);

/* sparse.c, contract.c, fail.c */
bool test_holes_use_no_iova(const void *param, const void *arg);
bool test_pmd_folio_at_array_end(const void *param, const void *arg);
bool test_each_entry_translates(const void *param, const void *arg);
bool test_random_arrays(const void *param, const void *arg);
bool test_only_holes(const void *param, const void *arg);
bool test_link_failure_midway(void);
bool test_direct_pmd_folio_bounced(void);
bool test_tail_page_entry(void);
bool test_pmd_folio_past_array_end(void);
bool test_device_private_page(void);
bool test_fail_nth_to_devmem(const void *param, const void *arg);
bool test_fail_nth_to_ram(const void *param, const void *arg);

#endif
