/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: bios (include/linux/bio.h): the iteration helpers the
 * request model uses. Bios are built by tests/blk/, never allocated by
 * kernel code here.
 */
#ifndef __LINUX_BIO_H
#define __LINUX_BIO_H

#include <linux/blk_types.h>

#define for_each_bio(_bio)		\
	for (; _bio; _bio = _bio->bi_next)

static inline enum req_op bio_op(const struct bio *bio)
{
	return bio->bi_opf & REQ_OP_MASK;
}

static inline bool bio_has_data(struct bio *bio)
{
	return bio && bio->bi_iter.bi_size;
}

#endif
