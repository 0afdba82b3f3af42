// SPDX-License-Identifier: GPL-2.0-only
/* ktest: see ktest.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle/known_bugs.h"
#include "tests/ktest.h"

/* One case to run: a test, or a test with one element of its parameters. */
struct kt_case {
	const struct ktest *t;
	const void *param;
	char *name;
	const char *skip;		/* from the parameter table */
	const char *bug;		/* known bug id, or NULL */
};

enum kt_result { KT_PASS, KT_FAILED, KT_SKIPPED, KT_ERROR };

static uint64_t seed, rng;
static unsigned long expected_warns;
static bool failed_once;
static bool setup_failed;	/* kt_error(): the case could not be set up */
static char skip_reason[256];
static bool fork_all;

/* ---- what tests call ---- */

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

/* Print text as KTAP diagnostics: every line "# "-prefixed. */
static void diag_lines(const char *prefix, const char *text)
{
	const char *p = text, *nl;

	do {
		nl = strchr(p, '\n');
		if (!nl && !*p)
			break;
		printf("# %s%.*s\n", prefix, nl ? (int)(nl - p) : (int)strlen(p), p);
		p = nl ? nl + 1 : p + strlen(p);
	} while (nl);
}

static void vdiag(const char *prefix, const char *fmt, va_list ap)
{
	char *buf;

	if (vasprintf(&buf, fmt, ap) < 0)
		return;
	diag_lines(prefix, buf);
	free(buf);
}

void kt_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag("", fmt, ap);
	va_end(ap);
}

void kt_report(const char *file, int line, const char *fmt, ...)
{
	char prefix[256];
	va_list ap;

	failed_once = true;
	snprintf(prefix, sizeof(prefix), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vdiag(prefix, fmt, ap);
	va_end(ap);
}

void kt_error(const char *file, int line, const char *fmt, ...)
{
	char prefix[256];
	va_list ap;

	failed_once = true;
	setup_failed = true;
	snprintf(prefix, sizeof(prefix), "%s:%d: set-up failed: ", file, line);
	va_start(ap, fmt);
	vdiag(prefix, fmt, ap);
	va_end(ap);
}

void kt_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
	if (!skip_reason[0])
		snprintf(skip_reason, sizeof(skip_reason), "skipped");
}

/* "-12 (-ENOMEM)", "0x1000 (4096)" */
static void fmt_value(char *buf, size_t len, unsigned long long v, bool is_signed)
{
	long long s = (long long)v;

	if (is_signed && s < 0) {
		const char *name = s >= -4095 ? strerrorname_np(-s) : NULL;

		if (name)
			snprintf(buf, len, "%lld (-%s)", s, name);
		else
			snprintf(buf, len, "%lld", s);
	} else if (v < 10) {
		snprintf(buf, len, "%llu", v);
	} else {
		snprintf(buf, len, "%#llx (%llu)", v, v);
	}
}

void kt_cmp_report(const char *file, int line, const char *a_expr, const char *op,
		   const char *b_expr, unsigned long long a, bool a_signed,
		   unsigned long long b, bool b_signed)
{
	char va[64], vb[64];

	fmt_value(va, sizeof(va), a, a_signed);
	fmt_value(vb, sizeof(vb), b, b_signed);
	kt_report(file, line, "expected %s %s %s: %s vs %s", a_expr, op, b_expr, va, vb);
}

/* ---- fail-nth ---- */

static unsigned long fail_nth_armed, fail_nth_failed0;

static unsigned long slab_failed(void)
{
	struct dmalab_slab_stats st;

	dmalab_slab_stats(&st);
	return st.failed;
}

bool kt_fail_injected(void)
{
	return fail_nth_armed && slab_failed() > fail_nth_failed0;
}

