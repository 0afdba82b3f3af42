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
	const char *p, *slash;

	/*
	 * the last folder of the path named exactly as a target wins; the
	 * file's own name never counts (corpus/rdma/pages-iova is rdma's)
	 */
	for (p = path; (slash = strchr(p, '/')); p = slash + 1)
		for (unsigned int i = 0; (t = target_get(i)); i++)
			if (strlen(t->name) == (size_t)(slash - p) &&
			    !strncmp(p, t->name, slash - p))
				found = t;
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
