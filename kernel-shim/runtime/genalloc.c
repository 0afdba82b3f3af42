// SPDX-License-Identifier: GPL-2.0-only
/*
 * A gen_pool for p2pdma's BAR memory (include/linux/genalloc.h says why it
 * is ours). Each chunk is a bitmap of allocation units; allocation is first
 * fit, as genalloc's default gen_pool_first_fit.
 */
#include <linux/genalloc.h>
#include <linux/slab.h>
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/bug.h>

struct gen_pool_chunk {
	struct list_head next;
	unsigned long start_addr, end_addr;	/* virtual, end inclusive */
	phys_addr_t phys_addr;
	void *owner;
	size_t avail;
	unsigned long bits[];			/* one a unit, set: allocated */
};

struct gen_pool *gen_pool_create(int min_alloc_order, int nid)
{
	struct gen_pool *pool = kmalloc(sizeof(*pool), GFP_KERNEL);

	if (!pool)
		return NULL;
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->chunks);
	pool->min_alloc_order = min_alloc_order;
	return pool;
}

void gen_pool_destroy(struct gen_pool *pool)
{
	struct gen_pool_chunk *c, *tmp;

	list_for_each_entry_safe(c, tmp, &pool->chunks, next) {
		size_t size = c->end_addr - c->start_addr + 1;

		/* genalloc BUG()s on a destroy with memory still allocated */
		BUG_ON(c->avail != size);
		list_del(&c->next);
		kfree(c);
	}
	kfree(pool);
}

int gen_pool_add_owner(struct gen_pool *pool, unsigned long addr, phys_addr_t phys,
		       size_t size, int nid, void *owner)
{
	unsigned long units = size >> pool->min_alloc_order;
	struct gen_pool_chunk *c;

	c = kzalloc(sizeof(*c) + BITS_TO_LONGS(units) * sizeof(long), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->start_addr = addr;
	c->end_addr = addr + size - 1;
	c->phys_addr = phys;
	c->owner = owner;
	c->avail = size;
	spin_lock(&pool->lock);
	list_add_tail(&c->next, &pool->chunks);
	spin_unlock(&pool->lock);
	return 0;
}

static bool units_free(const unsigned long *bits, unsigned long first, unsigned long n)
{
	unsigned long i;

	for (i = first; i < first + n; i++)
		if (test_bit(i, bits))
			return false;
	return true;
}

unsigned long gen_pool_alloc_owner(struct gen_pool *pool, size_t size, void **owner)
{
	int order = pool->min_alloc_order;
	unsigned long n = (size + (1UL << order) - 1) >> order, i, u, units;
	struct gen_pool_chunk *c;
	unsigned long addr = 0;

	if (owner)
		*owner = NULL;
	if (!size)
		return 0;
	spin_lock(&pool->lock);
	list_for_each_entry(c, &pool->chunks, next) {
		if (c->avail < (n << order))
			continue;
		units = (c->end_addr - c->start_addr + 1) >> order;
		for (u = 0; u + n <= units; u++) {
			if (!units_free(c->bits, u, n))
				continue;
			for (i = u; i < u + n; i++)
				set_bit(i, c->bits);
			c->avail -= n << order;
			addr = c->start_addr + (u << order);
			if (owner)
				*owner = c->owner;
			goto out;
		}
	}
out:
	spin_unlock(&pool->lock);
	return addr;
}

static struct gen_pool_chunk *find_chunk(struct gen_pool *pool, unsigned long addr)
{
	struct gen_pool_chunk *c;

	list_for_each_entry(c, &pool->chunks, next)
		if (addr >= c->start_addr && addr <= c->end_addr)
			return c;
	return NULL;
}

void gen_pool_free_owner(struct gen_pool *pool, unsigned long addr, size_t size,
			 void **owner)
{
	int order = pool->min_alloc_order;
	unsigned long n = (size + (1UL << order) - 1) >> order, i, u;
	struct gen_pool_chunk *c;

	if (owner)
		*owner = NULL;
	spin_lock(&pool->lock);
	c = find_chunk(pool, addr);
	BUG_ON(!c || addr + (n << order) - 1 > c->end_addr);	/* as genalloc */
	u = (addr - c->start_addr) >> order;
	for (i = u; i < u + n; i++) {
		BUG_ON(!test_bit(i, c->bits));			/* double free */
		clear_bit(i, c->bits);
	}
	c->avail += n << order;
	if (owner)
		*owner = c->owner;
	spin_unlock(&pool->lock);
}

size_t gen_pool_size(struct gen_pool *pool)
{
	struct gen_pool_chunk *c;
	size_t size = 0;

	list_for_each_entry(c, &pool->chunks, next)
		size += c->end_addr - c->start_addr + 1;
	return size;
}

size_t gen_pool_avail(struct gen_pool *pool)
{
	struct gen_pool_chunk *c;
	size_t avail = 0;

	list_for_each_entry(c, &pool->chunks, next)
		avail += c->avail;
	return avail;
}

phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr)
{
	struct gen_pool_chunk *c = find_chunk(pool, addr);

	return c ? c->phys_addr + (addr - c->start_addr) : -1;
}
