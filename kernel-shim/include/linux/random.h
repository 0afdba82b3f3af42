/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the kernel's random numbers, from a seeded generator
 * (dmalab_set_random_seed()) so that a run replays exactly.
 */
#ifndef _DMALAB_LINUX_RANDOM_H
#define _DMALAB_LINUX_RANDOM_H

#include <linux/types.h>
#include <linux/limits.h>

u32 get_random_u32(void);
/* uniform in [0, ceil), ceil > 0 */
u32 get_random_u32_below(u32 ceil);

static inline u64 get_random_u64(void)
{
	u64 hi = get_random_u32();

	return hi << 32 | get_random_u32();
}

/* uniform in [floor, ceil] */
static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil)
{
	if (ceil - floor == U32_MAX)
		return get_random_u32();
	return floor + get_random_u32_below(ceil - floor + 1);
}

#endif
