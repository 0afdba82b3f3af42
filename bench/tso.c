// SPDX-License-Identifier: GPL-2.0-only
/*
 * net/core/tso.c's DMA helpers, a caller of the phys_vec API like those of
 * callers.c (registered from there; a file of its own for its size). A
 * timed operation is a driver's transmit of one GSO skb: tso_dma_map_init()
 * then, per MSS segment, tso_dma_map_count() and tso_dma_map_next() until
 * the segment is covered (tso/...), or tso_dma_map_cleanup() at completion
 * (tso-unmap/...).
 *
 *   tso/iova/<shape>        a device behind the strict x86_64 domain, the
 *                           skb's joints on the granule: one IOVA range
 *   tso/fallback/<shape>    the same device, frag 0 ending 2 KiB before
 *                           its page does: dma_iova_link() of frag 1 at an
 *                           unaligned IOVA offset is refused by the page
 *                           table (no WARN), the state destroyed, then
 *                           dma_map_phys() per region: what such shapes cost
 *   tso/phys-direct/<shape> the skb of iova on a device behind no IOMMU:
 *                           dma_map_phys() per region, no IOVA attempt
 *
 * Shapes of 64 KiB of payload: "sendmsg", tcp_sendmsg()'s page_frag (32 KiB
 * folios filled to their end, the first from 0x5e8); "pages", 16 scattered
 * 4 KiB pages (sendfile, MSG_ZEROCOPY). Headers sit alone in the head.
 *
 * tso/shapes/<source> runs a seeded distribution of realistic skbs
 * (shape_gen()) on the strict x86_64 device: each one is first checked by
 * the TSO oracle (oracle/tso_check.h) untimed; the counters fallback_pct
 * and warn_pct say how many took the fallback path and how many reached
 * dma_iova_link()'s WARN_ON_ONCE (known bug tso-iova-no-granule-check: a
 * region after the first off the granule; the WARN itself fires once a
 * boot, so it is counted by that condition, and the one WARN the run
 * sees, from dma_iova_link(), is allowed); the time is a transmit as
 * above, averaged over the distribution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/tso.h>

#include "bench.h"
#include "oracle/checker.h"
#include "oracle/tso_check.h"

#define TSO_MSS		1448
#define TSO_HDR		66
#define TSO_BASE	(8ULL << 30)		/* frags from 8 GiB up */
#define TSO_HEADS	(TSO_BASE - SZ_256M)	/* heads below them */
#define SHAPES_N	256			/* skbs of a distribution */

enum tso_path { TP_IOVA, TP_FALLBACK, TP_DIRECT, TP_SHAPES };
enum tso_source { TS_SENDMSG, TS_ZEROCOPY, TS_TUN, TS_TUN_ZC, TS_GRO, TS_MIX, TS_NR };
static const char *const source_names[] = { "sendmsg", "zerocopy", "tun", "tun-zc", "gro",
					    "mix" };

struct tso_spec {
	enum tso_path path;
	bool unmap;
	bool pages;		/* "pages", else "sendmsg" */
	enum tso_source src;	/* tso/shapes */
	bool probed;
	int err;
	double ns, fallback_pct, warn_pct, iova, regions;
};

/* ---- realistic skbs ---- */

static u64 rnd_state;

