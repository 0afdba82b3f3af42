/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The block layer model: requests built as the block layer builds them,
 * and the segments block/blk-mq-dma.c must hand a driver for them.
 *
 * blk-merge.c is not compiled (it is the whole submission path); this is
 * its rules, written from the code and its comments, for what the mapping
 * code reads of a request:
 *  - queue limits completed as blk_validate_limits() (blk-settings.c)
 *    completes them: default seg_boundary_mask 4G - 1, max_segment_size
 *    64K (UINT_MAX with a virt boundary), max_fast_segment_size, default
 *    dma_alignment 511;
 *  - a bio's segment count and gap bit as bio_split_io_at() computes them
 *    (a bio it would split or refuse is refused here: -EINVAL): each bvec's
 *    offset against dma_alignment and length against the logical block
 *    size, a virt-boundary gap to the previous bvec, the fast path (one
 *    segment when the bvec fits max_fast_segment_size) or bvec_split_segs()
 *    (a segment per get_max_segment_size() piece, ending a bvec's count at
 *    a virt boundary), and bi_bvec_gap_bit = ffs(OR of bvec_seg_gap())
 *    over consecutive bvecs, whether or not they are contiguous;
 *  - the request from its first bio as blk_mq_bio_to_request() and
 *    blk_rq_bio_prep() set it (nr_phys_segments, phys_gap_bit, __data_len,
 *    nr_integrity_segments = blk_rq_count_integrity_sg());
 *  - a back merge as bio_attempt_back_merge()/ll_back_merge_fn() allow it:
 *    no virt-boundary gap (bio_will_gap(), integrity_req_gap_back_merge()),
 *    max_sectors, the segment limits (ll_new_hw_segment(),
 *    blk_integrity_merge_bio()), then phys_gap_bit = bio_seg_gap(): the
 *    gap between the two bios counts only if they are not physically
 *    mergeable (biovec_phys_mergeable()).
 * Not modelled (the builder never makes such requests): splitting,
 * front merges, request-to-request merges, discard/write-zeroes,
 * inline encryption, atomic writes, zone append.
 *
 * The segments the mapping must produce (blk_model_segments()) follow
 * the kernel-doc of blk_rq_dma_map_iter_start() and the block layer's
 * segment rules: the payload's bytes in order, cut where a segment would
 * pass max_segment_size or cross seg_boundary_mask, and joined across
 * bvec ends when the two are physically contiguous, share a pgmap, stay
 * inside one boundary window and fit max_segment_size together.
 *
 * Memory: the C library's, never kmalloc (it must not perturb slab counts
 * or failure injection).
 */
#ifndef _DMALAB_BLK_MODEL_H
#define _DMALAB_BLK_MODEL_H

#include <linux/types.h>
#include <linux/blk-integrity.h>

/* a physical range of a bio: one bio_vec */
struct blk_model_vec {
	phys_addr_t phys;
	u32 len;
	/*
	 * log2 of the pages of the folio holding it (0: a page): the bvec
	 * then names the folio's head page with an offset into the folio,
	 * as bio_add_folio() makes it.
	 */
	u8 folio_order;
};

/*
 * Complete a driver's limits as blk_validate_limits() does. Returns 0, or
 * -EINVAL where the kernel WARNs and refuses them.
 */
int blk_model_limits_validate(struct queue_limits *lim);

/* A request being built: owns its bios, bvecs and integrity payloads. */
struct blk_model_rq {
	struct request rq;
	unsigned int nr_bios;
};

/* An empty request of queue q (read or write; with integrity or not). */
void blk_model_rq_init(struct blk_model_rq *m, struct request_queue *q, bool write,
		       bool integrity);
/*
 * Add a bio of data vecs v[0..n) (and, with integrity, metadata vecs
 * iv[0..ni), which must hold bio_integrity_bytes() of the bio's sectors):
 * the first bio makes the request, the next are back merges. Returns 0;
 * -EINVAL if the bio is not one the block layer would submit unsplit;
 * -EAGAIN if it would not merge it into this request. Nothing changes on
 * failure.
 */
int blk_model_rq_add_bio(struct blk_model_rq *m, const struct blk_model_vec *v,
			 unsigned int n, const struct blk_model_vec *iv, unsigned int ni);
void blk_model_rq_free(struct blk_model_rq *m);

/* bi_bvec_gap_bit-style: ffs of the OR of the gaps of one payload. */
u8 blk_model_gap_bit(const struct request *rq, bool integrity);
/* req_phys_gap_mask() of that gap bit. */
unsigned long blk_model_gap_mask(u8 gap_bit);

/* The payload's byte count: blk_rq_payload_bytes() or the integrity bytes. */
size_t blk_model_payload_bytes(const struct request *rq, bool integrity);

/* One segment the driver must get: physical range, its page for the pgmap. */
struct blk_model_seg {
	phys_addr_t phys;
	u32 len;
};

/*
 * The segments of the payload, in order (above), into out[0..max).
 * Returns their number, or -1 if there are more than max.
 */
int blk_model_segments(const struct request *rq, bool integrity,
		       struct blk_model_seg *out, unsigned int max);

#endif
