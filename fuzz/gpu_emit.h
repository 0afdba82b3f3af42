/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The gpu-sparse target's C reproducer (fuzz/c_emit.h): its device set-up,
 * the migrate_pfn array, the two drm_pagemap calls and the GPU oracle's
 * checks, as text; kept out of fuzz/targets/gpu_sparse.c. Only called
 * while recording (c_emit_on).
 */
#ifndef _DMALAB_GPU_EMIT_H
#define _DMALAB_GPU_EMIT_H

#include <linux/types.h>
#include <linux/dma-direction.h>

struct fz_device;
struct prog;

/* the device and domain fz_device_setup() made from p's config, and the checker */
void gpu_emit_setup(struct fz_device *fd, const struct prog *p, const char *name,
		    unsigned int max_entries);
void gpu_emit_make_folio(unsigned long pfn, unsigned int order);
void gpu_emit_clear_folio(unsigned long pfn);
/* count holes, or a folio of order at pfn, appended to the array (n entries now) */
void gpu_emit_holes(unsigned long count, unsigned long n);
void gpu_emit_folio(unsigned long pfn, unsigned int order, unsigned long n);
void gpu_emit_clear(void);
/* the map call of n entries for dir, which returned ret, and the oracle's check */
void gpu_emit_map(unsigned long n, enum dma_data_direction dir, int ret);
/* what the run made of a failed map: why is the comment, bug the known bug (or NULL) */
void gpu_emit_map_failed(int ret, const char *why, const char *bug);
/* the unmap call and the oracle's check after it */
void gpu_emit_unmap(unsigned long n, enum dma_data_direction dir);

#endif
