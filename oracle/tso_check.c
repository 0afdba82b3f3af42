// SPDX-License-Identifier: GPL-2.0-only
/*
 * The TSO mapping oracle (tso_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/if_vlan.h>
#include <net/tso.h>
#include <dmalab/iommu.h>
#include <dmalab/runtime.h>

#include "oracle/tso_check.h"

/* more chunks than this for one segment: next() does not advance */
#define MAX_CHUNKS	4096

static bool fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

static_assert(TSO_CHECK_MAX_FRAGS == MAX_SKB_FRAGS, "the descriptions hold MAX_SKB_FRAGS frags");

/* an skb with its shared info, as __alloc_skb() puts them in one allocation */
struct skb_alloc {
	struct sk_buff skb;
	struct skb_shared_info sh;
};

static struct sk_buff *skb_one(const struct tso_skb_desc *d)
{
	struct skb_alloc *a = calloc(1, sizeof(*a));
	struct sk_buff *skb;
	unsigned int i;

	if (!a || d->nr_frags > MAX_SKB_FRAGS) {
		free(a);
		return NULL;
	}
	skb = &a->skb;
	skb->data = phys_to_virt(d->linear);
	skb->head = skb->data;
	skb->tail = skb->data + d->linear_len;
	skb->end = (unsigned char *)&a->sh;
	skb->len = d->linear_len;
	for (i = 0; i < d->nr_frags; i++) {
		const struct tso_skb_frag *f = &d->frags[i];

		skb_frag_fill_page_desc(&a->sh.frags[i], pfn_to_page(PHYS_PFN(f->phys)),
					offset_in_page(f->phys), f->len);
		skb->data_len += f->len;
		skb->len += f->len;
	}
	a->sh.nr_frags = d->nr_frags;
	return skb;
}

struct sk_buff *tso_skb_build(const struct tso_skb_desc *head, unsigned int gso_size,
			      const struct tso_skb_desc *list, unsigned int nlist)
{
	struct sk_buff *skb = skb_one(head), **link;
	unsigned int i;

	if (!skb)
		return NULL;
	/* Ethernet, IPv4 and TCP headers from data: only tso_start() reads them */
	skb->protocol = htons(ETH_P_IP);
	skb->network_header = ETH_HLEN;
	skb->transport_header = ETH_HLEN + sizeof(struct iphdr);
	skb_shinfo(skb)->gso_size = gso_size;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	link = &skb_shinfo(skb)->frag_list;
	for (i = 0; i < nlist; i++) {
		struct sk_buff *it = skb_one(&list[i]);

		if (!it) {
			tso_skb_free(skb);
			return NULL;
		}
		*link = it;
		link = &it->next;
		skb->len += it->len;
		skb->data_len += it->len;
	}
	return skb;
}

void tso_skb_free(struct sk_buff *skb)
{
	struct sk_buff *it, *next;

	if (!skb)
		return;
	for (it = skb_shinfo(skb)->frag_list; it; it = next) {
		next = it->next;
		free(container_of(it, struct skb_alloc, skb));
	}
	free(container_of(skb, struct skb_alloc, skb));
}

static unsigned int add_skb(const struct sk_buff *skb, unsigned int skip, bool mapped,
			    struct tso_check_region *r, unsigned int n, unsigned int max)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int headlen = skb_headlen(skb), i;

	if (skip > headlen)
		return 0;
	if (headlen > skip) {
		if (n == max)
			return 0;
		r[n++] = (struct tso_check_region){ virt_to_phys(skb->data + skip),
						    headlen - skip, mapped };
	}
	for (i = 0; i < sh->nr_frags; i++) {
		if (n == max)
			return 0;
		r[n++] = (struct tso_check_region){ skb_frag_phys(&sh->frags[i]),
						    skb_frag_size(&sh->frags[i]), mapped };
	}
	return n;
}

unsigned int tso_check_regions(const struct sk_buff *skb, unsigned int hdr_len,
			       struct tso_check_region *r, unsigned int max)
{
	const struct sk_buff *it;
	unsigned int n;

