/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: kmemleak hints are no-ops; leaks are found by slab.c. */
#ifndef _DMALAB_LINUX_KMEMLEAK_H
#define _DMALAB_LINUX_KMEMLEAK_H

static inline void kmemleak_alloc(const void *p, size_t s, int c, unsigned int g) { }
static inline void kmemleak_free(const void *p) { }
static inline void kmemleak_not_leak(const void *p) { }
static inline void kmemleak_ignore(const void *p) { }
static inline void kmemleak_transient_leak(const void *p) { }
static inline void kmemleak_update_trace(const void *p) { }

#endif