static u64 rnd(void)
{
	u64 z = (rnd_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 rnd_range(u64 lo, u64 hi)
{
	return lo + rnd() % (hi - lo + 1);
}

/* the next free physical run of n bytes, aligned to align (scattered by a gap) */
static phys_addr_t take(phys_addr_t *at, size_t n, size_t align)
{
	phys_addr_t p = ALIGN(*at + PAGE_SIZE * rnd_range(1, 4), align);

	*at = p + n;
	return p;
}

static void add(struct tso_skb_desc *d, phys_addr_t phys, u32 len)
{
	if (d->nr_frags < MAX_SKB_FRAGS && len)
		d->frags[d->nr_frags++] = (struct tso_skb_frag){ phys, len };
}

/*
 * One skb of a source, as the stack builds it:
 *  sendmsg   tcp_sendmsg(): headers alone in the head; the payload copied
 *            into the socket's page_frag, 32 KiB folios filled to their
 *            end, the first from where the last send stopped (any byte);
 *  zerocopy  sendfile()/MSG_ZEROCOPY: headers alone; page-cache or user
 *            pages, the first from the file offset, then whole pages;
 *  tun       a guest's TSO packet through tun/vhost, copied
 *            (tun_get_user(): the virtio header's hdr_len bytes in the head,
 *            the rest in alloc_skb_with_frags()'s 32 KiB folios from 0);
 *  tun-zc    the same with vhost's zerocopy and a guest that leaves
 *            hdr_len 0: GOODCOPY_LEN (128) bytes copied to the head, the
 *            headers and 62 bytes of payload, then the guest's pages from
 *            any offset;
 *  gro       a router forwarding what GRO merged (napi_gro_receive() on a
 *            page pool of 2 KiB buffers, 256 bytes of headroom): the first
 *            packet whole in the head, in its buffer; each later packet's
 *            payload a frag after its headers (0x142 into its half page);
 *            at most MAX_SKB_FRAGS of them (a device without
 *            NETIF_F_FRAGLIST never gets GRO's frag_list).
 * Payloads of 8 KiB to 64 KiB (gro: 2 to 18 packets).
 */
static void shape_gen(enum tso_source src, phys_addr_t *at, struct tso_skb_desc *d)
{
	u32 left, n, off;

	memset(d, 0, sizeof(*d));
	if (src == TS_MIX)
		src = rnd() % TS_MIX;
	left = rnd_range(SZ_8K, SZ_64K);
	d->linear_len = TSO_HDR;
	d->linear = TSO_HEADS + (*at - TSO_BASE) / 64 + 0x40;
	switch (src) {
	case TS_SENDMSG:
		off = rnd_range(0, SZ_32K - 1);
		while (left) {
			n = min_t(u32, left, SZ_32K - off);
			add(d, take(at, SZ_32K, SZ_32K) + off, n);
			left -= n;
			off = 0;
		}
		break;
	case TS_TUN:
		while (left) {
			n = min_t(u32, left, SZ_32K);
			add(d, take(at, SZ_32K, SZ_32K), n);
			left -= n;
		}
		break;
	case TS_ZEROCOPY:
	case TS_TUN_ZC:
		off = rnd_range(0, PAGE_SIZE - 1);
		if (src == TS_TUN_ZC) {
			d->linear_len = 128;
			left -= 128 - TSO_HDR;
		}
		while (left && d->nr_frags < MAX_SKB_FRAGS) {
			n = min_t(u32, left, PAGE_SIZE - off);
			add(d, take(at, PAGE_SIZE, PAGE_SIZE) + off, n);
			left -= n;
			off = 0;
		}
		break;
	default: {
		unsigned int pkts = rnd_range(2, MAX_SKB_FRAGS + 1), i;
		phys_addr_t page = take(at, PAGE_SIZE, PAGE_SIZE);

		d->linear = page + 256;
		d->linear_len = TSO_HDR + TSO_MSS;
		for (i = 1; i < pkts; i++) {
			if (i % 2 == 0)
				page = take(at, PAGE_SIZE, PAGE_SIZE);
			add(d, page + (i % 2) * 0x800 + 256 + TSO_HDR, TSO_MSS);
		}
		break;
	}
	}
}

/* would dma_iova_link() WARN: a region after the first off the granule (4 KiB here) */
static bool link_warns(const struct tso_skb_desc *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_frags; i++)
		if ((i || d->linear_len > TSO_HDR) && offset_in_page(d->frags[i].phys))
			return true;
	return false;
}

/* the fixed shapes of tso/iova, tso/fallback, tso/phys-direct */
static void shape_fixed(const struct tso_spec *s, struct tso_skb_desc *d)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->linear = TSO_HEADS + 0x40;
	d->linear_len = TSO_HDR;
	if (s->pages) {
		for (i = 0; i < 16; i++)
			add(d, TSO_BASE + 2 * i * PAGE_SIZE, PAGE_SIZE);
	} else {
		add(d, TSO_BASE + 0x5e8, SZ_32K - 0x5e8);
		add(d, TSO_BASE + SZ_64K, SZ_32K);
		add(d, TSO_BASE + SZ_128K, 0x5e8);
	}
	if (s->path == TP_FALLBACK)
		d->frags[0].len -= 0x800;
}

/* ---- one transmit ---- */

static struct device *tso_dev(const struct tso_spec *s)
{
	return bench_dev_get(&(struct bench_cfg){ .direct = s->path == TP_DIRECT })->dev;
}

