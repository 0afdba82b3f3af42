/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DMA executor's state for one run, shared by its files (dma_exec.c,
 * dma_exec_iova.c, dma_fill.c, dma_diff.c). Not for targets: they use
 * fuzz/dma_exec.h.
 */
#ifndef _DMALAB_DMA_EXEC_INTERNAL_H
#define _DMALAB_DMA_EXEC_INTERNAL_H

#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>

#include "fuzz/dma_exec.h"
#include "oracle/checker.h"

#define BUF_PFN		PHYS_PFN(DMALAB_DMA32_END)	/* buffers from 4 GiB up */
#define MMIO_PHYS	DMALAB_HB_WINDOW_START		/* the default PCI window */
#define MAX_RANGES	64
#define MAX_SLOTS	64
#define MAX_PIECES	64
#define MAX_SG		512	/* sg entries of one table */

struct fz_range {
	phys_addr_t phys;
	size_t len;
	bool mmio;
};

struct phys_map {
	dma_addr_t dma;
	size_t len;
	enum dma_data_direction dir;
	unsigned long attrs;
	struct check_map *m;
	unsigned int cvar;	/* its variables' number in a C reproducer */
};

struct piece {
	size_t off, len;
	bool live;
};

/* Everything one run owns; reset at the start of each run. */
struct run {
	struct checker *ck;
	struct dmalab_domain *d;
	struct device *dev;
	unsigned long granule;
	bool iommu, coherent, untrusted;
	struct fuzz_run *fr;
	bool misuse;			/* the dma-misuse target: contracts off */
	bool dirty;			/* misuse left the IOVA model unreliable */

	struct fz_range ranges[MAX_RANGES];
	unsigned int nr;
	unsigned long folios[MAX_RANGES];	/* head pfns made into folios */
	unsigned int nr_folios;

	struct sg_table sgt;
	bool have_sgt, sg_mapped;
	enum dma_data_direction sg_dir;
	unsigned long sg_attrs;
	struct check_map *sg_m;

	struct phys_map maps[MAX_SLOTS];
	unsigned int nr_maps;
	unsigned int cvars;		/* C reproducer: numbered objects so far */
	unsigned long cbug_hits;	/* C reproducer: known-bug hits asserted */

	struct dma_iova_state st;
	bool have_state, link_closed;
	size_t reserved, linked;
	unsigned int next_range;
	enum dma_data_direction iova_dir;
	unsigned long iova_attrs;
	struct check_map *iova_m;
	struct piece pieces[MAX_PIECES];
	unsigned int nr_pieces;
};

/* dma_exec.c */
void dma_exec_sg_free(struct run *r);
/* verbose: where a mapping of phys landed, and whether it was bounced */
void dma_exec_say_mapping(struct run *r, const char *what, dma_addr_t dma, phys_addr_t phys);
/* an op's attribute bits as DMA_ATTR_* */
unsigned long dma_exec_attrs(uint64_t bits);
/* C reproducers (fuzz/c_emit.h): DMA_ATTR_* as C; "from = ..." */
const char *dma_exec_attrs_name(unsigned long attrs);
void dma_exec_emit_from(void);
/* dma_exec_iova.c: the ops of the two-step IOVA path */
void dma_exec_iova_alloc(struct run *r);
void dma_exec_iova_link(struct run *r, const uint64_t *a);
void dma_exec_iova_sync(struct run *r);
void dma_exec_iova_unlink(struct run *r, const uint64_t *a);
void dma_exec_iova_destroy(struct run *r);
/* dma_fill.c */
void dma_exec_fill(const struct run *r, const struct fz_range *rg, u64 seed, bool need);
void dma_exec_fill_link(const struct run *r, const struct fz_range *rg, u64 seed);
void dma_exec_sg_build(struct run *r);
/* dma_diff.c */
void dma_exec_diff(struct run *r, const uint64_t *a);

#endif
