// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "dma-misuse": the dma-map ops with the API contracts off:
 * links off the merge boundary, unlinks and destroys over holes, sg entries
 * past the segment limits, a min_align_mask wider than the granule. The
 * kernel must catch that with a WARN or an error and must not corrupt
 * memory: the findings here are sanitizer reports, BUG()s and crashes only
 * (WARNs are counted in dmalab_misuse_warns, the checker only watches).
 * Untrusted devices are left out: misuse there would double-free bounce
 * slots, which swiotlb never claimed to catch.
 */
#include "fuzz/dma_exec.h"

static bool misuse_setup(struct fuzz_run *r)
{
	return dma_exec_setup(r, true);
}

const struct target target_dma_misuse = {
	.name = "dma-misuse",
	.summary = "dma-map with the API contracts off: caught by WARN or error, no corruption",
	.codec = &prog_codec,
	.max_len = 2600,
	.timeout = 25,
	.flags = TARGET_MISUSE,
	.setup = misuse_setup,
	.op = dma_exec_op,
	.teardown = dma_exec_teardown,
};
