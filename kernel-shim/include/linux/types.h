/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: basic kernel types.
 *
 * Wraps tools/include's linux/types.h but replaces its gfp_t, which is an enum
 * there and cannot carry the kernel's GFP flag bits.
 */
#ifndef _DMALAB_LINUX_TYPES_H
#define _DMALAB_LINUX_TYPES_H

#define gfp_t __dmalab_tools_gfp_t
#include_next <linux/types.h>
#undef gfp_t

typedef unsigned int __bitwise gfp_t;
typedef unsigned int __bitwise slab_flags_t;
typedef unsigned int __bitwise fmode_t;
typedef u64 dma_addr_t;
typedef u64 sector_t;

#define READ		0
#define WRITE		1
typedef phys_addr_t resource_size_t;
typedef unsigned long irq_hw_number_t;

/*
 * DUPLICATED from include/linux/types.h (7.x): a physical address range.
 * scripts/check-duplicated.sh (run by `make test`) compares it with the tree.
 */
struct phys_vec {
	phys_addr_t	paddr;
	size_t		len;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};
#define callback_head rcu_head

#endif
