// SPDX-License-Identifier: GPL-2.0-only
/*
 * --map-benchmark: the statistics of the kernel's dma_map_benchmark
 * (kernel/dma/map_benchmark.c, driven by tools/dma/dma_map_benchmark),
 * computed the same way on dmalab's device, so a reviewer can set our
 * figures beside an in-kernel run of the same shape.
 *
 *   dmalab-bench --map-benchmark [--mode=single|sg|iova|phys|all]
 *                [--granule=N] [--threads=T] [--seconds=S]
 *                [--dma-trans-ns=D] [--fq] [--direct]
 *
 * Each thread (CPU i of the model) loops for S seconds: prepare, read the
 * clock, map, read the clock, wait D ns ("the DMA"), read the clock, unmap,
 * read the clock. As the kernel does, each latency is cut to whole 100 ns
 * units before it is summed and squared; the average is the sum over the
 * loops (integer division) and the standard deviation the integer square
 * root of the mean square less the squared mean, in 100 ns units; printed
 * like the tool, in microseconds with one decimal. The same latencies in
 * ns, not cut, follow on a line of their own.
 *
 * Modes: single (the kernel's DMA_MAP_BENCH_SINGLE_MODE: granule contiguous
 * pages through dma_map_page_attrs(), which dma_map_single() calls), sg
 * (DMA_MAP_BENCH_SG_MODE: granule scatterlist entries of one page each,
 * dma_map_sg()/dma_unmap_sg(); the table is built before the clock runs,
 * as the kernel's prepare() does), and two the kernel tool has no mode for:
 * iova (dma_iova_try_alloc() + dma_iova_link() of each page +
 * dma_iova_sync() / dma_iova_destroy()) and phys (dma_map_phys() of each
 * page / dma_unmap_phys()). The pages of sg, iova and phys are the
 * scattered 4 KiB pages of the 4k workload; single's are one folio.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

#include "bench.h"
#include "mapbench.h"

#define DIR DMA_BIDIRECTIONAL

static const char *const mode_names[MB_NR] = { "single", "sg", "iova", "phys" };

struct mb_sums {
	u64 map_100ns, unmap_100ns, sq_map, sq_unmap, loops;
	double map_ns, unmap_ns, sq_map_ns, sq_unmap_ns;
	int err;
};

struct mb_thread {
	pthread_t tid;
	unsigned int cpu;
	enum mb_mode mode;
	const struct mb_opts *o;
	struct device *dev;
	const struct workload *w;	/* sg, iova, phys: granule scattered pages */
	phys_addr_t single;		/* single: granule contiguous pages */
	struct mb_sums s;
};

static u64 clock_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (u64)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void delay_ns(u64 ns)
{
	u64 end = clock_ns() + ns;

	while (ns && clock_ns() < end)
		;
}

