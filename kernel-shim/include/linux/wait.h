/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: wait queue heads, as a type and an initialiser only (dma-buf
 * embeds one for poll). Nothing sleeps on them here: sleeping is not
 * emulated (see linux/completion.h for the one wait that is).
 */
#ifndef _DMALAB_LINUX_WAIT_H
#define _DMALAB_LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);
struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
};
typedef struct wait_queue_entry wait_queue_entry_t;

static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

#endif
