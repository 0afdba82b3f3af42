/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: KMSAN off. */
#ifndef _DMALAB_LINUX_KMSAN_CHECKS_H
#define _DMALAB_LINUX_KMSAN_CHECKS_H
#include <linux/types.h>
static inline void kmsan_unpoison_memory(const void *addr, size_t size) { }
static inline void kmsan_check_memory(const void *addr, size_t size) { }
#endif