long kt_fail_nth(bool (*body)(void *ctx, unsigned long nth), void *ctx, unsigned long max)
{
	unsigned long nth;
	long rounds = 0;

	for (nth = 1; nth <= max; nth++) {
		struct dmalab_slab_stats before, after;
		bool ok, injected;

		dmalab_slab_stats(&before);
		fail_nth_failed0 = before.failed;
		fail_nth_armed = nth;
		dmalab_fail_nth(nth);
		ok = body(ctx, nth);
		injected = kt_fail_injected();
		dmalab_fail_off();
		fail_nth_armed = 0;
		dmalab_run_deferred_work();
		dmalab_slab_stats(&after);
		if (!ok) {
			kt_report(__FILE__, __LINE__, "fail-nth round %lu (%s): failed", nth,
				  injected ? "allocation %lu failed" : "no allocation failed");
			return -1;
		}
		if (after.live_objects != before.live_objects) {
			kt_report(__FILE__, __LINE__,
				  "fail-nth round %lu (%s): %lld slab objects left behind", nth,
				  injected ? "an allocation failed" : "no allocation failed",
				  (long long)(after.live_objects - before.live_objects));
			return -1;
		}
		if (!injected)
			return rounds;
		rounds++;
	}
	kt_report(__FILE__, __LINE__, "fail-nth: still failing allocations after %lu rounds",
		  max);
	return -1;
}

/* ---- running one case ---- */

static enum kt_result run_case_here(const struct kt_case *c, unsigned int idx)
{
	struct dmalab_run run;
	struct dmalab_run_result res;
	bool ok;

	rng = seed ^ (0x51ed2701ULL * (idx + 1));
	expected_warns = 0;
	failed_once = false;
	setup_failed = false;
	skip_reason[0] = '\0';
	dmalab_run_begin(&run);

	ok = c->t->pfn ? c->t->pfn(c->param, c->t->arg) : c->t->fn();

	dmalab_run_end(&run, &res);
	if (res.leaked) {
		unsigned long sites = dmalab_slab_report_leaks();

		kt_report(__FILE__, __LINE__, "%lld objects left allocated (%lu found by site): leak",
			  res.leaked, sites);
		diag_lines("", dmalab_log());
		dmalab_slab_forget_all();
		ok = false;
	}
	if (res.warns != expected_warns) {
		const struct dmalab_warn_record *w = dmalab_warn_last();

		kt_report(__FILE__, __LINE__, "%lu kernel WARNs, expected %lu%s%s:%d %s",
			  res.warns, expected_warns, w ? "; last at " : "", w ? w->file : "",
			  w ? w->line : 0, w ? w->msg : "");
		ok = false;
	}
	if (ok && failed_once)	/* a helper reported but the test went on */
		ok = false;
	if (ok && skip_reason[0])
		return KT_SKIPPED;
	if (!ok && setup_failed)
		return KT_ERROR;
	return ok ? KT_PASS : KT_FAILED;
}

/*
 * In a child: a sanitizer report or a crash ends the child, and the case
 * fails with the reason. The child reports its result (and a skip reason)
 * through a pipe; its output goes where ours goes.
 */
static enum kt_result run_case_forked(const struct kt_case *c, unsigned int idx)
{
	int fds[2], status;
	char msg[1 + sizeof(skip_reason)];
	ssize_t n;
	pid_t pid;

