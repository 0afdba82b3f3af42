/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: task reference counts. rdma/restrack.h includes it
 * for nothing the compiled code uses (restrack entries are not modelled).
 * Declares nothing: any use fails to compile.
 */
#ifndef _DMALAB_LINUX_SCHED_TASK_H
#define _DMALAB_LINUX_SCHED_TASK_H

#endif
