// SPDX-License-Identifier: GPL-2.0-only
/* Small library functions the compiled files use. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/bug.h>
#include <linux/random.h>
#include <linux/seq_buf.h>
#include <dmalab/runtime.h>

#include "internal.h"

/*
 * lib/kstrtox.c's kernel-doc: the first character one of e/E, y/Y, t/T, 1
 * (true) or d/D, n/N, f/F, 0 (false), or on/off in any case
 */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'e': case 'E': case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'd': case 'D': case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return strtoul(cp, endp, base);
}

/* lib/seq_buf.c's rule: what does not fit with its NUL overflows the buffer */
int seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int len;

	WARN_ON(s->size == 0);
	if (s->len < s->size) {
		va_start(ap, fmt);
		len = dmalab_vsnprintf(s->buffer + s->len, s->size - s->len, fmt, ap);
		va_end(ap);
		if (s->len + len < s->size) {
			s->len += len;
			return 0;
		}
	}
	s->len = s->size + 1;
	return -1;
}

/* the kernel's random numbers: splitmix64 over a seed the harness sets */
static u64 random_state = 0x9e3779b97f4a7c15ULL;

void dmalab_set_random_seed(uint64_t seed)
{
	random_state = seed;
}

u32 get_random_u32(void)
{
	u64 z = (random_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (u32)((z ^ (z >> 31)) >> 32);
}

u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((u64)get_random_u32() * ceil) >> 32);
}
