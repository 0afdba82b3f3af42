// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++ persistent-mode driver for one target (-DDMALAB_FUZZ_TARGET).
 * Build with afl-clang-fast (or -lto); a finding aborts so AFL++ saves it.
 * Run by hand it reads one input from a file argument or stdin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
/* not compiled by afl-clang-*: read one input, as a plain replay */
static unsigned char fallback_buf[1 << 20];
static ssize_t fallback_len;
#define __AFL_FUZZ_INIT()	static void __afl_unused(void) { }
#define __AFL_INIT()		do { } while (0)
#define __AFL_FUZZ_TESTCASE_BUF	fallback_buf
#define __AFL_FUZZ_TESTCASE_LEN	(fallback_len < 0 ? 0 : fallback_len)
#define __AFL_LOOP(n)		(fallback_len = read(0, fallback_buf, sizeof(fallback_buf)), \
				 fallback_once++ == 0)
static int fallback_once;
#endif

__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
	const struct target *t = target_find(DMALAB_FUZZ_TARGET);
	unsigned char *buf;

	if (!t) {
		fprintf(stderr, "dmalab: fuzz target '%s' is not built in\n", DMALAB_FUZZ_TARGET);
		return 2;
	}
	if (argc > 1 && !freopen(argv[1], "rb", stdin)) {
		perror(argv[1]);
		return 2;
	}
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	__AFL_INIT();
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		struct finding f;
		size_t len = __AFL_FUZZ_TESTCASE_LEN;

		if (!target_run_bytes(t, buf, len, &f, false)) {
			fprintf(stderr, "\n==dmalab== target %s\n", t->name);
			finding_print(&f, stderr);
			abort();
		}
	}
	return 0;
}