static int xmit_map(struct device *dev, struct tso_dma_map *map, const struct sk_buff *skb)
{
	unsigned int left = skb->len - TSO_HDR, seg, clen, mlen;
	dma_addr_t addr;
	int ret;

	ret = tso_dma_map_init(map, dev, skb, TSO_HDR);
	if (ret)
		return ret;
	while (left) {
		seg = min_t(unsigned int, left, TSO_MSS);
		left -= seg;
		/* descriptors for the header and the chunks, as a driver sizes its ring */
		if (!tso_dma_map_count(map, seg))
			return -EINVAL;
		while (seg && tso_dma_map_next(map, &addr, &clen, &mlen, seg))
			seg -= clen;
	}
	return 0;
}

/* ---- the oracle pass of tso/shapes ---- */

static void oracle_report(void *priv, const char *msg)
{
	fprintf(stderr, "dmalab-bench: tso/shapes: checker: %s\n", msg);
}

/* every skb through the oracle on a device of its own: the path each takes */
static int shapes_probe(struct tso_spec *s, struct sk_buff **skbs, struct tso_skb_desc *d)
{
	struct dmalab_domain_cfg dc = { .format = DMALAB_PT_X86_64, .kind = DMALAB_DOMAIN_DMA };
	struct dmalab_device_cfg cfg = { .name = "eth-shapes", .coherent = true };
	struct checker *ck = check_create(oracle_report, NULL);
	unsigned int i, fallback = 0, warns = 0;
	struct tso_check_result r;
	struct dmalab_domain *dom;
	struct device *dev;
	char msg[512];
	int err = 0;

	dom = dmalab_domain_create(&dc, &err);
	dev = dom ? dmalab_device_create(&cfg, dom, &err) : NULL;
	if (!dev || !check_add_device(ck, dev))
		goto out;
	for (i = 0; i < SHAPES_N && !err; i++) {
		if (!tso_check_drive(ck, dev, skbs[i], TSO_HDR, TSO_MSS, &r, msg, sizeof(msg))) {
			fprintf(stderr, "dmalab-bench: tso/shapes/%s skb %u: %s\n",
				source_names[s->src], i, msg);
			err = -EINVAL;
		}
		fallback += !r.iova;
		warns += !r.iova && link_warns(&d[i]);
		s->regions += r.nr_regions;
		/* dma_iova_link()'s WARN_ON_ONCE, at most once: the known bug, counted */
		if (r.warns && (r.warns > 1 || strcmp(r.warn_func, "dma_iova_link")))
			err = -EIO;
	}
	s->fallback_pct = 100.0 * fallback / SHAPES_N;
	s->warn_pct = 100.0 * warns / SHAPES_N;
	s->regions /= SHAPES_N;
	printf("tso/shapes/%s: %u skbs, %.1f%% fallback, %.1f%% reach dma_iova_link()'s "
	       "WARN_ON_ONCE (tso-iova-no-granule-check)\n", source_names[s->src], SHAPES_N,
	       s->fallback_pct, s->warn_pct);
	check_remove_device(ck, dev);
out:
	if (dev)
		dmalab_device_destroy(dev);
	dmalab_domain_destroy(dom);
	check_destroy(ck);
	return err;
}

/* ---- the benchmark ---- */

#define BATCH_NS	200000.0
#define BATCH_MAX	1024

