// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab-bench: the kernel's DMA-mapping code under Google Benchmark.
 *
 *   dmalab-bench [--full] [--set=headline|rest|all] [--cpus=N] [--benchmark_*...]
 *   dmalab-bench --map-benchmark[=single,sg,iova,phys|all] [--granule=N]
 *                [--threads=T] [--seconds=S] [--dma-trans-ns=D] [--fq] [--direct]
 *
 * --full      every path x workload x size up to 4 GiB (make bench FULL=1);
 *             default: the quick set (make bench)
 * --set       which benchmarks to register: the headline figures (run with
 *             repetitions by scripts/bench.py), the rest, or all (default)
 * --cpus      CPUs of the model (default 16; at least the most threads)
 * --map-benchmark  the kernel's dma_map_benchmark statistics instead of
 *             Google Benchmark (mapbench.c; default modes single and sg, as
 *             the kernel tool has; granule 1, threads 1, seconds 2)
 * Every other argument goes to Google Benchmark (--benchmark_filter=...,
 * --benchmark_list_tests, --benchmark_out=..., ...). bench/README.md has
 * the names and counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "bench.h"
#include "mapbench.h"

struct bench_opts bench_opts = {
	.sets = SET_ALL,
	.nr_cpus = 16,
};

bool bench_check_warn(gb_state *st, unsigned long *mark)
{
	const struct dmalab_warn_record *r;
	char msg[256];

	if (dmalab_warn_count() == *mark)
		return false;
	*mark = dmalab_warn_count();
	r = dmalab_warn_last();
	snprintf(msg, sizeof(msg), "kernel WARN at %s:%d (%s): %s",
		 r ? r->file : "?", r ? r->line : 0, r ? r->func : "?", r ? r->msg : "");
	fprintf(stderr, "dmalab-bench: %s\n", msg);
	if (!gb_error_occurred(st))
		gb_skip_with_error(st, msg);
	return true;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: dmalab-bench [--full] [--set=headline|rest|all] [--cpus=N]\n"
		   "                    [--benchmark_*...]   (see bench/README.md)\n"
		   "       dmalab-bench --map-benchmark[=single,sg,iova,phys|all] [--granule=N]\n"
		   "                    [--threads=T] [--seconds=S] [--dma-trans-ns=D] [--fq] "
		   "[--direct]\n");
}

/* --map-benchmark=single,sg,...: the mode bits; 0 on an unknown name */
static unsigned int mb_modes(const char *list)
{
	static const char *const names[MB_NR] = { "single", "sg", "iova", "phys" };
	unsigned int bits = 0, m;
	char buf[64], *tok, *save = NULL;

	if (!*list)
		return 1u << MB_SINGLE | 1u << MB_SG;
	if (!strcmp(list, "all"))
		return (1u << MB_NR) - 1;
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (m = 0; m < MB_NR; m++)
			if (!strcmp(tok, names[m]))
				break;
		if (m == MB_NR)
			return 0;
		bits |= 1u << m;
	}
	return bits;
}

int main(int argc, char **argv)
{
	struct mb_opts mb = { .granule = 1, .threads = 1, .seconds = 2 };
	bool map_benchmark = false;
	char cpus[16];
	int i, n = 1, err;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--full")) {
			bench_opts.full = true;
		} else if (!strncmp(a, "--set=", 6)) {
			if (!strcmp(a + 6, "headline"))
				bench_opts.sets = SET_HEADLINE;
			else if (!strcmp(a + 6, "rest"))
				bench_opts.sets = SET_REST;
			else if (!strcmp(a + 6, "all"))
				bench_opts.sets = SET_ALL;
			else {
				usage(stderr);
				return 2;
			}
		} else if (!strncmp(a, "--cpus=", 7)) {
			bench_opts.nr_cpus = strtoul(a + 7, NULL, 0);
		} else if (!strncmp(a, "--map-benchmark", 15) && (!a[15] || a[15] == '=')) {
			map_benchmark = true;
			mb.modes = mb_modes(a[15] ? a + 16 : "");
			if (!mb.modes) {
				usage(stderr);
				return 2;
			}
		} else if (!strncmp(a, "--granule=", 10)) {
			mb.granule = strtoul(a + 10, NULL, 0);
		} else if (!strncmp(a, "--threads=", 10)) {
			mb.threads = strtoul(a + 10, NULL, 0);
		} else if (!strncmp(a, "--seconds=", 10)) {
			mb.seconds = strtoul(a + 10, NULL, 0);
		} else if (!strncmp(a, "--dma-trans-ns=", 15)) {
			mb.dma_trans_ns = strtoul(a + 15, NULL, 0);
		} else if (!strcmp(a, "--fq")) {
			mb.fq = true;
		} else if (!strcmp(a, "--direct")) {
			mb.direct = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			argv[n++] = argv[i];	/* and GB's own help */
		} else {
			argv[n++] = argv[i];
		}
	}
	argc = n;
	argv[argc] = NULL;

	/* before any per-cpu memory exists (domains, rcaches, flush queues) */
	err = dmalab_set_nr_cpus(bench_opts.nr_cpus);
	if (err) {
		fprintf(stderr, "dmalab-bench: cannot model %u CPUs: %d\n", bench_opts.nr_cpus, err);
		return 2;
	}
	dmalab_set_cpu(0);
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	dmalab_log_set_echo(false);
	if (map_benchmark)
		return map_benchmark_main(&mb);

#ifdef __SANITIZE_ADDRESS__
	fprintf(stderr, "dmalab-bench: WARNING: sanitizer build; build with SAN=0 for figures\n");
	gb_add_context("sanitizers", "asan,ubsan");
#endif
	snprintf(cpus, sizeof(cpus), "%u", bench_opts.nr_cpus);
	gb_add_context("model_cpus", cpus);
	gb_add_context("pt_format", "x86_64");
	gb_add_context("device", "pci, coherent, trusted, 64-bit, max_seg UINT_MAX");
	gb_add_context("bench_mode", bench_opts.full ? "full" : "quick");
	gb_add_context("compiler", __VERSION__);

	bench_register_shim();
	bench_register_map();
	bench_register_iova();
	bench_register_callers();
	return gb_run(argc, argv);
}
