/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the block layer's basic types (include/linux/blk_types.h),
 * as far as block/blk-mq-dma.c and the request model (tests/blk/) use
 * them. struct bio carries only the fields the mapping path and the
 * segment model read; the status codes and op numbers are the kernel's
 * (the suites print them).
 */
#ifndef _LINUX_BLK_TYPES_H
#define _LINUX_BLK_TYPES_H

#include <linux/types.h>
#include <linux/bvec.h>

typedef u8 __bitwise blk_status_t;
#define BLK_STS_OK		0
#define BLK_STS_NOTSUPP		((__force blk_status_t)1)
#define BLK_STS_NOSPC		((__force blk_status_t)3)
#define BLK_STS_TARGET		((__force blk_status_t)5)
#define BLK_STS_RESOURCE	((__force blk_status_t)9)
#define BLK_STS_IOERR		((__force blk_status_t)10)
#define BLK_STS_AGAIN		((__force blk_status_t)12)
#define BLK_STS_INVAL		((__force blk_status_t)19)

typedef __u32 __bitwise blk_opf_t;

#define REQ_OP_BITS	8
#define REQ_OP_MASK	(__force blk_opf_t)((1 << REQ_OP_BITS) - 1)

enum req_op {
	REQ_OP_READ		= (__force blk_opf_t)0,
	REQ_OP_WRITE		= (__force blk_opf_t)1,
};

/* the one flag the mapping path reads; the bit is ours */
#define REQ_INTEGRITY	(__force blk_opf_t)(1ULL << REQ_OP_BITS)

static inline bool op_is_write(blk_opf_t op)
{
	return !!(op & (__force blk_opf_t)1);
}

struct bio_integrity_payload;

struct bio {
	struct bio		*bi_next;	/* request queue link */
	blk_opf_t		bi_opf;		/* op and flags */
	struct bvec_iter	bi_iter;
	/* lowest set bit of the gaps between its bvecs (bio_split_io_at) */
	u8			bi_bvec_gap_bit;
	struct bio_integrity_payload *bi_integrity;
	unsigned short		bi_vcnt;	/* how many bio_vec's */
	struct bio_vec		*bi_io_vec;	/* the actual vec list */
};

#endif
