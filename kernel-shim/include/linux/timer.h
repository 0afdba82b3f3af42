/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: timers. Like work items, they fire only when the harness
 * calls dmalab_run_deferred_work() (the flush queue's timeout, for one):
 * time never passes on its own, so runs are repeatable.
 */
#ifndef _DMALAB_LINUX_TIMER_H
#define _DMALAB_LINUX_TIMER_H

#include <linux/types.h>
#include <linux/jiffies.h>

struct timer_list {
	struct timer_list *next;	/* in the runtime's pending list */
	void (*function)(struct timer_list *);
	unsigned long expires;
	bool pending;
};

#define timer_container_of(var, timer, field) container_of(timer, typeof(*var), field)
#define from_timer(var, timer, field) timer_container_of(var, timer, field)

void timer_setup(struct timer_list *timer, void (*fn)(struct timer_list *),
		 unsigned int flags);
int mod_timer(struct timer_list *timer, unsigned long expires);
#define timer_delete dmalab_timer_delete	/* glibc has a timer_delete() */
int timer_delete(struct timer_list *timer);
int timer_delete_sync(struct timer_list *timer);
#define del_timer(t)		timer_delete(t)
#define del_timer_sync(t)	timer_delete_sync(t)
static inline bool timer_pending(const struct timer_list *timer)
{
	return timer->pending;
}
#endif
