/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: percpu_ref as one atomic counter. The kernel's percpu mode
 * is a performance device; the observable contract (get/put, tryget_live
 * failing once killed, release at zero after kill) is what is kept.
 */
#ifndef _DMALAB_LINUX_PERCPU_REFCOUNT_H
#define _DMALAB_LINUX_PERCPU_REFCOUNT_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/gfp.h>

struct percpu_ref;
typedef void (percpu_ref_func_t)(struct percpu_ref *);

struct percpu_ref {
	atomic_long_t count;
	bool dead;
	percpu_ref_func_t *release;
};

static inline int percpu_ref_init(struct percpu_ref *ref, percpu_ref_func_t *release,
				  unsigned int flags, gfp_t gfp)
{
	atomic_long_set(&ref->count, 1);
	ref->dead = false;
	ref->release = release;
	return 0;
}

static inline void percpu_ref_exit(struct percpu_ref *ref) { }

static inline void percpu_ref_get(struct percpu_ref *ref)
{
	atomic_long_inc(&ref->count);
}

static inline void percpu_ref_put(struct percpu_ref *ref)
{
	if (atomic_long_dec_and_test(&ref->count) && ref->release)
		ref->release(ref);
}

static inline bool percpu_ref_tryget_live(struct percpu_ref *ref)
{
	if (READ_ONCE(ref->dead))
		return false;
	percpu_ref_get(ref);
	return true;
}
#define percpu_ref_tryget_live_rcu(ref)	percpu_ref_tryget_live(ref)

static inline void percpu_ref_kill(struct percpu_ref *ref)
{
	WRITE_ONCE(ref->dead, true);
	percpu_ref_put(ref);
}

static inline bool percpu_ref_is_zero(struct percpu_ref *ref)
{
	return !atomic_long_read(&ref->count);
}

#endif
