// SPDX-License-Identifier: GPL-2.0-only
/*
 * drm_pagemap's mapping of the system pages of a GPU SVM migration, a
 * caller of the dma_iova_* API like those of callers.c (registered from
 * there): the two functions of drivers/gpu/drm/drm_pagemap.c, extracted
 * from the tree and compiled on their own (fuzz/drm_pagemap_repro.c,
 * docs/gpu.md), over the compiled DMA API. A timed operation is one
 * migration's mapping: drm_pagemap_migrate_map_system_pages() then
 * drm_pagemap_migrate_unmap_pages() of one migrate_pfn array.
 *
 *   gpu/iova/<wl>/<size>    the strict x86_64 device: one reservation of
 *                           npages * PAGE_SIZE, a link per folio, one sync,
 *                           dma_iova_destroy()
 *   gpu/direct/<wl>/<size>  the device behind no IOMMU: dma_map_page() and
 *                           dma_unmap_page() per folio
 *
 * The array is the workload's folios as migrate_vma gives them (a large
 * folio at its head, its other pages' entries empty), with a hole after
 * every folio (a pte_none entry): 4k (scattered pages), 2m (PMD folios),
 * mix (orders 0-4 and 9). Counters: folios and holes of the array.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/dma-mapping.h>
#include <linux/migrate.h>

#include "bench.h"
#include "fuzz/drm_pagemap_repro.h"

struct gpu_spec {
	bool direct;
	enum wl_kind wl;
	size_t size;
};

struct gpu_array {
	unsigned long *mpfn;
	struct drm_pagemap_addr *addr;
	unsigned long n, folios, holes;
};

/* the workload's folios as migrate_pfn entries, each followed by a hole */
static int gpu_array_build(const struct workload *w, struct gpu_array *a)
{
	unsigned long i, nr;

	a->mpfn = calloc(2 * w->nr_pages + 1, sizeof(*a->mpfn));
	a->addr = calloc(2 * w->nr_pages + 1, sizeof(*a->addr));
	if (!a->mpfn || !a->addr)
		return -ENOMEM;
	a->n = a->folios = a->holes = 0;
	for (i = 0; i < w->nr_pages; i += nr) {
		struct page *page = w->pages[i];
		unsigned int order = folio_order(page_folio(page));

		nr = 1UL << order;
		if (page != &page_folio(page)->page)
			return -EINVAL;		/* a workload starting mid-folio */
		a->mpfn[a->n] = migrate_pfn(page_to_pfn(page)) | MIGRATE_PFN_MIGRATE |
				(order ? MIGRATE_PFN_COMPOUND : 0);
		a->n += nr + 1;			/* the folio's span, then a hole */
		a->folios++;
		a->holes++;
	}
	return 0;
}

static void gpu_array_free(struct gpu_array *a)
{
	free(a->mpfn);
	free(a->addr);
}

static void bm_gpu(gb_state *st, void *data)
{
	const struct gpu_spec *s = data;
	unsigned long warn_mark = dmalab_warn_count();
	const struct workload *w = workload_get(s->wl, s->size);
	struct device *dev = bench_dev_get(&(struct bench_cfg){ .direct = s->direct })->dev;
	struct drm_pagemap_iova_state state;
	struct gpu_array a = {};
	char msg[64];
	int ret;

	ret = gpu_array_build(w, &a);
	while (!ret && gb_keep_running(st)) {
		state = (struct drm_pagemap_iova_state){};
		ret = drm_pagemap_repro_map(dev, a.addr, a.mpfn, a.n, DMA_TO_DEVICE, &state);
		drm_pagemap_repro_unmap(dev, a.addr, a.mpfn, a.n, DMA_TO_DEVICE, &state);
	}
	if (ret) {
		snprintf(msg, sizeof(msg), "map failed: %d", ret);
		gb_skip_with_error(st, msg);
	} else if (gb_iterations(st) > 0) {
		gb_set_bytes_processed(st, gb_iterations(st) * (int64_t)s->size);
		gb_counter(st, "ns_per_4k", gb_iterations(st) * ((double)s->size / 4096) / 1e9,
			   GB_COUNTER_RATE | GB_COUNTER_INVERT);
		gb_counter(st, "folios", (double)a.folios, 0);
		gb_counter(st, "holes", (double)a.holes, 0);
	}
	gpu_array_free(&a);
	bench_check_warn(st, &warn_mark);
}

static void reg(bool direct, enum wl_kind wl, size_t size)
{
	struct gpu_spec *s = calloc(1, sizeof(*s));
	char name[96];

	if (!s)
		abort();
	*s = (struct gpu_spec){ .direct = direct, .wl = wl, .size = size };
	snprintf(name, sizeof(name), "gpu/%s/%s/%zuMiB", direct ? "direct" : "iova", wl_names[wl],
		 size >> 20);
	gb_register_data(name, bm_gpu, s);
}

void bench_register_gpu(void)
{
	static const enum wl_kind wls[] = { WL_4K, WL_2M, WL_MIX };
	unsigned int i, d;

	for (d = 0; d <= 1; d++)
		for (i = 0; i < ARRAY_SIZE(wls); i++)
			reg(d, wls[i], SZ_2M * 4);
}
