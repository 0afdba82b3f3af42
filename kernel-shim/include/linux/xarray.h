/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: XArray. The plain store/load API is modelled (p2pdma keeps
 * its map-type cache in one) by a sorted array of (index, entry) pairs in
 * kmalloc memory, so allocation failures and leaks behave as in the kernel
 * (runtime/xarray.c). Walks are not: their only user in the compiled files
 * is extract_iter_to_sg() on ITER_XARRAY iterators (netfs page cache), which
 * the harness does not drive; a walk stops the program with a message.
 */
#ifndef _DMALAB_LINUX_XARRAY_H
#define _DMALAB_LINUX_XARRAY_H

#include <linux/types.h>
#include <dmalab/runtime.h>

#include <linux/gfp.h>

struct xarray {
	void *xa_head;		/* struct dmalab_xa_slot[], sorted by index */
	unsigned long xa_nr;
	unsigned long xa_cap;
};

static inline void xa_init(struct xarray *xa)
{
	xa->xa_head = NULL;
	xa->xa_nr = xa->xa_cap = 0;
}
void *xa_load(struct xarray *xa, unsigned long index);
/* the old entry, or xa_mk_err(-ENOMEM) when the array cannot grow */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void xa_destroy(struct xarray *xa);

static inline void *xa_mk_value(unsigned long v) { return (void *)((v << 1) | 1); }
static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}
static inline void *xa_mk_err(long err) { return (void *)((err << 2) | 2UL); }
static inline int xa_err(void *entry)
{
	return ((unsigned long)entry & 3) == 2 ? (long)entry >> 2 : 0;
}

struct xa_state {
	struct xarray *xa;
	unsigned long xa_index;
};

#define XA_STATE(name, array, index) \
	struct xa_state name = { .xa = (array), .xa_index = (index) }

static inline void *xas_find(struct xa_state *xas, unsigned long max)
{
	dmalab_unimplemented("XArray walk (xas_find)");
}

#define xas_for_each(xas, entry, max) \
	for (entry = xas_find(xas, max); entry; entry = xas_find(xas, max))

static inline bool xas_retry(struct xa_state *xas, const void *entry) { return false; }
static inline bool xa_is_value(const void *entry) { return (unsigned long)entry & 1; }

/*
 * DUPLICATED from include/linux/xarray.h: the encoding of the reserved
 * "zero" entry (internal entry 257), which the maple tree keeps like any
 * other entry.
 */
#define XA_ZERO_ENTRY	((void *)((257UL << 2) | 2))

#endif
