/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A standalone C reproducer of a program (dmalab-replay --c, make repro-c):
 * the kernel calls a target's run made, in order, with their literal
 * arguments, after the device and domain set-up spelled out with the
 * shim's API; each check the oracles made as the same oracle call inside
 * a plain assert(). A maintainer builds it against dmalab's libraries and
 * steps through it in gdb: no program text, codec or target in between.
 *
 * Recording is the target's own run: while c_emit_on is set, each
 * executor writes, beside each kernel call it makes, the C statement that
 * makes it (C_EMIT()), and beside each check the assertion. The run
 * bracket (fuzz/run.c) writes the program's ops as comments between them.
 * Straight-line code: the reproducer follows the path this run took (a
 * clean failure the oracle allows is a comment saying what was seen).
 *
 * An executor that cannot express an op says so (c_emit_unsupported()):
 * the reproducer is then refused, never written with a hole in it.
 */
#ifndef _DMALAB_C_EMIT_H
#define _DMALAB_C_EMIT_H

#include <stdbool.h>
#include <stdio.h>

extern bool c_emit_on;

/* One or more statements of main() ("\n" between lines; indented for you). */
#define C_EMIT(...)							\
	do {								\
		if (__builtin_expect(c_emit_on, 0))			\
			c_emit_line(__VA_ARGS__);			\
	} while (0)

void c_emit_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The same for the run bracket (fuzz/run.c): op comments, the env ops, the
 * teardown's opening. These do not count as the target's calls: a run whose
 * target wrote none is refused, never written as comments around nothing.
 */
#define C_EMIT_BRACKET(...)						\
	do {								\
		if (__builtin_expect(c_emit_on, 0))			\
			c_emit_bracket(__VA_ARGS__);			\
	} while (0)

void c_emit_bracket(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A file-scope declaration or helper; the same text is written once. */
void c_emit_decl(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An #include line's argument ("<linux/x.h>" or "\"oracle/x.h\""), once each. */
void c_emit_include(const char *header);
/* This run cannot be written as C: the first reason is the one given. */
void c_emit_unsupported(const char *why, ...) __attribute__((format(printf, 1, 2)));

/*
 * A known kernel bug (oracle/known_bugs.h) seen here: a comment with what
 * the call returned (seen) and the bug's id and summary, wrapped, before
 * the assertion the caller writes next, the one that fails.
 */
void c_emit_known_bug(const char *id, const char *seen, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Names as the reproducer's C spells them (static buffers for numbers: use
 * each before the next call). A value no name fits is written as a number.
 */
const char *c_emit_dir(int dir);		/* DMA_TO_DEVICE, ... */
const char *c_emit_domain_kind(int kind);	/* DMALAB_DOMAIN_DMA, ... */
const char *c_emit_pt_format(int format);	/* DMALAB_PT_X86_64, ... */
/* "0", an errno's name ("-ENOMEM"), or the number: what a call returned */
const char *c_emit_errno(long ret);

/* Start recording (clears what an earlier recording left). */
void c_emit_start(void);
/*
 * Write the reproducer of what was recorded to f and stop recording.
 * source names the input; header (may be NULL) is text for its comment
 * (the input's own comments and its program). False with *why if it was
 * refused.
 */
bool c_emit_write(FILE *f, const char *target, const char *source, const char *header,
		  bool warn_aborts, const char **why);

#endif
