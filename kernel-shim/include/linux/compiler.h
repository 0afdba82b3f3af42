/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: tools/include's compiler.h plus the attributes and helpers of
 * the kernel's compiler headers that it lacks and the 7.x headers use.
 */
#ifndef _DMALAB_LINUX_COMPILER_H
#define _DMALAB_LINUX_COMPILER_H

#include_next <linux/compiler.h>
#include <linux/compiler-context-analysis.h>

#ifndef __cleanup
#define __cleanup(func)		__attribute__((__cleanup__(func)))
#endif
#ifndef __nonnull_args
#define __nonnull_args(x...)	__attribute__((__nonnull__(x)))
#endif
#ifndef __UNIQUE_ID
#define __UNIQUE_ID(name)	__PASTE(__UNIQUE_ID_, __PASTE(name, __PASTE(_, __COUNTER__)))
#endif
#ifndef auto
#define auto			__auto_type	/* as the 7.x kernel (C23 spelling) */
#endif
#ifndef statically_true
#define statically_true(x)	(__builtin_constant_p(x) && (x))
#endif
#ifndef __percpu
#define __percpu
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef is_signed_type
#define is_signed_type(type)	(((type)(-1)) < (__force type)1)
#endif
#ifndef is_unsigned_type
#define is_unsigned_type(type)	(!is_signed_type(type))
#endif
#ifndef __counted_by
#define __counted_by(m)
#endif
#ifndef __counted_by_ptr
#define __counted_by_ptr(m)
#endif
#ifndef __nonstring
#define __nonstring
#endif
#ifndef __malloc
#define __malloc		__attribute__((__malloc__))
#endif
#ifndef __alloc_size
#define __alloc_size(x...)
#endif
#ifndef __realloc_size
#define __realloc_size(x...)
#endif
#ifndef __assume_aligned
#define __assume_aligned(a...)
#endif
#ifndef __no_sanitize_address
#define __no_sanitize_address
#endif
#ifndef __randomize_layout
#define __randomize_layout
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __must_be_cstr
#define __must_be_cstr(p)	0
#endif
#ifndef __flatten
#define __flatten		__attribute__((flatten))
#endif
#ifndef noinline_for_stack
#define noinline_for_stack	noinline
#endif
#ifndef __pure
#define __pure			__attribute__((pure))
#endif
#ifndef __weak
#define __weak			__attribute__((weak))
#endif
#ifndef fallthrough
#define fallthrough		__attribute__((__fallthrough__))
#endif
#ifndef __noinline_for_stack
#define __noinline_for_stack
#endif
/* KCSAN is not built: racy data is plain data, as compiler_types.h says then */
#ifndef __data_racy
#define __data_racy
#endif
/* no latent_entropy gcc plugin (compiler-gcc.h defines it only with the plugin) */
#ifndef __latent_entropy
#define __latent_entropy
#endif

#endif
