/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: IPv6. rdma/ib_verbs.h calls ipv6_addr_v4mapped() in a static
 * inline (rdma_gid_attr_network_type) the compiled code never calls: it
 * is declared, never defined, so a use would fail to link.
 */
#ifndef _DMALAB_NET_IPV6_H
#define _DMALAB_NET_IPV6_H

#include <linux/types.h>

struct in6_addr;

bool ipv6_addr_v4mapped(const struct in6_addr *a);

#endif
