// SPDX-License-Identifier: GPL-2.0-only
/*
 * The block layer model (blk_model.h): requests built as blk-merge.c and
 * blk-mq.c build them, and the segments their mapping must give.
 *
 * Mirrored by reading (7.3 block/): blk_validate_limits() (blk-settings.c),
 * bio_split_io_at(), bvec_split_segs(), bvec_seg_gap(), bio_will_gap(),
 * ll_back_merge_fn(), ll_new_hw_segment(), bio_seg_gap() (blk-merge.c),
 * blk_mq_bio_to_request()/blk_rq_bio_prep() (blk-mq.c, blk.h),
 * blk_rq_count_integrity_sg(), blk_integrity_merge_bio() (blk-integrity.c),
 * integrity_req_gap_back_merge(), bvec_gap_to_prev() (blk.h).
 * The helpers below are written afresh from those rules: none of them is
 * the kernel's text.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <strings.h>

#include <linux/mm.h>

#include "oracle/blk_model.h"

#define MODEL_MAX_SEGMENT_SIZE	65536U		/* BLK_MAX_SEGMENT_SIZE */
#define MODEL_SEG_BOUNDARY	0xffffffffUL	/* BLK_SEG_BOUNDARY_MASK */
#define MODEL_MIN_SEGMENT_SIZE	4096U		/* BLK_MIN_SEGMENT_SIZE */
#define MODEL_MAX_SEGMENTS	128U		/* BLK_MAX_SEGMENTS */

int blk_model_limits_validate(struct queue_limits *lim)
{
	unsigned long fast;

	if (!lim->logical_block_size)
		lim->logical_block_size = SECTOR_SIZE;
	if (!lim->max_segments)
		lim->max_segments = MODEL_MAX_SEGMENTS;
	if (!lim->max_hw_sectors)
		lim->max_hw_sectors = 255;	/* BLK_SAFE_MAX_SECTORS */
	if (!lim->max_sectors)
		lim->max_sectors = lim->max_hw_sectors;
	if (!lim->seg_boundary_mask)
		lim->seg_boundary_mask = MODEL_SEG_BOUNDARY;
	if (lim->seg_boundary_mask < MODEL_MIN_SEGMENT_SIZE - 1)
		return -EINVAL;
	if (lim->virt_boundary_mask) {
		if (!lim->max_segment_size)
			lim->max_segment_size = UINT_MAX;
	} else {
		if (!lim->max_segment_size)
			lim->max_segment_size = MODEL_MAX_SEGMENT_SIZE;
		if (lim->max_segment_size < MODEL_MIN_SEGMENT_SIZE)
			return -EINVAL;
	}
	fast = lim->seg_boundary_mask > lim->max_segment_size - 1UL ?
	       lim->max_segment_size : lim->seg_boundary_mask + 1;
	lim->max_fast_segment_size = fast < PAGE_SIZE ? fast : PAGE_SIZE;
	if (!lim->dma_alignment)
		lim->dma_alignment = SECTOR_SIZE - 1;
	if (lim->dma_alignment > PAGE_SIZE)
		return -EINVAL;
	if (lim->integrity.metadata_size && !lim->integrity.interval_exp)
		lim->integrity.interval_exp = 9;
	return 0;
}

/* ---- small rules -------------------------------------------------------- */

/* bytes from phys to the end of its boundary window, capped by max_segment_size */
static unsigned long seg_room(const struct queue_limits *lim, phys_addr_t phys)
{
	unsigned long to_end = lim->seg_boundary_mask - (phys & lim->seg_boundary_mask);

	return (to_end < lim->max_segment_size - 1UL ? to_end :
		lim->max_segment_size - 1UL) + 1;
}

static phys_addr_t vec_phys(const struct bio_vec *bv)
{
	return page_to_phys(bv->bv_page) + bv->bv_offset;
}

/* a virt-boundary gap between prev and a bvec at offset off? */
static bool virt_gap(const struct queue_limits *lim, const struct bio_vec *prev,
		     unsigned int off)
{
	unsigned long vb = lim->virt_boundary_mask;

	return vb && ((off & vb) || ((prev->bv_offset + prev->bv_len) & vb));
}

/* a virt-boundary gap between two integrity vecs of one payload? */
static bool integrity_has_virt_gap(const struct queue_limits *lim,
				   const struct bio_integrity_payload *bip)
{
	unsigned int i;

	for (i = 1; i < bip->bip_vcnt; i++)
		if (virt_gap(lim, &bip->bip_vec[i - 1], bip->bip_vec[i].bv_offset))
			return true;
	return false;
}

/* the bits where a transfer would jump between two bvecs */
static unsigned int seg_gap(const struct bio_vec *prev, const struct bio_vec *bv)
{
	return bv->bv_offset | (prev->bv_offset + prev->bv_len);
}

