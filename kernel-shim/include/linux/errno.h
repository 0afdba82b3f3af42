/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the kernel's errno values (uapi, as glibc uses them)
 * plus the kernel-internal ones. */
#ifndef _DMALAB_LINUX_ERRNO_H
#define _DMALAB_LINUX_ERRNO_H

#include <asm-generic/errno.h>	/* the uapi values; glibc's errno.h includes this file */

#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ENOPARAM	519
#define EPROBE_DEFER	517
#define ENOTSUPP	524
#define EBADTYPE	527

#endif