/* One loop of the kernel's thread body: map, "DMA", unmap, the sums. */
static int one_loop(struct mb_thread *t, struct sg_table *sgt, dma_addr_t *dma)
{
	size_t size = (size_t)t->o->granule * PAGE_SIZE;
	struct dma_iova_state state = {};
	u64 t0, t1, t2, t3, m, u;
	unsigned long i;
	int n = 0;

	t0 = clock_ns();
	switch (t->mode) {
	case MB_SINGLE:
		dma[0] = dma_map_page_attrs(t->dev, pfn_to_page(PHYS_PFN(t->single)), 0, size,
					    DIR, 0);
		if (dma_mapping_error(t->dev, dma[0]))
			return -ENOMEM;
		break;
	case MB_SG:
		n = dma_map_sg(t->dev, sgt->sgl, sgt->orig_nents, DIR);
		if (!n)
			return -ENOMEM;
		break;
	case MB_IOVA:
		if (!dma_iova_try_alloc(t->dev, &state, 0, size))
			return -EOPNOTSUPP;
		for (i = 0; i < t->o->granule; i++)
			if (dma_iova_link(t->dev, &state, t->w->ranges[i].paddr, i * PAGE_SIZE,
					  PAGE_SIZE, DIR, 0))
				return -ENOMEM;
		if (dma_iova_sync(t->dev, &state, 0, size))
			return -ENOMEM;
		break;
	case MB_PHYS:
		for (i = 0; i < t->o->granule; i++) {
			dma[i] = dma_map_phys(t->dev, t->w->ranges[i].paddr, PAGE_SIZE, DIR, 0);
			if (dma_mapping_error(t->dev, dma[i]))
				return -ENOMEM;
		}
		break;
	default:
		return -EINVAL;
	}
	t1 = clock_ns();
	delay_ns(t->o->dma_trans_ns);
	t2 = clock_ns();
	switch (t->mode) {
	case MB_SINGLE:
		dma_unmap_page_attrs(t->dev, dma[0], size, DIR, 0);
		break;
	case MB_SG:
		dma_unmap_sg(t->dev, sgt->sgl, sgt->orig_nents, DIR);
		break;
	case MB_IOVA:
		dma_iova_destroy(t->dev, &state, size, DIR, 0);
		break;
	case MB_PHYS:
		for (i = 0; i < t->o->granule; i++)
			dma_unmap_phys(t->dev, dma[i], PAGE_SIZE, DIR, 0);
		break;
	default:
		break;
	}
	t3 = clock_ns();
	m = (t1 - t0) / 100;	/* the kernel's div64_ul(delta, 100) */
	u = (t3 - t2) / 100;
	t->s.map_100ns += m;
	t->s.unmap_100ns += u;
	t->s.sq_map += m * m;
	t->s.sq_unmap += u * u;
	t->s.map_ns += t1 - t0;
	t->s.unmap_ns += t3 - t2;
	t->s.sq_map_ns += (double)(t1 - t0) * (t1 - t0);
	t->s.sq_unmap_ns += (double)(t3 - t2) * (t3 - t2);
	t->s.loops++;
	return 0;
}

static void *thread_main(void *arg)
{
	struct mb_thread *t = arg;
	struct sg_table sgt = {};
	struct scatterlist *sg;
	dma_addr_t *dma;
	u64 end;
	unsigned int i;

	dmalab_set_cpu(t->cpu);
	dma = calloc(t->o->granule, sizeof(*dma));
	if (!dma) {
		t->s.err = -ENOMEM;
		return NULL;
	}
	if (t->mode == MB_SG) {
		if (sg_alloc_table(&sgt, t->o->granule, GFP_KERNEL)) {
			t->s.err = -ENOMEM;
			goto out;
		}
		for_each_sg(sgt.sgl, sg, t->o->granule, i)
			sg_set_page(sg, pfn_to_page(PHYS_PFN(t->w->ranges[i].paddr)), PAGE_SIZE, 0);
	}
	end = clock_ns() + (u64)t->o->seconds * 1000000000ull;
	while (clock_ns() < end) {
		t->s.err = one_loop(t, &sgt, dma);
		if (t->s.err)
			break;
		if (t->o->threads == 1)	/* the flush queue's timer: not thread-safe here */
			dmalab_run_deferred_work();
	}
	if (t->mode == MB_SG)
		sg_free_table(&sgt);
out:
	free(dma);
	return NULL;
}

