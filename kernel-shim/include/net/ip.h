/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: IPv4. rdma/ib_verbs.h embeds a struct iphdr (RoCEv2 GRH),
 * from the tree's uapi header as shipped.
 */
#ifndef _DMALAB_NET_IP_H
#define _DMALAB_NET_IP_H

#include <uapi/linux/ip.h>

#endif
