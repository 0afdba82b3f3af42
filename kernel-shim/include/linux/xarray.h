/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dmalab shim: XArray. Not modelled: the only user in the compiled files is
 * extract_iter_to_sg() on ITER_XARRAY iterators (netfs page cache), which
 * the harness does not drive. Any walk stops the program with a message.
 */
#ifndef _DMALAB_LINUX_XARRAY_H
#define _DMALAB_LINUX_XARRAY_H

#include <linux/types.h>
#include <dmalab/runtime.h>

struct xarray {
	void *xa_head;
};

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

#endif
