/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: read-write semaphores are pthread rwlocks, plus the writer's
 * identity so that lockdep_assert_held_write() really checks (a WARN when
 * the caller does not hold the semaphore for writing), as lockdep would.
 * Releasing a semaphore not held is a BUG, as for spinlocks.
 */
#ifndef _DMALAB_LINUX_RWSEM_H
#define _DMALAB_LINUX_RWSEM_H

#include <pthread.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/cleanup.h>

struct rw_semaphore {
	pthread_rwlock_t lock;
	pthread_t writer;
	atomic_t writing;	/* 1 while held for writing */
	atomic_t readers;
};

#define __RWSEM_INITIALIZER(name)	{ .lock = PTHREAD_RWLOCK_INITIALIZER }
#define DECLARE_RWSEM(name)		struct rw_semaphore name = __RWSEM_INITIALIZER(name)

static inline void init_rwsem(struct rw_semaphore *sem)
{
	pthread_rwlock_init(&sem->lock, NULL);
	atomic_set(&sem->writing, 0);
	atomic_set(&sem->readers, 0);
}

static inline void down_write(struct rw_semaphore *sem)
{
	pthread_rwlock_wrlock(&sem->lock);
	sem->writer = pthread_self();
	atomic_set(&sem->writing, 1);
}

static inline int down_write_trylock(struct rw_semaphore *sem)
{
	if (pthread_rwlock_trywrlock(&sem->lock))
		return 0;
	sem->writer = pthread_self();
	atomic_set(&sem->writing, 1);
	return 1;
}

static inline void up_write(struct rw_semaphore *sem)
{
	BUG_ON(!atomic_read(&sem->writing));
	atomic_set(&sem->writing, 0);
	pthread_rwlock_unlock(&sem->lock);
}

static inline void down_read(struct rw_semaphore *sem)
{
	pthread_rwlock_rdlock(&sem->lock);
	atomic_inc(&sem->readers);
}

static inline int down_read_trylock(struct rw_semaphore *sem)
{
	if (pthread_rwlock_tryrdlock(&sem->lock))
		return 0;
	atomic_inc(&sem->readers);
	return 1;
}

static inline void up_read(struct rw_semaphore *sem)
{
	BUG_ON(atomic_dec_return(&sem->readers) < 0);
	pthread_rwlock_unlock(&sem->lock);
}

static inline bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return atomic_read(&sem->writing) || atomic_read(&sem->readers);
}

static inline bool __dmalab_rwsem_write_held(struct rw_semaphore *sem)
{
	return atomic_read(&sem->writing) && pthread_equal(sem->writer, pthread_self());
}

/* lockdep's checks, made for real (rw_semaphores only) */
#define lockdep_assert_held_write(sem)	WARN_ON_ONCE(!__dmalab_rwsem_write_held(sem))
#define lockdep_assert_held_read(sem)	WARN_ON_ONCE(!atomic_read(&(sem)->readers))

DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))

#endif
