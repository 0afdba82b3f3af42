/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The known kernel bugs: the one place each is described. Tests mark the
 * cases that reproduce one (KTEST_KNOWN_BUG(fn, "id")) and report them as
 * XFAIL with this entry's line; fuzz targets that must not report one again
 * on every run name it here too (tolerances and skips count their hits per
 * id); `dmalab-replay --known-bugs` prints the list the README carries.
 *
 * An entry is a bug in the kernel code dmalab compiles, shown by a test of
 * what the kernel-doc or the API promises; the evidence (inputs, what
 * happens, the lines of code responsible) is in the comment of the test
 * named by `test`.
 */
#ifndef _DMALAB_KNOWN_BUGS_H
#define _DMALAB_KNOWN_BUGS_H

#include <stdio.h>

struct known_bug {
	const char *id;		/* short and stable: "sg-append-ignores-size" */
	const char *file;	/* the kernel file that has it */
	const char *function;	/* where in it */
	const char *summary;	/* one line: what is wrong */
	const char *test;	/* "suite/case" reproducing it, the evidence in its comment */
	const char *fuzz;	/* how fuzz targets treat it, or NULL: not reachable */
	/*
	 * Which kernel trees have it, by series ("7.3"): from since (NULL: every
	 * tree dmalab was run on) up to, not including, fixed_in (NULL: no
	 * release fixes it yet); fix says what fixed_in changed (the function
	 * and what changed, in words). make test (tests/ktest.c) reads them
	 * against the tree it was built from: see known_bug_in_tree().
	 */
	const char *since;
	const char *fixed_in;
	const char *fix;
	/* hits counted by fuzz targets that tolerate it (known_bug_hit()) */
	unsigned long hits;
};

enum known_bug_tree {
	KNOWN_BUG_PRESENT,	/* the tree has it: a case marked with it must fail (xfail) */
	KNOWN_BUG_FIXED,	/* a release at or past fixed_in: the case is a plain test */
	KNOWN_BUG_NOT_YET,	/* a release before since: the case does not apply (skip) */
};

/*
 * Where version ("7.2.12", a tree's VERSION.PATCHLEVEL.SUBLEVEL) stands for
 * b. A version that cannot be read, or a tree that is not a release, counts
 * as one that has it: a fix is then confirmed by XPASS.
 */
enum known_bug_tree known_bug_in_tree(const struct known_bug *b, const char *version);

/* The i-th entry, NULL past the last. */
const struct known_bug *known_bug_get(unsigned int i);
/* By id; NULL if there is no such entry. */
const struct known_bug *known_bug_find(const char *id);
/*
 * A fuzz target saw the bug (and did not report it): count it. Aborts on an
 * unknown id, so a typo cannot hide a finding.
 */
void known_bug_hit(const char *id);
unsigned long known_bug_hits(const char *id);
/* From now on known_bug_hit() also prints the bug's line to f (NULL: off). */
void known_bug_trace(FILE *f);
/* The list as Markdown, one bullet per bug (the README's list). */
void known_bugs_print_markdown(FILE *f);

#endif
