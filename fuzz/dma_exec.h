/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA program executor (fuzz/dma_exec.c): the ops of the DMA API
 * targets, each checked by the ground-truth checker. A target's descriptor
 * points its op and teardown here and its setup to dma_exec_setup().
 */
#ifndef _DMALAB_DMA_EXEC_H
#define _DMALAB_DMA_EXEC_H

#include <linux/types.h>

#include "fuzz/target.h"

/* misuse: the API contracts off (dma-misuse); the checker then only counts */
bool dma_exec_setup(struct fuzz_run *r, bool misuse);
void dma_exec_op(struct fuzz_run *r, const struct prog_op *op);
void dma_exec_teardown(struct fuzz_run *r);
/*
 * The pattern the executor gives bytes the kernel may bounce: each byte a
 * function of its physical address and the seed (fuzz/dma_fill.c). C
 * reproducers (fuzz/c_emit.h) call it as the run did.
 */
void dma_pattern_fill(phys_addr_t a, size_t len, u64 seed);

#endif
