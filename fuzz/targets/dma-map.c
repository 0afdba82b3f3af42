// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "dma-map": programs of sg, dma_map_phys and dma_iova_* ops
 * on a mock device behind a mock IOMMU (or none), every mapping checked
 * against the ground-truth checker after every op (fuzz/dma_exec.c).
 * Findings: a checker invariant broken (oracle/checker.h, V1-V9 and the
 * cache maintenance), a kernel WARN, a leak or unreturned resource at
 * teardown; sanitizer reports abort by themselves.
 */
#include "fuzz/dma_exec.h"

static bool dma_map_setup(struct fuzz_run *r)
{
	return dma_exec_setup(r, false);
}

const struct target target_dma_map = {
	.name = "dma-map",
	.summary = "dma_map_sgtable, dma_map_phys and dma_iova_* on a mock IOMMU, checked",
	.codec = &prog_codec,
	.max_len = 2600,	/* a program: at most 9 + 256 * 10 bytes */
	.timeout = 25,
	.setup = dma_map_setup,
	.op = dma_exec_op,
	.teardown = dma_exec_teardown,
};