/* int_sqrt64 of the kernel: the largest r with r * r <= x */
static u64 isqrt64(u64 x)
{
	u64 r = 0, b = 1ull << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

static int run_mode(enum mb_mode mode, const struct mb_opts *o)
{
	struct bench_cfg c = { .path = PATH_PHYS, .fq = o->fq, .direct = o->direct };
	struct bench_dev *bd = bench_dev_get(&c);
	const struct workload *w4k = workload_get(WL_4K, (size_t)o->granule * PAGE_SIZE);
	phys_addr_t single = 0;
	struct mb_thread *th;
	struct mb_sums s = {};
	u64 avg_m, avg_u, var_m, var_u;
	unsigned int i, n;
	int err = 0;

	if (mode == MB_IOVA && o->direct) {
		printf("dma mapping benchmark: mode:iova: no IOMMU, dma_iova_try_alloc() says no: "
		       "skipped\n");
		return 0;
	}
	if (mode == MB_SINGLE)
		single = workload_get(WL_1G, (size_t)o->granule * PAGE_SIZE)->ranges[0].paddr;
	th = calloc(o->threads, sizeof(*th));
	if (!th)
		return -ENOMEM;
	for (n = 0; n < o->threads; n++) {
		th[n] = (struct mb_thread){ .cpu = n, .mode = mode, .o = o, .dev = bd->dev,
					    .w = w4k, .single = single };
		if (pthread_create(&th[n].tid, NULL, thread_main, &th[n])) {
			err = -EAGAIN;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i].tid, NULL);
		s.map_100ns += th[i].s.map_100ns;
		s.unmap_100ns += th[i].s.unmap_100ns;
		s.sq_map += th[i].s.sq_map;
		s.sq_unmap += th[i].s.sq_unmap;
		s.map_ns += th[i].s.map_ns;
		s.unmap_ns += th[i].s.unmap_ns;
		s.sq_map_ns += th[i].s.sq_map_ns;
		s.sq_unmap_ns += th[i].s.sq_unmap_ns;
		s.loops += th[i].s.loops;
		if (th[i].s.err && !err)
			err = th[i].s.err;
	}
	free(th);
	if (err || !s.loops) {
		printf("dma mapping benchmark: mode:%s granule:%u: failed: %d\n",
		       mode_names[mode], o->granule, err);
		return err ? err : -EIO;
	}
	/* as the kernel: integer averages and variances in 100 ns units */
	avg_m = s.map_100ns / s.loops;
	avg_u = s.unmap_100ns / s.loops;
	var_m = s.sq_map / s.loops - avg_m * avg_m;
	var_u = s.sq_unmap / s.loops - avg_u * avg_u;
	printf("dma mapping benchmark: mode:%s threads:%u seconds:%u node:-1 dir:BIDIRECTIONAL "
	       "granule:%u dma_trans_ns:%u device:bench0 (%s)\n", mode_names[mode], o->threads,
	       o->seconds, o->granule, o->dma_trans_ns,
	       o->direct ? "no IOMMU" : o->fq ? "x86_64, flush queue" : "x86_64, strict");
	printf("average map latency(us):%.1f standard deviation:%.1f\n", avg_m / 10.0,
	       isqrt64(var_m) / 10.0);
	printf("average unmap latency(us):%.1f standard deviation:%.1f\n", avg_u / 10.0,
	       isqrt64(var_u) / 10.0);
	{
		double mm = s.map_ns / s.loops, mu = s.unmap_ns / s.loops;
		double vm = s.sq_map_ns / s.loops - mm * mm, vu = s.sq_unmap_ns / s.loops - mu * mu;

		printf("  dmalab: loops %llu; in ns, not cut to 100 ns: map %.1f (sd %.1f), unmap "
		       "%.1f (sd %.1f); map_100ns %llu (sd %llu), unmap_100ns %llu (sd %llu)\n",
		       (unsigned long long)s.loops, mm, vm > 0 ? __builtin_sqrt(vm) : 0.0, mu,
		       vu > 0 ? __builtin_sqrt(vu) : 0.0, (unsigned long long)avg_m,
		       (unsigned long long)isqrt64(var_m), (unsigned long long)avg_u,
		       (unsigned long long)isqrt64(var_u));
	}
	fflush(stdout);
	return 0;
}

int map_benchmark_main(const struct mb_opts *o)
{
	int m, err = 0;

	if (!o->granule || o->granule > 1024 || !o->threads || o->threads > bench_opts.nr_cpus ||
	    !o->seconds || o->seconds > 300) {
		fprintf(stderr, "dmalab-bench: --map-benchmark: granule 1-1024, threads 1-%u "
			"(--cpus), seconds 1-300\n", bench_opts.nr_cpus);
		return 2;
	}
	for (m = 0; m < MB_NR; m++)
		if (o->modes & (1u << m))
			err = run_mode(m, o) ?: err;
	return err ? 1 : 0;
}
