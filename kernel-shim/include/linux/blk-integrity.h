/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the integrity side of requests (include/linux/blk-integrity.h):
 * the mapping functions block/blk-mq-dma.c defines, and the helpers it
 * and the request model use (CONFIG_BLK_DEV_INTEGRITY).
 */
#ifndef _LINUX_BLK_INTEGRITY_H
#define _LINUX_BLK_INTEGRITY_H

#include <linux/blk-mq.h>
#include <linux/bio-integrity.h>
#include <linux/blk-mq-dma.h>

struct scatterlist;

int blk_rq_map_integrity_sg(struct request *, struct scatterlist *);
bool blk_rq_integrity_dma_map_iter_start(struct request *req,
		struct device *dma_dev,  struct dma_iova_state *state,
		struct blk_dma_iter *iter);
bool blk_rq_integrity_dma_map_iter_next(struct request *req,
		struct device *dma_dev, struct blk_dma_iter *iter);

static inline unsigned short
queue_max_integrity_segments(const struct request_queue *q)
{
	return q->limits.max_integrity_segments;
}

/* DUPLICATED from include/linux/blk-integrity.h */
static inline unsigned int bio_integrity_intervals(struct blk_integrity *bi,
						   unsigned int sectors)
{
	return sectors >> (bi->interval_exp - 9);
}

/* DUPLICATED from include/linux/blk-integrity.h */
static inline unsigned int bio_integrity_bytes(struct blk_integrity *bi,
					       unsigned int sectors)
{
	return bio_integrity_intervals(bi, sectors) * bi->metadata_size;
}

static inline bool blk_integrity_rq(const struct request *rq)
{
	return rq->cmd_flags & REQ_INTEGRITY;
}

#endif
