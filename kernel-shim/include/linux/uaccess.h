/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no user address space; nothing here copies from users. */
#ifndef _DMALAB_LINUX_UACCESS_H
#define _DMALAB_LINUX_UACCESS_H
#include <linux/types.h>
#include <dmalab/runtime.h>

static inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	dmalab_unimplemented("copy_from_user");
}
static inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	dmalab_unimplemented("copy_to_user");
}
static inline int copy_struct_from_user(void *dst, size_t ksize, const void __user *src, size_t usize)
{
	dmalab_unimplemented("copy_struct_from_user");
}
static inline int copy_struct_to_user(void __user *dst, size_t usize, const void *src,
				      size_t ksize, bool *ignored_trailing)
{
	dmalab_unimplemented("copy_struct_to_user");
}
#endif
