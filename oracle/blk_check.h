/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The block mapping oracle: what a driver got from blk_rq_dma_map_iter_*
 * (block/blk-mq-dma.c) for one payload of a request (data or integrity),
 * against the block layer model (blk_model.h), the queue limits, the
 * device and the kernel-doc:
 *  - the segments carry the payload's bytes, in order, and nothing else:
 *    their lengths add up to the payload; each DMA segment reaches the
 *    physical bytes of its place in the payload (registered with the
 *    checker, so check_verify() walks the device's page table for it);
 *  - the IOVA path (dma_use_iova()) only when the payload's own gaps allow
 *    it, !(gap mask & dma_get_merge_boundary()) (blk_can_dma_map_iova()'s
 *    comment: segments must be aligned to the IOMMU's coalescing granule),
 *    and then one segment: the state's address, the whole payload, each
 *    model segment linked at its offset;
 *  - otherwise the model's segments one for one: none longer than
 *    max_segment_size or across seg_boundary_mask (physically and as the
 *    device sees it), no more than nr_phys_segments (data) or
 *    nr_integrity_segments and max_integrity_segments (integrity), and a
 *    virt boundary kept where the device's translation can keep it (a
 *    granule, or PAGE_SIZE directly, larger than it, and a
 *    min_align_mask that keeps its bits when bouncing): every segment but
 *    the first starts on it and every one but the last ends on it;
 *  - P2P bus addresses (PCI_P2PDMA_MAP_BUS_ADDR): bus(phys) per segment,
 *    through the caller's translation, nothing registered as mapped;
 *    through the host bridge: mapped as MMIO.
 * Messages name the payload and the segment.
 */
#ifndef _DMALAB_BLK_CHECK_H
#define _DMALAB_BLK_CHECK_H

#include <linux/types.h>
#include <linux/blk-integrity.h>

#include "oracle/checker.h"
#include "oracle/blk_model.h"

struct blk_check_seg {
	dma_addr_t addr;
	u32 len;
};

/* The bus address of a P2P physical address, false if it has none. */
typedef bool (*blk_check_bus_fn)(void *priv, phys_addr_t phys, u64 *bus);

/*
 * Check one payload's mapping and record it with the checker: segs[0..n)
 * as the iterator gave them, state and map as it left them. Returns the
 * checker's mapping (check_unmap() it after the unmap; NULL for bus
 * addresses) in *out; false with one line in msg on the first broken rule.
 */
bool blk_check_mapping(struct checker *ck, struct device *dev, const struct request *rq,
		       bool integrity, const struct dma_iova_state *state,
		       enum pci_p2pdma_map_type map, const struct blk_check_seg *segs,
		       unsigned int n, blk_check_bus_fn bus, void *bus_priv,
		       struct check_map **out, char *msg, size_t len);

/* What driving one payload gave. */
struct blk_check_result {
	bool mapped;			/* the iterator mapped it all (and it was checked) */
	blk_status_t status;		/* why it stopped early, if it did */
	bool iova;			/* coalesced into one IOVA range */
	unsigned int nr_segs;
	enum pci_p2pdma_map_type map;
};

/*
 * Drive one payload of rq as drivers/nvme/host/pci.c does (the usage in
 * blk-mq-dma.c's kernel-doc and include/linux/blk-mq-dma.h): start; one
 * range if blk_rq_dma_map_coalesce(), else next until false; on false
 * with a status, unmap the segments mapped so far; otherwise check the
 * mapping (blk_check_mapping(), check_verify()), then complete it:
 * blk_rq_dma_unmap() and, if it says so, dma_unmap_phys() of every
 * segment; then check_verify() again. An iterator that stops early is no
 * failure here (res->mapped false, res->status): the caller knows whether
 * it may. False with one line in msg when a check failed.
 *
 * While a C reproducer is recorded (fuzz/c_emit.h), each call is written
 * too, with what it returned, on the reproducer's request req (a struct
 * blk_model_rq), device dev and checker ck (fuzz/targets/blk.c names them).
 */
bool blk_check_drive(struct checker *ck, struct device *dev, struct request *rq,
		     bool integrity, blk_check_bus_fn bus, void *bus_priv,
		     struct blk_check_result *res, char *msg, size_t len);

/*
 * Would blk-mq-dma.c's IOVA path, as the kernel decides to take it (the
 * request's data gap mask, for either payload), link a segment after the
 * first that starts, or follows one that ends, off the IOMMU's merge
 * boundary? dma_iova_link() refuses that (a WARN and -EIO, or an
 * unaligned IOMMU map): the known bugs
 * blk-integrity-iova-data-gaps (*why = 1: the payload's own gaps forbid
 * the path) and blk-iova-max-segment-split (*why = 2: its gaps allow it,
 * but a segment cut at max_segment_size starts off the granule).
 */
bool blk_check_iova_link_off_granule(struct device *dev, const struct request *rq,
				     bool integrity, int *why);

/*
 * A C reproducer: the variables the calls above are written with (state,
 * iter, segs, bm, why) and blk_checked(), which prints why on a failure.
 */
void blk_check_emit_decls(void);

/*
 * The same with the IOVA state filled with fill before the start
 * (blk_check_drive(): 0xa5, the kernel-doc says it need not be
 * initialised; 0: a caller that zeroes it).
 */
bool blk_check_drive_state(struct checker *ck, struct device *dev, struct request *rq,
			   bool integrity, blk_check_bus_fn bus, void *bus_priv, int fill,
			   struct blk_check_result *res, char *msg, size_t len);

/* May the IOVA path be used for this payload (the model's gap mask)? */
bool blk_check_iova_allowed(struct device *dev, const struct request *rq, bool integrity);

#endif
