/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: kref, the kernel's reference counter with a release callback
 * (include/linux/kref.h has the same API over refcount_t). Emulated on an
 * atomic_t; the misuses refcount_t reports (a get from zero, a put below
 * zero) are WARNs here too, so a test sees them.
 */
#ifndef _DMALAB_LINUX_KREF_H
#define _DMALAB_LINUX_KREF_H

#include <linux/atomic.h>
#include <linux/bug.h>

struct kref {
	atomic_t refcount;
};

#define KREF_INIT(n)	{ .refcount = ATOMIC_INIT(n) }

static inline void kref_init(struct kref *kref)
{
	atomic_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return atomic_read(&kref->refcount);
}

/* refcount_inc(): incrementing a released object is a use after free */
static inline void kref_get(struct kref *kref)
{
	WARN(atomic_fetch_add(1, &kref->refcount) <= 0,
	     "refcount_t: addition on 0; use-after-free.\n");
}

/* Returns 1 if this put released the object (release was called). */
static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	int old = atomic_fetch_sub(1, &kref->refcount);

	if (WARN(old <= 0, "refcount_t: underflow; use-after-free.\n"))
		return 0;
	if (old == 1) {
		release(kref);
		return 1;
	}
	return 0;
}

static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return atomic_inc_not_zero(&kref->refcount);
}

#endif
