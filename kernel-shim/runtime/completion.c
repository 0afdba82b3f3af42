// SPDX-License-Identifier: GPL-2.0-only
/*
 * wait_for_completion() without a scheduler (linux/completion.h): poll for
 * a while, in case another thread completes it, then BUG: a wait nobody
 * will end is a sleep forever in the kernel.
 */
#include <time.h>

#include <linux/completion.h>
#include <linux/bug.h>
#include <dmalab/runtime.h>

void __dmalab_wait_for_completion(struct completion *x, const char *file, int line)
{
	struct timespec tick = { .tv_nsec = 1000000 };
	int ms;

	for (ms = 0; ms < DMALAB_COMPLETION_WAIT_MS; ms++) {
		if (try_wait_for_completion(x))
			return;
		nanosleep(&tick, NULL);
	}
	dmalab_bug(file, line, "wait_for_completion",
		   "wait_for_completion() would sleep forever: nobody completes it");
}
