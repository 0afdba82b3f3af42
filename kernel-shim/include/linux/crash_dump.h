/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: never a kdump kernel. */
#ifndef _DMALAB_LINUX_CRASH_DUMP_H
#define _DMALAB_LINUX_CRASH_DUMP_H
static inline bool is_kdump_kernel(void) { return false; }
#endif
