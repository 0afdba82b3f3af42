/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no debugfs; files are not created. */
#ifndef _DMALAB_LINUX_DEBUGFS_H
#define _DMALAB_LINUX_DEBUGFS_H
struct dentry;
#define debugfs_create_dir(name, parent)		((struct dentry *)NULL)
#define debugfs_create_ulong(name, mode, parent, v)	do { } while (0)
#define debugfs_create_bool(name, mode, parent, v)	do { } while (0)
#define debugfs_create_file(name, mode, parent, d, f)	((struct dentry *)NULL)
#define debugfs_remove(d)				do { } while (0)
#endif