	n = add_skb(skb, hdr_len, true, r, 0, max);
	if (!n && skb->len > hdr_len)
		return 0;
	/* tso.c maps the head skb only: the frag_list's bytes are payload all the same */
	skb_walk_frags(skb, it) {
		unsigned int m = add_skb(it, 0, false, r, n, max);

		if (!m && it->len)
			return 0;
		n = m ? m : n;
	}
	return n;
}

/* bytes the domain's page table has mapped and unmapped so far (0 for direct devices) */
static void domain_bytes(struct device *dev, u64 *mapped, u64 *unmapped)
{
	struct dmalab_domain *d = dmalab_device_domain(dev);
	struct dmalab_iommu_stats st = {};

	if (d)
		dmalab_domain_stats(d, &st);
	*mapped = st.bytes_mapped;
	*unmapped = st.bytes_unmapped;
}

struct walk {
	const struct tso_check_region *r;
	const u64 *start;		/* payload offset of each region */
	const dma_addr_t *dma;		/* where each mapped region was mapped */
	unsigned int n;
	u64 total, mapped;		/* payload bytes; those of mapped regions */
	bool iova;
	dma_addr_t base;		/* the IOVA state's address */
};

/* the region holding payload byte pos */
static unsigned int region_at(const struct walk *w, u64 pos)
{
	unsigned int i;

	for (i = 0; i + 1 < w->n && pos >= w->start[i] + w->r[i].len; i++)
		;
	return i;
}

/* one chunk next() gave at payload byte pos with left bytes of its segment to go */
static bool check_chunk(const struct walk *w, u64 pos, unsigned int left, unsigned int seg,
			dma_addr_t addr, unsigned int clen, unsigned int mlen, char *msg,
			size_t len)
{
	unsigned int ri = region_at(w, pos);
	u64 off = pos - w->start[ri], i;
	dma_addr_t want;

	if (!clen || clen > left)
		return fail(msg, len, "segment %u, payload byte %#llx: a chunk of %#x bytes with "
			    "%#x left in the segment", seg, (unsigned long long)pos, clen, left);
	if (!w->r[ri].mapped)
		return fail(msg, len, "segment %u, payload byte %#llx: region %u (a frag_list "
			    "skb's %#x bytes at phys %#llx) is mapped by nothing, yet "
			    "tso_dma_map_next() gave DMA %#llx+%#x", seg,
			    (unsigned long long)pos, ri, w->r[ri].len,
			    (unsigned long long)w->r[ri].phys, (unsigned long long)addr, clen);
	if (w->iova) {
		want = w->base + pos;
		if (clen != left || mlen)
			return fail(msg, len, "segment %u, payload byte %#llx: IOVA path chunk of "
				    "%#x bytes, mapping_len %#x: expected the segment's %#x, 0",
				    seg, (unsigned long long)pos, clen, mlen, left);
		for (i = ri; i < w->n && w->start[i] < pos + clen; i++)
			if (!w->r[i].mapped)
				return fail(msg, len, "segment %u: the IOVA chunk %#llx+%#x covers "
					    "payload bytes %#llx+%#x (region %u, a frag_list "
					    "skb's) that no dma_iova_link() mapped", seg,
					    (unsigned long long)addr, clen,
					    (unsigned long long)w->start[i], w->r[i].len,
					    (unsigned int)i);
	} else {
		want = w->dma[ri] + off;
		if (clen > w->r[ri].len - off)
			return fail(msg, len, "segment %u, payload byte %#llx: a chunk of %#x "
				    "bytes crosses the end of region %u (%#llx bytes left in it)",
				    seg, (unsigned long long)pos, clen, ri,
				    (unsigned long long)(w->r[ri].len - off));
		if (mlen != (off ? 0 : w->r[ri].len))
			return fail(msg, len, "segment %u, payload byte %#llx: mapping_len %#x, "
				    "expected %#llx (region %u, offset %#llx)", seg,
				    (unsigned long long)pos, mlen,
				    (unsigned long long)(off ? 0 : w->r[ri].len), ri,
				    (unsigned long long)off);
	}
	if (addr != want)
		return fail(msg, len, "segment %u, payload byte %#llx: chunk at DMA %#llx, "
			    "expected %#llx (region %u at phys %#llx, offset %#llx)", seg,
			    (unsigned long long)pos, (unsigned long long)addr,
			    (unsigned long long)want, ri, (unsigned long long)w->r[ri].phys,
			    (unsigned long long)off);
	return true;
}

