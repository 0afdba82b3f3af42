/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The checker's private state and helpers, shared by its files:
 * checker.c (devices and recording), checker_verify.c (V1-V9, teardown),
 * checker_sync.c (cache maintenance, acting as the device),
 * checker_iova_space.c (what the IOVA allocator must hold or have free).
 */
#ifndef _DMALAB_CHECKER_INTERNAL_H
#define _DMALAB_CHECKER_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/iommu.h>
#include <linux/dma-mapping.h>
#include <linux/dma-direct.h>
#include <linux/scatterlist.h>
#include <linux/pci.h>
#include <linux/swiotlb.h>
#include <dmalab/iommu.h>
#include <dmalab/nocov.h>
#include <dmalab/runtime.h>

#include "oracle/checker.h"

#include "oracle/known_bugs.h"

#define MAX_REPORTS	16	/* messages per check call; then a summary */

struct check_piece {
	dma_addr_t dma;
	phys_addr_t phys;
	size_t len;
	bool may_bounce;
	bool has_hash;
	bool cmp_buffer;	/* no hash: V2 compares the copy with the buffer, once */
	bool dev_written;	/* check_dma_write() touched it */
	bool resolved;		/* target below is from a successful V1 */
	bool bounced;
	bool copy_checked;	/* V2 compared the copy once (sampling budget) */
	u64 hash;		/* of the buffer's bytes when recorded */
	phys_addr_t target;	/* what byte 0 reaches: phys, or its bounce copy */
};

struct check_seg {
	dma_addr_t dma;
	size_t len;
};

struct check_dev;

struct check_map {
	struct check_dev *cd;
	struct check_map *prev, *next;
	unsigned long id;
	enum dma_data_direction dir;
	unsigned long attrs;
	struct check_piece *p;		/* sorted by dma, disjoint */
	unsigned int nr, cap;
	struct check_seg *segs;
	unsigned int nr_segs, cap_segs;
	bool has_resv;
	bool resv_probed;		/* its unlinked granules probed once */
	bool segs_checked;		/* V7 of its segments done (they never change) */
	dma_addr_t resv;
	size_t resv_len;
	struct check_seg *pads;		/* segment-boundary padding (known issue) */
	unsigned int nr_pads;
};

struct check_dev {
	struct checker *ck;
	struct device *dev;
	struct dmalab_domain *domain;	/* NULL: mapped directly */
	struct iommu_domain *iommu;	/* paging domain, or NULL */
	unsigned long granule;
	bool untrusted;
	struct check_map *maps;
	unsigned long nr_maps;
	/*
	 * Incremental verification: the domain's changes seen so far, and
	 * those since the last check_verify() as sorted, merged IOVA spans
	 * widened by a granule on each side (dirty_all: anything may have).
	 */
	u64 change_seen;
	struct check_seg *dirty;
	unsigned int nr_dirty, cap_dirty;
	bool dirty_all;
};

/* the checker's scratch buffers, one use at a time each */
enum check_scratch {
	SCRATCH_EXT,		/* extents: V4, V5, V2 overlap */
	SCRATCH_REC,		/* check_syncs(): the records, */
	SCRATCH_EXP,		/* what was expected, */
	SCRATCH_SLACK,		/* with granule slack, */
	SCRATCH_EV,		/* and the events of the count */
	NR_SCRATCH,
};

struct checker {
	check_report_fn report;
	void *priv;
	struct check_dev **devs;
	unsigned int nr_devs, cap_devs;
	unsigned long next_id;
	unsigned int reports;		/* in the current check call */
	unsigned int suppressed;
	unsigned int sample_budget;	/* check_set_sample_budget(), 0: all */
	bool incremental;		/* check_set_incremental() */
	unsigned int turn;		/* unchanged pieces verified again per call */
	unsigned long cursor;		/* where the turn is */
	bool allow_sg_pad;		/* tolerating dma-iommu-sg-padding-mapped */
	bool skip_v9;			/* check_skip_iova_allocator() */
	unsigned long sg_pad_hits;
	/* kept between calls: no malloc/free a call (ASan records a stack for each) */
	void *scratch[NR_SCRATCH];
	size_t scratch_cap[NR_SCRATCH];
	/* baselines for check_teardown() */
	unsigned long swiotlb_used;
	long iommu_pages;
	struct dmalab_slab_stats slab;
};

/* ---- small things ------------------------------------------------------ */

static inline void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "checker: out of memory\n");
		abort();
	}
	return p;
}

