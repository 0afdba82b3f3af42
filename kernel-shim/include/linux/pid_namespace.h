/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: PID namespaces. rdma/rdma_counter.h includes it
 * for nothing the compiled code uses.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_PID_NAMESPACE_H
#define _DMALAB_LINUX_PID_NAMESPACE_H

#endif
