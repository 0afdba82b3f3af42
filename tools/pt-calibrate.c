// SPDX-License-Identifier: GPL-2.0-only
/*
 * pt-calibrate: time iommu_map()/iommu_unmap() on the kernel's generic_pt
 * page tables as compiled here, in the shapes of the published in-kernel
 * figures (J. Gunthorpe, iommupt series, Oct 2025, x86-64 format), and
 * print ours beside them. If ours are far off, the harness - not the
 * kernel code - is what would be measured.
 *
 *   pt-calibrate [--format x86_64|amdv1|amdv1_mock] [--reps N]
 *
 * Each shape is timed over N rounds of map + unmap on a fresh IOVA; the
 * figure is the median ns per call (map and unmap timed separately).
 * Build with SAN=0 (-O2, no sanitizers) for figures worth comparing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/iommu.h>
#include <linux/slab.h>
#include <dmalab/iommu.h>

struct shape {
	const char *name;
	size_t pgsize;
	unsigned int count;
	double kernel_map_ns;		/* published, 0: not published */
	double kernel_unmap_ns;
};

/* in-kernel averages, ns per call, from the iommupt series */
static const struct shape shapes[] = {
	{ "4K",        SZ_4K, 1,   71, 77 },
	{ "2M",        SZ_2M, 1,   66, 0 },
	{ "1G",        SZ_1G, 1,   59, 0 },
	{ "256 x 4K",  SZ_4K, 256, 392, 225 },
	{ "256 x 2M",  SZ_2M, 256, 383, 0 },
	{ "256 x 1G",  SZ_1G, 256, 378, 0 },
};

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_fig(double ours, double kernel)
{
	if (kernel)
		printf(" %9.0f %7.0f %6.2fx", ours, kernel, ours / kernel);
	else
		printf(" %9.0f %7s %7s", ours, "-", "");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "reps", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct dmalab_domain_cfg dc = { .format = DMALAB_PT_X86_64 };
	unsigned int reps = 2000, i, s;
	struct dmalab_domain *d;
	struct iommu_domain *dom;
	double *map_ns, *unmap_ns;
	int opt, err = 0;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			dc.format = dmalab_pt_format_from_name(optarg);
			if (dc.format == DMALAB_PT_NR_FORMATS) {
				fprintf(stderr, "pt-calibrate: unknown format '%s'\n", optarg);
				return 2;
			}
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 0);
			if (!reps) {
				fprintf(stderr, "pt-calibrate: --reps must be positive\n");
				return 2;
			}
			break;
		case 'h':
			printf("usage: pt-calibrate [--format x86_64|amdv1|amdv1_mock] [--reps N]\n");
			return 0;
		default:
			fprintf(stderr, "usage: pt-calibrate [--format F] [--reps N]\n");
			return 2;
		}
	}

	d = dmalab_domain_create(&dc, &err);
	if (!d) {
		fprintf(stderr, "pt-calibrate: cannot create the domain: %d\n", err);
		return 1;
	}
	dom = dmalab_domain_iommu(d);
	map_ns = calloc(reps, sizeof(*map_ns));
	unmap_ns = calloc(reps, sizeof(*unmap_ns));
	if (!map_ns || !unmap_ns)
		return 1;

#ifdef __SANITIZE_ADDRESS__
	printf("pt-calibrate: WARNING: sanitizer build; build with SAN=0 for real figures\n");
#endif
	printf("pt-calibrate: %s page table, median of %u rounds, ns per call\n",
	       dmalab_pt_format_name(dc.format), reps);
	printf("  %-9s %9s %7s %7s %9s %7s %7s\n", "shape", "map", "kernel", "ratio",
	       "unmap", "kernel", "ratio");
	for (s = 0; s < ARRAY_SIZE(shapes); s++) {
		const struct shape *sh = &shapes[s];
		size_t len = sh->pgsize * sh->count;
		/* IOVA and physical address aligned to the page size, away from 0 */
		unsigned long iova = 1UL << 40;
		phys_addr_t paddr = 1ULL << 41;
		bool skip = false;

		if (!(dom->pgsize_bitmap & sh->pgsize)) {
			printf("  %-9s (page size not in this format)\n", sh->name);
			continue;
		}
		for (i = 0; i < reps && !skip; i++) {
			struct iommu_iotlb_gather gather;
			double t0, t1, t2;
			size_t un;

			iommu_iotlb_gather_init(&gather);
			t0 = now_ns();
			if (iommu_map(dom, iova, paddr, len, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL)) {
				printf("  %-9s map failed\n", sh->name);
				skip = true;
				break;
			}
			t1 = now_ns();
			un = iommu_unmap_fast(dom, iova, len, &gather);
			t2 = now_ns();
			iommu_iotlb_sync(dom, &gather);
			if (un != len) {
				printf("  %-9s unmapped %zu of %zu\n", sh->name, un, len);
				skip = true;
			}
			map_ns[i] = t1 - t0;
			unmap_ns[i] = t2 - t1;
		}
		if (skip)
			continue;
		printf("  %-9s", sh->name);
		print_fig(median(map_ns, reps), sh->kernel_map_ns);
		print_fig(median(unmap_ns, reps), sh->kernel_unmap_ns);
		printf("\n");
	}
	free(map_ns);
	free(unmap_ns);
	dmalab_domain_destroy(d);
	return 0;
}
