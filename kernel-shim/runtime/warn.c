// SPDX-License-Identifier: GPL-2.0-only
/*
 * WARN/BUG routing and the kernel log.
 *
 * A WARN is recorded (file:line of the kernel source, function, message) and
 * either counted (tests: the kernel carries on after a WARN, and so do we) or
 * turned into an abort (fuzzing: the engines need a crash to save an input).
 * printk output goes to a ring that tests can read back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include <dmalab/runtime.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static enum dmalab_warn_mode warn_mode = DMALAB_WARN_COUNT;
static unsigned long warn_count;
static struct dmalab_warn_record warn_last;
static bool warn_have_last;

static char log_buf[64 * 1024];
static size_t log_len;
static bool log_echo;

void dmalab_warn_set_mode(enum dmalab_warn_mode mode)
{
	warn_mode = mode;
}

unsigned long dmalab_warn_count(void)
{
	return warn_count;
}

const struct dmalab_warn_record *dmalab_warn_last(void)
{
	return warn_have_last ? &warn_last : NULL;
}

void dmalab_warn_reset(void)
{
	warn_count = 0;
	warn_have_last = false;
}

static void log_append(const char *s)
{
	size_t n = strlen(s);

	if (log_echo)
		fputs(s, stderr);
	if (n > sizeof(log_buf) - 1 - log_len)
		n = sizeof(log_buf) - 1 - log_len;	/* keep the oldest lines */
	memcpy(log_buf + log_len, s, n);
	log_len += n;
	log_buf[log_len] = '\0';
}

void dmalab_log_set_echo(bool echo)
{
	log_echo = echo;
}

const char *dmalab_log(void)
{
	return log_buf;
}

void dmalab_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

int printk(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	/* strip the KERN_<level> prefix ("\001" + digit) */
	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = dmalab_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_append(line);
	return n;
}

void dmalab_warn(enum dmalab_warn_kind kind, const char *file, int line,
		 const char *func, const char *fmt, ...)
{
	char hdr[384];
	va_list ap;

	warn_count++;
	warn_have_last = true;
	warn_last.file = file;
	warn_last.line = line;
	warn_last.func = func;
	warn_last.kind = kind;
	va_start(ap, fmt);
	dmalab_vsnprintf(warn_last.msg, sizeof(warn_last.msg), fmt, ap);
	va_end(ap);

	snprintf(hdr, sizeof(hdr), "WARNING: %s:%d at %s: %s\n", file, line,
		 func, warn_last.msg);
	log_append(hdr);
	if (warn_mode == DMALAB_WARN_ABORT) {
		fprintf(stderr, "dmalab: kernel %s", hdr);
		abort();
	}
}

void dmalab_bug(const char *file, int line, const char *func, const char *what)
{
	fflush(stdout);
	fprintf(stderr, "dmalab: kernel BUG at %s:%d in %s: %s\n", file, line, func, what);
	abort();
}

void dmalab_unimplemented(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "dmalab: the shim does not implement %s; "
		"the kernel code reached it (see kernel-shim/README.md)\n", what);
	abort();
}

DMALAB_NOCOV_END
