// SPDX-License-Identifier: GPL-2.0-only
/*
 * The maple tree, EMULATED: a sorted array of non-overlapping ranges in
 * kmalloc memory (include/linux/maple_tree.h says what is modelled and
 * why). Allocation failure and leaks behave as for any kmalloc memory.
 */
#include <string.h>

#include <linux/maple_tree.h>
#include <linux/xarray.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/bug.h>

struct dmalab_mt_range {
	unsigned long first, last;
	void *entry;
};

/* the first range whose last >= index (it holds index if first <= index) */
static unsigned long mt_pos(const struct maple_tree *mt, unsigned long index)
{
	const struct dmalab_mt_range *r = mt->ma_root;
	unsigned long lo = 0, hi = mt->ma_nr;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (r[mid].last < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void mt_remove(struct maple_tree *mt, unsigned long i)
{
	struct dmalab_mt_range *r = mt->ma_root;

	memmove(&r[i], &r[i + 1], (mt->ma_nr - i - 1) * sizeof(*r));
	mt->ma_nr--;
}

/* the kernel refuses its own internal entries (xa_is_advanced()) */
static bool mt_entry_is_internal(const void *entry)
{
	unsigned long v = (unsigned long)entry;

	return (v & 3) == 2 && v <= (256UL << 2 | 2);
}

int mtree_insert_range(struct maple_tree *mt, unsigned long first,
		       unsigned long last, void *entry, gfp_t gfp)
{
	struct dmalab_mt_range *r;
	unsigned long i;
	int ret = 0;

	if (WARN_ON_ONCE(mt_entry_is_internal(entry)))
		return -EINVAL;
	if (first > last)
		return -EINVAL;

	mtree_lock(mt);
	i = mt_pos(mt, first);
	r = mt->ma_root;
	if (i < mt->ma_nr && r[i].first <= last) {
		ret = -EEXIST;
		goto out;
	}
	if (!entry)		/* storing nothing in a gap leaves it a gap */
		goto out;
	if (mt->ma_nr == mt->ma_cap) {
		unsigned long cap = mt->ma_cap ? 2 * mt->ma_cap : 8;

		r = krealloc(mt->ma_root, cap * sizeof(*r), gfp);
		if (!r) {
			ret = -ENOMEM;
			goto out;
		}
		mt->ma_root = r;
		mt->ma_cap = cap;
	}
	memmove(&r[i + 1], &r[i], (mt->ma_nr - i) * sizeof(*r));
	r[i] = (struct dmalab_mt_range){ first, last, entry };
	mt->ma_nr++;
out:
	mtree_unlock(mt);
	return ret;
}

void *mtree_load(struct maple_tree *mt, unsigned long index)
{
	const struct dmalab_mt_range *r;
	unsigned long i;
	void *entry = NULL;

	mtree_lock(mt);
	i = mt_pos(mt, index);
	r = mt->ma_root;
	if (i < mt->ma_nr && r[i].first <= index)
		entry = r[i].entry;
	mtree_unlock(mt);
	return entry;
}

void *mtree_erase(struct maple_tree *mt, unsigned long index)
{
	MA_STATE(mas, mt, index, index);
	void *entry;

	mtree_lock(mt);
	entry = mas_erase(&mas);
	mtree_unlock(mt);
	return entry;
}

void mtree_destroy(struct maple_tree *mt)
{
	mtree_lock(mt);
	kfree(mt->ma_root);
	mt->ma_root = NULL;
	mt->ma_nr = mt->ma_cap = 0;
	mtree_unlock(mt);
}

/*
 * Put mas on the range holding index, or when there is none, on the first
 * range after it that starts at or below max; NULL if there is none.
 */
static void *mas_at_or_after(struct ma_state *mas, unsigned long index,
			     unsigned long max)
{
	struct maple_tree *mt = mas->tree;
	const struct dmalab_mt_range *r = mt->ma_root;
	unsigned long i = mt_pos(mt, index);

	if (i >= mt->ma_nr || r[i].first > max) {
		mas->status = ma_none;
		return NULL;
	}
	mas->index = r[i].first;
	mas->last = r[i].last;
	mas->status = ma_active;
	return r[i].entry;
}

void *mas_find(struct ma_state *mas, unsigned long max)
{
	WARN_ON_ONCE(!spin_is_locked(&mas->tree->ma_lock));

	switch (mas->status) {
	case ma_start:
		if (mas->index > max)
			return NULL;
		return mas_at_or_after(mas, mas->index, max);
	case ma_active:
	case ma_pause:
		/* the walk goes on after the current range */
		if (mas->last >= max)
			return NULL;
		return mas_at_or_after(mas, mas->last + 1, max);
	case ma_none:
	default:
		return NULL;
	}
}

void *mas_erase(struct ma_state *mas)
{
	struct maple_tree *mt = mas->tree;
	const struct dmalab_mt_range *r = mt->ma_root;
	unsigned long i;
	void *entry;

	WARN_ON_ONCE(!spin_is_locked(&mt->ma_lock));
	i = mt_pos(mt, mas->index);
	if (i >= mt->ma_nr || r[i].first > mas->index)
		return NULL;
	entry = r[i].entry;
	mas->index = r[i].first;
	mas->last = r[i].last;
	mas->status = ma_active;
	mt_remove(mt, i);
	return entry;
}

void mas_pause(struct ma_state *mas)
{
	mas->status = ma_pause;
}
