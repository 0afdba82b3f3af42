/* SPDX-License-Identifier: GPL-2.0-only */
/* dmalab shim: no debugfs; nothing is created. */
#ifndef _DMALAB_LINUX_DEBUGFS_H
#define _DMALAB_LINUX_DEBUGFS_H
#include <linux/types.h>

struct dentry;
static inline struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return NULL;
}
static inline struct dentry *debugfs_create_file(const char *name, unsigned short mode,
						 struct dentry *parent, void *data,
						 const void *fops)
{
	return NULL;
}
static inline void debugfs_create_ulong(const char *name, unsigned short mode,
					struct dentry *parent, unsigned long *value) { }
static inline void debugfs_create_bool(const char *name, unsigned short mode,
				       struct dentry *parent, bool *value) { }
static inline void debugfs_remove(struct dentry *dentry) { }
#define DEFINE_DEBUGFS_ATTRIBUTE(fops, get, set, fmt)				\
	static const struct { int (*g)(void *, u64 *); int (*s)(void *, u64); }	\
	fops __attribute__((unused)) = { get, set }
#endif
