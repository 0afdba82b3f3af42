// SPDX-License-Identifier: GPL-2.0-only
/* A standalone C reproducer of a program (fuzz/c_emit.h). */
#define _GNU_SOURCE	/* strerrorname_np */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/c_emit.h"
#include "oracle/known_bugs.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

bool c_emit_on;

/* a growing text buffer */
struct text {
	char *s;
	size_t len, cap;
};

static struct {
	struct text body, decls, includes;
	char unsupported[200];
	unsigned long target_lines;	/* c_emit_line()s: the target's own */
} em;

static void text_vadd(struct text *t, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		abort();
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	vsnprintf(t->s + t->len, n + 1, fmt, ap);
	t->len += n;
}

static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vadd(t, fmt, ap);
	va_end(ap);
}

static void text_free(struct text *t)
{
	free(t->s);
	memset(t, 0, sizeof(*t));
}

static void add_lines(const char *fmt, va_list ap)
{
	struct text line = {};
	const char *p, *nl;

	text_vadd(&line, fmt, ap);
	/* indent each line of it one tab inside main() */
	for (p = line.s; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p)
			text_add(&em.body, "\t%.*s\n", (int)(nl - p), p);
		else
			text_add(&em.body, "\n");
		if (!*nl)
			break;
	}
	text_free(&line);
}

void c_emit_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_lines(fmt, ap);
	va_end(ap);
	em.target_lines++;
}

void c_emit_bracket(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_lines(fmt, ap);
	va_end(ap);
}

static bool contains(const struct text *t, const char *s)
{
	return t->s && strstr(t->s, s);
}

void c_emit_decl(const char *fmt, ...)
{
	struct text d = {};
	va_list ap;

	if (!c_emit_on)
		return;	/* not recording: safe to call unguarded */
	va_start(ap, fmt);
	text_vadd(&d, fmt, ap);
	va_end(ap);
	if (!contains(&em.decls, d.s))
		text_add(&em.decls, "%s\n", d.s);
	text_free(&d);
}

void c_emit_include(const char *header)
{
	char line[160];

	if (!c_emit_on)
		return;	/* not recording: safe to call unguarded */
	snprintf(line, sizeof(line), "#include %s\n", header);
	if (!contains(&em.includes, line))
		text_add(&em.includes, "%s", line);
}

void c_emit_unsupported(const char *why, ...)
{
	va_list ap;

	if (!c_emit_on)
		return;	/* not recording: safe to call unguarded */
	if (em.unsupported[0])
		return;
	va_start(ap, why);
	vsnprintf(em.unsupported, sizeof(em.unsupported), why, ap);
	va_end(ap);
}

void c_emit_known_bug(const char *id, const char *seen, ...)
{
	const struct known_bug *kb = known_bug_find(id);
	struct text t = {};
	const char *p;
	size_t col = 0;
	va_list ap;

	if (!kb)
		abort();	/* as known_bug_hit(): a typo must not hide a finding */
	va_start(ap, seen);
	text_vadd(&t, seen, ap);
	va_end(ap);
	text_add(&t, ". Known kernel bug %s (%s, %s()): %s", id, kb->file, kb->function,
		 kb->summary);
	/* wrapped at 72 columns, word by word */
	text_add(&em.body, "\t/*\n\t *");
	for (p = t.s; *p;) {
		size_t w = strcspn(p, " ");

		if (col && col + 1 + w > 72) {
			text_add(&em.body, "\n\t *");
			col = 0;
		}
		text_add(&em.body, " %.*s", (int)w, p);
		col += 1 + w;
		p += w;
		p += strspn(p, " ");
	}
	text_add(&em.body, "\n\t */\n");
	text_free(&t);
	em.target_lines++;
}

static void release(void)
{
	text_free(&em.body);
	text_free(&em.decls);
	text_free(&em.includes);
	memset(&em, 0, sizeof(em));
	c_emit_on = false;
}

void c_emit_start(void)
{
	release();
	c_emit_on = true;
}

/* names[v], or v as a number (one of two static buffers) */
static const char *name_of(const char *const *names, unsigned int n, long v)
{
	static char buf[2][24];
	static unsigned int next;
	char *b;

	if (v >= 0 && v < n)
		return names[v];
	b = buf[next++ % 2];
	snprintf(b, sizeof(buf[0]), "%ld", v);
	return b;
}

const char *c_emit_dir(int dir)
{
	static const char *const names[] = {
		"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
	};

	return name_of(names, 4, dir);
}

const char *c_emit_domain_kind(int kind)
{
	static const char *const names[] = {
		"DMALAB_DOMAIN_DMA", "DMALAB_DOMAIN_DMA_FQ", "DMALAB_DOMAIN_IDENTITY",
	};

	return name_of(names, 3, kind);
}

