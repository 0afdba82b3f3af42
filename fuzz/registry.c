// SPDX-License-Identifier: GPL-2.0-only
/* The fuzz targets, and what they share for reporting findings. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

/* Weak: a target that is not built yet is simply not listed. */
extern const struct target target_scatterlist __attribute__((weak));
extern const struct target target_iova __attribute__((weak));
extern const struct target target_dma_map __attribute__((weak));
extern const struct target target_diff __attribute__((weak));
extern const struct target target_dma_misuse __attribute__((weak));
extern const struct target target_p2p __attribute__((weak));

static const struct target *const slots[] = {
	&target_scatterlist,
	&target_iova,
	&target_dma_map,
	&target_diff,
	&target_dma_misuse,
	&target_p2p,
};

const struct target *target_get(unsigned int i)
{
	for (unsigned int s = 0; s < sizeof(slots) / sizeof(slots[0]); s++)
		if (slots[s] && !i--)
			return slots[s];
	return NULL;
}

const struct target *target_find(const char *name)
{
	const struct target *t;

	for (unsigned int i = 0; (t = target_get(i)); i++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

const struct target *target_from_path(const char *path)
{
	const struct target *found = NULL, *t;

	/* the last path component that names a target wins */
	for (unsigned int i = 0; (t = target_get(i)); i++) {
		size_t n = strlen(t->name);
		const char *s;

		for (s = strstr(path, t->name); s; s = strstr(s + 1, t->name))
			if ((s == path || s[-1] == '/' || s[-1] == '-') &&
			    (s[n] == '/' || s[n] == '-' || s[n] == '_' || s[n] == '.'))
				found = t;
	}
	return found;
}

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

bool finding_from_warn(struct finding *f, int op)
{
	const struct dmalab_warn_record *w = dmalab_warn_last();
	char where[200];

	if (!dmalab_warn_count() || !w)
		return false;
	snprintf(where, sizeof(where), "%s:%d (%s)", w->file, w->line, w->func);
	finding_set(f, op, w->kind == DMALAB_BUG ? "bug" : "warn", where, "%s", w->msg);
	return true;
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
