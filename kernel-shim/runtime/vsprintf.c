// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's printf, as far as the compiled code's messages need it:
 * libc's conversions, plus the kernel's %p extensions that take an
 * argument by reference (lib/vsprintf.c): %pa and %pap print the
 * phys_addr_t, %pad the dma_addr_t pointed to, as 0x and 16 hex digits;
 * every other %p<letters> prints the pointer (symbols, device-tree nodes
 * and the like are not emulated). libc alone would print a pointer
 * followed by "ad".
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

/* append at *pos, never past size; the length it would have had goes on */
static void put(char *buf, size_t size, size_t *pos, const char *s, size_t n)
{
	if (*pos < size) {
		size_t room = size - *pos - 1;

		memcpy(buf + *pos, s, n < room ? n : room);
	}
	*pos += n;
}

int dmalab_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	char spec[32], out[512];
	size_t pos = 0;
	const char *p;

	for (p = fmt; *p; ) {
		const char *start = p, *q;
		char len[3] = "", conv;
		size_t k = 0;
		int n = 0;

		if (*p != '%') {
			q = strchr(p, '%');
			if (!q)
				q = p + strlen(p);
			put(buf, size, &pos, p, q - p);
			p = q;
			continue;
		}
		/* %[flags][width][.precision][length]conversion */
		q = p + 1;
		while (*q && strchr("-+ #0", *q))
			q++;
		while (*q == '*' || isdigit((unsigned char)*q))
			q++;
		if (*q == '.') {
			q++;
			while (*q == '*' || isdigit((unsigned char)*q))
				q++;
		}
		while (*q && strchr("hlzjtL", *q) && k < 2)
			len[k++] = *q++;
		conv = *q;
		if (!conv || (size_t)(q - start + 1) >= sizeof(spec)) {
			put(buf, size, &pos, start, strlen(start));
			break;
		}
		memcpy(spec, start, q - start + 1);
		spec[q - start + 1] = '\0';
		p = q + 1;
		if (strchr(spec, '*')) {
			/* widths from the arguments: rare in kernel messages */
			int a = va_arg(ap, int);

			if (strchr(strchr(spec, '*') + 1, '*')) {
				int b = va_arg(ap, int);

				n = conv == 's' ? snprintf(out, sizeof(out), spec, a, b,
							   va_arg(ap, const char *)) :
				    snprintf(out, sizeof(out), spec, a, b, va_arg(ap, long long));
			} else {
				n = conv == 's' ? snprintf(out, sizeof(out), spec, a,
							   va_arg(ap, const char *)) :
				    snprintf(out, sizeof(out), spec, a, va_arg(ap, int));
			}
		} else if (conv == '%') {
			n = snprintf(out, sizeof(out), "%%");
		} else if (conv == 'p') {
			const void *ptr = va_arg(ap, const void *);

			if (p[0] == 'a' && p[1] == 'd') {
				n = snprintf(out, sizeof(out), "0x%016llx",
					     (unsigned long long)*(const dma_addr_t *)ptr);
				p += 2;
			} else if (p[0] == 'a') {
				n = snprintf(out, sizeof(out), "0x%016llx",
					     (unsigned long long)*(const phys_addr_t *)ptr);
				p += p[1] == 'p' ? 2 : 1;
			} else {
				n = snprintf(out, sizeof(out), spec, ptr);
				while (isalnum((unsigned char)*p))
					p++;	/* %pS, %pK, %pOF...: the pointer */
			}
		} else if (conv == 's') {
			n = snprintf(out, sizeof(out), spec, va_arg(ap, const char *));
		} else if (conv == 'c') {
			n = snprintf(out, sizeof(out), spec, va_arg(ap, int));
		} else if (strchr("eEfgGaA", conv)) {
			n = len[0] == 'L' ? snprintf(out, sizeof(out), spec, va_arg(ap, long double)) :
			    snprintf(out, sizeof(out), spec, va_arg(ap, double));
		} else if (conv == 'n') {
			n = 0;	/* never in kernel messages: skip it and its argument */
			(void)va_arg(ap, int *);
		} else if (len[0] == 'l' && len[1] == 'l') {
			n = snprintf(out, sizeof(out), spec, va_arg(ap, long long));
		} else if (len[0] == 'l' || len[0] == 'z' || len[0] == 't' || len[0] == 'j') {
			n = snprintf(out, sizeof(out), spec, va_arg(ap, long));
		} else {
			n = snprintf(out, sizeof(out), spec, va_arg(ap, int));
		}
		if (n > 0)
			put(buf, size, &pos, out, (size_t)n < sizeof(out) ? (size_t)n : sizeof(out) - 1);
	}
	if (size)
		buf[pos < size ? pos : size - 1] = '\0';
	return pos;
}

DMALAB_NOCOV_END