/*
 * Walk the payload as a driver's xmit loop does. On the fallback path a
 * walk past the mapped regions reads map->frags[] slots init never wrote;
 * one past the array (MAX_SKB_FRAGS mapped frags) is not made.
 */
static bool walk_payload(struct tso_dma_map *map, const struct walk *w, unsigned int gso_size,
			 struct tso_check_result *res, char *msg, size_t len)
{
	u64 pos = 0;
	dma_addr_t addr;
	unsigned int clen, mlen, cnt;

	/* a descriptor counted for no payload: "the number of descriptors needed for @len bytes" */
	cnt = tso_dma_map_count(map, 0);
	if (cnt)
		return fail(msg, len, "tso_dma_map_count() of 0 bytes: %u descriptors, expected 0",
			    cnt);
	while (pos < w->total) {
		unsigned int seg = min_t(u64, gso_size, w->total - pos), left = seg, n = 0;

		if (!w->iova && pos + seg > w->mapped && map->nr_frags == MAX_SKB_FRAGS)
			return fail(msg, len, "segment %u, payload byte %#llx: the %#llx payload bytes "
				    "past the mapped %#llx are in no region, and tso_dma_map_count/"
				    "next() would read map->frags[%d], past the array",
				    res->nr_segs, (unsigned long long)pos,
				    (unsigned long long)(w->total - w->mapped),
				    (unsigned long long)w->mapped, MAX_SKB_FRAGS);
		cnt = tso_dma_map_count(map, seg);
		while (left) {
			if (!tso_dma_map_next(map, &addr, &clen, &mlen, left))
				return fail(msg, len, "segment %u: tso_dma_map_next() gave nothing with "
					    "%#x bytes left", res->nr_segs, left);
			if (!check_chunk(w, pos, left, res->nr_segs, addr, clen, mlen, msg, len))
				return false;
			if (++n > MAX_CHUNKS)
				return fail(msg, len, "segment %u: more than %d chunks", res->nr_segs,
					    MAX_CHUNKS);
			pos += clen;
			left -= clen;
			res->nr_chunks++;
		}
		if (cnt != n)
			return fail(msg, len, "segment %u (%#x bytes at payload byte %#llx): "
				    "tso_dma_map_count() said %u chunks, next() gave %u",
				    res->nr_segs, seg, (unsigned long long)(pos - seg), cnt, n);
		res->nr_segs++;
	}
	if (tso_dma_map_next(map, &addr, &clen, &mlen, 0))
		return fail(msg, len, "tso_dma_map_next() gave a chunk for 0 bytes");
	return true;
}

/*
 * The map's fields as include/net/tso.h documents them after a successful
 * init, on either path: @total_len the payload, @linear_len the linear
 * part's payload, @nr_frags "number of frags successfully DMA-mapped" (all
 * of the skb's).
 */
static bool check_fields(const struct tso_dma_map *map, const struct sk_buff *skb,
			 unsigned int hdr_len, u64 total, char *msg, size_t len)
{
	unsigned int nr_frags = skb_shinfo(skb)->nr_frags, lin = skb_headlen(skb) - hdr_len;

	if (map->total_len != total || map->linear_len != lin || map->nr_frags != nr_frags)
		return fail(msg, len, "after init: total_len %#zx, linear_len %#x, nr_frags %u: "
			    "expected %#llx, %#x, %u (the skb's payload, linear payload, frags)",
			    map->total_len, map->linear_len, map->nr_frags,
			    (unsigned long long)total, lin, nr_frags);
	return true;
}

