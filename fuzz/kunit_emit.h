/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A KUnit reproducer from a scatterlist program: what the scatterlist
 * target's sg_append calls did, as a KUnit test case in the kernel's style
 * that asserts the table the kernel-doc promises (oracle/sg_model.h's
 * expected entries, recorded before each call), for a maintainer to drop
 * into lib/tests/. dmalab-replay --kunit writes it.
 *
 * Only programs of range, clear, sg_append, sg_free and sg_nents ops can be
 * expressed: a KUnit test runs without dmalab's IOMMU domains, PCI trees or
 * failure injection, so the DMA, IOVA, P2P, block, dma-buf, RDMA, TSO and
 * GPU findings cannot, nor fail_nth.
 */
#ifndef _DMALAB_KUNIT_EMIT_H
#define _DMALAB_KUNIT_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "fuzz/prog.h"
#include "oracle/sg_model.h"

/* Start recording for p; false (why in *why) if p cannot be expressed. */
bool kunit_emit_start(const struct prog *p, const char **why);
bool kunit_emit_active(void);
/* A call about to be made, and the table it must leave (the model's). */
void kunit_emit_append(const unsigned long *pfn, unsigned int n, unsigned int offset,
		       unsigned long size, unsigned int max_segment, unsigned int left,
		       const struct sg_model *expect);
void kunit_emit_free(void);
/* Write the test; false (why in *why) if the calls cannot be expressed. */
bool kunit_emit_write(FILE *f, const char *name, const char *source, const char **why);

#endif
