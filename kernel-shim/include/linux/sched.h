/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: the current task, for messages that name it. */
#ifndef _DMALAB_LINUX_SCHED_H
#define _DMALAB_LINUX_SCHED_H

#include <limits.h>

struct blk_plug;

/*
 * The fields kernel code reads of the current task: its name, its PF_*
 * flags (memalloc_noio and friends), its block plug (none: requests are
 * issued at once). Zero in the one task there is.
 */
struct task_struct {
	char comm[16];
	unsigned int flags;
	struct blk_plug *plug;
};
extern struct task_struct dmalab_task;
#define current		(&dmalab_task)

#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

/* one thread per CPU and no preemption to offer */
static inline int cond_resched(void)
{
	return 0;
}

#endif
