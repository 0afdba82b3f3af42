/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: spinlocks are real test-and-set locks on an atomic int, so the
 * kernel code is safe when a benchmark runs it on several threads (one thread
 * = one CPU). Interrupts do not exist: the _irqsave variants only zero flags.
 * Unlocking a lock that is not held is a BUG, as lockdep would report it.
 */
#ifndef _DMALAB_LINUX_SPINLOCK_H
#define _DMALAB_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/cleanup.h>

typedef struct spinlock {
	int locked;
} spinlock_t;
typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)	{ 0 }
#define DEFINE_SPINLOCK(x)		spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x)		DEFINE_SPINLOCK(x)

static inline void spin_lock_init(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELAXED);
}

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static inline int spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!__atomic_exchange_n(&l->locked, 0, __ATOMIC_RELEASE))
		dmalab_bug(__FILE__, __LINE__, __func__, "unlock of an unlocked spinlock");
}

static inline int spin_is_locked(spinlock_t *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED);
}

#define assert_spin_locked(l)	BUG_ON(!spin_is_locked(l))
#define lockdep_assert_held(l)	do { } while (0)
#define spin_lock_irqsave(l, flags)	do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)
#define spin_lock_irq(l)		spin_lock(l)
#define spin_unlock_irq(l)		spin_unlock(l)
#define spin_lock_bh(l)			spin_lock(l)
#define spin_unlock_bh(l)		spin_unlock(l)
#define raw_spin_lock_init		spin_lock_init
#define raw_spin_lock			spin_lock
#define raw_spin_unlock			spin_unlock
#define raw_spin_lock_irqsave		spin_lock_irqsave
#define raw_spin_unlock_irqrestore	spin_unlock_irqrestore

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t,
		    spin_lock_irqsave(_T->lock, _T->flags),
		    spin_unlock_irqrestore(_T->lock, _T->flags),
		    unsigned long flags)
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))

#endif
