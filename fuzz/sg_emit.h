/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scatterlist target's C reproducer (fuzz/c_emit.h): its set-up and
 * the text of its calls and checks, kept out of fuzz/targets/scatterlist.c.
 * Only called while recording (c_emit_on).
 */
#ifndef _DMALAB_SG_EMIT_H
#define _DMALAB_SG_EMIT_H

#include <linux/types.h>

struct scatterlist;
struct sg_model_seg;

/* the file-scope names of the reproducer: page list, tables, models, check */
void sg_emit_setup(unsigned long base_pfn, unsigned int max_pages, unsigned int walk_max);
/* a range op: pages first..first + nr - 1 of the buffer, npages in the list now */
void sg_emit_range(unsigned long first, unsigned long nr, unsigned int npages);
/* sg_alloc_table_from_pages_segment() of the page list, returning ret */
void sg_emit_build(unsigned int n, unsigned long offset, unsigned long size,
		   unsigned long max, int ret);
/* sg_alloc_append_table_from_pages() of the page list, returning ret */
void sg_emit_append(unsigned int n, unsigned long offset, unsigned long size,
		    unsigned long max, unsigned int left, int ret, bool first);
/*
 * A known bug seen in an append: entry idx of the table (got) is not the
 * one the kernel-doc promises (want, NULL: none); id names the bug.
 */
void sg_emit_known_bug(const char *id, unsigned int idx, struct scatterlist *got,
		       const struct sg_model_seg *want, unsigned long base_pfn);

#endif
