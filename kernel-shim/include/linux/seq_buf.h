/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: seq_buf, the bounded string builder, with lib/seq_buf.c's
 * overflow rule: a write that does not fit (the terminating NUL included)
 * marks the buffer overflowed by setting len to size + 1.
 */
#ifndef _DMALAB_LINUX_SEQ_BUF_H
#define _DMALAB_LINUX_SEQ_BUF_H

#include <linux/types.h>
#include <linux/minmax.h>

struct seq_buf {
	char *buffer;
	size_t size;
	size_t len;
};

static inline void seq_buf_init(struct seq_buf *s, char *buf, unsigned int size)
{
	s->buffer = buf;
	s->size = size;
	s->len = 0;
	if (size)
		buf[0] = '\0';
}

static inline bool seq_buf_has_overflowed(struct seq_buf *s)
{
	return s->len > s->size;
}

/* DUPLICATED from include/linux/seq_buf.h (scripts/check-duplicated.sh) */
static inline unsigned int seq_buf_used(struct seq_buf *s)
{
	return min(s->len, s->size);
}

int seq_buf_printf(struct seq_buf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
