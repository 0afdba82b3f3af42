/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: tools/include's string.h plus the kernel helpers it lacks. */
#ifndef _DMALAB_LINUX_STRING_H
#define _DMALAB_LINUX_STRING_H
#include_next <linux/string.h>
#include <string.h>
#include <linux/stddef.h>

#ifndef offsetofend
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
#endif

static inline void *memset64(u64 *s, u64 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}

/* set every byte of *obj after member to v */
#define memset_after(obj, v, member)					\
	memset((char *)(obj) + offsetofend(typeof(*(obj)), member), v,	\
	       sizeof(*(obj)) - offsetofend(typeof(*(obj)), member))
/* set every byte of *obj from member on to v */
#define memset_startat(obj, v, member)					\
	memset((char *)(obj) + offsetof(typeof(*(obj)), member), v,	\
	       sizeof(*(obj)) - offsetof(typeof(*(obj)), member))
#endif