/*
 * After tso_dma_map_cleanup() the map holds nothing mapped: no IOVA state,
 * no linear part, no frag ("@nr_frags: number of frags successfully
 * DMA-mapped"). A map that still claims a region is unmapped again by a
 * second cleanup (a driver's common error path): a second call must unmap
 * nothing.
 */
static bool check_cleanup_forgets(struct tso_dma_map *map, struct device *dev, char *msg,
				  size_t len)
{
	u64 map0, unmap0, map1, unmap1;

	if (dma_use_iova(&map->iova_state) || map->linear_len || map->nr_frags)
		return fail(msg, len, "after cleanup the map still holds %s, linear_len %#x, "
			    "nr_frags %u: expected nothing", dma_use_iova(&map->iova_state) ?
			    "an IOVA state" : "no IOVA state", map->linear_len, map->nr_frags);
	domain_bytes(dev, &map0, &unmap0);
	tso_dma_map_cleanup(map);
	domain_bytes(dev, &map1, &unmap1);
	if (map1 != map0 || unmap1 != unmap0)
		return fail(msg, len, "a second tso_dma_map_cleanup() unmapped %#llx bytes",
			    (unsigned long long)(unmap1 - unmap0));
	return true;
}

/*
 * Record what init mapped with the checker, the DMA address of each region
 * into dma[]; lin: region 0 is the linear part's payload.
 */
static struct check_map *record(struct checker *ck, struct device *dev, struct tso_dma_map *map,
				const struct tso_check_region *r, const u64 *start,
				unsigned int n, bool lin, dma_addr_t *dma, bool *ok, char *msg,
				size_t len)
{
	struct check_map *m = check_map_new(ck, dev, DMA_TO_DEVICE, 0);
	struct dma_iova_state *st = &map->iova_state;
	unsigned int i, f = 0;

	if (!m) {
		*ok = fail(msg, len, "the device is not registered with the checker");
		return NULL;
	}
	if (dma_use_iova(st) && !check_map_reserve(m, st->addr, dma_iova_size(st))) {
		*ok = fail(msg, len, "check_map_reserve refused the IOVA state %#llx+%#zx",
			   (unsigned long long)st->addr, dma_iova_size(st));
		return m;
	}
	for (i = 0; i < n && r[i].mapped; i++) {
		bool linear = !i && lin;

		if (dma_use_iova(st)) {
			dma[i] = st->addr + start[i];
			if (!check_map_link(m, dma[i], r[i].phys, r[i].len)) {
				*ok = fail(msg, len, "check_map_link refused region %u", i);
				return m;
			}
			continue;
		}
		if (linear ? map->linear_len != r[i].len :
			     f >= map->nr_frags || map->frags[f].len != r[i].len) {
			*ok = fail(msg, len, "region %u (%#x bytes): the map holds %s of %#x bytes "
				   "(%u frags mapped)", i, r[i].len, linear ? "a linear part" :
				   "a frag", linear ? map->linear_len :
				   f < map->nr_frags ? map->frags[f].len : 0, map->nr_frags);
			return m;
		}
		dma[i] = linear ? map->linear_dma : map->frags[f++].dma;
		if (r[i].len && !check_map_range(m, dma[i], r[i].phys, r[i].len)) {
			*ok = fail(msg, len, "check_map_range refused region %u", i);
			return m;
		}
	}
	if (!dma_use_iova(st) && f != map->nr_frags)
		*ok = fail(msg, len, "init mapped %u frags, the skb has %u", map->nr_frags, f);
	return m;
}

