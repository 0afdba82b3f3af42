/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the C library's errno values (the same as Linux's on x86-64)
 * plus the kernel-internal ones. */
#ifndef _DMALAB_LINUX_ERRNO_H
#define _DMALAB_LINUX_ERRNO_H

#include <errno.h>

#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ENOPARAM	519
#define EPROBE_DEFER	517
#define ENOTSUPP	524
#define EBADTYPE	527

#endif
