/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: typecheck(). rdma/restrack.h includes it for
 * nothing the compiled code uses.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_TYPECHECK_H
#define _DMALAB_LINUX_TYPECHECK_H

#endif
