/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _DMALAB_LINUX_OF_DEVICE_H
#define _DMALAB_LINUX_OF_DEVICE_H
#include <linux/of.h>
#endif
