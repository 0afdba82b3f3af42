// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run bracket of every fuzz target (target.h): a clean start, the ops
 * one by one, kernel WARNs and leaks, the first finding.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <dmalab/runtime.h>

#include "fuzz/c_emit.h"
#include "fuzz/target.h"
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

void finding_set(struct finding *f, int op, const char *kind, const char *where,
		 const char *fmt, ...)
{
	va_list ap;

	f->op = op;
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	snprintf(f->where, sizeof(f->where), "%s", where);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

void finding_print(const struct finding *f, FILE *out)
{
	if (f->op >= 0)
		fprintf(out, "FINDING (%s) after op %d at %s\n  %s\n", f->kind, f->op,
			f->where, f->detail);
	else
		fprintf(out, "FINDING (%s) at teardown at %s\n  %s\n", f->kind, f->where,
			f->detail);
}

void run_finding(struct fuzz_run *r, const char *kind, const char *where, const char *fmt, ...)
{
	char detail[sizeof(r->f->detail)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (r->verbose)
		printf("      -> FINDING (%s) at %s: %s\n", kind, where, detail);
	if (r->failed)
		return;		/* the first finding is the one reported */
	r->failed = true;
	finding_set(r->f, r->op, kind, where, "%s", detail);
}

void run_say(struct fuzz_run *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->verbose)
		return;
	printf("      -> ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

bool run_env_op(struct fuzz_run *r, const struct prog_op *op)
{
	switch (op->code) {
	case OP_CPU:
		dmalab_set_cpu(op->arg[0] % dmalab_nr_cpus());
		C_EMIT_BRACKET("dmalab_set_cpu(%u);", (unsigned int)(op->arg[0] % dmalab_nr_cpus()));
		return true;
	case OP_DRAIN:
		dmalab_run_deferred_work();
		C_EMIT_BRACKET("dmalab_run_deferred_work();");
		return true;
	case OP_FAIL_NTH:
		if (op->arg[0]) {
			dmalab_fail_nth(op->arg[0]);
			C_EMIT_BRACKET("dmalab_fail_nth(%llu);", (unsigned long long)op->arg[0]);
		} else {
			dmalab_fail_off();
			C_EMIT_BRACKET("dmalab_fail_off();");
		}
		return true;
	default:
		return false;
	}
}

/* A WARN since the last reset becomes a finding. */
static void warn_finding(struct fuzz_run *r)
{
	const struct dmalab_warn_record *w = dmalab_warn_last();
	char where[200];

	if (!dmalab_warn_count() || !w)
		return;
	snprintf(where, sizeof(where), "%s:%d (%s)", w->file, w->line, w->func);
	run_finding(r, w->kind == DMALAB_BUG ? "bug" : "warn", where, "%s", w->msg);
}

/* In a verbose misuse run: the WARNs the op provoked (not findings there). */
static void say_misuse_warns(struct fuzz_run *r)
{
	const struct dmalab_warn_record *w = dmalab_warn_last();
	unsigned long n = dmalab_warn_count();

	if (!n || !w)
		return;
	run_say(r, "the kernel caught it: %lu WARN%s, the last at %s:%d (%s): %s", n,
		n == 1 ? "" : "s", w->file, w->line, w->func, w->msg);
}

/* a C reproducer (fuzz/c_emit.h): which op the calls that follow are */
static void emit_op_comment(const struct prog_op *op, unsigned int i)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		abort();
	prog_print_op(op, m);
	fclose(m);
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	C_EMIT_BRACKET("\n/* op %u: %s */", i, text);
	free(text);
}

/* WARNs that misuse provoked (the kernel caught it), over the process */
unsigned long dmalab_misuse_warns;

bool target_run(const struct target *t, const struct fuzz_input *in, struct finding *f,
		bool verbose)
{
	static const struct target *inited[64];
	static unsigned int ninited;
	struct dmalab_run_result res;
	struct dmalab_run run;
	struct fuzz_run r = {
		.t = t, .in = in, .p = &in->prog, .f = f, .op = -1, .verbose = verbose,
	};
	bool misuse = t->flags & TARGET_MISUSE;
	unsigned int i;

	for (i = 0; i < ninited && inited[i] != t; i++)
		;
	if (i == ninited) {
		if (t->init)
			t->init();
		if (ninited < 64)
			inited[ninited++] = t;
	}
	memset(f, 0, sizeof(*f));
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	known_bug_trace(verbose ? stdout : NULL);
	if (t->state_size) {
		r.state = calloc(1, t->state_size);
		if (!r.state)
			abort();
	}
	dmalab_run_begin(&run);

	if (!t->setup(&r)) {
		if (verbose && !r.failed)
			printf("  (the configuration cannot be set up: nothing to run)\n");
		if (!r.failed)
			c_emit_unsupported("the configuration cannot be set up: nothing to run");
	} else if (!r.p->nops && t->no_ops) {
		r.op = 0;
		t->no_ops(&r);
		if (!misuse)
			warn_finding(&r);
	} else {
		for (i = 0; i < r.p->nops && !r.failed; i++) {
			r.op = i;
			if (verbose) {
				printf("[%3u] ", i);
				prog_print_op(&r.p->ops[i], stdout);
				fflush(stdout);
			}
			if (c_emit_on)
				emit_op_comment(&r.p->ops[i], i);
			t->op(&r, &r.p->ops[i]);
			if (misuse) {
				say_misuse_warns(&r);
				dmalab_misuse_warns += dmalab_warn_count();
				dmalab_warn_reset();
			} else {
				warn_finding(&r);
			}
		}
	}

	r.op = -1;
	dmalab_fail_off();
	C_EMIT_BRACKET("\n/* the teardown */\ndmalab_fail_off();");
	t->teardown(&r);
	if (misuse) {
		dmalab_misuse_warns += dmalab_warn_count();
		dmalab_warn_reset();
	}
	dmalab_run_end(&run, &res);
	if (!misuse)
		warn_finding(&r);
	/* misuse may leave things behind: only crashes and sanitizers count */
	if (res.leaked && !r.failed && !misuse) {
		dmalab_log_clear();
		dmalab_slab_report_leaks();
		run_finding(&r, "leak", "slab", "%lld slab objects more after the teardown than "
			    "before the setup; %.700s", res.leaked, dmalab_log());
	}
	dmalab_warn_reset();
	if (verbose)
		printf("%s\n", r.failed ? "FINDING" : "clean");
	known_bug_trace(NULL);
	free(r.state);
	return !r.failed;
}

bool target_run_bytes(const struct target *t, const uint8_t *data, size_t size,
		      struct finding *f, bool verbose)
{
	static struct fuzz_input in;
	char err[256];

	if (!t->codec->decode(&in, data, size, err, sizeof(err))) {
		if (verbose)
			printf("  (not an input of this target: %s: nothing to run)\n", err);
		return true;
	}
	return target_run(t, &in, f, verbose);
}

DMALAB_NOCOV_END
