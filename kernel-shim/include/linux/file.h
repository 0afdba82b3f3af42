/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: file references (fs/file_table.c, fs/file.c): get_file,
 * get_file_active, fput. fput() releases at once when the count reaches
 * zero (the kernel defers __fput to task work: nothing here can tell).
 * Getting a reference on a file already released is a WARN, as the
 * kernel's file_ref would report it.
 */
#ifndef _DMALAB_LINUX_FILE_H
#define _DMALAB_LINUX_FILE_H

#include <linux/fs.h>
#include <linux/bug.h>

static inline struct file *get_file(struct file *f)
{
	WARN_ON(atomic_long_fetch_add(1, &f->f_count) <= 0);
	return f;
}

/* a reference on *f unless its count has already reached zero */
static inline struct file *get_file_active(struct file **f)
{
	struct file *file = *f;
	long c;

	if (!file)
		return NULL;
	c = atomic_long_read(&file->f_count);
	do {
		if (c == 0)
			return NULL;
	} while (!atomic_long_try_cmpxchg(&file->f_count, &c, c + 1));
	return file;
}

void fput(struct file *file);

#endif
