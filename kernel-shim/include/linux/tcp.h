/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the TCP header of an skb (tso_start(), tso_build_hdr()). */
#ifndef _DMALAB_LINUX_TCP_H
#define _DMALAB_LINUX_TCP_H

#include <linux/skbuff.h>
#include <uapi/linux/tcp.h>

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

static inline unsigned int tcp_hdrlen(const struct sk_buff *skb)
{
	return tcp_hdr(skb)->doff * 4;
}

#endif
