/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: user memory is the harness's memory. A __user pointer is a
 * plain pointer into the program (as a kernel with no SMAP and one address
 * space would see it), so a test hands an ioctl its argument structure as
 * it is; a pointer into the first page (NULL and near it) faults: the copy
 * returns the bytes not copied, as the kernel's does for an unmapped
 * address. The struct variants are not emulated (abort if reached).
 */
#ifndef _DMALAB_LINUX_UACCESS_H
#define _DMALAB_LINUX_UACCESS_H
#include <string.h>
#include <linux/types.h>
#include <linux/overflow.h>
#include <linux/err.h>
#include <dmalab/runtime.h>

#define DMALAB_USER_FAULT_BELOW	4096UL

static inline bool dmalab_user_faults(const void __user *p, unsigned long n)
{
	return (unsigned long)p < DMALAB_USER_FAULT_BELOW ||
	       (unsigned long)p + n < (unsigned long)p;
}

static inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (dmalab_user_faults(from, n)) {
		memset(to, 0, n);	/* the kernel zeroes what it could not copy */
		return n;
	}
	memcpy(to, (const void __force *)from, n);
	return 0;
}
static inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (dmalab_user_faults(to, n))
		return n;
	memcpy((void __force *)to, from, n);
	return 0;
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

/* mm/util.c (runtime/uaccess.c): kmalloc'd copy, ERR_PTR(-ENOMEM/-EFAULT) */
void *memdup_user(const void __user *src, size_t len);

/* include/linux/string.h: the array form, -EOVERFLOW when n * size wraps */
static inline void *memdup_array_user(const void __user *src, size_t n, size_t size)
{
	size_t nbytes;

	if (check_mul_overflow(n, size, &nbytes))
		return ERR_PTR(-EOVERFLOW);
	return memdup_user(src, nbytes);
}
#endif
