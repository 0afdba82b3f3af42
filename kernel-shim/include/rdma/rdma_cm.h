/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the RDMA connection manager. rdma/rw.h includes it, but the
 * R/W API uses nothing of it; the real header pulls in the address
 * resolution and subnet administration headers (sockets, routing, MADs).
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_RDMA_RDMA_CM_H
#define _DMALAB_RDMA_RDMA_CM_H

#endif
