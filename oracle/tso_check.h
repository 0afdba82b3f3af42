/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TSO mapping oracle: what a driver's xmit path got from
 * net/core/tso.c's tso_dma_map_*() for one GSO skb, against the skb, the
 * device and the kernel-doc in include/net/tso.h and tso.c:
 *  - the payload is the skb's bytes after hdr_len, in order: the linear
 *    part's tail, the frags, then (skb->len counts them) the linear parts
 *    and frags of the frag_list skbs; read from the skb, never from the map;
 *  - tso_dma_map_init() returns 0 or -ENOMEM; after a failure nothing is
 *    mapped ("partial mappings are cleaned up internally"); after a success
 *    the map's documented fields hold the payload's length, the linear
 *    payload's and the skb's frag count;
 *  - walked as a driver segments it (gso_size bytes a segment, the last
 *    shorter; for each, tso_dma_map_count(), then tso_dma_map_next() until
 *    the segment is covered), the chunks cover the payload exactly and in
 *    order; each chunk is non-empty, inside one mapped region, at the DMA
 *    address that region was mapped at plus the offset into it;
 *    mapping_len is the region's length on its first chunk, else 0;
 *    tso_dma_map_count() is the number of chunks next gives for that
 *    segment; count() and next() of 0 bytes give nothing;
 *  - on the IOVA path (dma_use_iova()), only for a device behind a DMA
 *    domain: one contiguous range, each segment one chunk at the state's
 *    address plus the payload offset, mapping_len 0; the reservation and
 *    every region linked at its payload offset are recorded with the
 *    checker, which walks the page table (or swiotlb) for every byte;
 *  - on the fallback path every region is one dma_map_phys() mapping,
 *    recorded with the checker at the address the map holds: a wrong one
 *    fails the checker's translation (V1), not this oracle's word;
 *  - tso_dma_map_cleanup() unmaps exactly what init mapped (the domain's
 *    unmapped bytes equal the bytes init left mapped) and leaves nothing
 *    (the checker's V4, swiotlb slots at teardown); the map then holds
 *    nothing, and a second cleanup unmaps nothing.
 * Messages name the segment, the payload byte and the region.
 */
#ifndef _DMALAB_TSO_CHECK_H
#define _DMALAB_TSO_CHECK_H

#include <linux/types.h>

#include "oracle/checker.h"

struct sk_buff;
struct device;

#define TSO_CHECK_MAX_REGIONS	128
#define TSO_CHECK_MAX_FRAGS	17	/* MAX_SKB_FRAGS, checked where skbuff.h is in */

/* a run of payload bytes, as the skb holds them */
struct tso_check_region {
	phys_addr_t phys;
	u32 len;
	bool mapped;	/* the head skb's linear payload or a frag; not frag_list */
};

struct tso_check_result {
	int ret;			/* tso_dma_map_init() */
	bool iova;			/* the IOVA path was taken */
	dma_addr_t iova_addr;		/* then the IOVA state's address */
	unsigned int nr_regions;	/* payload regions, frag_list ones included */
	unsigned int nr_segs;		/* segments walked */
	unsigned int nr_chunks;		/* chunks tso_dma_map_next() gave */
	unsigned long warns;		/* kernel WARNs from init to cleanup */
	const char *warn_func;		/* the function of the last of them */
};

/*
 * The skbs the tests, the fuzz target and the benchmarks drive: one
 * description a skb (the linear part from data: headers then linear
 * payload; page frags), built into the shim's sk_buff model with C library
 * memory (the kernel code only reads it). A frag's page is the one holding
 * its first byte.
 */
struct tso_skb_frag {
	phys_addr_t phys;
	u32 len;
};

struct tso_skb_desc {
	phys_addr_t linear;		/* skb->data, a RAM address */
	u32 linear_len;			/* skb_headlen() */
	unsigned int nr_frags;		/* at most MAX_SKB_FRAGS */
	struct tso_skb_frag frags[TSO_CHECK_MAX_FRAGS];
};

/*
 * A TCPv4 GSO skb of head (headers: Ethernet, IPv4, TCP of hdr_len bytes
 * in all, at the start of its linear part) with list[0..nlist) as its
 * frag_list; its len and data_len count them all. NULL when out of memory.
 */
struct sk_buff *tso_skb_build(const struct tso_skb_desc *head, unsigned int gso_size,
			      const struct tso_skb_desc *list, unsigned int nlist);
void tso_skb_free(struct sk_buff *skb);

/*
 * The payload regions of skb after hdr_len into r[0..max): returns their
 * number, 0 if there are more than max or hdr_len is beyond the linear part.
 */
unsigned int tso_check_regions(const struct sk_buff *skb, unsigned int hdr_len,
			       struct tso_check_region *r, unsigned int max);

/*
 * Map skb's payload for dev with tso_dma_map_init(skb, hdr_len), walk it in
 * gso_size segments, check everything above, clean up and check again.
 * An init that fails is no failure here (res->ret < 0; nothing may be
 * left mapped): the caller knows whether it may. False with one line in
 * msg when a check failed (the checker's own lines are reported through
 * its callback).
 */
bool tso_check_drive(struct checker *ck, struct device *dev, const struct sk_buff *skb,
		     unsigned int hdr_len, unsigned int gso_size, struct tso_check_result *res,
		     char *msg, size_t len);

#endif
