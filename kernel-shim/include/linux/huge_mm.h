/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_HUGE_MM_H
#define _DMALAB_LINUX_HUGE_MM_H
#include <linux/mm.h>
#endif
