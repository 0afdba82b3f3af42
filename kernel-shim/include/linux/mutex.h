/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: mutexes are pthread mutexes. */
#ifndef _DMALAB_LINUX_MUTEX_H
#define _DMALAB_LINUX_MUTEX_H

#include <pthread.h>
#include <linux/cleanup.h>

struct mutex {
	pthread_mutex_t m;
};

#define __MUTEX_INITIALIZER(name)	{ PTHREAD_MUTEX_INITIALIZER }
#define DEFINE_MUTEX(name)		struct mutex name = __MUTEX_INITIALIZER(name)

static inline void mutex_init(struct mutex *l) { pthread_mutex_init(&l->m, NULL); }
static inline void mutex_destroy(struct mutex *l) { pthread_mutex_destroy(&l->m); }
static inline void mutex_lock(struct mutex *l) { pthread_mutex_lock(&l->m); }
static inline int mutex_trylock(struct mutex *l) { return !pthread_mutex_trylock(&l->m); }
static inline void mutex_unlock(struct mutex *l) { pthread_mutex_unlock(&l->m); }
#define mutex_lock_interruptible(l)	(mutex_lock(l), 0)
#define mutex_is_locked(l)		1
#define lockdep_assert_held_once(l)	do { } while (0)

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))

#endif
