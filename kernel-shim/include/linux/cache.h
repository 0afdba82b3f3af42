/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: x86-64 cache geometry. */
#ifndef _DMALAB_LINUX_CACHE_H
#define _DMALAB_LINUX_CACHE_H

#define L1_CACHE_SHIFT		6
#define L1_CACHE_BYTES		(1 << L1_CACHE_SHIFT)
#define SMP_CACHE_BYTES		L1_CACHE_BYTES
#define ARCH_DMA_MINALIGN	8
#define ____cacheline_aligned	__attribute__((__aligned__(SMP_CACHE_BYTES)))
#define ____cacheline_aligned_in_smp ____cacheline_aligned
#define __cacheline_aligned	____cacheline_aligned
#define __cacheline_aligned_in_smp ____cacheline_aligned

static inline unsigned int cache_line_size(void)
{
	return L1_CACHE_BYTES;
}


#endif
