// SPDX-License-Identifier: GPL-2.0-only
/*
 * dmalab-bench: the kernel's DMA-mapping code under Google Benchmark.
 *
 *   dmalab-bench [--full] [--set=headline|rest|all] [--cpus=N] [--benchmark_*...]
 *
 * --full      every path x workload x size up to 4 GiB (make bench FULL=1);
 *             default: the quick set (make bench)
 * --set       which benchmarks to register: the headline figures (run with
 *             repetitions by scripts/bench.py), the rest, or all (default)
 * --cpus      CPUs of the model (default 16; at least the most threads)
 * Every other argument goes to Google Benchmark (--benchmark_filter=...,
 * --benchmark_list_tests, --benchmark_out=..., ...). bench/README.md has
 * the names and counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "bench.h"

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
		   "                    [--benchmark_*...]   (see bench/README.md)\n");
}

int main(int argc, char **argv)
{
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
	return gb_run(argc, argv);
}
