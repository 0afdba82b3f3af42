/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the RDMA cgroup controller. rdma/ib_verbs.h uses it
 * only under CONFIG_CGROUP_RDMA, which is off.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_CGROUP_RDMA_H
#define _DMALAB_LINUX_CGROUP_RDMA_H

#endif
