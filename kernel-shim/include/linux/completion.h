/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: completions (kernel/sched/completion.c), emulated on an
 * atomic count. There is no scheduler: wait_for_completion() polls for up
 * to DMALAB_COMPLETION_WAIT_MS (another thread of a benchmark may complete
 * it), then BUGs, because in a single-threaded test a wait for something
 * nobody will complete would sleep forever in the kernel: that is a
 * finding, not a hang.
 */
#ifndef _DMALAB_LINUX_COMPLETION_H
#define _DMALAB_LINUX_COMPLETION_H

#include <limits.h>
#include <linux/atomic.h>

#define DMALAB_COMPLETION_WAIT_MS	2000

struct completion {
	atomic_t done;		/* UINT_MAX (as -1): complete_all() */
};

#define COMPLETION_INITIALIZER(work)	{ .done = ATOMIC_INIT(0) }
#define DECLARE_COMPLETION(work)	struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)

static inline void init_completion(struct completion *x)
{
	atomic_set(&x->done, 0);
}

static inline void reinit_completion(struct completion *x)
{
	atomic_set(&x->done, 0);
}

static inline void complete(struct completion *x)
{
	int c = atomic_read(&x->done);

	/* complete_all() has made it done for good */
	while (c != -1 && !atomic_try_cmpxchg(&x->done, &c, c + 1))
		;
}

static inline void complete_all(struct completion *x)
{
	atomic_set(&x->done, -1);
}

static inline bool completion_done(struct completion *x)
{
	return atomic_read(&x->done) != 0;
}

/* consume one completion if there is one, without waiting */
static inline bool try_wait_for_completion(struct completion *x)
{
	int c = atomic_read(&x->done);

	do {
		if (c == 0)
			return false;
		if (c == -1)
			return true;
	} while (!atomic_try_cmpxchg(&x->done, &c, c - 1));
	return true;
}

/* runtime/completion.c: polls, then BUG()s with the caller's location */
void __dmalab_wait_for_completion(struct completion *x, const char *file, int line);
#define wait_for_completion(x)	__dmalab_wait_for_completion((x), __FILE__, __LINE__)

#endif
