/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: RCU.
 *
 * Readers are plain loads and writers plain stores with a release fence.
 * This is exact for the single-threaded harness (one thread = one CPU, no
 * preemption); multi-threaded runs serialise writers with the spinlocks the
 * kernel code already takes. call_rcu/synchronize_rcu run the callback at
 * once: there are no readers left to wait for in our programs.
 */
#ifndef _DMALAB_LINUX_RCUPDATE_H
#define _DMALAB_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/kernel.h>	/* tools/include defines an empty synchronize_rcu() */
#include <linux/types.h>

#define rcu_read_lock()			do { } while (0)
#define rcu_read_unlock()		do { } while (0)
#define rcu_read_lock_held()		1
#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_raw(p)		READ_ONCE(p)
#define rcu_dereference_check(p, c)	READ_ONCE(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v) \
	do { __atomic_thread_fence(__ATOMIC_RELEASE); WRITE_ONCE(p, v); } while (0)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)
#define __rcu

#undef synchronize_rcu
static inline void synchronize_rcu(void) { }
static inline void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *))
{
	func(head);
}

#endif
