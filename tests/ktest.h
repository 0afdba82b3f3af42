/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ktest: the test framework of dmalab's suites.
 *
 * A test is `static bool test_name(void)` that returns true when it passes;
 * the KT_* checks print file:line, the expressions and both values, and make
 * the test return false. After every test the framework checks that the test
 * left no slab object or page allocated and raised no kernel WARN it did not
 * expect (kt_expect_warns()), so each test is also a leak and WARN check.
 *
 * A suite ends with KTEST_MAIN(table). Its binary prints one line a test
 * and closes with "N passed, N failed" (known kernel bugs that reproduce,
 * see KTEST_KNOWN_BUG, are counted on a line of their own before it); it
 * accepts -s SEED (random tests print their seed), -v (echo the kernel
 * log) and test-name filters.
 */
#ifndef _DMALAB_KTEST_H
#define _DMALAB_KTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <dmalab/runtime.h>

struct ktest {
	const char *name;
	bool (*fn)(void);
	const char *known_bug;	/* non-NULL: the tree is known to fail it */
};

#define KTEST(fn)	{ #fn, test_##fn, NULL }
/*
 * A test of correct behaviour that the kernel is known to fail: the string
 * says what is wrong. It is reported as "xfail" while the kernel still
 * fails it, and loudly as "XPASS" (counted as passed) once a tree fixes it.
 */
#define KTEST_KNOWN_BUG(fn, why)	{ #fn, test_##fn, why }

int ktest_main(const char *suite, const struct ktest *tests, size_t n,
	       int argc, char **argv);
#define KTEST_MAIN(suite, table)					\
	int main(int argc, char **argv)					\
	{								\
		return ktest_main(suite, table,				\
				  sizeof(table) / sizeof(table[0]),	\
				  argc, argv);				\
	}

void kt_report(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The seed of this run (-s SEED, or from the clock) and a PRNG over it. */
uint64_t kt_seed(void);
uint64_t kt_rand(void);
/* uniform in [lo, hi] */
uint64_t kt_rand_range(uint64_t lo, uint64_t hi);

/* The current test expects exactly n kernel WARNs (default 0). */
void kt_expect_warns(unsigned long n);

#define KT_FAIL(...)							\
	do {								\
		kt_report(__FILE__, __LINE__, __VA_ARGS__);		\
		return false;						\
	} while (0)

#define KT_EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			KT_FAIL("expected %s", #cond);			\
	} while (0)

#define __KT_CMP(a, op, b)						\
	do {								\
		unsigned long long __a = (unsigned long long)(a);	\
		unsigned long long __b = (unsigned long long)(b);	\
		if (!(__a op __b))					\
			KT_FAIL("expected %s %s %s: %#llx (%llu) vs %#llx (%llu)", \
				#a, #op, #b, __a, __a, __b, __b);	\
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
