// SPDX-License-Identifier: GPL-2.0-only
/*
 * AFL++ persistent-mode driver for one target (-DDMALAB_FUZZ_TARGET).
 * Build with afl-clang-fast (or -lto); a finding aborts so AFL++ saves it.
 *
 * Built by a plain compiler (the coverage flavour) it is a replay driver:
 * it runs every file named on the command line (or standard input) in
 * this one process, says which ones give a finding and goes on, and exits
 * 1 if any did. One process for a whole corpus: one start-up, one
 * coverage profile written at exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

/* the fuzz engines' kernel command line: inputs replay on the same kernel */
const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;

#ifdef __AFL_FUZZ_TESTCASE_LEN
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
#else
static unsigned char input[FUZZ_INPUT_MAX];

/* One input: 0 clean, 1 a finding, 2 unreadable. */
static int run_file(const struct target *t, const char *path)
{
	FILE *fp = path ? fopen(path, "rb") : stdin;
	struct finding f;
	size_t len;

	if (!fp) {
		perror(path);
		return 2;
	}
	len = fread(input, 1, sizeof(input), fp);
	if (fp != stdin)
		fclose(fp);
	if (target_run_bytes(t, input, len, &f, false))
		return 0;
	fprintf(stderr, "\n==dmalab== target %s, input %s\n", t->name, path ? path : "-");
	finding_print(&f, stderr);
	return 1;
}

int main(int argc, char **argv)
{
	const struct target *t = target_find(DMALAB_FUZZ_TARGET);
	int i, worst = 0, r;

	if (!t) {
		fprintf(stderr, "dmalab: fuzz target '%s' is not built in\n", DMALAB_FUZZ_TARGET);
		return 2;
	}
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	if (argc < 2)
		return run_file(t, NULL);
	for (i = 1; i < argc; i++) {
		r = run_file(t, argv[i]);
		if (r > worst)
			worst = r;
	}
	return worst;
}
#endif
