// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-counters: map one buffer through each DMA-mapping path of the kernel
 * and print what the IOMMU did: map calls, page-table entries written (by
 * census of the page-table pages), table pages, IOTLB invalidations, bytes.
 *
 *   dma-counters [--format x86_64|amdv1|amdv1_mock] [--fq] [--size BYTES]
 *                [--workload 4k|2m|all]
 *
 * Workloads: the buffer made of scattered 4 KiB pages (every other page
 * frame), or of scattered 2 MiB folios (every other 2 MiB). Paths:
 *   sg      sg_alloc_table_from_pages_segment + dma_map_sgtable
 *   iova    dma_iova_try_alloc + dma_iova_link per range + dma_iova_sync
 *   phys    dma_map_phys per range
 * Each path maps the whole buffer, is counted, then unmaps and is counted
 * again; the domain must be empty afterwards.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <dmalab/machine.h>
#include <dmalab/iommu.h>

#define BUF_PFN		PHYS_PFN(DMALAB_DMA32_END)	/* above the 32-bit boundary */

struct workload {
	const char *name;
	unsigned int order;		/* of each range */
	unsigned long nr;		/* ranges */
	struct page **pages;		/* every page, for the sg path */
	unsigned long nr_pages;
	struct phys_vec *ranges;
};

struct snap {
	struct dmalab_iommu_stats st;
	struct dmalab_pt_census census;
	double ns;
};

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void snap(struct dmalab_domain *d, struct snap *s)
{
	dmalab_domain_stats(d, &s->st);
	dmalab_pt_census(&s->census);
	s->ns = now_ns();
}

static void build_workload(struct workload *w, unsigned int order, size_t size)
{
	unsigned long i, j, range_pages = 1UL << order;

	w->order = order;
	w->name = order ? "2M folios" : "4K pages";
	w->nr = size >> (PAGE_SHIFT + order);
	w->nr_pages = w->nr * range_pages;
	w->pages = calloc(w->nr_pages, sizeof(*w->pages));
	w->ranges = calloc(w->nr, sizeof(*w->ranges));
	if (!w->pages || !w->ranges) {
		fprintf(stderr, "dma-counters: out of memory\n");
		exit(1);
	}
	for (i = 0; i < w->nr; i++) {
		/* every other range: nothing is physically contiguous */
		unsigned long pfn = BUF_PFN + 2 * i * range_pages;

		if (order)
			dmalab_make_folio(pfn, order);
		w->ranges[i].paddr = PFN_PHYS(pfn);
		w->ranges[i].len = PAGE_SIZE << order;
		for (j = 0; j < range_pages; j++)
			w->pages[i * range_pages + j] = pfn_to_page(pfn + j);
	}
}

static void print_row(const char *path, const char *what, const struct snap *a,
		      const struct snap *b)
{
	printf("  %-6s %-6s %10llu %12lld %9lld %10llu %9llu %9llu %8.1f\n", path, what,
	       (unsigned long long)(b->st.map_calls - a->st.map_calls +
				    b->st.unmap_calls - a->st.unmap_calls),
	       (long long)(b->census.entries_present - a->census.entries_present),
	       (long long)(b->census.table_pages - a->census.table_pages),
	       (unsigned long long)(b->st.iotlb_syncs - a->st.iotlb_syncs),
	       (unsigned long long)(b->st.iotlb_flush_all - a->st.iotlb_flush_all),
	       (unsigned long long)((b->st.bytes_mapped - a->st.bytes_mapped +
				     b->st.bytes_unmapped - a->st.bytes_unmapped) >> 20),
	       (b->ns - a->ns) / 1e6);
}

static int run_sg(struct device *dev, struct dmalab_domain *d, struct workload *w)
{
	struct sg_table sgt;
	struct snap s0, s1, s2;
	int ret;

	ret = sg_alloc_table_from_pages_segment(&sgt, w->pages, w->nr_pages, 0,
						w->nr_pages << PAGE_SHIFT, UINT_MAX,
						GFP_KERNEL);
	if (ret)
		return ret;
	snap(d, &s0);
	ret = dma_map_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
	snap(d, &s1);
	if (!ret) {
		dma_unmap_sgtable(dev, &sgt, DMA_BIDIRECTIONAL, 0);
		dmalab_run_deferred_work();
	}
	snap(d, &s2);
	sg_free_table(&sgt);
	if (ret)
		return ret;
	print_row("sg", "map", &s0, &s1);
	print_row("sg", "unmap", &s1, &s2);
	return 0;
}

static int run_iova(struct device *dev, struct dmalab_domain *d, struct workload *w)
{
	struct dma_iova_state state = {};
	size_t size = 0, mapped = 0;
	struct snap s0, s1, s2;
	unsigned long i;
	int ret = 0;

	for (i = 0; i < w->nr; i++)
		size += w->ranges[i].len;
	snap(d, &s0);
	if (!dma_iova_try_alloc(dev, &state, w->ranges[0].paddr, size))
		return -EOPNOTSUPP;
	for (i = 0; i < w->nr && !ret; i++) {
		ret = dma_iova_link(dev, &state, w->ranges[i].paddr, mapped,
				    w->ranges[i].len, DMA_BIDIRECTIONAL, 0);
		if (!ret)
			mapped += w->ranges[i].len;
	}
	if (!ret)
		ret = dma_iova_sync(dev, &state, 0, mapped);
	snap(d, &s1);
	dma_iova_destroy(dev, &state, mapped, DMA_BIDIRECTIONAL, 0);
	dmalab_run_deferred_work();
	snap(d, &s2);
	if (ret)
		return ret;
	print_row("iova", "map", &s0, &s1);
	print_row("iova", "unmap", &s1, &s2);
	return 0;
}

