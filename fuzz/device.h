/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One device behind the domain a program's config asks for (its format,
 * strict / flush-queue / identity / none, coherence, mask, min_align,
 * trust), registered with a fresh checker: what the caller targets (blk,
 * rdma) set up before their own ops, and tear down after them.
 */
#ifndef DMALAB_FUZZ_DEVICE_H
#define DMALAB_FUZZ_DEVICE_H

#include <stdbool.h>

#include "fuzz/prog.h"
#include "oracle/checker.h"

struct fuzz_run;

struct fz_device {
	struct checker *ck;
	struct dmalab_domain *d;	/* NULL: mapped directly */
	struct device *dev;
	bool iommu;			/* a paging domain */
	bool untrusted;
	unsigned long granule;		/* the IOMMU's smallest page, or PAGE_SIZE */
	bool emitted;			/* its set-up was written as C (teardown too) */
};

/*
 * Set fd up from p's config; name names the device. The min_align_mask is
 * kept at or below the granule (dma-iommu WARNs above it: no such device).
 * false if the domain or device cannot be made.
 */
bool fz_device_setup(struct fz_device *fd, const struct prog *p, const char *name,
		     check_report_fn report);
/*
 * While a C reproducer is recorded (fuzz/c_emit.h): write the set-up
 * fz_device_setup() made (after it succeeded) as C, with d, dev and ck
 * as the reproducer's variables; fz_device_teardown() then writes its
 * own. A target calls it once its ops are expressible.
 */
void fz_device_emit_setup(struct fz_device *fd, const struct prog *p, const char *name);
/* Remove and destroy it; the checker's teardown check unless the run failed or WARNed. */
void fz_device_teardown(struct fz_device *fd, struct fuzz_run *r);

/*
 * The bytes a range op names (arg: pfn, order, offset, len) from base_pfn:
 * in the folio of 2^order pages at or after base_pfn + pfn, naturally
 * aligned, from offset (modulo the folio), len bytes (0: to the folio's
 * end), at most 64 KiB, never past the folio. The caller targets' common
 * range op.
 */
void fz_range(const uint64_t *arg, unsigned long base_pfn, phys_addr_t *phys, u32 *len);

#endif
