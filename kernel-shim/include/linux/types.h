/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: basic kernel types.
 *
 * Wraps tools/include's linux/types.h but replaces its gfp_t, which is an enum
 * there and cannot carry the kernel's GFP flag bits, and its u64/s64, which
 * are (unsigned) long there but long long in the kernel (printk formats).
 */
#ifndef _DMALAB_LINUX_TYPES_H
#define _DMALAB_LINUX_TYPES_H

#define gfp_t __dmalab_tools_gfp_t
#define u64 __dmalab_tools_u64
#define s64 __dmalab_tools_s64
#include_next <linux/types.h>
#undef gfp_t
#undef u64
#undef s64

/* the kernel's 64-bit types are long long (asm-generic/int-ll64.h) */
typedef unsigned long long u64;
typedef signed long long s64;

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
