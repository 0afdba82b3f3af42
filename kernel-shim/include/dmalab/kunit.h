/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The harness side of the shim's KUnit (kunit/test.h, runtime/kunit.c): the
 * suites kunit_test_suites() registered, their cases' parameters, and one
 * case run the way KUnit runs it. A harness (tests/generic_pt/) turns each
 * case, and each parameter of a parameterised case, into a test of its own.
 */
#ifndef _DMALAB_KUNIT_H
#define _DMALAB_KUNIT_H

#include <kunit/test.h>

/* The registered suites, in registration order. */
size_t dmalab_kunit_nr_suites(void);
struct kunit_suite *dmalab_kunit_suite(size_t i);

/*
 * Call fn for every parameter of a parameterised case, in the generator's
 * order, with the description it wrote (KUnit's "param-<n>" if it wrote
 * none); returns how many there were.
 */
size_t dmalab_kunit_params(struct kunit_suite *suite, struct kunit_case *c,
			   void (*fn)(void *ctx, const void *param, const char *desc),
			   void *ctx);

/* Called with each failure of the case: its kernel file:line and text. */
typedef void (*dmalab_kunit_report_t)(const char *file, int line, const char *msg);

/*
 * Run one case (param: the generator's value, NULL for a plain case) as
 * KUnit does: init, the case, exit, then its resources; every failure goes
 * to report. Returns KUNIT_SUCCESS, KUNIT_FAILURE or KUNIT_SKIPPED (then the
 * reason is in skip_reason).
 */
enum kunit_status dmalab_kunit_run(struct kunit_suite *suite, struct kunit_case *c,
				   const void *param, dmalab_kunit_report_t report,
				   char *skip_reason, size_t len);

#endif
