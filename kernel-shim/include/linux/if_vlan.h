/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: VLANs, as net/core/tso.c reaches them: the skb model and
 * the IP, TCP and UDP headers tso.c's header builders use (the kernel's
 * if_vlan.h and net/ip.h reach them through netdevice.h and inet_sock.h).
 * No VLAN tags are modelled: an skb's protocol is its network protocol.
 */
#ifndef _DMALAB_LINUX_IF_VLAN_H
#define _DMALAB_LINUX_IF_VLAN_H

#include <linux/byteorder/generic.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <uapi/linux/if_ether.h>

static inline __be16 vlan_get_protocol(const struct sk_buff *skb)
{
	return skb->protocol;
}

#endif
