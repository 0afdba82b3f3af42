// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit's runtime, for the kernel's own KUnit suites (kunit/test.h says what
 * is modelled). A failed assertion or kunit_skip() ends the case by a
 * longjmp back to dmalab_kunit_run(), which then runs the suite's exit and
 * releases the case's resources, as KUnit's try-catch does.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <kunit/test.h>
#include <kunit/device.h>
#include <dmalab/kunit.h>
#include <dmalab/runtime.h>

#include "internal.h"

/* an action to run when the case ends (kmalloc memory, devices, ...) */
struct kunit_res {
	kunit_action_t *action;
	void *ctx;
	struct kunit_res *next;
};

struct dmalab_kunit_run {
	jmp_buf jump;
	struct kunit_res *resources;	/* newest first */
	dmalab_kunit_report_t report;
	char values[768];
};

/* ---- registration ---- */

static struct kunit_suite **suites;
static size_t nr_suites;

void dmalab_kunit_register(struct kunit_suite *const *list, size_t n)
{
	struct kunit_suite **s = realloc(suites, (nr_suites + n) * sizeof(*s));

	if (!s)
		abort();
	memcpy(s + nr_suites, list, n * sizeof(*s));
	suites = s;
	nr_suites += n;
}

size_t dmalab_kunit_nr_suites(void)
{
	return nr_suites;
}

struct kunit_suite *dmalab_kunit_suite(size_t i)
{
	return i < nr_suites ? suites[i] : NULL;
}

/* what the suites here do not use is not modelled: say so and stop */
static void check_modelled(struct kunit_suite *suite, struct kunit_case *c)
{
	if (suite->suite_init || suite->suite_exit)
		dmalab_unimplemented("KUnit suite_init/suite_exit");
	if (c && (c->param_init || c->param_exit))
		dmalab_unimplemented("KUnit param_init/param_exit");
}

size_t dmalab_kunit_params(struct kunit_suite *suite, struct kunit_case *c,
			   void (*fn)(void *ctx, const void *param, const char *desc),
			   void *ctx)
{
	struct kunit test = { .name = c->name };
	char desc[KUNIT_PARAM_DESC_SIZE];
	const void *param = NULL;
	size_t n = 0;

	check_modelled(suite, c);
	for (;;) {
		desc[0] = '\0';
		param = c->generate_params(&test, param, desc);
		if (!param)
			break;
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%zu", n);
		fn(ctx, param, desc);
		n++;
	}
	return n;
}

/* ---- messages: the kernel's printf (runtime/vsprintf.c) ---- */

static void vformat(char *buf, size_t len, const char *fmt, va_list ap)
{
	dmalab_vsnprintf(buf, len, fmt, ap);
}

/* the framework's own lines (libc formats: no kernel extensions in them) */
static void emit(char **p, char *end, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void emit(char **p, char *end, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*p >= end)
		return;
	va_start(ap, fmt);
	n = vsnprintf(*p, end - *p, fmt, ap);
	va_end(ap);
	if (n > 0)
		*p += n < end - *p ? n : end - *p - 1;
}

/* ---- results ---- */

static struct dmalab_kunit_run *run_of(struct kunit *test)
{
	if (!test->run)
		dmalab_unimplemented("KUnit checks outside a case run by dmalab_kunit_run()");
	return test->run;
}

static void vfail(struct kunit *test, const char *file, int line, const char *what,
		  const char *fmt, va_list ap)
{
	struct dmalab_kunit_run *run = run_of(test);
	char msg[1024], extra[512];
	size_t n;

	test->status = KUNIT_FAILURE;
	snprintf(msg, sizeof(msg), "%s", what);
	vformat(extra, sizeof(extra), fmt, ap);
	/* KUnit's indent before _MSG texts means nothing on a "# " line */
	n = strspn(extra, " ");
	if (extra[n])
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "\n%s", extra + n);
	run->report(file, line, msg);
}

void __dmalab_kunit_fail(struct kunit *test, const char *file, int line,
			 const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(test, file, line, what, fmt, ap);
	va_end(ap);
}

void __dmalab_kunit_fail_abort(struct kunit *test, const char *file, int line,
			       const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(test, file, line, what, fmt, ap);
	va_end(ap);
	__dmalab_kunit_abort(test);
}

void __dmalab_kunit_abort(struct kunit *test)
{
	longjmp(run_of(test)->jump, 1);
}

/* a side that is a plain number is not repeated, as KUnit does */
static bool is_literal(const char *text, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	return !strcmp(text, num);
}

