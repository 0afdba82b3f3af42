/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: sysfs. There is no sysfs: groups are counted per kobject so
 * that a group created and never removed shows up as a leak in the tests,
 * and attribute callbacks are never called.
 */
#ifndef _DMALAB_LINUX_SYSFS_H
#define _DMALAB_LINUX_SYSFS_H

#include <linux/types.h>

struct kobject {
	int dmalab_groups;	/* groups created and not yet removed */
};

struct attribute {
	const char *name;
	unsigned short mode;
};

struct file;
struct vm_area_struct;
struct bin_attribute {
	struct attribute attr;
	size_t size;
	int (*mmap)(struct file *, struct kobject *, const struct bin_attribute *attr,
		    struct vm_area_struct *vma);
};

struct attribute_group {
	const char *name;
	struct attribute **attrs;
	const struct bin_attribute *const *bin_attrs;
};

static inline int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	kobj->dmalab_groups++;
	return 0;
}

static inline void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	kobj->dmalab_groups--;
}

static inline void sysfs_remove_file_from_group(struct kobject *kobj,
						const struct attribute *attr,
						const char *group)
{
}

int sysfs_emit(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
