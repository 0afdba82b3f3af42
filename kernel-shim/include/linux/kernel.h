/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: tools/include's kernel.h, with BUG() and BUG_ON() routed to
 * the runtime (tools/include would make them assert()s).
 */
#ifndef _DMALAB_LINUX_KERNEL_H
#define _DMALAB_LINUX_KERNEL_H

#include <linux/bug.h>
#include_next <linux/kernel.h>
/* the kernel's min()/max() family (type-checked like the kernel's), not tools' */
#undef min
#undef max
#undef min_t
#undef max_t
#undef clamp
#include_next <linux/minmax.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/limits.h>
#include <linux/errno.h>
#include <linux/static_call.h>
#include <linux/printk.h>

int kstrtobool(const char *s, bool *res);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);

#undef synchronize_rcu
/* glibc's assert.h redefines static_assert without the kernel's default message */
#undef static_assert
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)

#endif
