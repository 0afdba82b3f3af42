// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's KUnit (kernel-shim/include/kunit/test.h, runtime/kunit.c) and
 * maple tree emulation, tested: a layer that never reported a failure would
 * let every suite pass. Each test runs small suites of its own through
 * dmalab_kunit_run() and checks the status, the messages and the order in
 * which init, case, exit and the release of resources happen.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/xarray.h>
#include <dmalab/kunit.h>
#include <kunit/device.h>
#include <linux/maple_tree.h>
#include "tests/ktest.h"
#include "tests/generic_pt/generic_pt.h"

/* what the layer reported, and what ran */
static char reports[4096];
static unsigned int nreports;
static char trace[256];

static void capture(const char *file, int line, const char *msg)
{
	size_t len = strlen(reports);

	snprintf(reports + len, sizeof(reports) - len, "%s\n", msg);
	nreports++;
}

static void step(const char *what)
{
	size_t len = strlen(trace);

	snprintf(trace + len, sizeof(trace) - len, "%s%s", len ? "," : "", what);
}

static enum kunit_status run(struct kunit_suite *s, struct kunit_case *c, const void *param,
			     char *reason)
{
	char buf[KUNIT_STATUS_COMMENT_SIZE];

	reports[0] = trace[0] = '\0';
	nreports = 0;
	return dmalab_kunit_run(s, c, param, capture, reason ? reason : buf, sizeof(buf));
}

static int init_ok(struct kunit *test)
{
	step("init");
	test->priv = kunit_kzalloc(test, 64, GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static int init_fails(struct kunit *test)
{
	step("init");
	return -ENOMEM;
}

static void exit_plain(struct kunit *test)
{
	step("exit");
}

static void exit_asserts(struct kunit *test)
{
	step("exit");
	KUNIT_ASSERT_EQ(test, 1 + 1, 3);
	step("after");
}

static void case_expect(struct kunit *test)
{
	int a = 1;

	KUNIT_EXPECT_EQ(test, a, 2);
	step("case");
}

static void case_assert(struct kunit *test)
{
	u64 v = 0x10;

	KUNIT_ASSERT_LT(test, v, 8);
	step("after");
}

static void case_skip(struct kunit *test)
{
	kunit_skip(test, "no %s here (%d)", "growth", 3);
	step("after");
}

static void case_skip_then_fail(struct kunit *test)
{
	kunit_mark_skipped(test, "maybe");
	KUNIT_EXPECT_TRUE(test, false);
	step("case");
}

static void case_msg(struct kunit *test)
{
	int ret = -ENOMEM;
	phys_addr_t pa = 0x1234000;

	KUNIT_EXPECT_EQ_MSG(test, ret, 0, KUNIT_SUBSUBTEST_INDENT "errno %pe from %s",
			    ERR_PTR(ret), "map_pages");
	KUNIT_EXPECT_NE_MSG(test, ret, -ENOMEM, "%d|%5lu|%-3s|%llx|%zu|%pa|%%|%pe",
			    7, 42UL, "ab", 0xabcULL, (size_t)9, &pa, ERR_PTR(-524));
}

static void case_checks(struct kunit *test)
{
	static const char a[] = "abc", b[] = "abd";
	void *p = test;

	/* every one of these holds */
	KUNIT_ASSERT_TRUE(test, 1);
	KUNIT_ASSERT_FALSE(test, 0);
	KUNIT_ASSERT_GE(test, 3, 3);
	KUNIT_ASSERT_GT(test, -1, -2);
	KUNIT_ASSERT_LE(test, (u8)255, 256);
	KUNIT_ASSERT_NULL(test, NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_PTR_EQ(test, p, test);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	KUNIT_ASSERT_STREQ(test, a, "abc");
	KUNIT_ASSERT_STRNEQ(test, a, b);
	KUNIT_ASSERT_MEMEQ(test, a, "abd", 2);
	KUNIT_ASSERT_MEMNEQ(test, a, b, 3);
	step("held");
	/* and every one of these fails, without ending the case */
	KUNIT_EXPECT_FALSE(test, 1);
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, ERR_PTR(-EIO));
	KUNIT_EXPECT_STREQ(test, a, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, 3);
	/* compared as their types compare: ULONG_MAX is not below 0 */
	KUNIT_EXPECT_GT(test, (unsigned long)-1, 0UL);
	KUNIT_EXPECT_LT(test, (unsigned long)-1, 0UL);
	step("case");
}

static void case_device(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "pt_kunit_dev");
	struct device *gone = kunit_device_register(test, "early");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gone);
	KUNIT_EXPECT_STREQ(test, dev_name(dev), "pt_kunit_dev");
	KUNIT_EXPECT_EQ(test, dev_to_node(dev), NUMA_NO_NODE);
	kunit_device_unregister(test, gone);
	/* memory not from kunit_kmalloc() is left alone, as in KUnit */
	kunit_kfree(test, reports);
	kunit_kfree(test, kunit_kmalloc(test, 10, GFP_KERNEL));
	step("case");
}