const char *c_emit_pt_format(int format)
{
	static const char *const names[] = {
		"DMALAB_PT_X86_64", "DMALAB_PT_AMDV1", "DMALAB_PT_AMDV1_MOCK",
	};

	return name_of(names, 3, format);
}

const char *c_emit_errno(long ret)
{
	static char buf[2][32];
	static unsigned int next;
	const char *name = ret < 0 && ret >= -4095 ? strerrorname_np(-ret) : NULL;
	char *b = buf[next++ % 2];

	if (name)
		snprintf(b, sizeof(buf[0]), "-%s", name);
	else
		snprintf(b, sizeof(buf[0]), "%ld", ret);
	return b;
}

/* one line of a C comment, " * " before it; a comment end in it broken up */
static void comment_line(FILE *f, const char *p, size_t len)
{
	fprintf(f, " *%s", len ? " " : "");
	for (size_t i = 0; i < len; i++) {
		fputc(p[i], f);
		if (p[i] == '*' && i + 1 < len && p[i + 1] == '/')
			fputc(' ', f);
	}
	fputc('\n', f);
}

/*
 * text as the lines of a C comment; a line longer than 96 columns is
 * wrapped at spaces, the rest indented under it
 */
static void comment_lines(FILE *f, const char *text)
{
	const char *p, *nl;

	for (p = text; *p; p = nl + 1) {
		const char *q = p;
		bool first = true;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		while (nl - q > (first ? 96 : 90)) {
			const char *cut = q + (first ? 96 : 90);

			while (cut > q && *cut != ' ')
				cut--;
			if (cut == q)
				break;		/* one long word: as it is */
			if (first)
				comment_line(f, q, cut - q);
			else
				fprintf(f, " *     %.*s\n", (int)(cut - q), q);
			q = cut + 1;
			first = false;
		}
		if (first)
			comment_line(f, q, nl - q);
		else
			fprintf(f, " *     %.*s\n", (int)(nl - q), q);
		if (!*nl)
			break;
	}
}

bool c_emit_write(FILE *f, const char *target, const char *source, const char *header,
		  bool warn_aborts, const char **why)
{
	static char reason[sizeof(em.unsupported)];

	c_emit_on = false;
	if (em.unsupported[0]) {
		snprintf(reason, sizeof(reason), "%s", em.unsupported);
		*why = reason;
		release();
		return false;
	}
	if (!em.target_lines) {
		*why = "the target wrote none of its calls (it has no C form yet, or the run "
		       "made none)";
		release();
		return false;
	}
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0-only\n/*\n"
		" * Standalone reproducer written by dmalab (dmalab-replay --c) from\n"
		" * %s (fuzz target %s).\n *\n"
		" * The kernel calls of that run, in order, with the arguments it made\n"
		" * them with; each check the oracles made is the same oracle call in an\n"
		" * assert(). %s\n"
		" * It stops at the first failure, as the replay does.\n *\n"
		" * Build and run (from dmalab's top folder; KERNEL_SRC as for make test):\n"
		" *   make repro-c SRC=<this file>\n"
		" * then, to step through it: gdb build/repro-c/<this file's name>\n",
		source, target,
		warn_aborts ? "A kernel WARN aborts at once (dmalab's\n"
			      " * DMALAB_WARN_ABORT), a BUG too." :
			      "Kernel WARNs are the\n * expected catch here: counted, not fatal.");
	if (header && *header) {
		fprintf(f, " *\n * The input:\n");
		comment_lines(f, header);
	}
	fprintf(f, " */\n#include <assert.h>\n#include <stdio.h>\n#include <string.h>\n\n");
	if (em.includes.len)
		fprintf(f, "%s\n", em.includes.s);
	fprintf(f, "#include <dmalab/runtime.h>\n\n"
		"/* the kernel command line the fuzz targets and dmalab-replay run with */\n"
		"const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;\n\n");
	if (em.decls.len)
		fprintf(f, "%s\n", em.decls.s);
	fprintf(f, "int main(void)\n{\n\tstruct dmalab_run run;\n"
		"\tstruct dmalab_run_result res;\n\n"
		"\tdmalab_warn_set_mode(%s);\n\tdmalab_run_begin(&run);\n\n",
		warn_aborts ? "DMALAB_WARN_ABORT" : "DMALAB_WARN_COUNT");
	fputs(em.body.s, f);
	fprintf(f, "\n\t/* the run's end: deferred work, then no slab object may be left */\n"
		"\tdmalab_run_end(&run, &res);\n\tassert(res.leaked == 0);\n"
		"\tprintf(\"%%s: no failure\\n\", __FILE__);\n\treturn 0;\n}\n");
	release();
	return true;
}

DMALAB_NOCOV_END