/* A buffer of at least n bytes, its contents kept when it grows. */
static inline void *scratch(struct checker *ck, enum check_scratch which, size_t n)
{
	if (n > ck->scratch_cap[which]) {
		size_t cap = n > 2 * ck->scratch_cap[which] ? n : 2 * ck->scratch_cap[which];

		ck->scratch[which] = xrealloc(ck->scratch[which], cap);
		ck->scratch_cap[which] = cap;
	}
	return ck->scratch[which];
}

static inline void begin_call(struct checker *ck)
{
	ck->reports = 0;
	ck->suppressed = 0;
}

static inline void end_call(struct checker *ck)
{
	char msg[96];

	if (!ck->suppressed)
		return;
	snprintf(msg, sizeof(msg), "... and %u more problems", ck->suppressed);
	if (ck->report)
		ck->report(ck->priv, msg);
	else
		printf("    check: %s\n", msg);
}

static inline bool __attribute__((format(printf, 2, 3)))
fail(struct checker *ck, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ck->reports++ >= MAX_REPORTS) {
		ck->suppressed++;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ck->report)
		ck->report(ck->priv, msg);
	else
		printf("    check: %s\n", msg);
	return false;
}

static inline u64 align_dn(u64 x, u64 a)
{
	return x & ~(a - 1);
}

static inline u64 align_up(u64 x, u64 a)
{
	return (x + a - 1) & ~(a - 1);
}

/*
 * A content hash, 8 bytes at a time (FNV-1a's constants, word-wise), in
 * four independent lanes over each 32 bytes (four multiply chains run side
 * by side: bounce copies of MiBs are hashed at map time and compared at
 * verify time). Every step is a bijection of the lane, so one differing
 * word always changes the hash.
 */
static inline DMALAB_BULK u64 fnv1a_bulk(const void *buf, size_t len)
{
	const unsigned char *b = buf;
	u64 h[4] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL,
		     0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL }, w;
	unsigned int i;

	for (; len >= 32; len -= 32, b += 32) {
		for (i = 0; i < 4; i++) {
			memcpy(&w, b + 8 * i, 8);
			h[i] = (h[i] ^ w) * 0x100000001b3ULL;
			h[i] ^= h[i] >> 29;
		}
	}
	for (i = 1; i < 4; i++)
		h[0] = ((h[0] ^ h[i]) * 0x100000001b3ULL) ^ (h[0] >> 29);
	for (; len >= 8; len -= 8, b += 8) {
		memcpy(&w, b, 8);
		h[0] = (h[0] ^ w) * 0x100000001b3ULL;
		h[0] ^= h[0] >> 29;
	}
	while (len--)
		h[0] = (h[0] ^ *b++) * 0x100000001b3ULL;
	return h[0];
}

static inline u64 fnv1a(const void *buf, size_t len)
{
	dmalab_bulk_check(buf, len);
	return fnv1a_bulk(buf, len);
}

static inline const char *dir_name(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_BIDIRECTIONAL:	return "BIDIRECTIONAL";
	case DMA_TO_DEVICE:	return "TO_DEVICE";
	case DMA_FROM_DEVICE:	return "FROM_DEVICE";
	default:		return "NONE";
	}
}

/* RAM of the memory model: not MMIO (BARs, their ZONE_DEVICE pages) */
static inline bool is_ram(phys_addr_t phys, size_t len)
{
	return len && pfn_valid(PHYS_PFN(phys)) && PHYS_PFN(phys + len - 1) < dmalab_ram_end_pfn;
}

/* What the device reaches at DMA address a: 0 if nothing (IOMMU). */
static inline phys_addr_t xlate(const struct check_dev *cd, dma_addr_t a)
{
	if (cd->iommu)
		return iommu_iova_to_phys(cd->iommu, a);
	return dma_to_phys(cd->dev, a);
}

static inline u64 dma_limit(const struct check_dev *cd)
{
	u64 mask = cd->dev->dma_mask ? *cd->dev->dma_mask : 0;
	u64 bus = cd->dev->bus_dma_limit;

	if (!mask)
		return bus;
	if (!bus)
		return mask;
	return mask < bus ? mask : bus;
}

/* dma-iommu's IOVA allocator of cd's domain, or NULL (checker_verify.c) */
struct iova_domain *dma_iovad(const struct check_dev *cd);
/* checker_iova_space.c: what the domain set aside for the device (check_add_device()) */
bool check_reserved_iova(struct check_dev *cd);

static inline struct check_dev *find_dev(struct checker *ck, struct device *dev)
{
	unsigned int i;

	for (i = 0; i < ck->nr_devs; i++)
		if (ck->devs[i]->dev == dev)
			return ck->devs[i];
	return NULL;
}

/* qsort() that accepts an empty array (NULL base) */
static inline void ck_sort(void *base, size_t n, size_t size,
			   int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
