/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the page size (CONFIG_PAGE_SHIFT). */
#ifndef _DMALAB_ASM_PAGE_H
#define _DMALAB_ASM_PAGE_H
#include <linux/const.h>

#define PAGE_SHIFT		CONFIG_PAGE_SHIFT
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#endif
