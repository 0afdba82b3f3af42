/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab-bench: what the benchmark files share. See bench/README.md for
 * the names, the counters and what each path times.
 */
#ifndef DMALAB_BENCH_H
#define DMALAB_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>
#include <dmalab/machine.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "gbench.h"

/* ---- the run ---- */

enum bench_set {
	SET_HEADLINE = 1 << 0,	/* the figures run with repetitions */
	SET_REST = 1 << 1,	/* everything else of the mode */
	SET_ALL = SET_HEADLINE | SET_REST,
};

struct bench_opts {
	bool full;		/* FULL=1: every size up to 4 GiB, every combination */
	unsigned int sets;	/* enum bench_set */
	unsigned int nr_cpus;	/* modelled CPUs (>= the most threads used) */
};
extern struct bench_opts bench_opts;

/* Does this (set, full-only) benchmark belong in this run? */
static inline bool bench_wanted(enum bench_set set, bool full_only)
{
	return (bench_opts.sets & set) && (!full_only || bench_opts.full);
}

void bench_register_map(void);
void bench_register_iova(void);
void bench_register_shim(void);
void bench_register_callers(void);
/* net/core/tso.c's helpers, from bench_register_callers() (bench/tso.c) */
void bench_register_tso(void);
/* drm_pagemap's migration mapping (reproduced), from bench_register_callers() (bench/gpu.c) */
void bench_register_gpu(void);
/* drivers/infiniband/core/rw.c's R/W contexts, from bench_register_callers() (bench/rdma.c) */
void bench_register_rdma(void);

/* Fail the benchmark if the kernel WARNed since *mark; true if it did. */
bool bench_check_warn(gb_state *st, unsigned long *mark);

/* ---- workloads: range lists (workload.c) ---- */

enum wl_kind {
	WL_4K,		/* scattered 4 KiB pages (every other page frame) */
	WL_2M,		/* scattered 2 MiB folios */
	WL_1G,		/* scattered 1 GiB folios (order 18) */
	WL_MIX,		/* folios of orders 0-4 and 9, seeded, scattered */
	WL_UNALIGNED,	/* 4k, but starting 0x200 into the first page, ending mid-page */
	WL_SPARSE,	/* runs of 1-16 contiguous pages with holes of 1-16 pages */
	WL_P2P,		/* 64 KiB chunks of a GPU's P2P BAR, every other one (p2p.c) */
	WL_NR,
};
#define WL_NR_HOST	WL_P2P	/* the kinds in host memory: WL_4K .. WL_SPARSE */

/* The P2P BAR of the benchmark's PCI topology (p2p.c): ZONE_DEVICE pages */
#define P2P_BAR_BASE	DMALAB_MMIO_START
#define P2P_BAR_SIZE	(8ULL << 30)

extern const char *const wl_names[WL_NR];

struct workload {
	enum wl_kind kind;
	size_t size;			/* bytes mapped */
	/* the input of the phys_vec paths: one range per contiguous piece */
	struct phys_vec *ranges;	/* host memory */
	unsigned long nr;
	/* the input of the sg path: every page, the offset into the first */
	struct page **pages;		/* host memory */
	unsigned long nr_pages;
	unsigned int offset;
	unsigned long folios;		/* folios made (order > 0) */
};

/* The workload of that kind and size (cached: the last one built). */
const struct workload *workload_get(enum wl_kind kind, size_t size);

/* ---- paths (paths.c) ---- */

enum path_kind {
	PATH_SG,	/* sg_alloc_table_from_pages_segment + dma_map_sgtable */
	PATH_IOVA,	/* dma_iova_try_alloc + dma_iova_link per range + dma_iova_sync */
	PATH_PHYS,	/* dma_map_phys per range */
	PATH_NR,
};

/* Which device of the P2P topology maps the GPU's BAR (WL_P2P only) */
enum p2p_client {
	P2P_NONE,	/* not P2P: the bench device */
	P2P_HB,		/* "-p2p": nvme on another root port, through the host
			 * bridge (THRU_HOST_BRIDGE): its IOMMU maps the BAR */
	P2P_BUS,	/* "-p2pbus": nic below the GPU's switch (BUS_ADDR): bus
			 * addresses, no IOMMU */
};

