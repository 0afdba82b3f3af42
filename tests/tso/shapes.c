// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tso suite: skbs of every shape a driver's xmit path gets, and which
 * path (one IOVA range, or dma_map_phys() per region) each one takes.
 */
#include "tests/tso/tso.h"

#include <linux/slab.h>

static bool want_path(const struct tso_check_result *r, bool iova)
{
	if (r->ret)
		KT_FAIL("tso_dma_map_init() returned %d", r->ret);
	if (r->iova != iova)
		KT_FAIL("the %s path, expected the %s path", r->iova ? "IOVA" : "fallback",
			iova ? "IOVA" : "fallback");
	return true;
}

/* the linear part from data: HDR_LEN bytes of headers, then payload */
static struct tso_skb_desc linear(phys_addr_t data, u32 payload)
{
	return (struct tso_skb_desc){ .linear = data, .linear_len = HDR_LEN + payload };
}

/*
 * A test of a linear skb: headers and 3 * MSS + 100 bytes of payload in
 * one buffer from 0x100 into a page (tso_dma_map_init() with no frags:
 * one region). Behind an IOMMU the IOVA path links it (one link, at
 * offset 0, where an unaligned start is allowed); mapped directly
 * dma_iova_try_alloc() fails and it is one dma_map_phys(). Expect that
 * path, 4 segments of one chunk each, every chunk checked.
 */
bool test_linear_only(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = linear(BUF(0, 0x100), 3 * MSS + 100);
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, p->iommu);
	if (ok && (r.nr_segs != 4 || r.nr_chunks != 4))
		kt_report(__FILE__, __LINE__, "%u segments, %u chunks: expected 4 and 4",
			  r.nr_segs, r.nr_chunks), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of headers alone in the linear part (headlen == hdr_len, as
 * tcp_sendmsg() builds skbs) and page-aligned frags of whole pages, the
 * last one partial: linear_len is 0, so the IOVA reservation starts at
 * frag 0 and every later link starts on a granule. Expect the IOVA path
 * behind every IOMMU (every granule divides the page), the fallback
 * mapped directly, and 13 segments of MSS for 4.5 pages of payload.
 */