static const void *gen_three(struct kunit *test, const void *prev, char *desc)
{
	uintptr_t i = (uintptr_t)prev + 1;

	if (i > 3)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "p%u", (unsigned int)i);
	return (void *)i;
}

static const void *gen_nameless(struct kunit *test, const void *prev, char *desc)
{
	uintptr_t i = (uintptr_t)prev + 1;

	return i > 2 ? NULL : (void *)i;
}

static void case_param(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, (uintptr_t)test->param_value, 2);
}

static struct kunit_case cases[] = {
	KUNIT_CASE(case_expect),		/* 0 */
	KUNIT_CASE(case_assert),
	KUNIT_CASE(case_skip),
	KUNIT_CASE(case_skip_then_fail),
	KUNIT_CASE(case_msg),
	KUNIT_CASE(case_checks),		/* 5 */
	KUNIT_CASE(case_device),
	KUNIT_CASE_PARAM(case_param, gen_three),
	KUNIT_CASE_PARAM(case_param, gen_nameless),
	{}
};

static struct kunit_suite suite = {
	.name = "layer", .init = init_ok, .exit = exit_plain, .test_cases = cases,
};
static struct kunit_suite suite_init_fails = {
	.name = "layer_init", .init = init_fails, .exit = exit_plain, .test_cases = cases,
};
static struct kunit_suite suite_exit_asserts = {
	.name = "layer_exit", .init = init_ok, .exit = exit_asserts, .test_cases = cases,
};

