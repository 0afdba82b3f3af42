// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tso suite: skbs with a frag_list. skb->len and skb->data_len count
 * the frag_list's bytes (skb_gro_receive_list(), skb_segment_list() build
 * such skbs; a driver that sets NETIF_F_FRAGLIST is handed them, GSO
 * included: skb_gso_ok()), but tso_dma_map_init() maps the head skb's
 * linear part and frags only, while it takes total_len = skb->len - hdr_len
 * for everything else.
 */
#include "tests/tso/tso.h"

static const struct profile direct = { "direct" };

/* headers, two page frags, and a frag_list skb of two MSS-sized pieces */
static const struct tso_skb_desc head = {
	.linear = BUF(100, 0x40), .linear_len = HDR_LEN, .nr_frags = 2,
	.frags = { { BUF(0, 0), P }, { BUF(1, 0), P } },
};
static const struct tso_skb_desc list[] = {
	{ .linear = BUF(60, 0), .linear_len = MSS, .nr_frags = 1,
	  .frags = { { BUF(61, 0), MSS } } },
};

static bool frag_list_on(const struct profile *p, const struct tso_skb_desc *h)
{
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, h, MSS, list, 1, &r);
	/* the WARNs of the IOVA path's cleanup are part of the bug: see above */
	if (r.iova)
		kt_expect_warns(r.warns);
	if (ok && r.ret)
		kt_report(__FILE__, __LINE__, "init returned %d", r.ret), ok = false;
	return env_fini(&e) && ok;
}

/*
 * Known bug tso-frag-list-unmapped, IOVA path. Input: the skb above
 * (hdr_len 66; 2 pages of frags; a frag_list skb of 0x5a8 linear bytes
 * and a 0x5a8-byte frag: skb->len - hdr_len = 0x2b50), x86_64 strict.
 * tso_dma_iova_try() reserves total_len = 0x2b50 bytes, links the two
 * frags (0x2000 bytes) and dma_iova_sync(0, total_len) syncs all of it;
 * init returns 0. The driver's loop asks for 0x2b50 payload bytes:
 * tso_dma_map_next() gives state->addr + offset for every segment, so
 * segment 5 (payload 0x1c48..0x21f0) runs into IOVA no link mapped:
 * the device reads unmapped IOVA (an IOMMU fault) where the frag_list's
 * bytes should be. tso_dma_map_cleanup() then calls
 * dma_iova_destroy(map->total_len): dma_iova_unlink() of 0x2b50 bytes of
 * which 0x2000 are mapped, and WARN_ON(unmapped != size) fires
 * (drivers/iommu/dma-iommu.c, dma_iova_unlink). Expect every payload byte
 * mapped and transmitted in order (the kernel-doc: "DMA-maps the linear
 * payload (after headers) and all frags"; the walk covers skb->len).
 */
bool test_frag_list_iova(void)
{
	return frag_list_on(&tso_x86, &head);
}

/*
 * Known bug tso-frag-list-unmapped, fallback path (a device mapped
 * directly). The same skb: init maps the 2 frags with dma_map_phys()
 * (map->nr_frags = 2) and returns 0. The driver's loop reaches the
 * frag_list's bytes at payload 0x2000: tso_dma_map_next() has moved
 * frag_idx to 2 and reads map->frags[2], which init never wrote (the map
 * was filled with 0xa5 before init, as a driver's stack or ring holds
 * stale bytes): it gives DMA 0xa5a5a5a5a5a5a5a5 for the rest of the
 * segment, and tso_dma_map_count() counts from the same slot. The device
 * is given an address nobody mapped. Expect every payload byte mapped.
 */
bool test_frag_list_fallback(void)
{
	return frag_list_on(&direct, &head);
}

/*
 * Known bug tso-frag-list-unmapped, with MAX_SKB_FRAGS frags in the head
 * skb: the fallback walk that reaches the frag_list would read
 * map->frags[MAX_SKB_FRAGS], past the end of struct tso_dma_map (an
 * out-of-bounds read; the oracle stops before making it). Expect every
 * payload byte mapped.
 */
bool test_frag_list_max_frags(void)
{
	struct tso_skb_desc h = { .linear = BUF(100, 0), .linear_len = HDR_LEN,
				  .nr_frags = MAX_SKB_FRAGS };
	unsigned int i;

	for (i = 0; i < MAX_SKB_FRAGS; i++)
		h.frags[i] = (struct tso_skb_frag){ BUF(2 * i, 0), P };
	return frag_list_on(&direct, &h);
}

/*
 * Known bug tso-frag-list-unmapped: the out-of-bounds read itself, in a
 * child process. The skb of frag_list_max_frags (MAX_SKB_FRAGS page frags
 * in the head skb, a frag_list skb after them) on a device mapped
 * directly, driven without the oracle's guard, as a driver's loop drives
 * it: init maps the 17 frags (map->nr_frags = 17) and returns 0; the
 * segment that runs past payload byte 0x11000 (the end of frag 16, where
 * the frag_list's bytes begin) is counted by tso_dma_map_count(), which
 * walks on from frag 16 and reads map->frags[17].len (tso.c:288,
 * "region_len = map->frags[idx].len"), 8 bytes past the end of
 * struct tso_dma_map (allocated with its exact size, as ASan sees a
 * kmalloc'ed one): ASan reports a heap-buffer-overflow read in
 * tso_dma_map_count (net/core/tso.c) and the child ends. Expect the walk
 * to stay inside the map.
 */
bool test_frag_list_oob_read(void)
{
	struct tso_skb_desc h = { .linear = BUF(100, 0), .linear_len = HDR_LEN,
				  .nr_frags = MAX_SKB_FRAGS };
	struct tso_dma_map *map = malloc(sizeof(*map));
	unsigned int left, seg, clen, mlen, i;
	struct sk_buff *skb;
	dma_addr_t addr;
	struct env e;
	bool ok = true;

	for (i = 0; i < MAX_SKB_FRAGS; i++)
		h.frags[i] = (struct tso_skb_frag){ BUF(2 * i, 0), P };
	if (!map || !env_init(&e, &direct)) {
		free(map);
		return env_fini(&e) && false;
	}
	skb = tso_skb_build(&h, MSS, list, 1);
	if (!skb || tso_dma_map_init(map, e.td.dev, skb, HDR_LEN)) {
		kt_report(__FILE__, __LINE__, "no skb, or init failed");
		tso_skb_free(skb);
		free(map);
		return env_fini(&e) && false;
	}
	for (left = skb->len - HDR_LEN; ok && left; left -= seg) {
		seg = min_t(unsigned int, left, MSS);
		tso_dma_map_count(map, seg);
		for (i = seg; i; i -= clen)
			if (!tso_dma_map_next(map, &addr, &clen, &mlen, i) || !clen) {
				ok = false;
				break;
			}
	}
	tso_dma_map_cleanup(map);
	tso_skb_free(skb);
	free(map);
	return env_fini(&e) && ok;
}