/* one contiguous physical segment, same pgmap, one boundary window */
static bool phys_joinable(const struct queue_limits *lim, const struct bio_vec *a,
			  const struct bio_vec *b)
{
	phys_addr_t pa = vec_phys(a), pb = vec_phys(b);
	unsigned long m = lim->seg_boundary_mask;

	return pa + a->bv_len == pb &&
	       page_pgmap(a->bv_page) == page_pgmap(b->bv_page) &&
	       (pa | m) == ((pb + b->bv_len - 1) | m);
}

/* the bio_vec for a model vec (bio_add_page/bio_add_folio) */
static struct bio_vec to_bvec(const struct blk_model_vec *v)
{
	phys_addr_t base = v->phys & ~((phys_addr_t)(PAGE_SIZE << v->folio_order) - 1);

	return (struct bio_vec){ .bv_page = phys_to_page(base), .bv_len = v->len,
				 .bv_offset = v->phys - base };
}

/*
 * bio_split_io_at() on an unsplit bio: its segment count and gap bit, or
 * -EINVAL where the kernel would split (or refuse) it.
 */
static int bio_segs(const struct queue_limits *lim, const struct bio *bio,
		    unsigned int *nsegs, u8 *gap_bit)
{
	unsigned int segs = 0, bytes = 0, gaps = 0, i;
	unsigned int max_bytes = lim->max_sectors << SECTOR_SHIFT;

	for (i = 0; i < bio->bi_vcnt; i++) {
		const struct bio_vec *bv = &bio->bi_io_vec[i];

		if ((bv->bv_offset & lim->dma_alignment) ||
		    (bv->bv_len & (lim->logical_block_size - 1)))
			return -EINVAL;
		if (i) {
			if (virt_gap(lim, bv - 1, bv->bv_offset))
				return -EINVAL;
			gaps |= seg_gap(bv - 1, bv);
		}
		if (segs < lim->max_segments && bytes + bv->bv_len <= max_bytes &&
		    bv->bv_offset + bv->bv_len <= lim->max_fast_segment_size) {
			segs++;
			bytes += bv->bv_len;
			continue;
		}
		/* bvec_split_segs(): a segment per piece, stopping at a virt boundary */
		{
			unsigned int len = bv->bv_len, done = 0;

			if (bytes + len > max_bytes)
				return -EINVAL;
			while (len && segs < lim->max_segments) {
				unsigned long room = seg_room(lim, vec_phys(bv) + done);
				unsigned int piece = room < len ? room : len;

				segs++;
				done += piece;
				len -= piece;
				if ((bv->bv_offset + done) & lim->virt_boundary_mask)
					break;
			}
			bytes += done;
			if (len)
				return -EINVAL;
		}
	}
	*nsegs = segs;
	*gap_bit = ffs(gaps);
	return 0;
}

/* blk_rq_count_integrity_sg() of one bio's payload */
static unsigned int integrity_segs(const struct queue_limits *lim,
				   const struct bio_integrity_payload *bip)
{
	unsigned int segs = 0, size = 0, i;

	for (i = 0; i < bip->bip_vcnt; i++) {
		const struct bio_vec *iv = &bip->bip_vec[i];

		if (i && phys_joinable(lim, iv - 1, iv) &&
		    size + iv->bv_len <= lim->max_segment_size) {
			size += iv->bv_len;
			continue;
		}
		segs++;
		size = iv->bv_len;
	}
	return segs;
}

/* ---- building ------------------------------------------------------------ */

void blk_model_rq_init(struct blk_model_rq *m, struct request_queue *q, bool write,
		       bool integrity)
{
	memset(m, 0, sizeof(*m));
	m->rq.q = q;
	m->rq.cmd_flags = (write ? REQ_OP_WRITE : REQ_OP_READ) |
			  (integrity ? REQ_INTEGRITY : 0);
}

static void bio_free(struct bio *bio)
{
	if (!bio)
		return;
	if (bio->bi_integrity)
		free(bio->bi_integrity->bip_vec);
	free(bio->bi_integrity);
	free(bio->bi_io_vec);
	free(bio);
}

void blk_model_rq_free(struct blk_model_rq *m)
{
	struct bio *bio = m->rq.bio, *next;

	for (; bio; bio = next) {
		next = bio->bi_next;
		bio_free(bio);
	}
	m->rq.bio = m->rq.biotail = NULL;
}

