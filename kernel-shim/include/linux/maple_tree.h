/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: the maple tree, EMULATED (runtime/maple_tree.c).
 *
 * A maple tree maps non-overlapping ranges [first, last] of unsigned long to
 * entries. The only user in what dmalab compiles is the generic_pt KUnit
 * suite's random-map test (drivers/iommu/generic_pt/kunit_iommu_pt.h), which
 * records the ranges it mapped and later walks and erases them. So the
 * emulation is a sorted array of ranges in kmalloc memory, with the kernel's
 * semantics for what is declared here: an insert that overlaps a stored
 * range fails with -EEXIST, mas_find() walks from the range at or after
 * mas->index, mas_pause() resumes the walk after the current range,
 * mas_erase() removes the whole range holding mas->index. Entries are kept
 * as given (XA_ZERO_ENTRY included). Nothing else of the maple tree API
 * exists here: a user of another call fails to build.
 */
#ifndef _DMALAB_LINUX_MAPLE_TREE_H
#define _DMALAB_LINUX_MAPLE_TREE_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>

/*
 * DUPLICATED from include/linux/maple_tree.h: the indices below it are
 * reserved by the kernel's tree, and the KUnit suite keeps its ranges out
 * of them.
 */
#define MAPLE_RESERVED_RANGE	4096

struct maple_tree {
	spinlock_t ma_lock;
	unsigned int ma_flags;
	void *ma_root;			/* struct dmalab_mt_range[], by first */
	unsigned long ma_nr, ma_cap;
};

static inline void mt_init_flags(struct maple_tree *mt, unsigned int flags)
{
	spin_lock_init(&mt->ma_lock);
	mt->ma_flags = flags;
	mt->ma_root = NULL;
	mt->ma_nr = mt->ma_cap = 0;
}

static inline void mt_init(struct maple_tree *mt)
{
	mt_init_flags(mt, 0);
}

#define mtree_lock(mt)		spin_lock(&(mt)->ma_lock)
#define mtree_unlock(mt)	spin_unlock(&(mt)->ma_lock)

static inline bool mtree_empty(const struct maple_tree *mt)
{
	return mt->ma_nr == 0;
}

/* 0, -EINVAL (first > last), -EEXIST (overlaps a range), -ENOMEM */
int mtree_insert_range(struct maple_tree *mt, unsigned long first,
		       unsigned long last, void *entry, gfp_t gfp);
static inline int mtree_insert(struct maple_tree *mt, unsigned long index,
			       void *entry, gfp_t gfp)
{
	return mtree_insert_range(mt, index, index, entry, gfp);
}
/* the entry of the range holding index, or NULL */
void *mtree_load(struct maple_tree *mt, unsigned long index);
/* erase the range holding index; its entry or NULL */
void *mtree_erase(struct maple_tree *mt, unsigned long index);
void mtree_destroy(struct maple_tree *mt);

/* a walk: index/last are the current range once an entry was found */
enum dmalab_mas_status {
	ma_start,		/* find from index */
	ma_active,		/* at [index, last] */
	ma_pause,		/* resume after last */
	ma_none,		/* walked off the end */
};

struct ma_state {
	struct maple_tree *tree;
	unsigned long index;
	unsigned long last;
	enum dmalab_mas_status status;
};

#define MA_STATE(name, mt, first, end)					\
	struct ma_state name = {					\
		.tree = (mt), .index = (first), .last = (end),		\
		.status = ma_start,					\
	}

/* caller holds mtree_lock() (the emulation checks) */
void *mas_find(struct ma_state *mas, unsigned long max);
void *mas_erase(struct ma_state *mas);
void mas_pause(struct ma_state *mas);

#define mas_for_each(__mas, __entry, __max)				\
	while (((__entry) = mas_find((__mas), (__max))) != NULL)

#endif
