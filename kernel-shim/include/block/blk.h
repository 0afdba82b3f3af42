/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: block/blk.h, the block layer's private header, for
 * block/blk-mq-dma.c. blk-mq-dma.c includes "blk.h" by quotes, which
 * finds the tree's file next to it (cgroups, crypto, xen, part_stat...),
 * past the search path: the build force-includes this file for block/
 * objects instead (mk/build.mk), and its guard makes the tree's a no-op.
 * It has the two helpers blk-mq-dma.c uses, as the tree has them.
 */
#ifndef BLK_INTERNAL_H
#define BLK_INTERNAL_H

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/blkdev.h>

/* no Xen: xen_domain() is false, as on bare metal */
#define xen_domain()	0
static inline bool xen_biovec_phys_mergeable(const struct bio_vec *vec1,
					     const struct page *page)
{
	BUG();	/* unreachable without Xen: loud if it ever is */
}

/* DUPLICATED from block/blk.h */
static inline bool biovec_phys_mergeable(struct request_queue *q,
		struct bio_vec *vec1, struct bio_vec *vec2)
{
	unsigned long mask = queue_segment_boundary(q);
	phys_addr_t addr1 = bvec_phys(vec1);
	phys_addr_t addr2 = bvec_phys(vec2);

	/*
	 * Merging adjacent physical pages may not work correctly under KMSAN
	 * if their metadata pages aren't adjacent. Just disable merging.
	 */
	if (IS_ENABLED(CONFIG_KMSAN))
		return false;

	if (addr1 + vec1->bv_len != addr2)
		return false;
	if (!zone_device_pages_have_same_pgmap(vec1->bv_page, vec2->bv_page))
		return false;
	if (xen_domain() && !xen_biovec_phys_mergeable(vec1, vec2->bv_page))
		return false;
	if ((addr1 | mask) != ((addr2 + vec2->bv_len - 1) | mask))
		return false;
	return true;
}

/* DUPLICATED from block/blk.h */
static inline unsigned get_max_segment_size(const struct queue_limits *lim,
		phys_addr_t paddr, unsigned int len)
{
	/*
	 * Prevent an overflow if mask = ULONG_MAX and offset = 0 by adding 1
	 * after having calculated the minimum.
	 */
	return min_t(unsigned long, len,
		min(lim->seg_boundary_mask - (lim->seg_boundary_mask & paddr),
		    (unsigned long)lim->max_segment_size - 1) + 1);
}

#endif
