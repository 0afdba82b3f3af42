/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: slab allocator (kernel-shim/runtime/slab.c).
 *
 * Every object is a separate malloc() of exactly the requested size, so the
 * sanitizers see overruns as they would in the kernel with KASAN. Beside it
 * the runtime records the size the kernel would charge (the kmalloc size
 * class, or the kmem_cache object size), the allocation site and whether it
 * was freed: that is what memory density figures and leak reports use.
 * Allocation-failure injection applies here (see dmalab/runtime.h).
 */
#ifndef _DMALAB_LINUX_SLAB_H
#define _DMALAB_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/stringify.h>
#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/cleanup.h>
#include <linux/cache.h>

#define SLAB_HWCACHE_ALIGN	((slab_flags_t)0x00002000U)
#define SLAB_PANIC		((slab_flags_t)0x00040000U)
#define SLAB_ACCOUNT		((slab_flags_t)0)
#define SLAB_RECLAIM_ACCOUNT	((slab_flags_t)0)
#define SLAB_TYPESAFE_BY_RCU	((slab_flags_t)0x00080000U)

#define KMALLOC_MAX_CACHE_SIZE	(2 * 4096UL)
#define ARCH_KMALLOC_MINALIGN	8
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

void *__dmalab_kmalloc(size_t size, gfp_t gfp, const char *site);
void *__dmalab_krealloc(const void *p, size_t size, gfp_t gfp, const char *site);
void *__dmalab_cache_alloc(struct kmem_cache *c, gfp_t gfp, const char *site);
struct kmem_cache *__dmalab_cache_create(const char *name, unsigned int size,
					 unsigned int align, slab_flags_t flags,
					 void (*ctor)(void *));

#define __DMALAB_SITE	__FILE__ ":" __stringify(__LINE__)

void kfree(const void *p);
void kvfree(const void *p);
void kfree_sensitive(const void *p);
size_t ksize(const void *p);
size_t kmalloc_size_roundup(size_t size);
void kmem_cache_free(struct kmem_cache *c, void *p);
void kmem_cache_destroy(struct kmem_cache *c);

#define kmalloc(size, gfp)	__dmalab_kmalloc(size, gfp, __DMALAB_SITE)
#define kzalloc(size, gfp)	__dmalab_kmalloc(size, (gfp) | __GFP_ZERO, __DMALAB_SITE)
#define kmalloc_node(size, gfp, node)	kmalloc(size, gfp)
#define kzalloc_node(size, gfp, node)	kzalloc(size, gfp)
#define kvmalloc(size, gfp)	kmalloc(size, gfp)
#define kvzalloc(size, gfp)	kzalloc(size, gfp)
#define kvmalloc_node(size, gfp, node)	kmalloc(size, gfp)
#define krealloc(p, size, gfp)	__dmalab_krealloc(p, size, gfp, __DMALAB_SITE)
#define kmalloc_array(n, size, gfp)	kmalloc(size_mul(n, size), gfp)
#define kcalloc(n, size, gfp)		kzalloc(size_mul(n, size), gfp)
#define kvmalloc_array(n, size, gfp)	kmalloc(size_mul(n, size), gfp)
#define kvcalloc(n, size, gfp)		kzalloc(size_mul(n, size), gfp)
#define kcalloc_node(n, size, gfp, node) kcalloc(n, size, gfp)

#define kmem_cache_create(name, size, align, flags, ctor) \
	__dmalab_cache_create(name, size, align, flags, ctor)
#define KMEM_CACHE(s, flags) \
	kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), flags, NULL)
#define kmem_cache_alloc(c, gfp)	__dmalab_cache_alloc(c, gfp, __DMALAB_SITE)
#define kmem_cache_zalloc(c, gfp) \
	__dmalab_cache_alloc(c, (gfp) | __GFP_ZERO, __DMALAB_SITE)
#define kmem_cache_alloc_node(c, gfp, node)	kmem_cache_alloc(c, gfp)

static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = __dmalab_kmalloc(len, gfp, "kmemdup");

	if (p)
		__builtin_memcpy(p, src, len);
	return p;
}

/* 7.x typed allocation helpers, without __builtin_counted_by_ref */
#define __dmalab_first(a, ...)		a
#define __dmalab_default_gfp(...) \
	__dmalab_first(__VA_ARGS__ __VA_OPT__(,) GFP_KERNEL, 0)
#define __dmalab_alloc_objs(ALLOC, GFP, TYPE, COUNT) \
	((TYPE *)ALLOC(size_mul(sizeof(TYPE), COUNT), GFP))
#define __dmalab_alloc_flex(ALLOC, GFP, TYPE, FAM, COUNT) \
	((TYPE *)ALLOC(struct_size_t(TYPE, FAM, COUNT), GFP))
#define kmalloc_obj(P, ...) \
	__dmalab_alloc_objs(kmalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kmalloc_objs(P, COUNT, ...) \
	__dmalab_alloc_objs(kmalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kmalloc_flex(P, FAM, COUNT, ...) \
	__dmalab_alloc_flex(kmalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), FAM, COUNT)
#define kzalloc_obj(P, ...) \
	__dmalab_alloc_objs(kzalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), 1)
#define kzalloc_objs(P, COUNT, ...) \
	__dmalab_alloc_objs(kzalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), COUNT)
#define kzalloc_flex(P, FAM, COUNT, ...) \
	__dmalab_alloc_flex(kzalloc, __dmalab_default_gfp(__VA_ARGS__), typeof(P), FAM, COUNT)
#define kvmalloc_objs	kmalloc_objs
#define kvzalloc_objs	kzalloc_objs

DEFINE_FREE(kfree, void *, if (!IS_ERR_OR_NULL(_T)) kfree(_T))
DEFINE_FREE(kvfree, void *, if (!IS_ERR_OR_NULL(_T)) kvfree(_T))

#endif
