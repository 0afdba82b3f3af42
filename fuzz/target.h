/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fuzz targets: each runs a program (prog.h) against the compiled kernel
 * code, checking after every op, and reports the first finding: a kernel
 * WARN, a checker mismatch, a leak or unreturned resource at teardown.
 * (Sanitizer reports abort the process by themselves.)
 *
 * Runs are independent: a target builds its domain and device from the
 * program's configuration, tears everything down at the end and leaves the
 * process as it found it, so engines can run millions of programs in one
 * process (persistent mode) without rebuilding anything else.
 */
#ifndef _DMALAB_TARGET_H
#define _DMALAB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz/prog.h"

struct finding {
	char kind[24];		/* warn, checker, leak, teardown, bug */
	char where[200];	/* kernel file:line, or the check that failed */
	char detail[1024];	/* expected vs found */
	int op;			/* index of the op after which it was found, -1: teardown */
};

struct target {
	const char *name;
	const char *summary;
	/*
	 * Run p. Returns true if clean; false with *f filled in on a finding.
	 * verbose: print each op and its result to stdout as it runs.
	 */
	bool (*run)(const struct prog *p, struct finding *f, bool verbose);
	/*
	 * Or, for a target whose input is not a program: run the raw bytes
	 * (the engines and dmalab-replay call this one when it is set).
	 */
	bool (*run_bytes)(const uint8_t *data, size_t size, struct finding *f, bool verbose);
};

/* The i-th target built in, or NULL past the last. */
const struct target *target_get(unsigned int i);
const struct target *target_find(const char *name);
/* The target named by a path component (corpus/<target>/...), or NULL. */
const struct target *target_from_path(const char *path);

/* Helpers for targets. */
void finding_set(struct finding *f, int op, const char *kind, const char *where,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* A WARN since the last reset becomes a finding (true if there was one). */
bool finding_from_warn(struct finding *f, int op);
void finding_print(const struct finding *f, FILE *out);

#endif