bool test_frags_only(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = {
		.linear = BUF(100, 0x40), .linear_len = HDR_LEN, .nr_frags = 4,
		.frags = { { BUF(0, 0), P }, { BUF(7, 0), P }, { BUF(3, 0), 2 * P },
			   { BUF(20, 0), P / 2 } },
	};
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, p->iommu);
	if (ok && r.nr_segs != DIV_ROUND_UP(4 * P + P / 2, MSS))
		kt_report(__FILE__, __LINE__, "%u segments", r.nr_segs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of a linear payload and frags that all meet on page boundaries:
 * the headers end where a page starts (data = page - HDR_LEN), one page
 * of linear payload, then whole-page frags and a partial last one. Every
 * dma_iova_link() after the first starts on a granule at a granule-aligned
 * offset. Expect the IOVA path behind every IOMMU, one chunk a segment.
 */
bool test_linear_frags_aligned(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = {
		.linear = BUF(1, 0) - HDR_LEN, .linear_len = HDR_LEN + P, .nr_frags = 3,
		.frags = { { BUF(10, 0), P }, { BUF(30, 0), 3 * P }, { BUF(40, 0), 0x234 } },
	};
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, p->iommu);
	if (ok && p->iommu && r.nr_chunks != r.nr_segs)
		kt_report(__FILE__, __LINE__, "%u chunks for %u segments on the IOVA path",
			  r.nr_chunks, r.nr_segs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of segments that start and end inside regions and span several
 * (tso_dma_map_count() walks the regions from the iterator's position
 * without moving it; next() cuts at each region's end). The aligned skb
 * above, at gso_size 100, 1448, 9000 and 65535 (one segment for all).
 * Expect on the fallback path a chunk per region a segment touches, the
 * count always matching; on the IOVA path one chunk a segment.
 */
bool test_segments_cross_regions(const void *param, const void *arg)
{
	static const unsigned int gso[] = { 100, MSS, 9000, 65535 };
	const struct profile *p = param;
	struct tso_skb_desc h = {
		.linear = BUF(1, 0) - HDR_LEN, .linear_len = HDR_LEN + P, .nr_frags = 4,
		.frags = { { BUF(10, 0), P }, { BUF(30, 0), 2 * P }, { BUF(12, 0), P },
			   { BUF(40, 0), 0x321 } },
	};
	struct tso_check_result r;
	unsigned int i;
	struct env e;
	bool ok = true;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	for (i = 0; ok && i < ARRAY_SIZE(gso); i++) {
		ok = drive(&e, &h, gso[i], NULL, 0, &r) && want_path(&r, p->iommu);
		if (ok && !p->iommu && r.nr_chunks < r.nr_segs + (gso[i] < P ? 4 : 0))
			kt_report(__FILE__, __LINE__, "gso_size %u: %u chunks for %u segments",
				  gso[i], r.nr_chunks, r.nr_segs), ok = false;
	}
	return env_fini(&e) && ok;
}

/*
 * A test of headers alone in the linear part and a single page-aligned
 * frag of two pages and a bit: linear_len 0 and one frag, so the iterator
 * must start at frag 0 (frag_idx 0), not at the empty linear part. Expect
 * the IOVA path behind an IOMMU, the fallback mapped directly, one chunk
 * a segment on both (one region).
 */
bool test_single_frag(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = { .linear = BUF(100, 0x40), .linear_len = HDR_LEN,
				  .nr_frags = 1, .frags = { { BUF(3, 0), 2 * P + 0x123 } } };
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, p->iommu);
	if (ok && (r.nr_segs != DIV_ROUND_UP(2 * P + 0x123, MSS) || r.nr_chunks != r.nr_segs))
		kt_report(__FILE__, __LINE__, "%u segments, %u chunks", r.nr_segs, r.nr_chunks),
			ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of segments whose last byte is alone in its region: MSS - 1
 * bytes of linear payload, then a frag of MSS bytes and one of 2 (2 * MSS
 * + 1 bytes in all). Segment 0 is the linear payload and frag 0's first
 * byte, segment 1 the rest of frag 0 and frag 1's first byte, segment 2
 * frag 1's last byte alone. Frag 0 is linked at IOVA offset MSS - 1, off
 * the granule: the page table refuses it and every profile takes the
 * fallback. Expect 3 segments of 2, 2 and 1 chunks, tso_dma_map_count()
 * counting the 1-byte ones too.
 */
bool test_one_byte_chunks(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = {
		.linear = BUF(1, 0) - HDR_LEN, .linear_len = HDR_LEN + MSS - 1, .nr_frags = 2,
		.frags = { { BUF(10, 0), MSS }, { BUF(12, 0), 2 } },
	};
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, false);
	if (ok && (r.nr_segs != 3 || r.nr_chunks != 5))
		kt_report(__FILE__, __LINE__, "%u segments, %u chunks: expected 3 and 5",
			  r.nr_segs, r.nr_chunks), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of MAX_SKB_FRAGS page frags (the map's frags[] array full).
 * Expect every frag mapped and walked, on the path of the profile.
 */
bool test_max_frags(const void *param, const void *arg)
{
	const struct profile *p = param;
	struct tso_skb_desc h = { .linear = BUF(100, 0), .linear_len = HDR_LEN,
				  .nr_frags = MAX_SKB_FRAGS };
	struct tso_check_result r;
	unsigned int i;
	struct env e;
	bool ok;

	for (i = 0; i < MAX_SKB_FRAGS; i++)
		h.frags[i] = (struct tso_skb_frag){ BUF(2 * i, 0), P };
	if (!env_init(&e, p))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, p->iommu);
	return env_fini(&e) && ok;
}

/*
 * A test of an skb of headers only (skb->len == hdr_len): init returns 0
 * at once ("if (!total_len) return 0"), maps nothing, and there is no
 * segment to walk. Expect 0, nothing mapped, cleanup a no-op.
 */
bool test_empty_payload(void)
{
	struct tso_skb_desc h = linear(BUF(0, 0x80), 0);
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, &tso_x86))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, false);
	if (ok && r.nr_segs)
		kt_report(__FILE__, __LINE__, "%u segments", r.nr_segs), ok = false;
	return env_fini(&e) && ok;
}

/*
 * A test of the skb tcp_sendmsg() builds for a 64 KiB GSO send: headers
 * alone in a kmalloc'ed head (the stack reserves MAX_TCP_HEADER and puts
 * no payload there), payload copied into the socket's page_frag, 32 KiB
 * compound pages filled to their end: the first frag from where the last
 * send stopped to the end of its page, then a whole page, then the start
 * of a fresh one. Every joint is on a page boundary. Expect the IOVA path
 * behind the x86_64 domain and the 2 KiB-granule one, no WARN.
 */
bool test_tcp_sendmsg_shape(void)
{
	static const struct profile mock = { "amdv1_mock_dma", true, DMALAB_PT_AMDV1_MOCK,
					     DMALAB_DOMAIN_DMA };
	const struct profile *ps[] = { &tso_x86, &mock };
	struct tso_skb_desc h = {
		.linear_len = HDR_LEN, .nr_frags = 3,
		.frags = { { BUF(0, 0x5e8), 8 * P - 0x5e8 }, { BUF(8, 0), 8 * P },
			   { BUF(16, 0), 0x1234 } },
	};
	struct tso_check_result r;
	void *head = kmalloc(512, GFP_KERNEL);
	unsigned int i;
	struct env e;
	bool ok = head != NULL;

	h.linear = virt_to_phys(head) + 64;
	for (i = 0; ok && i < ARRAY_SIZE(ps); i++) {
		ok = env_init(&e, ps[i]) && drive(&e, &h, MSS, NULL, 0, &r) &&
		     want_path(&r, true);
		if (ok && r.warns)
			kt_report(__FILE__, __LINE__, "%lu WARNs", r.warns), ok = false;
		ok = env_fini(&e) && ok;
	}
	kfree(head);
	return ok;
}

