/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the poll_table type vfio.h embeds (struct virqfd). Nothing
 * polls here. Layout ours.
 */
#ifndef _DMALAB_LINUX_POLL_H
#define _DMALAB_LINUX_POLL_H

#include <linux/fs.h>
#include <linux/wait.h>

struct poll_table_struct;
typedef void (*poll_queue_proc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);
typedef struct poll_table_struct {
	poll_queue_proc _qproc;
	__poll_t _key;
} poll_table;

#endif