static int run_phys(struct device *dev, struct dmalab_domain *d, struct workload *w)
{
	dma_addr_t *dma = calloc(w->nr, sizeof(*dma));
	struct snap s0, s1, s2;
	unsigned long i, n;
	int ret = 0;

	if (!dma)
		return -ENOMEM;
	snap(d, &s0);
	for (n = 0; n < w->nr; n++) {
		dma[n] = dma_map_phys(dev, w->ranges[n].paddr, w->ranges[n].len,
				      DMA_BIDIRECTIONAL, 0);
		if (dma_mapping_error(dev, dma[n])) {
			ret = -ENOMEM;
			break;
		}
	}
	snap(d, &s1);
	for (i = 0; i < n; i++)
		dma_unmap_phys(dev, dma[i], w->ranges[i].len, DMA_BIDIRECTIONAL, 0);
	dmalab_run_deferred_work();
	snap(d, &s2);
	free(dma);
	if (ret)
		return ret;
	print_row("phys", "map", &s0, &s1);
	print_row("phys", "unmap", &s1, &s2);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dma-counters [--format x86_64|amdv1|amdv1_mock] [--fq]\n"
		   "                    [--size BYTES] [--workload 4k|2m|all]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fq", no_argument, NULL, 'q' },
		{ "size", required_argument, NULL, 's' },
		{ "workload", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dmalab_domain_cfg dc = { .format = DMALAB_PT_X86_64 };
	struct dmalab_device_cfg cfg = { .name = "dev0", .coherent = true,
					 .max_segment_size = UINT_MAX,
					 .segment_boundary = ULONG_MAX };
	const char *which = "all";
	size_t size = 1UL << 30;
	int opt, err = 0, status = 0;
	unsigned int order;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			dc.format = dmalab_pt_format_from_name(optarg);
			if (dc.format == DMALAB_PT_NR_FORMATS) {
				fprintf(stderr, "dma-counters: unknown format '%s'\n", optarg);
				return 2;
			}
			break;
		case 'q':
			dc.kind = DMALAB_DOMAIN_DMA_FQ;
			break;
		case 's':
			size = strtoull(optarg, NULL, 0);
			if (size < (2UL << 20) || size & ((2UL << 20) - 1)) {
				fprintf(stderr, "dma-counters: --size must be a multiple of 2 MiB\n");
				return 2;
			}
			break;
		case 'w':
			which = optarg;
			if (strcmp(which, "4k") && strcmp(which, "2m") && strcmp(which, "all")) {
				usage(stderr);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	printf("dma-counters: %zu MiB buffer, %s page table, %s domain, coherent device\n",
	       size >> 20, dmalab_pt_format_name(dc.format),
	       dc.kind == DMALAB_DOMAIN_DMA_FQ ? "flush-queue (lazy)" : "strict");
	printf("  PTEs = page-table entries made present (map) or cleared (unmap), by census\n");
	for (order = 0; order <= 9; order += 9) {
		struct dmalab_domain *d;
		struct device *dev;
		struct workload w;

		if ((order == 0 && !strcmp(which, "2m")) || (order == 9 && !strcmp(which, "4k")))
			continue;
		build_workload(&w, order, size);
		d = dmalab_domain_create(&dc, &err);
		dev = d ? dmalab_device_create(&cfg, d, &err) : NULL;
		if (!dev) {
			fprintf(stderr, "dma-counters: cannot set up the domain/device: %d\n", err);
			return 1;
		}
		printf("\n%s (%lu ranges of %lu KiB)\n", w.name, w.nr,
		       (PAGE_SIZE << order) >> 10);
		printf("  %-6s %-6s %10s %12s %9s %10s %9s %9s %8s\n", "path", "op",
		       "map/unmap", "PTEs", "tables", "IOTLB-sync", "flush-all", "MiB", "ms");
		if (run_sg(dev, d, &w) || run_iova(dev, d, &w) || run_phys(dev, d, &w)) {
			fprintf(stderr, "dma-counters: a mapping failed\n");
			status = 1;
		}
		if (dmalab_domain_mapped_bytes(d)) {
			fprintf(stderr, "dma-counters: %llu bytes still mapped after unmap\n",
				(unsigned long long)dmalab_domain_mapped_bytes(d));
			status = 1;
		}
		dmalab_device_destroy(dev);
		dmalab_domain_destroy(d);
		if (order)
			for (unsigned long i = 0; i < w.nr; i++)
				dmalab_clear_folio(PHYS_PFN(w.ranges[i].paddr));
		free(w.pages);
		free(w.ranges);
	}
	return status;
}
