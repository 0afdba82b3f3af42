/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the tree's minmax.h, always after tools' kernel.h (see there). */
#include <linux/kernel.h>