static struct bio *bio_make(const struct blk_model_rq *m, const struct blk_model_vec *v,
			    unsigned int n, const struct blk_model_vec *iv, unsigned int ni)
{
	struct bio *bio = calloc(1, sizeof(*bio));
	unsigned int i;

	if (!bio || !n)
		goto fail;
	bio->bi_opf = m->rq.cmd_flags;
	bio->bi_io_vec = calloc(n, sizeof(*bio->bi_io_vec));
	if (!bio->bi_io_vec)
		goto fail;
	for (i = 0; i < n; i++) {
		bio->bi_io_vec[i] = to_bvec(&v[i]);
		bio->bi_iter.bi_size += v[i].len;
	}
	bio->bi_vcnt = n;
	bio->bi_iter.bi_sector = m->rq.__sector + (blk_rq_bytes(&m->rq) >> SECTOR_SHIFT);
	if (m->rq.cmd_flags & REQ_INTEGRITY) {
		struct bio_integrity_payload *bip = calloc(1, sizeof(*bip));

		bio->bi_integrity = bip;
		if (!bip || !ni)
			goto fail;
		bip->bip_vec = calloc(ni, sizeof(*bip->bip_vec));
		if (!bip->bip_vec)
			goto fail;
		for (i = 0; i < ni; i++) {
			bip->bip_vec[i] = to_bvec(&iv[i]);
			bip->bip_iter.bi_size += iv[i].len;
		}
		bip->bip_vcnt = bip->bip_max_vcnt = ni;
	}
	return bio;
fail:
	bio_free(bio);
	return NULL;
}

static unsigned int bio_integrity_len(const struct queue_limits *lim, const struct bio *bio)
{
	struct blk_integrity bi = lim->integrity;

	return bio_integrity_bytes(&bi, bio->bi_iter.bi_size >> SECTOR_SHIFT);
}

/* the last bvec of a bio, whole (the builder's bios are never advanced) */
static const struct bio_vec *last_bvec(const struct bio *bio)
{
	return &bio->bi_io_vec[bio->bi_vcnt - 1];
}

int blk_model_rq_add_bio(struct blk_model_rq *m, const struct blk_model_vec *v,
			 unsigned int n, const struct blk_model_vec *iv, unsigned int ni)
{
	struct request *rq = &m->rq;
	const struct queue_limits *lim = &rq->q->limits;
	bool integrity = rq->cmd_flags & REQ_INTEGRITY;
	unsigned int nsegs, isegs = 0;
	struct bio *bio;
	u8 gap_bit;

	bio = bio_make(m, v, n, iv, ni);
	if (!bio)
		return -EINVAL;
	if (bio_segs(lim, bio, &nsegs, &gap_bit) ||
	    (integrity && (!lim->integrity.metadata_size ||
			   bio->bi_integrity->bip_iter.bi_size != bio_integrity_len(lim, bio) ||
			   (bio->bi_iter.bi_size & ((1U << lim->integrity.interval_exp) - 1))))) {
		bio_free(bio);
		return -EINVAL;
	}
	/*
	 * bio_integrity_add_page() refuses a vec that would leave a
	 * virt-boundary gap to the one before it (bvec_gap_to_prev()): no
	 * integrity payload of one bio has such a gap.
	 */
	if (integrity && integrity_has_virt_gap(lim, bio->bi_integrity)) {
		bio_free(bio);
		return -EINVAL;
	}
	bio->bi_bvec_gap_bit = gap_bit;
	if (integrity)
		isegs = integrity_segs(lim, bio->bi_integrity);

	if (!rq->bio) {
		/* blk_mq_bio_to_request(), blk_rq_bio_prep() */
		if (integrity && isegs > lim->max_integrity_segments)
			goto nomerge;
		rq->bio = rq->biotail = bio;
		rq->nr_phys_segments = nsegs;
		rq->nr_integrity_segments = isegs;
		rq->phys_gap_bit = gap_bit;
		rq->__data_len = bio->bi_iter.bi_size;
		rq->__sector = bio->bi_iter.bi_sector;
		m->nr_bios = 1;
		return 0;
	}

	/* ll_back_merge_fn(): bio_will_gap() with the request's first bvec */
	if (lim->virt_boundary_mask) {
		const struct bio_vec *first = &rq->bio->bi_io_vec[0];
		const struct bio_vec *pb = last_bvec(rq->biotail), *nb = &bio->bi_io_vec[0];

		if (first->bv_offset & lim->virt_boundary_mask)
			goto nomerge;
		if (!phys_joinable(lim, pb, nb) && virt_gap(lim, pb, nb->bv_offset))
			goto nomerge;
	}
	/* integrity_req_gap_back_merge() compares with the request's FIRST bip */
	if (integrity) {
		const struct bio_integrity_payload *bip = rq->bio->bi_integrity;

		if (virt_gap(lim, &bip->bip_vec[bip->bip_vcnt - 1],
			     bio->bi_integrity->bip_vec[0].bv_offset))
			goto nomerge;
	}
	if (((blk_rq_bytes(rq) + bio->bi_iter.bi_size) >> SECTOR_SHIFT) > lim->max_sectors)
		goto nomerge;
	/* ll_new_hw_segment(), blk_integrity_merge_bio() */
	if (integrity && rq->nr_integrity_segments + isegs > lim->max_integrity_segments)
		goto nomerge;
	if (rq->nr_phys_segments + nsegs > lim->max_segments)
		goto nomerge;
	rq->nr_phys_segments += nsegs;
	rq->nr_integrity_segments += isegs;
	/* bio_seg_gap(): min_not_zero of the gap bits, the join counts if not contiguous */
	{
		u8 g = rq->phys_gap_bit;
		const struct bio_vec *pb = last_bvec(rq->biotail), *nb = &bio->bi_io_vec[0];

		if (rq->biotail->bi_bvec_gap_bit && (!g || rq->biotail->bi_bvec_gap_bit < g))
			g = rq->biotail->bi_bvec_gap_bit;
		if (gap_bit && (!g || gap_bit < g))
			g = gap_bit;
		if (!phys_joinable(lim, pb, nb)) {
			u8 j = ffs(seg_gap(pb, nb));

			if (j && (!g || j < g))
				g = j;
		}
		rq->phys_gap_bit = g;
	}
	rq->biotail->bi_next = bio;
	rq->biotail = bio;
	rq->__data_len += bio->bi_iter.bi_size;
	m->nr_bios++;
	return 0;
nomerge:
	bio_free(bio);
	return -EAGAIN;
}

