/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the migrate_pfn encoding of include/linux/migrate.h, the
 * arrays migrate_vma_setup() fills and its callers (drm_pagemap, HMM) map.
 * DUPLICATED (checked by scripts/check-duplicated.sh); migrate_vma itself
 * and page migration are not modelled: nothing else is declared.
 */
#ifndef _DMALAB_LINUX_MIGRATE_H
#define _DMALAB_LINUX_MIGRATE_H

#include <linux/mm.h>

#define MIGRATE_PFN_VALID	(1UL << 0)
#define MIGRATE_PFN_MIGRATE	(1UL << 1)
#define MIGRATE_PFN_WRITE	(1UL << 3)
#define MIGRATE_PFN_COMPOUND	(1UL << 4)
#define MIGRATE_PFN_SHIFT	6

static inline struct page *migrate_pfn_to_page(unsigned long mpfn)
{
	if (!(mpfn & MIGRATE_PFN_VALID))
		return NULL;
	return pfn_to_page(mpfn >> MIGRATE_PFN_SHIFT);
}

static inline unsigned long migrate_pfn(unsigned long pfn)
{
	return (pfn << MIGRATE_PFN_SHIFT) | MIGRATE_PFN_VALID;
}

#endif
