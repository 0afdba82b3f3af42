/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: jiffies advance only when the harness says so. */
#ifndef _DMALAB_LINUX_JIFFIES_H
#define _DMALAB_LINUX_JIFFIES_H

#define HZ 1000
extern unsigned long volatile jiffies;

static inline unsigned long msecs_to_jiffies(unsigned int m) { return m; }
static inline unsigned long usecs_to_jiffies(unsigned int u) { return (u + 999) / 1000; }
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)

#endif