	fflush(NULL);
	if (pipe(fds) || (pid = fork()) < 0) {
		kt_report(__FILE__, __LINE__, "fork: %s", strerror(errno));
		return KT_FAILED;
	}
	if (!pid) {
		enum kt_result r;

		close(fds[0]);
		r = run_case_here(c, idx);
		msg[0] = "psfe"[r == KT_PASS ? 0 : r == KT_SKIPPED ? 1 : r == KT_ERROR ? 3 : 2];
		snprintf(msg + 1, sizeof(msg) - 1, "%s", skip_reason);
		fflush(NULL);
		if (write(fds[1], msg, 1 + strlen(msg + 1)) < 0)
			_exit(3);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof(msg) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (n <= 0) {
		if (WIFSIGNALED(status))
			kt_report(__FILE__, __LINE__, "the test's process died: signal %d (%s)",
				  WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			kt_report(__FILE__, __LINE__,
				  "the test's process exited with status %d (a sanitizer report above?)",
				  WEXITSTATUS(status));
		return KT_FAILED;
	}
	msg[n] = '\0';
	snprintf(skip_reason, sizeof(skip_reason), "%s", msg + 1);
	return msg[0] == 'p' ? KT_PASS : msg[0] == 's' ? KT_SKIPPED :
	       msg[0] == 'e' ? KT_ERROR : KT_FAILED;
}

/* ---- the suite ---- */

static const char *param_name(const struct kt_params *p, const void *elem)
{
	return p->name ? p->name(elem) : *(const char *const *)elem;
}

/* Expand the table into cases (parameters included); *n is set. */
/* the tree the suites were built from ("7.3.4"), mk/tests.mk */
#ifndef DMALAB_KERNEL_VERSION
#define DMALAB_KERNEL_VERSION ""
#endif

/*
 * A case that shows a known bug, on a tree that has it, must fail (xfail);
 * on a release that fixed it, it is a plain test; on one before the bug, it
 * does not apply (the registry's since and fixed_in: oracle/known_bugs.h).
 */
static void bug_in_this_tree(struct kt_case *c)
{
	const struct known_bug *b = c->bug ? known_bug_find(c->bug) : NULL;

	if (!b)
		return;		/* an unknown id is refused before anything runs */
	switch (known_bug_in_tree(b, DMALAB_KERNEL_VERSION)) {
	case KNOWN_BUG_FIXED:
		c->bug = NULL;
		break;
	case KNOWN_BUG_NOT_YET:
		c->bug = NULL;
		if (!c->skip)
			c->skip = "the known kernel bug it shows is not in this tree: it came later";
		break;
	case KNOWN_BUG_PRESENT:
		break;
	}
}

static struct kt_case *expand(const struct ktest *tests, size_t nt, size_t *n)
{
	struct kt_case *cases = NULL;
	size_t cap = 0, i, j;

	*n = 0;
	for (i = 0; i < nt; i++) {
		const struct ktest *t = &tests[i];
		size_t np = t->params ? t->params->nmemb : 1;

		for (j = 0; j < np; j++) {
			struct kt_case *c;

			if (*n == cap) {
				cap = cap ? 2 * cap : 64;
				cases = realloc(cases, cap * sizeof(*cases));
				if (!cases)
					abort();
			}
			c = &cases[(*n)++];
			memset(c, 0, sizeof(*c));
			c->t = t;
			c->bug = t->known_bug;
			if (!t->params) {
				c->name = strdup(t->name);
				bug_in_this_tree(c);
				continue;
			}
			c->param = (const char *)t->params->table + j * t->params->size;
			if (asprintf(&c->name, "%s_%s", param_name(t->params, c->param),
				     t->name) < 0)
				abort();
			if (t->params->skip)
				c->skip = t->params->skip(c->param, t);
			if (t->params->known_bug)
				c->bug = t->params->known_bug(c->param, t);
			bug_in_this_tree(c);
		}
	}
	return cases;
}

static void free_cases(struct kt_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cases[i].name);
	free(cases);
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

static void usage(FILE *f, const char *argv0)
{
	fprintf(f, "usage: %s [-s SEED] [-v] [-f] [-l] [CASE-NAME-SUBSTRING...]\n"
		"  -s SEED  seed of the random tests (each run prints its own)\n"
		"  -v       echo the kernel log\n"
		"  -f       run every case in a child process of its own\n"
		"  -l       list the cases and exit\n", argv0);
}

/* "dma-iommu" on 4 KiB pages, "dma-iommu-16k" on 16 KiB pages, ... */
static const char *suite_name(const char *suite)
{
	static char buf[128];

#if defined(CONFIG_PAGE_SHIFT) && CONFIG_PAGE_SHIFT != 12
	snprintf(buf, sizeof(buf), "%s-%uk", suite, (1U << CONFIG_PAGE_SHIFT) >> 10);
#else
	snprintf(buf, sizeof(buf), "%s", suite);
#endif
	return buf;
}

int ktest_main(const char *suite, const struct ktest *tests, size_t nt,
	       int argc, char **argv)
{
	unsigned int passed = 0, failed = 0, xfailed = 0, xpassed = 0, skipped = 0, errors = 0;
	const char *bugs_seen[64];
	unsigned int nbugs = 0, num = 0;
	struct kt_case *cases;
	size_t n, i, planned = 0;
	bool list = false;
	int opt = 1;

	seed = (uint64_t)time(NULL);
	while (opt < argc && argv[opt][0] == '-') {
		if (!strcmp(argv[opt], "-s") && opt + 1 < argc) {
			seed = strtoull(argv[opt + 1], NULL, 0);
			opt += 2;
		} else if (!strcmp(argv[opt], "-v")) {
			dmalab_log_set_echo(true);
			opt++;
		} else if (!strcmp(argv[opt], "-f")) {
			fork_all = true;
			opt++;
		} else if (!strcmp(argv[opt], "-l")) {
			list = true;
			opt++;
		} else if (!strcmp(argv[opt], "-h") || !strcmp(argv[opt], "--help")) {
			usage(stdout, argv[0]);
			return 0;
		} else {
			usage(stderr, argv[0]);
			return 2;
		}
	}
	suite = suite_name(suite);
	cases = expand(tests, nt, &n);
	for (i = 0; i < n; i++) {
		const char *b = cases[i].bug;

		if (b && !known_bug_find(b)) {
			fprintf(stderr, "%s: case %s names known bug '%s', which is not in "
				"oracle/known_bugs.c\n", suite, cases[i].name, b);
			free_cases(cases, n);
			return 2;
		}
		if (wanted(cases[i].name, argc, argv, opt))
			planned++;
	}
	if (list) {
		for (i = 0; i < n; i++)
			if (wanted(cases[i].name, argc, argv, opt))
				printf("%s\n", cases[i].name);
		free_cases(cases, n);
		return 0;
	}

	printf("KTAP version 1\n# Subtest: %s\n1..%zu\n", suite, planned);
	printf("# %s: seed %llu (rerun with -s %llu)\n", suite, (unsigned long long)seed,
	       (unsigned long long)seed);
	fflush(stdout);
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);

	for (i = 0; i < n; i++) {
		const struct kt_case *c = &cases[i];
		enum kt_result r;

		if (!wanted(c->name, argc, argv, opt))
			continue;
		num++;
		if (c->skip) {
			printf("ok %u %s # SKIP %s\n", num, c->name, c->skip);
			skipped++;
			continue;
		}
		if (fork_all || (c->t->flags & KT_FORK))
			r = run_case_forked(c, i);
		else
			r = run_case_here(c, i);

		if (c->bug && r == KT_FAILED) {
			const struct known_bug *b = known_bug_find(c->bug);
			unsigned int k;

			printf("ok %u %s # XFAIL %s: %s\n", num, c->name, b->id, b->summary);
			xfailed++;
			for (k = 0; k < nbugs && strcmp(bugs_seen[k], b->id); k++)
				;
			if (k == nbugs && nbugs < 64)
				bugs_seen[nbugs++] = b->id;
		} else if (c->bug && r == KT_PASS) {
			printf("ok %u %s # XPASS %s: the known kernel bug no longer reproduces: "
			       "this tree fixes it\n", num, c->name, c->bug);
			xpassed++;
			passed++;
		} else if (r == KT_SKIPPED) {
			printf("ok %u %s # SKIP %s\n", num, c->name, skip_reason);
			skipped++;
		} else if (r == KT_ERROR) {
			/* never a known bug's xfail: the case did not get to run */
			printf("not ok %u %s # ERROR: the case could not be set up\n", num, c->name);
			failed++;
			errors++;
		} else {
			printf("%s %u %s\n", r == KT_PASS ? "ok" : "not ok", num, c->name);
			if (r == KT_PASS)
				passed++;
			else
				failed++;
		}
		fflush(stdout);
	}
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n",
	       passed - xpassed, failed - errors, xfailed, xpassed, skipped, errors);
	if (nbugs) {
		printf("# %u known kernel bug%s reproduced (%u xfail case%s):", nbugs,
		       nbugs == 1 ? "" : "s", xfailed, xfailed == 1 ? "" : "s");
		for (unsigned int k = 0; k < nbugs; k++)
			printf(" %s", bugs_seen[k]);
		printf("\n");
	}
	printf("%u passed, %u failed\n", passed, failed);
	free_cases(cases, n);
	return failed ? 1 : 0;
}
