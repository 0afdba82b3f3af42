/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the current task, for messages that name it. */
#ifndef _DMALAB_LINUX_SCHED_H
#define _DMALAB_LINUX_SCHED_H

struct task_struct {
	char comm[16];
};
extern struct task_struct dmalab_task;
#define current		(&dmalab_task)

/* one thread per CPU and no preemption to offer */
static inline int cond_resched(void)
{
	return 0;
}

#endif
