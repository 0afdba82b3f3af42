// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GPU migration mapping oracle (gpu_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <dmalab/iommu.h>

#include "oracle/gpu_check.h"
#include <dmalab/nocov.h>

DMALAB_NOCOV_BEGIN

static bool fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return false;
}

void gpu_check_init(struct gpu_check *gc, struct checker *ck, struct device *dev,
		    const unsigned long *mpfn, unsigned long npages,
		    enum dma_data_direction dir)
{
	memset(gc, 0, sizeof(*gc));
	gc->ck = ck;
	gc->dev = dev;
	gc->mpfn = mpfn;
	gc->npages = npages;
	gc->dir = dir;
	gc->syncs_from = dmalab_arch_syncs();
	gc->maps = calloc(npages ? npages : 1, sizeof(*gc->maps));
	if (!gc->maps)
		abort();
}

/*
 * Entry i as migrate_vma gives it: NULL for a hole, else its page, which
 * heads a folio of *order whose span lies inside the array and is holes
 * after the head. A contract break is reported in msg (and NULL returned
 * with *bad set).
 */
static struct page *entry_page(const struct gpu_check *gc, unsigned long i, unsigned int *order,
			       bool *bad, char *msg, size_t len)
{
	struct page *page = migrate_pfn_to_page(gc->mpfn[i]);
	struct folio *folio;
	unsigned long j, nr;

	*order = 0;
	*bad = false;
	if (!page)
		return NULL;
	folio = page_folio(page);
	*order = folio_order(folio);
	nr = 1UL << *order;
	if (&folio->page != page) {
		*bad = true;
		fail(msg, len, "contract: entry %lu is page %lu of an order-%u folio, not its head "
		     "(migrate_vma gives a large folio at its head only)", i,
		     (unsigned long)(page - &folio->page), *order);
		return NULL;
	}
	if (i + nr > gc->npages) {
		*bad = true;
		fail(msg, len, "contract: entry %lu's order-%u folio runs past the %lu entries", i,
		     *order, gc->npages);
		return NULL;
	}
	for (j = 1; j < nr; j++)
		if (migrate_pfn_to_page(gc->mpfn[i + j])) {
			*bad = true;
			fail(msg, len, "contract: entry %lu is a page inside the order-%u folio of "
			     "entry %lu", i + j, *order, i);
			return NULL;
		}
	return page;
}

/* the entries the caller left unmapped must come after every mapped one */
static bool check_entry(struct gpu_check *gc, unsigned long i, struct page *page,
			unsigned int order, const struct gpu_check_addr *a, bool *stopped,
			char *msg, size_t len)
{
	size_t size = PAGE_SIZE << order;
	phys_addr_t phys = page_to_phys(page);

	if (!a->addr) {
		*stopped = true;
		return true;
	}
	if (*stopped)
		return fail(msg, len, "entry %lu mapped after an entry before it was not", i);
	if (a->order != order)
		return fail(msg, len, "entry %lu: order %u encoded, its folio's is %u (the copy "
			    "reads PAGE_SIZE << order bytes)", i, a->order, order);
	gc->mapped++;
	if (gc->iova) {
		/* holes use no IOVA: each folio right after the one before it */
		if (a->addr != gc->resv + gc->linked)
			return fail(msg, len, "entry %lu at dma %#llx, expected %#llx: the "
				    "reservation's start plus the %#zx bytes linked before it", i,
				    (unsigned long long)a->addr,
				    (unsigned long long)(gc->resv + gc->linked), gc->linked);
		gc->linked += size;
		if (!check_map_link(gc->iova_map, a->addr, phys, size))
			return fail(msg, len, "entry %lu: the checker refused the link", i);
		return true;
	}
	gc->maps[i] = check_map_new(gc->ck, gc->dev, gc->dir, 0);
	if (!gc->maps[i] || !check_map_range(gc->maps[i], a->addr, phys, size))
		return fail(msg, len, "entry %lu: the checker refused the mapping", i);
	return true;
}

bool gpu_check_mapped(struct gpu_check *gc, int ret, const struct gpu_check_addr *addr,
		      const struct dma_iova_state *state, unsigned long offset, char *msg,
		      size_t len)
{
	struct dma_iova_state *st = (struct dma_iova_state *)state;
	unsigned long i, present = 0;
	bool stopped = false, bad;
	unsigned int order;

	gc->iova = dma_use_iova(st);
	if (gc->iova) {
		gc->resv = st->addr;
		gc->resv_len = dma_iova_size(st);
		gc->iova_map = check_map_new(gc->ck, gc->dev, gc->dir, 0);
		if (!gc->iova_map || !check_map_reserve(gc->iova_map, gc->resv, gc->resv_len))
			return fail(msg, len, "the checker refused the reservation %#llx + %#zx",
				    (unsigned long long)gc->resv, gc->resv_len);
	}
	for (i = 0; i < gc->npages; i += 1UL << order) {
		struct page *page = entry_page(gc, i, &order, &bad, msg, len);

		if (bad)
			return false;
		if (!page) {
			/* a hole is given no address */
			if (addr[i].addr)
				return fail(msg, len, "hole %lu was given dma %#llx", i,
					    (unsigned long long)addr[i].addr);
			continue;
		}
		present++;
		if (!check_entry(gc, i, page, order, &addr[i], &stopped, msg, len))
			return false;
	}
	if (!ret && gc->mapped != present)
		return fail(msg, len, "the map succeeded with %lu of %lu present entries mapped",
			    gc->mapped, present);
	if (gc->iova && offset != gc->linked)
		return fail(msg, len, "running offset %#lx, but %#zx bytes are linked", offset,
			    gc->linked);
	if (gc->iova && gc->linked > gc->resv_len)
		return fail(msg, len, "%#zx bytes linked into a reservation of %#zx", gc->linked,
			    gc->resv_len);
	if (!check_verify(gc->ck))
		return fail(msg, len, "check_verify failed (the checker's report above)");
	if (!ret && gc->iova && !check_syncs(gc->ck, gc->iova_map, gc->syncs_from, true, true))
		return fail(msg, len, "the IOVA path's cache maintenance is not the linked bytes");
	return true;
}

bool gpu_check_unmapped(struct gpu_check *gc, char *msg, size_t len)
{
	unsigned long i;

	if (gc->iova_map)
		check_unmap(gc->iova_map);
	gc->iova_map = NULL;
	for (i = 0; i < gc->npages; i++) {
		if (gc->maps[i])
			check_unmap(gc->maps[i]);
		gc->maps[i] = NULL;
	}
	if (!check_verify(gc->ck))
		return fail(msg, len, "after the unmap: check_verify failed (the checker's report "
			    "above)");
	if (gc->iova && !check_iova_released(gc->ck, gc->dev, gc->resv, gc->resv_len))
		return fail(msg, len, "after the unmap: the reservation %#llx + %#zx is still "
			    "allocated", (unsigned long long)gc->resv, gc->resv_len);
	return true;
}

void gpu_check_fini(struct gpu_check *gc)
{
	unsigned long i;

	if (gc->iova_map)
		check_unmap(gc->iova_map);
	for (i = 0; gc->maps && i < gc->npages; i++)
		if (gc->maps[i])
			check_unmap(gc->maps[i]);
	free(gc->maps);
	memset(gc, 0, sizeof(*gc));
}

DMALAB_NOCOV_END
