/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: socket buffers, as far as net/core/tso.c reads them. A GSO
 * skb is its linear part (head, data, len, data_len: skb_headlen() bytes
 * at data) and its skb_shared_info: nr_frags page fragments, the GSO
 * fields, and an optional frag_list of further skbs whose bytes skb->len
 * and skb->data_len count, as the kernel's do.
 *
 * The layout is ours: skbs are built by the harness (oracle/tso_check.h),
 * never allocated, cloned or freed by kernel code here. end is a pointer,
 * as in kernels without NET_SKBUFF_DATA_USES_OFFSET (32-bit ones), so that
 * the shared info need not follow the head in memory; the header offsets
 * are from head, as in every kernel. Frags are pages only: a netmem with
 * NET_IOV set (devmem TCP) is never built here.
 *
 * The accessors tso.c depends on for what it maps are DUPLICATED from the
 * tree's include/linux/skbuff.h (checked by scripts/check-duplicated.sh).
 */
#ifndef _DMALAB_LINUX_SKBUFF_H
#define _DMALAB_LINUX_SKBUFF_H

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/mm.h>

#define MAX_SKB_FRAGS CONFIG_MAX_SKB_FRAGS

/* include/net/netmem.h: a page, or (bit 0) a net_iov, never made here */
typedef unsigned long netmem_ref;
#define NET_IOV		0x01UL

static inline bool netmem_is_net_iov(const netmem_ref netmem)
{
	return netmem & NET_IOV;
}

static inline netmem_ref page_to_netmem(struct page *page)
{
	return (netmem_ref)page;
}

static inline struct page *netmem_to_page(netmem_ref netmem)
{
	if (WARN_ON_ONCE(netmem_is_net_iov(netmem)))
		return NULL;
	return (struct page *)netmem;
}

typedef struct skb_frag {
	netmem_ref netmem;
	unsigned int len;
	unsigned int offset;
} skb_frag_t;

static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->len;
}

static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->offset;
}

static inline bool skb_frag_is_net_iov(const skb_frag_t *frag)
{
	return netmem_is_net_iov(frag->netmem);
}

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	if (skb_frag_is_net_iov(frag))
		return NULL;

	return netmem_to_page(frag->netmem);
}

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline void *skb_frag_address(const skb_frag_t *frag)
{
	if (!skb_frag_page(frag))
		return NULL;

	return page_address(skb_frag_page(frag)) + skb_frag_off(frag);
}

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline phys_addr_t skb_frag_phys(const skb_frag_t *frag)
{
	return page_to_phys(skb_frag_page(frag)) + skb_frag_off(frag);
}

/* what skb_fill_page_desc() stores, for the harness */
static inline void skb_frag_fill_page_desc(skb_frag_t *frag, struct page *page, int off,
					   int size)
{
	frag->netmem = page_to_netmem(page);
	frag->offset = off;
	frag->len = size;
}

/* the kernel's values; tso_start() reads the TCP ones */
enum {
	SKB_GSO_TCPV4 = 1 << 0,
	SKB_GSO_TCPV6 = 1 << 4,
	SKB_GSO_UDP_L4 = 1 << 17,
};

struct sk_buff;

struct skb_shared_info {
	__u8 nr_frags;
	unsigned short gso_size;
	unsigned short gso_segs;
	unsigned int gso_type;
	struct sk_buff *frag_list;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

typedef unsigned char *sk_buff_data_t;

struct sk_buff {
	struct sk_buff *next;		/* in a frag_list */
	unsigned int len;		/* linear, frags and frag_list bytes */
	unsigned int data_len;		/* frags and frag_list bytes */
	__u16 mac_header;
	__u16 network_header;
	__u16 transport_header;
	__be16 protocol;
	sk_buff_data_t tail;
	sk_buff_data_t end;		/* the skb_shared_info */
	unsigned char *head;
	unsigned char *data;
};

static inline unsigned char *skb_end_pointer(const struct sk_buff *skb)
{
	return skb->end;
}

#define skb_shinfo(SKB)	((struct skb_shared_info *)(skb_end_pointer(SKB)))

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline bool skb_has_frag_list(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->frag_list != NULL;
}

#define skb_walk_frags(skb, iter)	\
	for (iter = skb_shinfo(skb)->frag_list; iter; iter = iter->next)

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb_transport_header(skb) - skb->data;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

/* DUPLICATED from include/linux/skbuff.h (checked by scripts/check-duplicated.sh) */
static inline bool skb_is_gso_tcp(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6);
}

#endif
