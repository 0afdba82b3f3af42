/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_IRQ_H
#define _DMALAB_LINUX_IRQ_H
#include <linux/msi.h>
#endif
