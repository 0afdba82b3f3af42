/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: network devices, as far as rdma/ib_verbs.h names them: a
 * GID's or a port's net_device is a pointer never set here, and the
 * trackers are empty (no CONFIG_NET_DEV_REFCNT_TRACKER). The functions
 * are declared, never defined: a static inline of ib_verbs.h that the
 * compiled code called with them would fail to link.
 */
#ifndef _DMALAB_LINUX_NETDEVICE_H
#define _DMALAB_LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/rwlock_types.h>

/* DUPLICATED from include/uapi/linux/if.h (checked by scripts/check-duplicated.sh) */
#define	IFNAMSIZ	16

struct net;
struct net_device;
struct sk_buff;
struct sockaddr;

typedef struct {} netdevice_tracker;
/* net/net_namespace.h without CONFIG_NET_NS: empty, there is one namespace */
typedef struct {} possible_net_t;

bool netif_running(const struct net_device *dev);
bool netif_carrier_ok(const struct net_device *dev);
struct net *read_pnet(const possible_net_t *pnet);

#endif
