/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: work queues.
 *
 * Time does not pass on its own in the harness: queued and delayed work runs
 * only when the harness calls dmalab_run_deferred_work(), which makes every
 * run repeatable. The delay is recorded and otherwise ignored.
 */
#ifndef _DMALAB_LINUX_WORKQUEUE_H
#define _DMALAB_LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/jiffies.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct work_struct *next;	/* in the runtime's pending list */
	work_func_t func;
	bool pending;
};

struct delayed_work {
	struct work_struct work;
	unsigned long delay;
};

struct workqueue_struct;
extern struct workqueue_struct *system_wq;

#define INIT_WORK(w, f) \
	do { (w)->next = NULL; (w)->func = (f); (w)->pending = false; } while (0)
#define INIT_DELAYED_WORK(dw, f) \
	do { INIT_WORK(&(dw)->work, f); (dw)->delay = 0; } while (0)

bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw,
			unsigned long delay);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work_sync(struct delayed_work *dw);
bool cancel_delayed_work(struct delayed_work *dw);
void flush_work(struct work_struct *work);

#define schedule_work(w)		queue_work(system_wq, w)
#define schedule_delayed_work(dw, d)	queue_delayed_work(system_wq, dw, d)
#define to_delayed_work(w)		container_of(w, struct delayed_work, work)

#endif
