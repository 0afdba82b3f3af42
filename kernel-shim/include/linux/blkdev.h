/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: request queues and their limits (include/linux/blkdev.h).
 * struct queue_limits holds the limits blk-mq-dma.c and the segment model
 * (oracle/blk_model.h) read, under the kernel's names; the queue is only
 * its limits. errno_to_blk_status() is block/blk-core.c's table, ours.
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/blk_types.h>
#include <linux/bio.h>

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1 << SECTOR_SHIFT)

enum blk_integrity_checksum {
	BLK_INTEGRITY_CSUM_NONE		= 0,
	BLK_INTEGRITY_CSUM_IP		= 1,
	BLK_INTEGRITY_CSUM_CRC		= 2,
	BLK_INTEGRITY_CSUM_CRC64	= 3,
} __packed ;

/* DUPLICATED from include/linux/blkdev.h: bio_integrity_bytes() reads it */
struct blk_integrity {
	unsigned char				flags;
	enum blk_integrity_checksum		csum_type;
	unsigned char				metadata_size;
	unsigned char				pi_offset;
	unsigned char				interval_exp;
	unsigned char				tag_size;
	unsigned char				pi_tuple_size;
};

struct queue_limits {
	unsigned int		max_hw_sectors;
	unsigned int		max_sectors;
	unsigned int		max_segment_size;
	unsigned int		max_fast_segment_size;
	unsigned int		logical_block_size;
	unsigned long		seg_boundary_mask;
	unsigned long		virt_boundary_mask;
	unsigned short		max_segments;
	unsigned short		max_integrity_segments;
	unsigned int		dma_alignment;
	struct blk_integrity	integrity;
};

struct request_queue {
	struct queue_limits	limits;
};

static inline unsigned long queue_segment_boundary(const struct request_queue *q)
{
	return q->limits.seg_boundary_mask;
}

static inline unsigned long queue_virt_boundary(const struct request_queue *q)
{
	return q->limits.virt_boundary_mask;
}

blk_status_t errno_to_blk_status(int errno);

#endif
