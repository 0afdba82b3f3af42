/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: kernel facilities the KUnit suites reach through the kernel's
 * own header chains (linux/mm.h, linux/sched.h, ...) that the shim's
 * versions of those headers do not provide yet. Each block names the
 * header it belongs in; it should move there (kunit/test.h includes this
 * file only so that the suites build meanwhile).
 */
#ifndef _DMALAB_KUNIT_KERNEL_GAPS_H
#define _DMALAB_KUNIT_KERNEL_GAPS_H

#include <linux/types.h>
#include <linux/random.h>
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/xarray.h>
/* the kernel's linux/mm_types.h includes it */
#include <linux/maple_tree.h>

/* linux/random.h: from the same seeded generator as get_random_u32() */
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

/* linux/sched.h: one thread per CPU and no preemption to offer */
static inline int cond_resched(void)
{
	return 0;
}

/* linux/device.h */
static inline void set_dev_node(struct device *dev, int node)
{
	dev->numa_node = node;
}

/* linux/vmstat.h: one node, so the global count is the node's */
static inline unsigned long global_node_page_state(enum node_stat_item item)
{
	return dmalab_node_stat(item);
}

/*
 * linux/xarray.h: DUPLICATED from include/linux/xarray.h, the encoding of
 * the reserved "zero" entry (internal entry 257), which the maple tree
 * keeps like any other entry.
 */
#ifndef XA_ZERO_ENTRY
#define XA_ZERO_ENTRY	((void *)((257UL << 2) | 2))
#endif

#endif
