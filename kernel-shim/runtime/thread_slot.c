// SPDX-License-Identifier: GPL-2.0-only
/*
 * Thread slots: a small index per live thread, for counters that each
 * thread updates without a lock (the slab's accounting, the mock IOMMU's
 * statistics), summed when read. The kernel keeps such counters per CPU;
 * here several threads may all say they are CPU 0 (benchmarks do), so the
 * index is per thread. A slot is handed back when its thread exits and the
 * next thread continues its counters: they are sums, so that is exact.
 */
#include <pthread.h>
#include <stdint.h>

#include "internal.h"

#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

__thread int dmalab_thread_slot_id = -1;

static spinlock_t slots_lock;
static uint64_t slots_used;		/* bit n: slot n has a thread */
static pthread_key_t slot_key;
static pthread_once_t slot_key_once = PTHREAD_ONCE_INIT;

static void slot_release(void *arg)
{
	unsigned int slot = (uintptr_t)arg - 1;

	spin_lock(&slots_lock);
	slots_used &= ~(1ULL << slot);
	spin_unlock(&slots_lock);
}

static void slot_key_create(void)
{
	if (pthread_key_create(&slot_key, slot_release))
		dmalab_bug(__FILE__, __LINE__, __func__, "pthread_key_create failed");
}

unsigned int dmalab_thread_slot_slow(void)
{
	unsigned int slot;

	static_assert(DMALAB_THREAD_SLOTS <= 64);
	pthread_once(&slot_key_once, slot_key_create);
	spin_lock(&slots_lock);
	if (slots_used == ~0ULL >> (64 - DMALAB_THREAD_SLOTS)) {
		spin_unlock(&slots_lock);
		dmalab_bug(__FILE__, __LINE__, __func__,
			   "more live threads than DMALAB_THREAD_SLOTS use the shim");
	}
	slot = __builtin_ctzll(~slots_used);
	slots_used |= 1ULL << slot;
	spin_unlock(&slots_lock);
	/* the main thread never runs the destructor: its slot stays taken */
	pthread_setspecific(slot_key, (void *)(uintptr_t)(slot + 1));
	dmalab_thread_slot_id = slot;
	return slot;
}

DMALAB_NOCOV_END
