/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the tree's args.h, after glibc's differently spaced __CONCAT. */
#ifndef _DMALAB_LINUX_ARGS_H
#define _DMALAB_LINUX_ARGS_H
#undef __CONCAT
#include_next <linux/args.h>
#endif
