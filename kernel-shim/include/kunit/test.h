/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: KUnit, as far as the kernel's own KUnit suites that dmalab
 * runs use it (drivers/iommu/generic_pt/kunit_*.h, built into each page-table
 * format by compiling the format's file again with -DGENERIC_PT_KUNIT=1).
 *
 * Ours, written for userspace, with KUnit's names and semantics:
 *  - a case runs as suite->init, case->run_case, then suite->exit, then the
 *    case's resources are released newest first; exit and the release run
 *    even when init or the case failed, as in KUnit;
 *  - KUNIT_EXPECT_* records a failure and goes on; KUNIT_ASSERT_* records it
 *    and ends the case (a longjmp back to the case runner), as does
 *    kunit_skip(); kunit_mark_skipped() only marks;
 *  - failure messages name the kernel file and line and both values, and
 *    the _MSG forms add a printf-style message in which %pe prints an
 *    ERR_PTR()/errno by name (-ENOMEM) and %pa a phys_addr_t;
 *  - kunit_kzalloc() and kunit_device_register() give kmalloc memory, so
 *    the harness's leak check and failure injection see it;
 *  - kunit_test_suites() registers suites when the program starts, in the
 *    order of the objects on the link line.
 *
 * The runtime is kernel-shim/runtime/kunit.c; dmalab/kunit.h is the harness
 * side (tests/generic_pt/ runs every registered case as a ktest case).
 */
#ifndef _DMALAB_KUNIT_TEST_H
#define _DMALAB_KUNIT_TEST_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/module.h>
/*
 * The kernel's kunit/test.h reaches these through its own include chains
 * (linux/kernel.h, linux/slab.h, ...), and the suites rely on that.
 */
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/device.h>
#include <linux/xarray.h>

/* as KUnit indents a case's diagnostics and a parameter's */
#define KUNIT_SUBTEST_INDENT		"    "
#define KUNIT_SUBSUBTEST_INDENT		"        "
#define KUNIT_PARAM_DESC_SIZE		128
#define KUNIT_STATUS_COMMENT_SIZE	256

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

struct dmalab_kunit_run;

struct kunit {
	/* for the suite's init, cases and exit */
	void *priv;
	/* the value the case's generator gave, NULL for a plain case */
	const void *param_value;
	/* the case's name */
	const char *name;
	/* KUnit's result so far */
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	/* private: the runner's state (jump buffer, resources, messages) */
	struct dmalab_kunit_run *run;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(struct kunit *test, const void *prev, char *desc);
	int (*param_init)(struct kunit *test);
	void (*param_exit)(struct kunit *test);
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(test_name)						\
	{ .run_case = test_name, .name = #test_name }
#define KUNIT_CASE_PARAM(test_name, gen_params)				\
	{ .run_case = test_name, .name = #test_name,			\
	  .generate_params = gen_params }
#define KUNIT_CASE_PARAM_WITH_INIT(test_name, gen_params, init, exit)	\
	{ .run_case = test_name, .name = #test_name,			\
	  .generate_params = gen_params, .param_init = init,		\
	  .param_exit = exit }
/* speed attributes are not modelled: every case runs */
#define KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)

/*
 * Registration: a constructor adds the suites to the runtime's list when the
 * program starts (the kernel collects them from an ELF section).
 */
void dmalab_kunit_register(struct kunit_suite *const *suites, size_t n);

#define __kunit_test_suites(id, ...)					\
	static struct kunit_suite *const __PASTE(id, _list)[] = { __VA_ARGS__ }; \
	static void __attribute__((constructor)) __PASTE(id, _register)(void) \
	{								\
		dmalab_kunit_register(__PASTE(id, _list),		\
				      ARRAY_SIZE(__PASTE(id, _list)));	\
	}
#define kunit_test_suites(...)						\
	__kunit_test_suites(__PASTE(__dmalab_kunit_, __COUNTER__), __VA_ARGS__)
#define kunit_test_suite(suite)		kunit_test_suites(&suite)

/* ---- results ---------------------------------------------------------- */

/* record a failure: "file:line: <what>", then the message if fmt */
void __dmalab_kunit_fail(struct kunit *test, const char *file, int line,
			 const char *what, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* the same, then end the case */
__attribute__((noreturn))
void __dmalab_kunit_fail_abort(struct kunit *test, const char *file, int line,
			       const char *what, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* end the case here (after kunit_skip() or a failed assertion) */
__attribute__((noreturn)) void __dmalab_kunit_abort(struct kunit *test);
/*
 * "Expected <expr>, but" and both sides with their values, as KUnit prints
 * a failed comparison (in a buffer of the case, valid until the next call)
 */
const char *__dmalab_kunit_values(struct kunit *test, const char *expr,
				  const char *left, long long lv,
				  const char *right, long long rv);
void __dmalab_kunit_set_skip(struct kunit *test, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void kunit_set_failure(struct kunit *test)
{
	test->status = KUNIT_FAILURE;
}

#define kunit_mark_skipped(test, fmt, ...)				\
	__dmalab_kunit_set_skip(test, fmt, ##__VA_ARGS__)
#define kunit_skip(test, fmt, ...)					\
	do {								\
		kunit_mark_skipped(test, fmt, ##__VA_ARGS__);		\
		__dmalab_kunit_abort(test);				\
	} while (0)

/* KUnit's kunit_info/kunit_err: to the kernel log */
#define kunit_printk(lvl, test, fmt, ...)				\
	printk(lvl "    # %s: " fmt, (test)->name, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...)	kunit_printk(KERN_INFO, test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	kunit_printk(KERN_WARNING, test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	kunit_printk(KERN_ERR, test, fmt, ##__VA_ARGS__)
#define kunit_log(lvl, test, fmt, ...)	kunit_printk(lvl, test, fmt, ##__VA_ARGS__)

/* ---- expectations and assertions -------------------------------------- */

/* a failed check: __dmalab_kunit_fail (EXPECT) or _fail_abort (ASSERT) */
#define __KUNIT_FAILED(test, abort, what, fmt, ...)			\
	((abort) ? __dmalab_kunit_fail_abort(test, __FILE__, __LINE__,	\
					     what, fmt, ##__VA_ARGS__) :	\
		   __dmalab_kunit_fail(test, __FILE__, __LINE__, what,	\
				       fmt, ##__VA_ARGS__))

#define __KUNIT_BOOL(test, abort, cond, want, fmt, ...)			\
	do {								\
		if (((cond) ? true : false) != (want))			\
			__KUNIT_FAILED(test, abort, "Expected " #cond	\
				       " to be " #want ", but is not",	\
				       fmt, ##__VA_ARGS__);		\
	} while (0)

/*
 * Both sides are evaluated once, in their own types, and compared with C's
 * rules, as KUnit does; a failure prints them as signed and hex values.
 */
#define __KUNIT_BINARY(test, abort, left, op, right, fmt, ...)		\
	do {								\
		const typeof(left) __kl = (left);			\
		const typeof(right) __kr = (right);			\
									\
		if (!(__kl op __kr))					\
			__KUNIT_FAILED(test, abort,			\
				__dmalab_kunit_values(test,		\
					#left " " #op " " #right,	\
					#left, (long long)(uintptr_t)__kl, \
					#right, (long long)(uintptr_t)__kr), \
				fmt, ##__VA_ARGS__);			\
	} while (0)

#define __KUNIT_STR(test, abort, left, op, right, fmt, ...)		\
	do {								\
		const char *__kl = (left), *__kr = (right);		\
									\
		if (!(strcmp(__kl, __kr) op 0))				\
			__KUNIT_FAILED(test, abort, "Expected " #left " "	\
				       #op " " #right, fmt, ##__VA_ARGS__);	\
	} while (0)

#define __KUNIT_MEM(test, abort, left, op, right, size, fmt, ...)	\
	do {								\
		const void *__kl = (left), *__kr = (right);		\
		const size_t __ks = (size);				\
									\
		if (!(memcmp(__kl, __kr, __ks) op 0))			\
			__KUNIT_FAILED(test, abort, "Expected " #left " "	\
				       #op " " #right " over " #size	\
				       " bytes", fmt, ##__VA_ARGS__);	\
	} while (0)

#define __KUNIT_PTR_NOT_ERR_OR_NULL(test, abort, ptr, fmt, ...)		\
	do {								\
		const void *__kp = (ptr);				\
									\
		if (IS_ERR_OR_NULL(__kp))				\
			__KUNIT_FAILED(test, abort, "Expected " #ptr	\
				       " is not error or NULL, but is an " \
				       "error or NULL", fmt, ##__VA_ARGS__); \
	} while (0)

#define KUNIT_FAIL(test, fmt, ...)					\
	__dmalab_kunit_fail(test, __FILE__, __LINE__, "KUNIT_FAIL", fmt, ##__VA_ARGS__)
#define KUNIT_SUCCEED(test)		do { } while (0)

/* every check in its EXPECT and ASSERT form, some with _MSG */
#define KUNIT_EXPECT_TRUE(t, c)		__KUNIT_BOOL(t, false, c, true, "%s", "")
#define KUNIT_EXPECT_FALSE(t, c)	__KUNIT_BOOL(t, false, c, false, "%s", "")
#define KUNIT_ASSERT_TRUE(t, c)		__KUNIT_BOOL(t, true, c, true, "%s", "")
#define KUNIT_ASSERT_FALSE(t, c)	__KUNIT_BOOL(t, true, c, false, "%s", "")
#define KUNIT_EXPECT_TRUE_MSG(t, c, f, ...)  __KUNIT_BOOL(t, false, c, true, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, f, ...) __KUNIT_BOOL(t, false, c, false, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE_MSG(t, c, f, ...)  __KUNIT_BOOL(t, true, c, true, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(t, c, f, ...) __KUNIT_BOOL(t, true, c, false, f, ##__VA_ARGS__)

#define KUNIT_EXPECT_EQ(t, l, r)	__KUNIT_BINARY(t, false, l, ==, r, "%s", "")
#define KUNIT_EXPECT_NE(t, l, r)	__KUNIT_BINARY(t, false, l, !=, r, "%s", "")
#define KUNIT_EXPECT_LT(t, l, r)	__KUNIT_BINARY(t, false, l, <, r, "%s", "")
#define KUNIT_EXPECT_LE(t, l, r)	__KUNIT_BINARY(t, false, l, <=, r, "%s", "")
#define KUNIT_EXPECT_GT(t, l, r)	__KUNIT_BINARY(t, false, l, >, r, "%s", "")
#define KUNIT_EXPECT_GE(t, l, r)	__KUNIT_BINARY(t, false, l, >=, r, "%s", "")
#define KUNIT_ASSERT_EQ(t, l, r)	__KUNIT_BINARY(t, true, l, ==, r, "%s", "")
#define KUNIT_ASSERT_NE(t, l, r)	__KUNIT_BINARY(t, true, l, !=, r, "%s", "")
#define KUNIT_ASSERT_LT(t, l, r)	__KUNIT_BINARY(t, true, l, <, r, "%s", "")
#define KUNIT_ASSERT_LE(t, l, r)	__KUNIT_BINARY(t, true, l, <=, r, "%s", "")
#define KUNIT_ASSERT_GT(t, l, r)	__KUNIT_BINARY(t, true, l, >, r, "%s", "")
#define KUNIT_ASSERT_GE(t, l, r)	__KUNIT_BINARY(t, true, l, >=, r, "%s", "")
#define KUNIT_EXPECT_EQ_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, ==, r, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, !=, r, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, <, r, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, <=, r, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, >, r, f, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, false, l, >=, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, ==, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, !=, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, <, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, <=, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, >, r, f, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(t, l, r, f, ...) __KUNIT_BINARY(t, true, l, >=, r, f, ##__VA_ARGS__)

#define KUNIT_EXPECT_PTR_EQ(t, l, r)	__KUNIT_BINARY(t, false, l, ==, r, "%s", "")
#define KUNIT_EXPECT_PTR_NE(t, l, r)	__KUNIT_BINARY(t, false, l, !=, r, "%s", "")
#define KUNIT_ASSERT_PTR_EQ(t, l, r)	__KUNIT_BINARY(t, true, l, ==, r, "%s", "")
#define KUNIT_ASSERT_PTR_NE(t, l, r)	__KUNIT_BINARY(t, true, l, !=, r, "%s", "")
#define KUNIT_EXPECT_NULL(t, p)		__KUNIT_BINARY(t, false, p, ==, NULL, "%s", "")
#define KUNIT_EXPECT_NOT_NULL(t, p)	__KUNIT_BINARY(t, false, p, !=, NULL, "%s", "")
#define KUNIT_ASSERT_NULL(t, p)		__KUNIT_BINARY(t, true, p, ==, NULL, "%s", "")
#define KUNIT_ASSERT_NOT_NULL(t, p)	__KUNIT_BINARY(t, true, p, !=, NULL, "%s", "")
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p) __KUNIT_PTR_NOT_ERR_OR_NULL(t, false, p, "%s", "")
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p) __KUNIT_PTR_NOT_ERR_OR_NULL(t, true, p, "%s", "")

#define KUNIT_EXPECT_STREQ(t, l, r)	__KUNIT_STR(t, false, l, ==, r, "%s", "")
#define KUNIT_EXPECT_STRNEQ(t, l, r)	__KUNIT_STR(t, false, l, !=, r, "%s", "")
#define KUNIT_ASSERT_STREQ(t, l, r)	__KUNIT_STR(t, true, l, ==, r, "%s", "")
#define KUNIT_ASSERT_STRNEQ(t, l, r)	__KUNIT_STR(t, true, l, !=, r, "%s", "")
#define KUNIT_EXPECT_MEMEQ(t, l, r, n)	__KUNIT_MEM(t, false, l, ==, r, n, "%s", "")
#define KUNIT_EXPECT_MEMNEQ(t, l, r, n)	__KUNIT_MEM(t, false, l, !=, r, n, "%s", "")
#define KUNIT_ASSERT_MEMEQ(t, l, r, n)	__KUNIT_MEM(t, true, l, ==, r, n, "%s", "")
#define KUNIT_ASSERT_MEMNEQ(t, l, r, n)	__KUNIT_MEM(t, true, l, !=, r, n, "%s", "")

/* ---- managed resources ------------------------------------------------- */

/* kmalloc memory released when the case ends (after the suite's exit) */
void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
static inline void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}
static inline void *kunit_kmalloc_array(struct kunit *test, size_t n, size_t size,
					gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kunit_kmalloc(test, bytes, gfp);
}
static inline void *kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}
/* free it now; a pointer kunit_kmalloc() did not give is a failure */
void kunit_kfree(struct kunit *test, const void *ptr);

typedef void (kunit_action_t)(void *);
/* run action(ctx) when the case ends; -ENOMEM if it cannot be recorded */
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
static inline int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
					    void *ctx)
{
	int ret = kunit_add_action(test, action, ctx);

	if (ret)
		action(ctx);
	return ret;
}
/* run it now and forget it */
void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx);
/* forget it without running it */
void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx);

#endif
