// SPDX-License-Identifier: GPL-2.0-only
/* memdup_user() as mm/util.c behaves: one kmalloc (failure-injectable), then the copy. */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/errno.h>

void *memdup_user(const void __user *src, size_t len)
{
	void *p = kmalloc(len, GFP_USER | __GFP_NOWARN);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, src, len)) {
		kfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}
