/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ktest: the test framework of dmalab's suites.
 *
 * A test is `static bool test_name(void)` that returns true when it passes;
 * the KT_* checks print file:line, the expressions and both values (signed
 * ones as signed, errno values with their names), and make the test return
 * false. After every test the framework checks that the test left no slab
 * object or page allocated and raised no kernel WARN it did not expect
 * (kt_expect_warns()), so each test is also a leak and WARN check.
 *
 * Parameterised tests run one body over a table (KTEST_PARAM): each element
 * is a case of its own, named "<param>_<test>", that the table's callbacks
 * may skip (with a reason, printed and counted) or mark as a known kernel
 * bug. A test can skip itself (KT_SKIP). kt_fail_nth() owns the loop that
 * fails the 1st, 2nd, ... allocation of a body until one run needs no
 * failure. KT_FORK (or -f for every test) runs a test in a child process,
 * so a sanitizer report or a crash costs that test only.
 *
 * Output is KTAP (Documentation/dev-tools/ktap.rst), as kselftest and KUnit
 * print it: "KTAP version 1", "# Subtest: <suite>", the plan "1..N", then
 * "ok N name", "not ok N name", "ok N name # SKIP reason" or
 * "ok N name # XFAIL <bug id>: <summary>", diagnostics on "# " lines; then
 * a "# Totals:" line and the plain "N passed, N failed". Suites built for
 * 16 KiB or 64 KiB pages carry "-16k"/"-64k" in their suite name.
 *
 * A suite's binary accepts -s SEED (random tests print their seed), -v
 * (echo the kernel log), -f (fork every test), -l (list the case names)
 * and case-name substrings to run only those.
 */
#ifndef _DMALAB_KTEST_H
#define _DMALAB_KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <dmalab/runtime.h>

struct ktest;

/* A table of parameters for KTEST_PARAM tests. */
struct kt_params {
	const void *table;
	size_t nmemb, size;
	/* the element's name; NULL: its first member is a `const char *name` */
	const char *(*name)(const void *param);
	/* why test t cannot run with this element (a SKIP), or NULL */
	const char *(*skip)(const void *param, const struct ktest *t);
	/*
	 * The known bug (oracle/known_bugs.h id) t shows with this element,
	 * or NULL for none; NULL callback: t->known_bug for every element.
	 */
	const char *(*known_bug)(const void *param, const struct ktest *t);
};

#define KT_PARAMS(tbl, ...)						\
	{ .table = (tbl), .nmemb = sizeof(tbl) / sizeof((tbl)[0]),	\
	  .size = sizeof((tbl)[0]), __VA_ARGS__ }

#define KT_FORK		0x1	/* run in a child process */

struct ktest {
	const char *name;
	bool (*fn)(void);
	/* the id of a known kernel bug (oracle/known_bugs.h) it reproduces */
	const char *known_bug;
	unsigned int flags;
	/* parameterised: pfn(element, arg) for every element of params */
	bool (*pfn)(const void *param, const void *arg);
	const struct kt_params *params;
	const void *arg;
};

#define KTEST(f)	{ .name = #f, .fn = test_##f }
#define KTEST_FORK(f)	{ .name = #f, .fn = test_##f, .flags = KT_FORK }
/*
 * A test of correct behaviour that the kernel is known to fail: bug is the
 * id of its entry in the registry (oracle/known_bugs.c). It is reported as
 * XFAIL while the kernel still fails it, and loudly as XPASS (counted as
 * passed) once a tree fixes it.
 */