static void bm_tso(gb_state *st, void *data)
{
	struct tso_spec *s = data;
	unsigned int nskb = s->path == TP_SHAPES ? SHAPES_N : 1, i;
	unsigned long k = 1, j, warn_mark;
	struct tso_skb_desc *d = calloc(nskb, sizeof(*d));
	struct sk_buff **skbs = calloc(nskb, sizeof(*skbs));
	struct tso_dma_map *maps = NULL;
	struct device *dev = tso_dev(s);
	phys_addr_t at = TSO_BASE;
	double t0;
	int ret = -ENOMEM;
	char msg[96];

	rnd_state = 0x7501 + s->src;
	for (i = 0; d && skbs && i < nskb; i++) {
		if (s->path == TP_SHAPES)
			shape_gen(s->src, &at, &d[i]);
		else
			shape_fixed(s, &d[i]);
		skbs[i] = tso_skb_build(&d[i], TSO_MSS, NULL, 0);
		if (!skbs[i])
			goto failed;
	}
	if (!d || !skbs)
		goto failed;
	if (!s->probed && s->path == TP_SHAPES)
		s->err = shapes_probe(s, skbs, d);
	warn_mark = dmalab_warn_count();
	if (!s->probed && !s->err) {
		/* one untimed transmit: the time that sizes the batches, and the path */
		maps = calloc(1, sizeof(*maps));
		t0 = now_ns();
		s->err = maps ? xmit_map(dev, maps, skbs[0]) : -ENOMEM;
		s->ns = now_ns() - t0;
		if (!s->err) {
			s->iova = dma_use_iova(&maps->iova_state);
			if (s->path != TP_SHAPES && s->iova != (s->path == TP_IOVA))
				s->err = -EINVAL;	/* not the path the name says */
			tso_dma_map_cleanup(maps);
		}
		free(maps);
		maps = NULL;
	}
	s->probed = true;
	/* the one WARN dma_iova_link() may give is the known bug tso/shapes counts */
	if (s->path == TP_SHAPES && dmalab_warn_count() == warn_mark + 1 &&
	    !strcmp(dmalab_warn_last()->func, "dma_iova_link"))
		warn_mark++;
	ret = s->err;
	if (ret)
		goto failed;
	while (k < BATCH_MAX && k * s->ns < BATCH_NS)
		k *= 2;
	maps = calloc(k, sizeof(*maps));
	if (!maps) {
		ret = -ENOMEM;
		goto failed;
	}
	if (s->unmap)
		for (j = 0; j < k; j++)
			if ((ret = xmit_map(dev, &maps[j], skbs[j % nskb])))
				goto failed;
	while (gb_keep_running_batch(st, k)) {
		for (j = 0; j < k; j++) {
			if (s->unmap)
				tso_dma_map_cleanup(&maps[j]);
			else if (unlikely(ret = xmit_map(dev, &maps[j], skbs[j % nskb])))
				goto failed;
		}
		gb_pause(st);
		for (j = 0; j < k; j++) {
			if (!s->unmap)
				tso_dma_map_cleanup(&maps[j]);
			else if (unlikely(ret = xmit_map(dev, &maps[j], skbs[j % nskb])))
				goto failed;
		}
		if (bench_check_warn(st, &warn_mark))
			goto out;
		gb_resume(st);
	}
	if (gb_iterations(st) > 0) {
		/* a distribution's paths are in fallback_pct, not in its first skb's */
		if (s->path != TP_SHAPES) {
			gb_counter(st, "iova", s->iova, 0);
		} else {
			gb_counter(st, "fallback_pct", s->fallback_pct, 0);
			gb_counter(st, "warn_pct", s->warn_pct, 0);
			gb_counter(st, "regions", s->regions, 0);
		}
		gb_counter(st, "batch", (double)k, 0);
	}
	if (s->unmap)
		for (j = 0; j < k; j++)
			tso_dma_map_cleanup(&maps[j]);
	goto out;

failed:
	snprintf(msg, sizeof(msg), "transmit mapping failed: %d", ret);
	gb_skip_with_error(st, msg);
out:
	free(maps);
	for (i = 0; skbs && i < nskb; i++)
		tso_skb_free(skbs[i]);
	free(skbs);
	free(d);
}

static void reg(enum tso_path p, bool unmap, bool pages, enum tso_source src)
{
	static const char *const paths[] = { "iova", "fallback", "phys-direct", "shapes" };
	struct tso_spec *s = calloc(1, sizeof(*s));
	char name[96];

	if (!s)
		abort();
	*s = (struct tso_spec){ .path = p, .unmap = unmap, .pages = pages, .src = src };
	if (p == TP_SHAPES)
		snprintf(name, sizeof(name), "tso/shapes/%s", source_names[src]);
	else
		snprintf(name, sizeof(name), "tso%s/%s/%s/64KiB", unmap ? "-unmap" : "", paths[p],
			 pages ? "pages" : "sendmsg");
	gb_register_data(name, bm_tso, s);
}

void bench_register_tso(void)
{
	unsigned int u, pg, src;
	enum tso_path p;

	for (u = 0; u <= 1; u++)
		for (p = TP_IOVA; p <= TP_DIRECT; p++)
			for (pg = 0; pg <= 1; pg++)
				reg(p, u, pg, 0);
	for (src = 0; src < TS_NR; src++)
		reg(TP_SHAPES, false, false, src);
}
