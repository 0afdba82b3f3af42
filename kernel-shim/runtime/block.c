// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab shim: what block/blk-mq-dma.c needs of the rest of the block
 * layer at run time. errno_to_blk_status() maps an errno to a status as
 * block/blk-core.c's blk_errors[] table does (its numbers are the
 * BLK_STS_* values; anything else is BLK_STS_IOERR).
 */
#include <linux/errno.h>
#include <linux/blkdev.h>

blk_status_t errno_to_blk_status(int errno)
{
	static const struct { int errno; blk_status_t sts; } map[] = {
		{ 0, BLK_STS_OK },
		{ -EOPNOTSUPP, BLK_STS_NOTSUPP },
		{ -ENOSPC, BLK_STS_NOSPC },
		{ -EREMOTEIO, BLK_STS_TARGET },
		{ -ENOMEM, BLK_STS_RESOURCE },
		{ -EAGAIN, BLK_STS_AGAIN },
		{ -EINVAL, BLK_STS_INVAL },
		{ -EIO, BLK_STS_IOERR },
	};
	unsigned int i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].errno == errno)
			return map[i].sts;
	return BLK_STS_IOERR;
}