#define KTEST_KNOWN_BUG(f, bug)	{ .name = #f, .fn = test_##f, .known_bug = bug }
/* bool test_f(const void *param, const void *arg) over every element */
#define KTEST_PARAM(f, p, ...)						\
	{ .name = #f, .pfn = test_##f, .params = &(p), __VA_ARGS__ }

int ktest_main(const char *suite, const struct ktest *tests, size_t n,
	       int argc, char **argv);
#define KTEST_MAIN(suite, table)					\
	int main(int argc, char **argv)					\
	{								\
		return ktest_main(suite, table,				\
				  sizeof(table) / sizeof(table[0]),	\
				  argc, argv);				\
	}

/* A failed check: "# file:line: message" (each line of it), test fails. */
void kt_report(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A diagnostic line (or lines) of the current test, "# "-prefixed. */
void kt_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The current test cannot run here: why. Use KT_SKIP. */
void kt_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The seed of this run (-s SEED, or from the clock) and a PRNG over it. */
uint64_t kt_seed(void);
uint64_t kt_rand(void);
/* uniform in [lo, hi] */
uint64_t kt_rand_range(uint64_t lo, uint64_t hi);

/* The current test expects exactly n kernel WARNs (default 0). */
void kt_expect_warns(unsigned long n);

/*
 * Fail-nth: call body(ctx, nth) for nth = 1, 2, ... with the nth
 * allocation from the start of the body failing (armed just before it is
 * called), until a round in which no allocation was failed; that last
 * round must succeed like any other. After each round the injection is
 * off, deferred work is run, and the slab must hold exactly the objects it
 * held before the round (a failed call frees what it took). The body checks
 * what the API promises on failure and returns false if it did not hold.
 * Returns the number of rounds in which an allocation failed, or -1 (after
 * reporting) if a round failed or max rounds were not enough.
 */
long kt_fail_nth(bool (*body)(void *ctx, unsigned long nth), void *ctx, unsigned long max);
/* In a kt_fail_nth() body: has this round's failure been injected yet? */
bool kt_fail_injected(void);

#define KT_FAIL(...)							\
	do {								\
		kt_report(__FILE__, __LINE__, __VA_ARGS__);		\
		return false;						\
	} while (0)

/*
 * The case could not be set up (a file it reads, a domain or device it
 * needs): reported as an ERROR that fails the run, never as a known bug's
 * XFAIL, since the case did not get to what it checks.
 */
void kt_error(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define KT_SETUP_FAIL(...)						\
	do {								\
		kt_error(__FILE__, __LINE__, __VA_ARGS__);		\
		return false;						\
	} while (0)

#define KT_SKIP(...)							\
	do {								\
		kt_skip(__VA_ARGS__);					\
		return true;						\
	} while (0)

#define KT_EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			KT_FAIL("expected %s", #cond);			\
	} while (0)

/* is x of a signed integer type (after promotion)? false for pointers */
#define __kt_signed(x)							\
	((__typeof__((x) + 0))-1 < (__typeof__((x) + 0))1 &&		\
	 (__typeof__((x) + 0))-1 < (__typeof__((x) + 0))0)

void kt_cmp_report(const char *file, int line, const char *a_expr, const char *op,
		   const char *b_expr, unsigned long long a, bool a_signed,
		   unsigned long long b, bool b_signed);

/* compared as signed when both sides are signed, else as unsigned 64-bit */
#define __KT_CMP(a, op, b)						\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		bool __sa = __kt_signed(a), __sb = __kt_signed(b);	\
		if (!(__sa && __sb ? (long long)__a op (long long)__b :	\
				     __a op __b)) {			\
			kt_cmp_report(__FILE__, __LINE__, #a, #op, #b,	\
				      __a, __sa, __b, __sb);		\
			return false;					\
		}							\
	} while (0)

#define KT_EXPECT_EQ(a, b)	__KT_CMP(a, ==, b)
#define KT_EXPECT_NE(a, b)	__KT_CMP(a, !=, b)
#define KT_EXPECT_LT(a, b)	__KT_CMP(a, <, b)
#define KT_EXPECT_LE(a, b)	__KT_CMP(a, <=, b)
#define KT_EXPECT_GE(a, b)	__KT_CMP(a, >=, b)
#define KT_EXPECT_GT(a, b)	__KT_CMP(a, >, b)
#define KT_EXPECT_NULL(p)	KT_EXPECT((p) == NULL)
#define KT_EXPECT_NOT_NULL(p)	KT_EXPECT((p) != NULL)

#endif
