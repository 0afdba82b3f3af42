/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the uapi header by its short name, as the kernel's search
 * path (include/uapi) finds it for the uapi headers that include it so.
 */
#ifndef _DMALAB_LINUX_LIBC_COMPAT_H
#define _DMALAB_LINUX_LIBC_COMPAT_H

#include <uapi/linux/libc-compat.h>

#endif
