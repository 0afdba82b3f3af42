// SPDX-License-Identifier: GPL-2.0-only
/*
 * Workloads: the range lists every path maps (bench/README.md).
 *
 * Each kind lives in its own 10 GiB region of the modelled 64 GiB of
 * physical memory, from 4 GiB up (above the 32-bit boundary and the
 * shim's kernel memory), so folios made for one kind never overlap the
 * pages of another. A list is deterministic: the same kind and size give
 * the same ranges in every run, and a smaller size of a kind is a prefix
 * of a larger one. The p2p kind is in the GPU BAR of the P2P topology
 * (p2p.c): ZONE_DEVICE pages pci_p2pdma_add_resource() made.
 *
 * The sg path gets the same memory as a page array (every 4 KiB page, in
 * order, and the offset into the first); the phys_vec paths get one range
 * per physically contiguous piece (a folio, a run of pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "bench.h"

#define REGION_BASE	(4UL << 30)
#define REGION_SIZE	(10UL << 30)
#define UNALIGNED_OFF	0x200U
/* the host kinds' regions end where the modelled RAM does, and MMIO starts */
_Static_assert(REGION_BASE + WL_NR_HOST * REGION_SIZE <= P2P_BAR_BASE, "regions overlap");

const char *const wl_names[WL_NR] = {
	[WL_4K] = "4k",
	[WL_2M] = "2m",
	[WL_1G] = "1g",
	[WL_MIX] = "mix",
	[WL_UNALIGNED] = "unaligned",
	[WL_SPARSE] = "sparse",
	[WL_P2P] = "p2p",
};

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static struct workload cur;
static bool cur_valid;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "dmalab-bench: out of host memory\n");
		exit(1);
	}
	return p;
}

/* capacity of the arrays of cur */
static unsigned long cap_ranges, cap_pages;

static phys_addr_t region_start(enum wl_kind kind)
{
	return kind == WL_P2P ? P2P_BAR_BASE : REGION_BASE + kind * REGION_SIZE;
}

static void add_range(struct workload *w, phys_addr_t paddr, size_t len)
{
	unsigned long pfn, first = PHYS_PFN(paddr), last = PHYS_PFN(paddr + len - 1);

	if (PFN_PHYS(last + 1) > region_start(w->kind) +
				 (w->kind == WL_P2P ? P2P_BAR_SIZE : REGION_SIZE)) {
		fprintf(stderr, "dmalab-bench: workload %s of %zu bytes overflows its region\n",
			wl_names[w->kind], w->size);
		exit(1);
	}
	if (w->nr == cap_ranges) {
		cap_ranges = cap_ranges ? 2 * cap_ranges : 1024;
		w->ranges = xrealloc(w->ranges, cap_ranges * sizeof(*w->ranges));
	}
	w->ranges[w->nr].paddr = paddr;
	w->ranges[w->nr].len = len;
	w->nr++;
	for (pfn = first; pfn <= last; pfn++) {
		if (w->nr_pages == cap_pages) {
			cap_pages = cap_pages ? 2 * cap_pages : 4096;
			w->pages = xrealloc(w->pages, cap_pages * sizeof(*w->pages));
		}
		w->pages[w->nr_pages++] = pfn_to_page(pfn);
	}
}

/* A folio of this order at pfn, mapped for up to *left bytes. */
static void add_folio(struct workload *w, unsigned long pfn, unsigned int order, size_t *left)
{
	size_t len = min_t(size_t, PAGE_SIZE << order, *left);

	if (order) {
		dmalab_make_folio(pfn, order);
		w->folios++;
	}
	add_range(w, PFN_PHYS(pfn), len);
	*left -= len;
}

static void build(struct workload *w)
{
	unsigned long pfn = PHYS_PFN(region_start(w->kind));
	size_t left = w->size;
	uint64_t rng = 0x5eed0000ULL + w->kind;

	switch (w->kind) {
	case WL_4K:
	case WL_2M:
	case WL_1G: {
		/* every other block: nothing is physically contiguous */
		unsigned int order = w->kind == WL_4K ? 0 : w->kind == WL_2M ? 9 : 18;

		for (; left; pfn += 2UL << order)
			add_folio(w, pfn, order, &left);
		break;
	}
	case WL_MIX: {
		/*
		 * Folio orders as a page cache with large folios hands them
		 * out: mostly small, some 2 MiB (1 draw in 11; most bytes).
		 * Each is aligned to its size; a hole of at least one page
		 * keeps neighbours apart.
		 */
		static const unsigned char orders[] = { 0, 0, 0, 0, 1, 2, 2, 3, 4, 4, 9 };

		while (left) {
			unsigned int order = orders[splitmix64(&rng) % sizeof(orders)];

			pfn = ALIGN(pfn, 1UL << order);
			add_folio(w, pfn, order, &left);
			pfn += (1UL << order) + 1;
		}
		break;
	}
	case WL_UNALIGNED: {
		/* 4k pages, the buffer starting 0x200 into the first, ending mid-page */
		size_t len = min_t(size_t, PAGE_SIZE - UNALIGNED_OFF, left);

		w->offset = UNALIGNED_OFF;
		add_range(w, PFN_PHYS(pfn) + UNALIGNED_OFF, len);
		left -= len;
		for (pfn += 2; left; pfn += 2) {
			len = min_t(size_t, PAGE_SIZE, left);
			add_range(w, PFN_PHYS(pfn), len);
			left -= len;
		}
		break;
	}
	case WL_SPARSE:
		/* runs of 1-16 pages (one range, one merged sg entry), holes of 1-16 */
		while (left) {
			size_t run = min_t(size_t, (1 + splitmix64(&rng) % 16) << PAGE_SHIFT, left);

			add_range(w, PFN_PHYS(pfn), run);
			left -= run;
			pfn += PHYS_PFN(run) + 1 + splitmix64(&rng) % 16;
		}
		break;
	case WL_P2P:
		/* 64 KiB chunks of the BAR, every other one */
		for (; left; pfn += 2 * PHYS_PFN(SZ_64K)) {
			size_t len = min_t(size_t, SZ_64K, left);

			add_range(w, PFN_PHYS(pfn), len);
			left -= len;
		}
		break;
	default:
		abort();
	}
}

const struct workload *workload_get(enum wl_kind kind, size_t size)
{
	if (cur_valid && cur.kind == kind && cur.size == size)
		return &cur;
	cur.kind = kind;
	cur.size = size;
	cur.nr = cur.nr_pages = cur.folios = 0;
	cur.offset = 0;
	build(&cur);
	cur_valid = true;
	return &cur;
}
