/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the kernel's random numbers, from a seeded generator
 * (dmalab_set_random_seed()) so that a run replays exactly.
 */
#ifndef _DMALAB_LINUX_RANDOM_H
#define _DMALAB_LINUX_RANDOM_H

#include <linux/types.h>

u32 get_random_u32(void);
/* uniform in [0, ceil), ceil > 0 */
u32 get_random_u32_below(u32 ceil);

#endif
