/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --map-benchmark (mapbench.c): the kernel's dma_map_benchmark statistics
 * on dmalab's device. bench/README.md says how the figures relate.
 */
#ifndef DMALAB_BENCH_MAPBENCH_H
#define DMALAB_BENCH_MAPBENCH_H

#include <stdbool.h>

enum mb_mode {
	MB_SINGLE,	/* the kernel's DMA_MAP_BENCH_SINGLE_MODE */
	MB_SG,		/* DMA_MAP_BENCH_SG_MODE */
	MB_IOVA,	/* dma_iova_*: no mode of the kernel tool */
	MB_PHYS,	/* dma_map_phys per page: no mode of the kernel tool */
	MB_NR,
};

struct mb_opts {
	unsigned int modes;		/* bit (1 << enum mb_mode) */
	unsigned int granule;		/* pages (single) or one-page entries */
	unsigned int threads;
	unsigned int seconds;
	unsigned int dma_trans_ns;
	bool fq, direct;
};

/* Run the modes; 0, 1 if one failed, 2 on a bad option. */
int map_benchmark_main(const struct mb_opts *o);

#endif
