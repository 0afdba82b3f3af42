/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: block requests (include/linux/blk-mq.h). struct request
 * has the fields blk-mq-dma.c and the request model read, under the
 * kernel's names and types; requests are built by the model (tests/blk/),
 * as blk_mq_bio_to_request() and the merge code fill them.
 */
#ifndef BLK_MQ_H
#define BLK_MQ_H

#include <linux/blkdev.h>
#include <linux/dma-mapping.h>

typedef __u32 __bitwise req_flags_t;

/* the one flag the mapping path reads; the bit is ours */
#define RQF_SPECIAL_PAYLOAD	((__force req_flags_t)(1 << 0))

struct request {
	struct request_queue *q;

	blk_opf_t cmd_flags;		/* op and common flags */
	req_flags_t rq_flags;

	/* the following two fields are internal, NEVER access directly */
	unsigned int __data_len;	/* total data len */
	sector_t __sector;		/* sector cursor */

	struct bio *bio;
	struct bio *biotail;

	unsigned short nr_phys_segments;
	unsigned short nr_integrity_segments;

	unsigned char phys_gap_bit;

	struct bio_vec special_vec;
};

/*
 * DUPLICATED from include/linux/blk-mq.h: the gap mask the IOVA decision
 * reads. Returns a mask with all bits starting at req->phys_gap_bit set to 1.
 */
static inline unsigned long req_phys_gap_mask(const struct request *req)
{
	return ~(((1 << req->phys_gap_bit) >> 1) - 1);
}

static inline enum req_op req_op(const struct request *req)
{
	return req->cmd_flags & REQ_OP_MASK;
}

#define rq_dma_dir(rq) \
	(op_is_write(req_op(rq)) ? DMA_TO_DEVICE : DMA_FROM_DEVICE)

static inline unsigned int blk_rq_bytes(const struct request *rq)
{
	return rq->__data_len;
}

static inline unsigned int blk_rq_sectors(const struct request *rq)
{
	return blk_rq_bytes(rq) >> SECTOR_SHIFT;
}

/* DUPLICATED from include/linux/blk-mq.h: the length the IOVA is sized by */
static inline unsigned int blk_rq_payload_bytes(struct request *rq)
{
	if (rq->rq_flags & RQF_SPECIAL_PAYLOAD)
		return rq->special_vec.bv_len;
	return blk_rq_bytes(rq);
}

static inline unsigned short blk_rq_nr_phys_segments(struct request *rq)
{
	if (rq->rq_flags & RQF_SPECIAL_PAYLOAD)
		return 1;
	return rq->nr_phys_segments;
}

/* block/blk-mq-dma.c: the scatterlist mapping of a request (the old path) */
int __blk_rq_map_sg(struct request *rq, struct scatterlist *sglist,
		    struct scatterlist **last_sg);
static inline int blk_rq_map_sg(struct request *rq, struct scatterlist *sglist)
{
	struct scatterlist *last_sg = NULL;

	return __blk_rq_map_sg(rq, sglist, &last_sg);
}

#endif
