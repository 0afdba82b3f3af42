/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: struct file, as far as a dma-buf's file goes: a reference
 * count, the object behind it and what releases it when the count drops
 * to zero (the kernel: fput -> __fput -> the file's dentry release, e.g.
 * dma_buf_release). Layout ours. No VFS: no inode, path or file ops.
 */
#ifndef _DMALAB_LINUX_FS_H
#define _DMALAB_LINUX_FS_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/uuid.h>		/* as the kernel's fs.h */
#include <linux/module.h>	/* THIS_MODULE, for file owners (dma-buf.h) */

struct file {
	atomic_long_t f_count;
	void *private_data;
	unsigned int f_flags;
	/* dmalab: called once the last reference is gone */
	void (*dmalab_release)(struct file *file);
};

struct inode;
struct vm_area_struct;
struct poll_table_struct;
typedef unsigned int __poll_t;

#endif
