// SPDX-License-Identifier: GPL-2.0-only
/*
 * The p2p fuzz target: the input is a topology in its binary form
 * (harness/topology.h), which engines mutate directly. A valid one is built
 * into a mock PCI tree and every P2P decision and mapping is checked
 * against the reference model (p2p_check_topology()); invalid inputs are
 * uninteresting and return at once. Findings: a decision or mapping the
 * model disagrees with, a topology the kernel refuses to set up, a kernel
 * WARN, and kernel memory left behind after the teardown; sanitizer reports
 * abort by themselves (the ACS list overflow of calc_map_type_and_dist() is
 * one: tests/p2p_test.c acs_list_overflow).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <dmalab/runtime.h>

#include "fuzz/target.h"
#include "topology/topo_build.h"
#include "oracle/p2p_check.h"

/* map checks a run; decisions are always checked for every pair */
#define P2P_FUZZ_MAX_MAPS	96

static bool run_p2p(const uint8_t *data, size_t size, struct finding *f, bool verbose)
{
	static struct topology t;
	static struct topo_system s;
	struct dmalab_slab_stats before, after;
	char err[256], msg[640];
	bool ok = true;
	int ret;

	if (topo_decode(data, size, &t, err, sizeof(err))) {
		if (verbose)
			printf("  (not a valid topology: %s: nothing to run)\n", err);
		return true;
	}
	if (verbose) {
		printf("--- topology\n");
		topo_print_text(&t, stdout);
		printf("--- building it and checking every P2P pair\n");
		fflush(stdout);
	}
	dmalab_warn_reset();
	dmalab_slab_stats(&before);
	ret = topo_build(&t, &s, err, sizeof(err));
	if (ret == -EIO) {
		if (verbose)
			printf("  (%s: nothing to run)\n", err);
		return true;
	}
	if (ret) {
		finding_set(f, -1, "build", "topo_build", "a valid topology cannot be set up: %s",
			    err);
		return false;
	}
	if (!p2p_check_topology(&s, P2P_FUZZ_MAX_MAPS, msg, sizeof(msg))) {
		finding_set(f, 0, "checker", "p2p_check_topology", "%s", msg);
		ok = false;
	}
	if (ok && finding_from_warn(f, 0))
		ok = false;
	topo_teardown(&s);
	dmalab_slab_stats(&after);
	if (ok && finding_from_warn(f, -1))
		ok = false;
	if (ok && after.live_objects != before.live_objects) {
		finding_set(f, -1, "leak", "topo_teardown",
			    "%lld slab objects more after the teardown than before the build",
			    (long long)(after.live_objects - before.live_objects));
		ok = false;
	}
	if (verbose && ok)
		printf("  clean\n");
	return ok;
}

const struct target target_p2p = {
	.name = "p2p",
	.summary = "binary PCI topologies: p2pdma decisions and P2P mappings against the model",
	.run_bytes = run_p2p,
};
