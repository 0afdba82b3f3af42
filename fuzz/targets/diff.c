// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target "diff": the same ranges through two paths must give the
 * device the same bytes. OP_DIFF maps the current ranges through the sg
 * path and through the IOVA path (or dma_map_phys per range where the IOVA
 * path cannot take them under the API contract), checks both with the
 * ground-truth checker and requires the device to read the buffer's bytes
 * through both; for device-writable directions, what the device writes
 * through each must land in the buffer once unmapped. Only range, clear,
 * diff and drain ops run; the rest of a program is ignored.
 */
#include "fuzz/dma_exec.h"

static bool diff_setup(struct fuzz_run *r)
{
	return dma_exec_setup(r, false);
}

static void diff_op(struct fuzz_run *r, const struct prog_op *op)
{
	if (op->code == OP_RANGE || op->code == OP_CLEAR || op->code == OP_DIFF ||
	    op->code == OP_DRAIN)
		dma_exec_op(r, op);
}

const struct target target_diff = {
	.name = "diff",
	.summary = "the same ranges through the sg and IOVA paths: the device sees the same bytes",
	.codec = &prog_codec,
	.max_len = 2600,
	.timeout = 25,
	.setup = diff_setup,
	.op = diff_op,
	.teardown = dma_exec_teardown,
};
