// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer entry points for one target, chosen at build time
 * (-DDMALAB_FUZZ_TARGET="name"). A finding is printed and turned into an
 * abort, so that libFuzzer saves the input.
 */
#include <stdio.h>
#include <stdlib.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"

/* the fuzz engines' kernel command line: inputs replay on the same kernel */
const char *const dmalab_program_cmdline = DMALAB_FUZZ_CMDLINE;

static const struct target *target;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	target = target_find(DMALAB_FUZZ_TARGET);
	if (!target) {
		fprintf(stderr, "dmalab: fuzz target '%s' is not built in\n", DMALAB_FUZZ_TARGET);
		exit(2);
	}
	dmalab_warn_set_mode(DMALAB_WARN_COUNT);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct finding f;

	if (!target_run_bytes(target, data, size, &f, false)) {
		fprintf(stderr, "\n==dmalab== target %s\n", target->name);
		finding_print(&f, stderr);
		abort();
	}
	return 0;
}
