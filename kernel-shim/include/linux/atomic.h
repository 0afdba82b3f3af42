/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: atomics on the compiler's __atomic builtins, fully ordered
 * where the kernel's are (value-returning RMW ops), relaxed otherwise.
 * Replaces tools/arch/x86's asm/atomic.h, whose test_and_clear_bit() is a
 * bit *complement* (btc).
 */
#ifndef _DMALAB_LINUX_ATOMIC_H
#define _DMALAB_LINUX_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>

typedef struct {
	s64 counter;
} atomic64_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

#define __DMALAB_ATOMIC_OPS(pfx, atype, ctype)					\
static inline ctype pfx##_read(const atype *v)					\
{ return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }			\
static inline void pfx##_set(atype *v, ctype i)					\
{ __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }				\
static inline void pfx##_add(ctype i, atype *v)					\
{ __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }			\
static inline void pfx##_sub(ctype i, atype *v)					\
{ __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }			\
static inline void pfx##_inc(atype *v) { pfx##_add(1, v); }			\
static inline void pfx##_dec(atype *v) { pfx##_sub(1, v); }			\
static inline ctype pfx##_add_return(ctype i, atype *v)			\
{ return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }		\
static inline ctype pfx##_sub_return(ctype i, atype *v)			\
{ return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); }		\
static inline ctype pfx##_fetch_add(ctype i, atype *v)				\
{ return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); }		\
static inline ctype pfx##_fetch_sub(ctype i, atype *v)				\
{ return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST); }		\
static inline ctype pfx##_inc_return(atype *v) { return pfx##_add_return(1, v); } \
static inline ctype pfx##_dec_return(atype *v) { return pfx##_sub_return(1, v); } \
static inline bool pfx##_dec_and_test(atype *v) { return pfx##_dec_return(v) == 0; } \
static inline bool pfx##_inc_and_test(atype *v) { return pfx##_inc_return(v) == 0; } \
static inline ctype pfx##_xchg(atype *v, ctype n)				\
{ return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); }		\
static inline ctype pfx##_cmpxchg(atype *v, ctype o, ctype n)			\
{										\
	__atomic_compare_exchange_n(&v->counter, &o, n, false,			\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
	return o;								\
}										\
static inline bool pfx##_try_cmpxchg(atype *v, ctype *o, ctype n)		\
{										\
	return __atomic_compare_exchange_n(&v->counter, o, n, false,		\
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
}

__DMALAB_ATOMIC_OPS(atomic, atomic_t, int)
__DMALAB_ATOMIC_OPS(atomic64, atomic64_t, s64)
__DMALAB_ATOMIC_OPS(atomic_long, atomic_long_t, long)
#undef __DMALAB_ATOMIC_OPS

/* bit operations and the conditional increment kref and p2pdma-era callers use */
static inline void atomic_or(int i, atomic_t *v)
{
	__atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED);
}
static inline void atomic_andnot(int i, atomic_t *v)
{
	__atomic_fetch_and(&v->counter, ~i, __ATOMIC_RELAXED);
}
static inline int atomic_fetch_or(int i, atomic_t *v)
{
	return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);
}
static inline int atomic_fetch_andnot(int i, atomic_t *v)
{
	return __atomic_fetch_and(&v->counter, ~i, __ATOMIC_SEQ_CST);
}
/* add a to v unless v is u; true if it added */
static inline bool atomic_add_unless(atomic_t *v, int a, int u)
{
	int c = atomic_read(v);

	do {
		if (c == u)
			return false;
	} while (!atomic_try_cmpxchg(v, &c, c + a));
	return true;
}
#define atomic_inc_not_zero(v)	atomic_add_unless((v), 1, 0)

#define atomic_cmpxchg_relaxed	atomic_cmpxchg
#define atomic_cmpxchg_release	atomic_cmpxchg
#define atomic_read_acquire(v)	__atomic_load_n(&(v)->counter, __ATOMIC_ACQUIRE)
#define atomic_set_release(v, i) __atomic_store_n(&(v)->counter, i, __ATOMIC_RELEASE)
#define atomic64_read_acquire(v) __atomic_load_n(&(v)->counter, __ATOMIC_ACQUIRE)
#define dma_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define dma_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_mb__before_atomic()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_mb__after_atomic()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

#define cmpxchg(ptr, o, n)						\
	({								\
		typeof(*(ptr)) __o = (o);				\
		__atomic_compare_exchange_n(ptr, &__o, n, false,	\
			__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);		\
		__o;							\
	})
#define try_cmpxchg(ptr, po, n)						\
	__atomic_compare_exchange_n(ptr, po, n, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define try_cmpxchg_release(ptr, po, n)					\
	__atomic_compare_exchange_n(ptr, po, n, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)
#define try_cmpxchg64_release	try_cmpxchg_release
#define try_cmpxchg64		try_cmpxchg
#define cmpxchg64		cmpxchg
#define xchg(ptr, v)	__atomic_exchange_n(ptr, v, __ATOMIC_SEQ_CST)

#endif