/* ---- what the mapping must give ------------------------------------------- */

/* the vecs of one bio's payload */
static const struct bio_vec *payload_vecs(const struct bio *bio, bool integrity,
					  unsigned int *n)
{
	if (integrity) {
		*n = bio->bi_integrity->bip_vcnt;
		return bio->bi_integrity->bip_vec;
	}
	*n = bio->bi_vcnt;
	return bio->bi_io_vec;
}

u8 blk_model_gap_bit(const struct request *rq, bool integrity)
{
	const struct queue_limits *lim = &rq->q->limits;
	const struct bio_vec *prev = NULL;
	unsigned int gaps = 0, n, i;
	const struct bio *bio;

	for (bio = rq->bio; bio; bio = bio->bi_next) {
		const struct bio_vec *bv = payload_vecs(bio, integrity, &n);

		for (i = 0; i < n; i++) {
			/* within a bio every join counts; between bios a contiguous one does not */
			if (prev && (i || !phys_joinable(lim, prev, &bv[i])))
				gaps |= seg_gap(prev, &bv[i]);
			prev = &bv[i];
		}
	}
	return ffs(gaps);
}

unsigned long blk_model_gap_mask(u8 gap_bit)
{
	return gap_bit ? ~((1UL << (gap_bit - 1)) - 1) : 0;
}

size_t blk_model_payload_bytes(const struct request *rq, bool integrity)
{
	const struct bio *bio;
	size_t total = 0;
	unsigned int n, i;

	for (bio = rq->bio; bio; bio = bio->bi_next) {
		const struct bio_vec *bv = payload_vecs(bio, integrity, &n);

		for (i = 0; i < n; i++)
			total += bv[i].bv_len;
	}
	return total;
}

int blk_model_segments(const struct request *rq, bool integrity,
		       struct blk_model_seg *out, unsigned int max)
{
	const struct queue_limits *lim = &rq->q->limits;
	struct bio_vec cur = { 0 };	/* the open segment, as a bvec */
	unsigned long room = 0;		/* its limit, from its start */
	bool open = false, whole = false;
	unsigned int nr = 0, n, i;
	const struct bio *bio;

	for (bio = rq->bio; bio; bio = bio->bi_next) {
		const struct bio_vec *bv = payload_vecs(bio, integrity, &n);

		for (i = 0; i < n; i++) {
			unsigned int done = 0;

			/* a whole bvec joins the open segment if it may */
			if (open && whole && cur.bv_len + bv[i].bv_len <= room &&
			    phys_joinable(lim, &cur, &bv[i])) {
				cur.bv_len += bv[i].bv_len;
				continue;
			}
			while (done < bv[i].bv_len) {
				phys_addr_t p = vec_phys(&bv[i]) + done;
				unsigned int left = bv[i].bv_len - done;

				if (open) {
					if (nr == max)
						return -1;
					out[nr++] = (struct blk_model_seg){ vec_phys(&cur), cur.bv_len };
				}
				room = seg_room(lim, p);
				cur = (struct bio_vec){ .bv_page = bv[i].bv_page,
							.bv_offset = bv[i].bv_offset + done,
							.bv_len = room < left ? room : left };
				done += cur.bv_len;
				open = true;
			}
			/* only a segment that ended with its bvec takes in the next */
			whole = true;
		}
	}
	if (open) {
		if (nr == max)
			return -1;
		out[nr++] = (struct blk_model_seg){ vec_phys(&cur), cur.bv_len };
	}
	return nr;
}
