// SPDX-License-Identifier: GPL-2.0-only
/* ktest: see ktest.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/ktest.h"

static uint64_t seed, rng;
static unsigned long expected_warns;
static bool failed_once;

uint64_t kt_seed(void)
{
	return seed;
}

uint64_t kt_rand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t kt_rand_range(uint64_t lo, uint64_t hi)
{
	if (hi - lo == UINT64_MAX)
		return kt_rand();
	return lo + kt_rand() % (hi - lo + 1);
}

void kt_expect_warns(unsigned long n)
{
	expected_warns = n;
}

void kt_report(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed_once = true;
	printf("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static bool wanted(const char *name, int argc, char **argv, int first)
{
	int i;

	if (first >= argc)
		return true;
	for (i = first; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

int ktest_main(const char *suite, const struct ktest *tests, size_t n,
	       int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, xfailed = 0, i;
	int opt = 1;

	seed = (uint64_t)time(NULL);
	while (opt < argc && argv[opt][0] == '-') {
		if (!strcmp(argv[opt], "-s") && opt + 1 < argc) {
			seed = strtoull(argv[opt + 1], NULL, 0);
			opt += 2;
		} else if (!strcmp(argv[opt], "-v")) {
			dmalab_log_set_echo(true);
			opt++;
		} else {
			fprintf(stderr, "usage: %s [-s SEED] [-v] [TEST-NAME-SUBSTRING...]\n", argv[0]);
			return 2;
		}
	}
	printf("# %s: seed %llu (rerun with -s %llu)\n", suite,
	       (unsigned long long)seed, (unsigned long long)seed);
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);

	for (i = 0; i < n; i++) {
		struct dmalab_slab_stats before, after;
		unsigned long leaks;
		bool ok;

		if (!wanted(tests[i].name, argc, argv, opt))
			continue;
		rng = seed ^ (0x51ed2701ULL * (i + 1));
		expected_warns = 0;
		failed_once = false;
		dmalab_warn_reset();
		dmalab_log_clear();
		dmalab_fail_off();
		dmalab_slab_stats(&before);

		ok = tests[i].fn();

		dmalab_fail_off();
		dmalab_run_deferred_work();	/* work a test queued belongs to it */
		dmalab_slab_stats(&after);
		if (after.live_objects != before.live_objects) {
			leaks = dmalab_slab_report_leaks();
			kt_report(__FILE__, __LINE__,
				  "%lld objects left allocated (%lu found by site): leak",
				  (long long)(after.live_objects - before.live_objects), leaks);
			printf("%s", dmalab_log());
			dmalab_slab_forget_all();
			ok = false;
		}
		if (dmalab_warn_count() != expected_warns) {
			const struct dmalab_warn_record *w = dmalab_warn_last();

			kt_report(__FILE__, __LINE__, "%lu kernel WARNs, expected %lu%s%s:%d %s",
				  dmalab_warn_count(), expected_warns,
				  w ? "; last at " : "", w ? w->file : "", w ? w->line : 0,
				  w ? w->msg : "");
			ok = false;
		}
		if (ok && failed_once)	/* a helper reported but the test went on */
			ok = false;
		if (tests[i].known_bug && !ok) {
			printf("xfail %s/%s: known kernel bug: %s\n", suite,
			       tests[i].name, tests[i].known_bug);
			xfailed++;
		} else if (tests[i].known_bug) {
			printf("XPASS %s/%s: the known kernel bug no longer reproduces "
			       "(%s): this tree fixes it\n", suite, tests[i].name,
			       tests[i].known_bug);
			passed++;
		} else {
			printf("%s %s/%s\n", ok ? "ok  " : "FAIL", suite, tests[i].name);
			if (ok)
				passed++;
			else
				failed++;
		}
		fflush(stdout);
		/* the next test starts on CPU 0 of the default 4 */
		dmalab_set_cpu(0);
		dmalab_set_nr_cpus(4);
	}
	if (xfailed)
		printf("%u known kernel bugs reproduced (xfail)\n", xfailed);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
