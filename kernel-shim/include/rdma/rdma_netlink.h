/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the kernel's rdma/rdma_netlink.h is the netlink side of the
 * RDMA core (linux/netlink.h and the whole socket layer). rdma/rdma_counter.h
 * needs only the uapi enums (rdma_nl_counter_mode, rdma_nl_counter_mask),
 * which come from the tree's uapi header as shipped.
 */
#ifndef _DMALAB_RDMA_RDMA_NETLINK_H
#define _DMALAB_RDMA_RDMA_NETLINK_H

#include <uapi/rdma/rdma_netlink.h>

struct netlink_ext_ack;

#endif
