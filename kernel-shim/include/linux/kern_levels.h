/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: printk levels, "\001" + level digit as in the kernel
 * (tools/include's version has empty prefixes). */
#ifndef _DMALAB_LINUX_KERN_LEVELS_H
#define _DMALAB_LINUX_KERN_LEVELS_H

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"

#endif
