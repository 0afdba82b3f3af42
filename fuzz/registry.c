// SPDX-License-Identifier: GPL-2.0-only
/* The registry of fuzz targets (fuzz/targets.def) and the corpus rule. */
#include <string.h>

#include <dmalab/nocov.h>

#include "fuzz/target.h"

#define TARGET(id, name) extern const struct target target_##id;
#include "fuzz/targets.def"
#undef TARGET

static const struct target *const registry[] = {
#define TARGET(id, name) &target_##id,
#include "fuzz/targets.def"
#undef TARGET
};

DMALAB_NOCOV_BEGIN

const struct target *target_get(unsigned int i)
{
	return i < sizeof(registry) / sizeof(registry[0]) ? registry[i] : NULL;
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
	const char *best = NULL;

	/* the last path component that names a target wins */
	for (unsigned int i = 0; (t = target_get(i)); i++) {
		size_t n = strlen(t->name);
		const char *s;

		for (s = strstr(path, t->name); s; s = strstr(s + 1, t->name))
			if ((s == path || s[-1] == '/' || s[-1] == '-') &&
			    (s[n] == '/' || s[n] == '-' || s[n] == '_' || s[n] == '.') &&
			    (!best || s > best || (s == best && n > strlen(found->name)))) {
				best = s;
				found = t;
			}
	}
	return found;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

bool corpus_is_input(const char *name, enum corpus_use use)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (base[0] == '.' || ends_with(base, ".md") || ends_with(base, ".dict") ||
	    ends_with(base, ".options"))
		return false;
	if (use == CORPUS_ENGINE && ends_with(base, ".txt"))
		return false;
	return true;
}

DMALAB_NOCOV_END
