/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The caller suites' device (tests/blk, rdma, tso, gpu): one device behind
 * a domain of its own, or none, registered with a fresh checker whose
 * reports go to the case's KTAP lines; and its teardown, with the checker's
 * teardown check.
 */
#ifndef _DMALAB_TESTS_DEVENV_H
#define _DMALAB_TESTS_DEVENV_H

#include <stdbool.h>

#include <dmalab/iommu.h>
#include <dmalab/pci.h>

#include "oracle/checker.h"

struct test_dev {
	struct checker *ck;
	struct dmalab_domain *d;	/* NULL: mapped directly */
	struct device *dev;
};

/*
 * dc NULL: no IOMMU. adjust (optional) may change the device's cfg once
 * the domain exists (blk's min_align_mask). KT_FAILs when a piece cannot
 * be made.
 */
bool test_dev_init(struct test_dev *td, const struct dmalab_domain_cfg *dc,
		   struct dmalab_device_cfg *cfg,
		   void (*adjust)(struct dmalab_device_cfg *cfg, struct dmalab_domain *d));
/* Remove and destroy the device and domain; the checker's teardown. */
bool test_dev_fini(struct test_dev *td);

#endif