/* Where and how: a path on a device in one IOMMU mode. */
struct bench_cfg {
	enum path_kind path;
	bool direct;		/* the device is behind no IOMMU */
	bool fq;		/* flush-queue (lazy) domain, else strict */
	bool cold;		/* a fresh domain and device for each batch */
	enum p2p_client p2p;	/* a client of the P2P topology (with fq: nvmefq) */
};

/* A device and its domain (NULL: direct) */
struct bench_dev {
	struct device *dev;
	struct dmalab_domain *dom;
};

/* The warm device of c's mode (p2p: its client), created once and kept. */
struct bench_dev *bench_dev_get(const struct bench_cfg *c);
/* A fresh device and domain of c's mode; bench_dev_destroy() it. */
int bench_dev_create(struct bench_dev *bd, const struct bench_cfg *c);
void bench_dev_destroy(struct bench_dev *bd);

/* (p2p.c) The P2P topology's client, built on the first call and kept. */
struct bench_dev *bench_p2p_dev(enum p2p_client client, bool fq);
/* Where a fresh device beside that client goes: function 1 of its device. */
void bench_p2p_place(enum p2p_client client, bool fq, struct dmalab_pci_place *place);
/* The GPU BAR's P2P provider (the p2p workload's memory) */
struct p2pdma_provider *bench_p2p_provider(void);

/* One live mapping of a workload by a path, and the caller's descriptors. */
struct mapping {
	struct sg_table sgt;		/* sg */
	struct dma_iova_state state;	/* iova */
	dma_addr_t *dma;		/* phys, p2pbus: the address of each range */
	size_t mapped;
	unsigned long nr;		/* phys, p2pbus: ranges mapped */
	bool bus_addr;			/* P2P bus addresses: nothing to unmap or redo */
	bool live;
};

/*
 * Descriptors the caller keeps (allocated outside the timed region):
 * per slot for phys and iova-p2pbus (the dma_addr_t array), and the
 * phys_vec array of the workload for iova/phys, charged with kvmalloc's rules.
 */
int mapping_prepare(const struct bench_cfg *c, const struct workload *w, struct mapping *m);
void mapping_release(struct mapping *m);
/* The timed operations. 0 or -errno; a failed map leaves nothing mapped. */
int path_map(const struct bench_cfg *c, struct device *dev, const struct workload *w,
	     struct mapping *m);
void path_unmap(const struct bench_cfg *c, struct device *dev, const struct workload *w,
		struct mapping *m);
/*
 * path_map() for the untimed re-map of unmap benchmarks: the same end
 * state, but the sg path copies the entries of tmpl (a table built by
 * sg_alloc_table_from_pages_segment() once) instead of walking every page.
 */
int path_remap(const struct bench_cfg *c, struct device *dev, const struct workload *w,
	       struct mapping *m, const struct sg_table *tmpl);

/*
 * kvmalloc as the kernel does it: kmalloc when the page allocator can
 * serve it (<= MAX_PAGE_ORDER), else vmalloc's whole pages. The shim's
 * kvmalloc is kmalloc, so the vmalloc case is host memory charged here.
 */
void *bench_kvmalloc(size_t size, size_t *charged);
void bench_kvfree(void *p, size_t size);

/* What one map of the path costs in memory, measured outside timing. */
struct probe {
	double desc_bytes;	/* descriptors the caller keeps per mapping */
	double pt_bytes;	/* IOMMU page-table pages the mapping added x 4 KiB */
	double ptes_map;	/* page-table entries made present by the map */
	double ptes_unmap;	/* entries cleared by the unmap */
	double entries;		/* sg: scatterlist entries (orig_nents); else ranges */
	double map_ns, unmap_ns;	/* one untimed-by-GB run of each, to size batches */
};
int probe_mapping(const struct bench_cfg *c, const struct workload *w, struct probe *p);

double now_ns(void);

#endif