const char *__dmalab_kunit_values(struct kunit *test, const char *expr,
				  const char *left, long long lv,
				  const char *right, long long rv)
{
	struct dmalab_kunit_run *run = run_of(test);
	char *p = run->values, *end = p + sizeof(run->values);

	emit(&p, end, "Expected %s, but", expr);
	if (!is_literal(left, lv))
		emit(&p, end, "\n    %s == %lld (0x%llx)", left, lv, (unsigned long long)lv);
	if (!is_literal(right, rv))
		emit(&p, end, "\n    %s == %lld (0x%llx)", right, rv, (unsigned long long)rv);
	return run->values;
}

void __dmalab_kunit_set_skip(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	test->status = KUNIT_SKIPPED;
	va_start(ap, fmt);
	vformat(test->status_comment, sizeof(test->status_comment), fmt, ap);
	va_end(ap);
}

/* ---- resources ---- */

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct dmalab_kunit_run *run = run_of(test);
	struct kunit_res *r = malloc(sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->action = action;
	r->ctx = ctx;
	r->next = run->resources;
	run->resources = r;
	return 0;
}

/* unlink the newest action(action, ctx); NULL if there is none */
static struct kunit_res *take_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_res **pp;

	for (pp = &run_of(test)->resources; *pp; pp = &(*pp)->next) {
		struct kunit_res *r = *pp;

		if (r->action == action && r->ctx == ctx) {
			*pp = r->next;
			return r;
		}
	}
	return NULL;
}

void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_res *r = take_action(test, action, ctx);

	if (r) {
		free(r);
		action(ctx);
	}
}

void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	free(take_action(test, action, ctx));
}

static void release_all(struct dmalab_kunit_run *run)
{
	while (run->resources) {
		struct kunit_res *r = run->resources;

		run->resources = r->next;
		r->action(r->ctx);
		free(r);
	}
}

static void kfree_action(void *p)
{
	kfree(p);
}

void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (p && kunit_add_action(test, kfree_action, p)) {
		kfree(p);
		return NULL;
	}
	return p;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	/* as KUnit: memory this case did not get from kunit_kmalloc() is ignored */
	if (ptr)
		kunit_release_action(test, kfree_action, (void *)ptr);
}

struct kunit_device {
	struct device dev;
	char name[];
};

static void device_action(void *p)
{
	struct device *dev = p;

	dmalab_devres_release_all(dev);
	kfree(container_of(dev, struct kunit_device, dev));
}

struct device *kunit_device_register(struct kunit *test, const char *name)
{
	size_t len = strlen(name) + 1;
	struct kunit_device *kd = kzalloc(sizeof(*kd) + len, GFP_KERNEL);

	if (!kd)
		return ERR_PTR(-ENOMEM);
	memcpy(kd->name, name, len);
	kd->dev.init_name = kd->name;
	kd->dev.numa_node = NUMA_NO_NODE;
	INIT_LIST_HEAD(&kd->dev.dma_pools);
	INIT_LIST_HEAD(&kd->dev.dma_io_tlb_pools);
	INIT_LIST_HEAD(&kd->dev.devres_head);
	spin_lock_init(&kd->dev.dma_io_tlb_lock);
	if (kunit_add_action(test, device_action, &kd->dev)) {
		kfree(kd);
		return ERR_PTR(-ENOMEM);
	}
	return &kd->dev;
}

void kunit_device_unregister(struct kunit *test, struct device *dev)
{
	kunit_release_action(test, device_action, dev);
}

/* ---- one case ---- */

enum kunit_status dmalab_kunit_run(struct kunit_suite *suite, struct kunit_case *c,
				   const void *param, dmalab_kunit_report_t report,
				   char *skip_reason, size_t len)
{
	struct dmalab_kunit_run run = { .report = report };
	struct kunit test = {
		.param_value = param,
		.name = c->name,
		.status = KUNIT_SUCCESS,
		.run = &run,
	};
	char msg[64];
	int ret;

	check_modelled(suite, c);
	if (!setjmp(run.jump)) {
		ret = suite->init ? suite->init(&test) : 0;
		if (ret) {
			snprintf(msg, sizeof(msg), "failed to initialize: %d", ret);
			test.status = KUNIT_FAILURE;
			report(__FILE__, __LINE__, msg);
		} else {
			c->run_case(&test);
		}
	}
	/* the exit runs whatever happened, and may not abort */
	if (!setjmp(run.jump)) {
		if (suite->exit)
			suite->exit(&test);
	} else {
		test.status = KUNIT_FAILURE;
		report(__FILE__, __LINE__, "test aborted during cleanup");
	}
	/*
	 * KUnit leaves the resources of a case whose exit aborted; they are
	 * released here anyway, so that the leak check speaks of the case only.
	 */
	release_all(&run);
	if (test.status == KUNIT_SKIPPED)
		snprintf(skip_reason, len, "%s", test.status_comment);
	return test.status;
}
