// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's printf, as far as the compiled code's messages need it
 * (printk, WARN, seq_buf, sysfs_emit, KUnit's messages): libc's
 * conversions, plus the kernel's %p extensions that take their argument by
 * reference or mean something else (lib/vsprintf.c): %pe an ERR_PTR's
 * errno name, %pa and %pap the phys_addr_t, %pad the dma_addr_t pointed
 * to, as 0x and 16 hex digits; every other %p<letters> prints the pointer
 * (symbols, device-tree nodes and the like are not emulated). libc alone
 * would print a pointer followed by "ad".
 */
#define _GNU_SOURCE	/* strerrorname_np */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#include <linux/err.h>
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* where the output goes; len counts what would have been written */
struct out {
	char *buf;
	size_t size, len;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* "-ENOMEM", or the number when the C library does not know its name */
static void emit_errno(struct out *o, long err)
{
	const char *name = err < 0 && err >= -4095 ? strerrorname_np(-err) : NULL;

	if (name)
		emit(o, "-%s", name);
	else
		emit(o, "%ld", err);
}

int dmalab_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	while (*fmt) {
		char spec[32], conv;
		const char *start = fmt;
		int lng = 0, stars = 0, star[2] = { 0, 0 };
		size_t n;

		if (*fmt != '%') {
			const char *pct = strchr(fmt, '%');

			n = pct ? (size_t)(pct - fmt) : strlen(fmt);
			emit(&o, "%.*s", (int)n, fmt);
			fmt += n;
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			emit(&o, "%%");
			fmt++;
			continue;
		}
		fmt += strspn(fmt, "-+ #0'");
		if (*fmt == '*') {
			star[stars++] = va_arg(ap, int);
			fmt++;
		} else {
			fmt += strspn(fmt, "0123456789");
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				star[stars++] = va_arg(ap, int);
				fmt++;
			} else {
				fmt += strspn(fmt, "0123456789");
			}
		}
		/* l: long; ll, L, q, j, z, t: 64 bits; h, hh: int */
		for (; *fmt && strchr("hlLqjzt", *fmt); fmt++)
			lng += *fmt == 'l' ? 1 : *fmt == 'h' ? 0 : 2;
		conv = *fmt;
		if (!conv)
			break;
		fmt++;
		n = fmt - start < (long)sizeof(spec) ? fmt - start : sizeof(spec) - 1;
		memcpy(spec, start, n);
		spec[n] = '\0';

		if (conv == 'p') {
			const void *ptr = va_arg(ap, const void *);

			if (*fmt == 'e') {		/* an ERR_PTR: its errno */
				fmt++;
				if (IS_ERR(ptr))
					emit_errno(&o, PTR_ERR(ptr));
				else
					emit(&o, "%p", ptr);
			} else if (*fmt == 'a' && fmt[1] == 'd') {	/* dma_addr_t */
				fmt += 2;
				emit(&o, "0x%016llx", (unsigned long long)*(const dma_addr_t *)ptr);
			} else if (*fmt == 'a') {	/* phys_addr_t */
				fmt += fmt[1] == 'p' ? 2 : 1;
				emit(&o, "0x%016llx", (unsigned long long)*(const phys_addr_t *)ptr);
			} else {			/* other extensions: the pointer */
				while ((*fmt >= 'a' && *fmt <= 'z') ||
				       (*fmt >= 'A' && *fmt <= 'Z') ||
				       (*fmt >= '0' && *fmt <= '9'))
					fmt++;
				emit(&o, "%p", ptr);
			}
			continue;
		}
#define EMIT_ARG(v)							\
		do {							\
			if (stars == 2)					\
				emit(&o, spec, star[0], star[1], v);	\
			else if (stars == 1)				\
				emit(&o, spec, star[0], v);		\
			else						\
				emit(&o, spec, v);			\
		} while (0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
		switch (conv) {
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c':
			if (lng >= 2)
				EMIT_ARG(va_arg(ap, long long));
			else if (lng == 1)
				EMIT_ARG(va_arg(ap, long));
			else
				EMIT_ARG(va_arg(ap, int));
			break;
		case 's':
			EMIT_ARG(va_arg(ap, const char *));
			break;
		case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
			EMIT_ARG(va_arg(ap, double));
			break;
		default:		/* not a conversion we know: print it as is */
			emit(&o, "%s", spec);
			break;
		}
#pragma GCC diagnostic pop
#undef EMIT_ARG
	}
	return o.len;
}

DMALAB_NOCOV_END
