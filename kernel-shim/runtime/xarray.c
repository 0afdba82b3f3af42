// SPDX-License-Identifier: GPL-2.0-only
/*
 * The XArray's store/load API over a sorted array (include/linux/xarray.h
 * says why). Storing NULL erases, as in the kernel.
 */
#include <string.h>

#include <linux/xarray.h>
#include <linux/slab.h>
#include <linux/errno.h>

struct dmalab_xa_slot {
	unsigned long index;
	void *entry;
};

/* the position of index, or where it would go */
static unsigned long xa_pos(const struct xarray *xa, unsigned long index)
{
	const struct dmalab_xa_slot *s = xa->xa_head;
	unsigned long lo = 0, hi = xa->xa_nr;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (s[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	struct dmalab_xa_slot *s = xa->xa_head;
	unsigned long i = xa_pos(xa, index);

	return i < xa->xa_nr && s[i].index == index ? s[i].entry : NULL;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	struct dmalab_xa_slot *s = xa->xa_head;
	unsigned long i = xa_pos(xa, index);
	void *old;

	if (i >= xa->xa_nr || s[i].index != index)
		return NULL;
	old = s[i].entry;
	memmove(&s[i], &s[i + 1], (xa->xa_nr - i - 1) * sizeof(*s));
	xa->xa_nr--;
	return old;
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	struct dmalab_xa_slot *s = xa->xa_head;
	unsigned long i = xa_pos(xa, index);
	void *old;

	if (!entry)
		return xa_erase(xa, index);
	if (i < xa->xa_nr && s[i].index == index) {
		old = s[i].entry;
		s[i].entry = entry;
		return old;
	}
	if (xa->xa_nr == xa->xa_cap) {
		unsigned long cap = xa->xa_cap ? 2 * xa->xa_cap : 4;

		s = krealloc(xa->xa_head, cap * sizeof(*s), gfp);
		if (!s)
			return xa_mk_err(-ENOMEM);
		xa->xa_head = s;
		xa->xa_cap = cap;
	}
	memmove(&s[i + 1], &s[i], (xa->xa_nr - i) * sizeof(*s));
	s[i] = (struct dmalab_xa_slot){ index, entry };
	xa->xa_nr++;
	return NULL;
}

void xa_destroy(struct xarray *xa)
{
	kfree(xa->xa_head);
	xa_init(xa);
}
