/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: BUG/WARN.
 *
 * Every WARN and BUG reaches dmalab_warn()/dmalab_bug() with the kernel file
 * and line, so that a harness can count them (tests) or abort on the first
 * (fuzzing). The macros evaluate like the kernel's: WARN_ON(x) returns !!x.
 */
#ifndef _DMALAB_LINUX_BUG_H
#define _DMALAB_LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <dmalab/runtime.h>

/* spelled as tools/include/linux/kernel.h spells it, so neither warns */
#define BUG()	BUG_ON(1)
#undef BUG_ON
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			dmalab_bug(__FILE__, __LINE__, __func__,	\
				   "BUG_ON(" #cond ")");		\
	} while (0)

#define __dmalab_warn(cond, ...)					\
	({								\
		int __ret_warn = !!(cond);				\
		if (unlikely(__ret_warn))				\
			dmalab_warn(DMALAB_WARN, __FILE__, __LINE__,	\
				    __func__, __VA_ARGS__);		\
		unlikely(__ret_warn);					\
	})

#define __dmalab_warn_once(cond, ...)					\
	({								\
		static bool __warned;					\
		int __ret_warn_once = !!(cond);				\
		if (unlikely(__ret_warn_once && !__warned)) {		\
			__warned = true;				\
			dmalab_warn(DMALAB_WARN, __FILE__, __LINE__,	\
				    __func__, __VA_ARGS__);		\
		}							\
		unlikely(__ret_warn_once);				\
	})

#define WARN_ON(cond)		__dmalab_warn(cond, "WARN_ON(%s)", #cond)
#define WARN_ON_ONCE(cond)	__dmalab_warn_once(cond, "WARN_ON_ONCE(%s)", #cond)
#define WARN(cond, ...)		__dmalab_warn(cond, __VA_ARGS__)
#define WARN_ONCE(cond, ...)	__dmalab_warn_once(cond, __VA_ARGS__)
#define WARN_TAINT(cond, taint, ...)	WARN(cond, __VA_ARGS__)

#endif