/* EXPECT records the failure, names both sides, and the case goes on */
static bool test_kunit_expect(void)
{
	KT_EXPECT_EQ(run(&suite, &cases[0], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT_EQ(nreports, 1);
	KT_EXPECT(strstr(reports, "Expected a == 2, but\n    a == 1 (0x1)\n"));
	KT_EXPECT(!strcmp(trace, "init,case,exit"));
	return true;
}

/* ASSERT ends the case; exit and the release of resources still happen */
static bool test_kunit_assert(void)
{
	KT_EXPECT_EQ(run(&suite, &cases[1], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT_EQ(nreports, 1);
	KT_EXPECT(strstr(reports, "Expected v < 8, but\n    v == 16 (0x10)\n"));
	KT_EXPECT(!strcmp(trace, "init,exit"));
	return true;
}

/* kunit_skip() ends the case as skipped, with its reason */
static bool test_kunit_skip(void)
{
	char reason[KUNIT_STATUS_COMMENT_SIZE];

	KT_EXPECT_EQ(run(&suite, &cases[2], NULL, reason), KUNIT_SKIPPED);
	KT_EXPECT(!strcmp(reason, "no growth here (3)"));
	KT_EXPECT_EQ(nreports, 0);
	KT_EXPECT(!strcmp(trace, "init,exit"));
	/* a failure after kunit_mark_skipped() is a failure */
	KT_EXPECT_EQ(run(&suite, &cases[3], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT(!strcmp(trace, "init,case,exit"));
	return true;
}

/* a failed init fails the case, which does not run; exit does */
static bool test_kunit_init_fails(void)
{
	KT_EXPECT_EQ(run(&suite_init_fails, &cases[0], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT(strstr(reports, "failed to initialize: -12"));
	KT_EXPECT(!strcmp(trace, "init,exit"));
	return true;
}

/* an assertion in exit fails the case; the resources are released */
static bool test_kunit_exit_asserts(void)
{
	KT_EXPECT_EQ(run(&suite_exit_asserts, &cases[2], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT(strstr(reports, "Expected 1 + 1 == 3"));
	KT_EXPECT(strstr(reports, "test aborted during cleanup"));
	KT_EXPECT(!strcmp(trace, "init,exit"));
	return true;
}

/*
 * _MSG texts: printf conversions, %pe by errno name (by number where the C
 * library has no name: the kernel's own ENOTSUPP), %pa
 */
static bool test_kunit_msg(void)
{
	KT_EXPECT_EQ(run(&suite, &cases[4], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT_EQ(nreports, 2);
	KT_EXPECT(strstr(reports, "\nerrno -ENOMEM from map_pages\n"));
	KT_EXPECT(strstr(reports, "\n7|   42|ab |abc|9|0x0000000001234000|%|-524\n"));
	return true;
}

/* every kind of check holds when it should and fails when it should */
static bool test_kunit_checks(void)
{
	KT_EXPECT_EQ(run(&suite, &cases[5], NULL, NULL), KUNIT_FAILURE);
	KT_EXPECT(!strcmp(trace, "init,held,case,exit"));
	KT_EXPECT_EQ(nreports, 6);
	return true;
}

/* devices and memory of the case go when it ends (ktest checks the slab) */
static bool test_kunit_device(void)
{
	KT_EXPECT_EQ(run(&suite, &cases[6], NULL, NULL), KUNIT_SUCCESS);
	KT_EXPECT_EQ(nreports, 0);
	return true;
}

static void count_param(void *ctx, const void *param, const char *desc)
{
	char *names = ctx;

	sprintf(names + strlen(names), "%s=%lu ", desc, (unsigned long)(uintptr_t)param);
}

/* a generator's parameters, with its descriptions or KUnit's "param-N" */
static bool test_kunit_params(void)
{
	char names[128] = "";

	KT_EXPECT_EQ(dmalab_kunit_params(&suite, &cases[7], count_param, names), 3);
	KT_EXPECT(!strcmp(names, "p1=1 p2=2 p3=3 "));
	names[0] = '\0';
	KT_EXPECT_EQ(dmalab_kunit_params(&suite, &cases[8], count_param, names), 2);
	KT_EXPECT(!strcmp(names, "param-0=1 param-1=2 "));
	KT_EXPECT_EQ(run(&suite, &cases[7], (void *)2, NULL), KUNIT_SUCCESS);
	KT_EXPECT_EQ(run(&suite, &cases[7], (void *)3, NULL), KUNIT_FAILURE);
	return true;
}

/* the maple tree emulation: ranges, overlaps, walks that erase */
static bool test_maple_tree(void)
{
	struct maple_tree mt;
	unsigned long seen[8];
	unsigned int n = 0;
	void *entry;

	mt_init(&mt);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x5000, 0x5fff, XA_ZERO_ENTRY, GFP_KERNEL), 0);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x1000, 0x1fff, XA_ZERO_ENTRY, GFP_KERNEL), 0);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x9000, 0xafff, (void *)0x8, GFP_KERNEL), 0);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x5800, 0x6fff, XA_ZERO_ENTRY, GFP_KERNEL),
		     -EEXIST);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x0, 0x1000, XA_ZERO_ENTRY, GFP_KERNEL), -EEXIST);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x3000, 0x2000, XA_ZERO_ENTRY, GFP_KERNEL),
		     -EINVAL);
	KT_EXPECT(mtree_load(&mt, 0x5abc) == XA_ZERO_ENTRY);
	KT_EXPECT(mtree_load(&mt, 0x4000) == NULL);

	/* from inside the first range to before the last: as the KUnit suite walks */
	{
		MA_STATE(mas, &mt, 0x1800, 0x8fff);

		mtree_lock(&mt);
		mas_for_each(&mas, entry, 0x8fff) {
			seen[n++] = mas.index;
			seen[n++] = mas.last;
			KT_EXPECT(mas_erase(&mas) == XA_ZERO_ENTRY);
			mas_pause(&mas);
		}
		mtree_unlock(&mt);
	}
	KT_EXPECT_EQ(n, 4);
	KT_EXPECT_EQ(seen[0], 0x1000);
	KT_EXPECT_EQ(seen[1], 0x1fff);
	KT_EXPECT_EQ(seen[2], 0x5000);
	KT_EXPECT_EQ(seen[3], 0x5fff);
	KT_EXPECT(mtree_load(&mt, 0x1000) == NULL);
	KT_EXPECT(mtree_load(&mt, 0xa000) == (void *)0x8);
	KT_EXPECT_EQ(mtree_insert_range(&mt, 0x0, 0x8fff, XA_ZERO_ENTRY, GFP_KERNEL), 0);
	KT_EXPECT(mtree_erase(&mt, 0x42) == XA_ZERO_ENTRY);
	mtree_destroy(&mt);
	KT_EXPECT(mtree_empty(&mt));
	return true;
}

const struct ktest kunit_layer_tests[] = {
	KTEST(kunit_expect),
	KTEST(kunit_assert),
	KTEST(kunit_skip),
	KTEST(kunit_init_fails),
	KTEST(kunit_exit_asserts),
	KTEST(kunit_msg),
	KTEST(kunit_checks),
	KTEST(kunit_device),
	KTEST(kunit_params),
	KTEST(maple_tree),
};
const size_t nr_kunit_layer_tests = ARRAY_SIZE(kunit_layer_tests);