bool tso_check_drive(struct checker *ck, struct device *dev, const struct sk_buff *skb,
		     unsigned int hdr_len, unsigned int gso_size, struct tso_check_result *res,
		     char *msg, size_t len)
{
	struct tso_check_region *r = calloc(TSO_CHECK_MAX_REGIONS, sizeof(*r));
	u64 *start = calloc(TSO_CHECK_MAX_REGIONS, sizeof(*start));
	dma_addr_t *dma = calloc(TSO_CHECK_MAX_REGIONS, sizeof(*dma));
	/* as a driver's stack or ring holds it: whatever was there before */
	struct tso_dma_map *map = malloc(sizeof(*map));
	unsigned long warns = dmalab_warn_count();
	struct check_map *m = NULL;
	struct walk w = {};
	u64 map0, unmap0, map1, unmap1, map2, unmap2;
	unsigned int i;
	bool ok = true;

	memset(res, 0, sizeof(*res));
	if (!r || !start || !dma || !map) {
		ok = fail(msg, len, "out of memory");
		goto out;
	}
	memset(map, 0xa5, sizeof(*map));
	w.n = tso_check_regions(skb, hdr_len, r, TSO_CHECK_MAX_REGIONS);
	if (!w.n && skb->len > hdr_len) {
		ok = fail(msg, len, "hdr_len %u beyond the linear part, or more than %d regions",
			  hdr_len, TSO_CHECK_MAX_REGIONS);
		goto out;
	}
	for (i = 0; i < w.n; i++) {
		start[i] = w.total;
		w.total += r[i].len;
		if (r[i].mapped)
			w.mapped += r[i].len;
	}
	if (w.total != skb->len - hdr_len) {
		ok = fail(msg, len, "inconsistent skb: its regions hold %#llx payload bytes, "
			  "skb->len - hdr_len is %#x", (unsigned long long)w.total,
			  skb->len - hdr_len);
		goto out;
	}
	w.r = r;
	w.start = start;
	w.dma = dma;
	res->nr_regions = w.n;
	domain_bytes(dev, &map0, &unmap0);
	res->ret = tso_dma_map_init(map, dev, skb, hdr_len);
	domain_bytes(dev, &map1, &unmap1);
	if (res->ret) {
		if (res->ret != -ENOMEM)
			ok = fail(msg, len, "tso_dma_map_init() returned %d: 0 or -ENOMEM expected",
				  res->ret);
		else if (map1 - map0 != unmap1 - unmap0)
			ok = fail(msg, len, "tso_dma_map_init() failed, leaving %#llx bytes mapped",
				  (unsigned long long)((map1 - map0) - (unmap1 - unmap0)));
		else if (!check_verify(ck))
			ok = fail(msg, len, "after a failed init: the checker disagrees (above)");
		goto out;
	}
	res->iova = w.iova = dma_use_iova(&map->iova_state);
	w.base = map->iova_state.addr;
	if (w.iova)
		res->iova_addr = w.base;
	if (w.iova && !dmalab_device_domain(dev)) {
		ok = fail(msg, len, "the IOVA path for a device behind no IOMMU");
		goto cleanup;
	}
	if (!check_fields(map, skb, hdr_len, w.total, msg, len)) {
		ok = false;
		goto cleanup;
	}
	/* region 0 is the linear part's payload if there is any: the skb says */
	m = record(ck, dev, map, r, start, w.n, skb_headlen(skb) > hdr_len, dma, &ok, msg, len);
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "after init (%s path): the checker disagrees (above)",
			  w.iova ? "IOVA" : "fallback");
	if (ok)
		ok = walk_payload(map, &w, gso_size, res, msg, len);
cleanup:
	tso_dma_map_cleanup(map);
	domain_bytes(dev, &map2, &unmap2);
	if (m)
		check_unmap(m);
	if (ok && unmap2 - unmap1 != (map1 - map0) - (unmap1 - unmap0))
		ok = fail(msg, len, "tso_dma_map_cleanup() unmapped %#llx bytes, init had left "
			  "%#llx mapped (%s path)", (unsigned long long)(unmap2 - unmap1),
			  (unsigned long long)((map1 - map0) - (unmap1 - unmap0)),
			  w.iova ? "IOVA" : "fallback");
	if (ok)
		ok = check_cleanup_forgets(map, dev, msg, len);
	if (ok && !check_verify(ck))
		ok = fail(msg, len, "after cleanup: the checker disagrees (above)");
out:
	res->warns = dmalab_warn_count() - warns;
	if (res->warns && dmalab_warn_last())
		res->warn_func = dmalab_warn_last()->func;
	free(r);
	free(start);
	free(dma);
	free(map);
	return ok;
}
