/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: preemption. One thread is one CPU and is never
 * preempted; rdma/ib_verbs.h includes it for nothing the compiled code uses.
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_PREEMPT_H
#define _DMALAB_LINUX_PREEMPT_H

#endif
