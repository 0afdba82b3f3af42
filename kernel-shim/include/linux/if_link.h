/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: link attributes. rdma/ib_verbs.h names the SR-IOV VF
 * structures in driver ops prototypes only.
 */
#ifndef _DMALAB_LINUX_IF_LINK_H
#define _DMALAB_LINUX_IF_LINK_H

struct ifla_vf_info;
struct ifla_vf_stats;
struct ifla_vf_guid;

#endif
