/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: reservation objects (drivers/dma-buf/dma-resv.c), as the
 * dma-buf exporters and importers here use them: a lock and an empty fence
 * list. The lock is a pthread mutex that knows its holder, so that
 * dma_resv_assert_held() really checks (a WARN when the calling thread does
 * not hold it), as lockdep would. No fence is ever added: waits return at
 * once. Wound/wait acquire contexts are not emulated (a ctx aborts).
 * Layout ours.
 */
#ifndef _DMALAB_LINUX_DMA_RESV_H
#define _DMALAB_LINUX_DMA_RESV_H

#include <pthread.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/sched.h>

struct ww_acquire_ctx;

enum dma_resv_usage {
	DMA_RESV_USAGE_KERNEL,
	DMA_RESV_USAGE_WRITE,
	DMA_RESV_USAGE_READ,
	DMA_RESV_USAGE_BOOKKEEP,
};

struct dma_resv {
	pthread_mutex_t lock;
	pthread_t holder;
	atomic_t held;
};

static inline void dma_resv_init(struct dma_resv *obj)
{
	pthread_mutex_init(&obj->lock, NULL);
	atomic_set(&obj->held, 0);
}

static inline void dma_resv_fini(struct dma_resv *obj)
{
	WARN_ON(atomic_read(&obj->held));
	pthread_mutex_destroy(&obj->lock);
}

static inline bool dma_resv_held_by_current(struct dma_resv *obj)
{
	return atomic_read(&obj->held) && pthread_equal(obj->holder, pthread_self());
}

static inline int dma_resv_lock(struct dma_resv *obj, struct ww_acquire_ctx *ctx)
{
	BUG_ON(ctx);		/* wound/wait is not emulated */
	/* ww_mutex: taking it again in the same context is -EALREADY; without one, a deadlock */
	BUG_ON(dma_resv_held_by_current(obj));
	pthread_mutex_lock(&obj->lock);
	obj->holder = pthread_self();
	atomic_set(&obj->held, 1);
	return 0;
}

static inline int dma_resv_lock_interruptible(struct dma_resv *obj, struct ww_acquire_ctx *ctx)
{
	return dma_resv_lock(obj, ctx);
}

static inline bool dma_resv_trylock(struct dma_resv *obj)
{
	if (pthread_mutex_trylock(&obj->lock))
		return false;
	obj->holder = pthread_self();
	atomic_set(&obj->held, 1);
	return true;
}

static inline void dma_resv_unlock(struct dma_resv *obj)
{
	BUG_ON(!dma_resv_held_by_current(obj));
	atomic_set(&obj->held, 0);
	pthread_mutex_unlock(&obj->lock);
}

#define dma_resv_held(obj)		dma_resv_held_by_current(obj)
#define dma_resv_assert_held(obj)	WARN_ON_ONCE(!dma_resv_held_by_current(obj))

/* no fences: nothing to wait for, the whole timeout is left */
static inline long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
					 bool intr, unsigned long timeout)
{
	return timeout;
}

#endif
