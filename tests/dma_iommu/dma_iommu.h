/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The dma-iommu suite's shared parts: profiles, the environment of one
 * case (a domain and a device registered with the checker), buffers, and
 * the cases of each file (sg.c, phys.c, iova.c, devices.c, windows.c; main.c runs
 * them over every profile).
 */
#ifndef _DMALAB_TESTS_DMA_IOMMU_H
#define _DMALAB_TESTS_DMA_IOMMU_H

#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/iommu.h>
#include <linux/slab.h>
#include <dmalab/iommu.h>
#include <dmalab/machine.h>

#include "tests/ktest.h"
#include "oracle/checker.h"

/* test buffers: above the shim's allocator, from 1 GiB above the 32-bit boundary */
#define BUF_PFN		max_t(unsigned long, DMALAB_KMEM_END_PFN, PHYS_PFN(DMALAB_DMA32_END + SZ_1G))
#define MMIO_PHYS	(DMALAB_HB_WINDOW_START + SZ_1M)	/* a BAR in the default PCI window */
#define P		PAGE_SIZE
#define MAX_ENTS	1100

extern const enum dma_data_direction all_dirs[3];

struct profile {
	const char *name;
	bool iommu;
	enum dmalab_pt_format format;
	enum dmalab_domain_kind kind;
	bool coherent;
	bool untrusted;
	u64 dma_mask;			/* 0: 64 bits */
	bool page_granule;		/* IOMMU pages of PAGE_SIZE and up only */
};

/* the profiles every case runs over (env.c) */
extern const struct profile profiles[];
extern const unsigned int nr_profiles;

/* ==== cases and the environment of one test =============================== */

struct env;

struct dcase {
	const char *name;
	bool (*fn)(struct env *e, const struct dcase *c);
	const void *arg;
	unsigned int need;
	u64 dma_mask;			/* device overrides, 0: profile/default */
	unsigned int max_seg;
	unsigned long boundary;
	bool min_align;			/* untrusted: min_align_mask = granule - 1 */
	const char *known_bug;		/* the kernel fails it on ... */
	unsigned int bug_on;		/* ... these profiles (0: all) */
	bool bug_any_granule;		/* ... at any IOMMU granule (else 4K only) */
};

#define NEED_IOMMU	BIT(0)
#define NEED_NONCOH	BIT(1)

#define ON_UNTRUSTED	BIT(0)		/* IOMMU, untrusted */
#define ON_TRUSTED	BIT(1)		/* IOMMU, trusted */

struct env {
	const struct profile *p;
	struct checker *ck;
	struct dmalab_domain *d;
	struct device *dev;
	unsigned long g;		/* IOMMU granule, or PAGE_SIZE */
};

#define VERIFY(e)	KT_EXPECT(check_verify((e)->ck))

/* env.c */
bool env_init(struct env *e, const struct profile *p, const struct dcase *c);
bool env_fini(struct env *e);
unsigned long syncs_now(void);
unsigned char pat(unsigned int seed, u64 x);
phys_addr_t buf_phys(unsigned long rel, unsigned long off);
void fill_ranges(const struct check_range *r, unsigned int n, unsigned int seed);
bool check_ranges(const struct check_range *r, unsigned int n, unsigned int seed,
		  unsigned int wseed, bool written);
bool dev_write(struct env *e, dma_addr_t dma, size_t len, size_t stream_off,
	       unsigned int wseed);
bool dev_reads(struct env *e, dma_addr_t dma, phys_addr_t phys, size_t len);
unsigned int table_max_segment(struct device *dev);

/* A physical range: page frame relative to BUF_PFN, offset, length. */
struct prange {
	unsigned long rel;
	unsigned int off;
	size_t len;
};

/* A run of page frames relative to BUF_PFN. */
struct run {
	unsigned long rel;
	unsigned int nr;
};

/*
 * An sg table: pages (runs) for sg_alloc_table_from_pages_segment(), or
 * entries one by one (ents, as a driver builds one from bio_vecs).
 */
struct sg_layout {
	struct run runs[4];
	unsigned int offset;		/* into the first page */
	unsigned int tail;		/* bytes left out of the last page */
	unsigned int folio_order;	/* > 0: runs[0] is a folio of that order */
	const struct prange *ents;
	/*
	 * > 0: the DMA segments a trusted IOMMU domain makes of it
	 * (iommu_dma_map_sg() concatenates an entry that starts on an IOVA
	 * granule with the previous one, short of a segment boundary and of
	 * max_seg)
	 */
	unsigned int iommu_segs;
	/* ... with IOMMU granules up to this (entries must end on one to merge) */
	unsigned long iommu_segs_granule;
};

/* One dma_iova_link(): a range relative to BUF_PFN; lists end with len 0. */
struct link {
	unsigned long rel;
	unsigned int off;
	size_t len;
};

#define CASE(fn)	bool fn(struct env *e, const struct dcase *c)
/* sg.c */
CASE(case_sg);
CASE(case_sg_length_overflow);
bool sg_round(struct env *e, const struct sg_layout *l, enum dma_data_direction dir,
	      unsigned long attrs);
extern const struct sg_layout sg_aligned, sg_unaligned, sg_tiny, sg_folio,
	sg_folio_unaligned, sg_crossing, sg_bvecs, sg_seg, sg_fit, sg_fit_bigseg, sg_one_byte,
	sg_offset_page;
/* phys.c */
CASE(case_phys);
CASE(case_prot);
extern const struct prange phys_aligned[], phys_unaligned[];
/* iova.c */
unsigned int links_count(const struct link *l, size_t *total);
bool link_all(struct env *e, struct dma_iova_state *st, struct check_map *m,
	      const struct link *l, unsigned int n, enum dma_data_direction dir,
	      unsigned long attrs);
void links_ranges(const struct link *l, struct check_range *r, unsigned int n);
CASE(case_iova);
CASE(case_iova_partial);
CASE(case_iova_fail_nth);
CASE(case_iova_require_coherent);
CASE(case_iova_unaligned_later);
CASE(case_iova_free_whole);
CASE(case_iova_sync_range);
extern const struct link links_aligned[], links_unaligned[];
extern const struct link links_head_middle_tail[], links_within_granule[];
/* devices.c */
CASE(case_two_devices);
CASE(case_mmio);
CASE(case_skip_sync);
CASE(case_exhaust);
CASE(case_flush);
CASE(case_flush_timeout);
CASE(case_low_iova_first);
CASE(case_bounce_exhaust);
CASE(case_merge_boundary);
CASE(case_page_and_coherent);
CASE(case_flush_queue_rounds);
CASE(case_single_flush_queue);
/* windows.c */
CASE(case_dma_ranges);
CASE(case_dma_ranges_to_top);
CASE(case_dma_range_map);
CASE(case_hw_msi_doorbell);
/* swiotlb.c */
CASE(case_swiotlb_page_align);
CASE(case_swiotlb_min_align);
CASE(case_swiotlb_cpu_area);
CASE(case_swiotlb_fill_slots);
CASE(case_swiotlb_fill_sets);
CASE(case_swiotlb_last_odd_slot);
CASE(case_swiotlb_granule_fill);
CASE(case_swiotlb_unmap_copy);
CASE(case_swiotlb_unreachable);

#endif