/*
 * A test of payload in the linear part followed by frags: a kmalloc'ed
 * head with 200 bytes of payload after the headers (a small write, or a
 * driver that pulls payload into the head), then whole-page frags. The
 * first frag is linked at IOVA offset 200 from a page-aligned physical
 * address: no in-granule offset, so dma_iova_link() does not WARN, but
 * dma-iommu asks the page table to map state->addr + 200 - 0 to a page,
 * an unaligned IOVA the page table refuses (generic_pt; iommu.c refuses
 * it for other drivers with "unaligned" and -EINVAL). tso.c destroys the
 * state and maps each region with dma_map_phys(). Correct, and what the
 * IOVA API allows: one IOVA range cannot join regions off the granule.
 * Expect the fallback path, every chunk right, no WARN.
 */
bool test_linear_payload_then_frags(void)
{
	struct tso_skb_desc h = {
		.linear_len = HDR_LEN + 200, .nr_frags = 2,
		.frags = { { BUF(0, 0), P }, { BUF(9, 0), 2 * P } },
	};
	struct tso_check_result r;
	struct env e;
	void *head;
	bool ok;

	/* the checker counts slab objects from env_init() to env_fini() */
	if (!env_init(&e, &tso_x86))
		return env_fini(&e) && false;
	head = kmalloc(1024, GFP_KERNEL);
	if (!head)
		return env_fini(&e) && false;
	h.linear = virt_to_phys(head) + 64;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, false);
	if (ok && r.warns)
		kt_report(__FILE__, __LINE__, "%lu WARNs (%s)", r.warns, r.warn_func), ok = false;
	kfree(head);
	return env_fini(&e) && ok;
}

/*
 * A test of the skb a router forwards after GRO: the NIC's page pool
 * gives 2 KiB halves of pages, each packet at 0x100 (the headroom) into
 * its half, and GRO makes each packet's payload a frag: 12 frags of MSS
 * bytes at offsets 0x100 and 0x900 of 6 pages. Frag 1 starts 0x900 into a
 * page: an in-granule offset linked at offset > 0, so dma_iova_link()
 * WARNs once a boot (WARN_ON_ONCE(iova_start_pad && offset > 0)) and
 * returns -EIO; tso.c falls back to dma_map_phys() per frag. The mapping
 * is right either way (the oracle); the WARN is the known bug
 * tso-iova-no-granule-check (test iova_frag_off_granule_warns), allowed
 * here whether or not this case is the first to reach it. Expect the
 * fallback path, every chunk right.
 */
bool test_gro_forward_shape(void)
{
	struct tso_skb_desc h = { .linear = BUF(200, 0x40), .linear_len = HDR_LEN,
				  .nr_frags = 12 };
	struct tso_check_result r;
	unsigned int i;
	struct env e;
	bool ok;

	for (i = 0; i < 12; i++)
		h.frags[i] = (struct tso_skb_frag){ BUF(i / 2, (i % 2) * 0x800 + 0x100), MSS };
	if (!env_init(&e, &tso_x86))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, false);
	allow_link_warn(&r);
	return env_fini(&e) && ok;
}

/*
 * Known bug tso-iova-no-granule-check. tso_dma_iova_try() links the
 * linear payload and every frag without checking that the regions after
 * the first start on the IOMMU granule (block/blk-mq-dma.c checks the
 * gaps first, blk_can_dma_map_iova(); tso.c only falls back after a
 * failure). Input: headers alone in the linear part, frag 0 a whole page
 * at BUF(0, 0), frag 1 0x500 bytes at BUF(5, 0x100), x86_64 strict
 * domain. dma_iova_try_alloc() succeeds, frag 0 links at offset 0, frag 1
 * is dma_iova_link(phys 0x...100, offset 0x1000): iova_start_pad 0x100
 * with offset > 0, so WARN_ON_ONCE(iova_start_pad && offset > 0) at
 * drivers/iommu/dma-iommu.c (dma_iova_link) fires and returns -EIO; tso.c
 * destroys the state and maps both frags with dma_map_phys(), which is
 * right. A WARN is the kernel reporting its own bug (panic_on_warn stops
 * the machine), here on an skb any NIC forwarding GRO'd traffic sends
 * (test gro_forward_shape). Expect the mapping (it is right) and no WARN.
 * First in the suite's table: WARN_ON_ONCE fires once a process.
 */
bool test_iova_frag_off_granule_warns(void)
{
	struct tso_skb_desc h = {
		.linear = BUF(100, 0x40), .linear_len = HDR_LEN, .nr_frags = 2,
		.frags = { { BUF(0, 0), P }, { BUF(5, 0x100), 0x500 } },
	};
	struct tso_check_result r;
	struct env e;
	bool ok;

	if (!env_init(&e, &tso_x86))
		return env_fini(&e) && false;
	ok = drive(&e, &h, MSS, NULL, 0, &r) && want_path(&r, false);
	if (ok && r.warns) {
		kt_report(__FILE__, __LINE__, "%lu WARN(s), the last in %s", r.warns, r.warn_func);
		ok = false;
		kt_expect_warns(r.warns);
	}
	return env_fini(&e) && ok;
}
