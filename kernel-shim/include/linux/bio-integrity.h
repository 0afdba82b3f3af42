/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: a bio's integrity payload (include/linux/bio-integrity.h).
 */
#ifndef _LINUX_BIO_INTEGRITY_H
#define _LINUX_BIO_INTEGRITY_H

#include <linux/bio.h>

/*
 * DUPLICATED from include/linux/bio-integrity.h: blk-mq-dma.c walks
 * bip_iter over bip_vec (scripts/check-duplicated.sh compares it).
 */
struct bio_integrity_payload {
	struct bvec_iter	bip_iter;

	unsigned short		bip_vcnt;	/* # of integrity bio_vecs */
	unsigned short		bip_max_vcnt;	/* integrity bio_vec slots */
	unsigned short		bip_flags;	/* control flags */
	u16			app_tag;	/* application tag value */

	struct bio_vec		*bip_vec;
};

/* DUPLICATED from include/linux/bio-integrity.h (CONFIG_BLK_DEV_INTEGRITY) */
static inline struct bio_integrity_payload *bio_integrity(struct bio *bio)
{
	if (bio->bi_opf & REQ_INTEGRITY)
		return bio->bi_integrity;

	return NULL;
}

#endif
