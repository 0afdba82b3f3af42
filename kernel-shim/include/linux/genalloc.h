/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the general-purpose special memory pool (lib/genalloc.c's
 * API), as p2pdma.c uses it to hand out P2P BAR memory. Ours, small: each
 * chunk is a bitmap of 1 << min_alloc_order units, allocation is first fit
 * (genalloc's default algorithm) and each chunk carries its owner pointer
 * (the pgmap's percpu_ref) and its physical (here: PCI bus) address.
 * runtime/genalloc.c.
 */
#ifndef _DMALAB_LINUX_GENALLOC_H
#define _DMALAB_LINUX_GENALLOC_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct gen_pool {
	spinlock_t lock;
	struct list_head chunks;
	int min_alloc_order;
};

struct gen_pool *gen_pool_create(int min_alloc_order, int nid);
void gen_pool_destroy(struct gen_pool *pool);
int gen_pool_add_owner(struct gen_pool *pool, unsigned long addr, phys_addr_t phys,
		       size_t size, int nid, void *owner);
unsigned long gen_pool_alloc_owner(struct gen_pool *pool, size_t size, void **owner);
void gen_pool_free_owner(struct gen_pool *pool, unsigned long addr, size_t size,
			 void **owner);
static inline void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size)
{
	gen_pool_free_owner(pool, addr, size, NULL);
}
size_t gen_pool_size(struct gen_pool *pool);
size_t gen_pool_avail(struct gen_pool *pool);
phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr);

#endif
