/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the IPv4 header of an skb (tso_start(), tso_build_hdr()). */
#ifndef _DMALAB_LINUX_IP_H
#define _DMALAB_LINUX_IP_H

#include <linux/skbuff.h>
#include <uapi/linux/ip.h>

static inline struct iphdr *ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_network_header(skb);
}

#endif
