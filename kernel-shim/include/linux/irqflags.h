/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: interrupt flags. Interrupts do not exist here
 * (linux/spinlock.h: _irqsave only zeroes flags); rdma/ib_verbs.h includes it
 * for nothing the compiled code uses.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_IRQFLAGS_H
#define _DMALAB_LINUX_IRQFLAGS_H

#endif
