// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the PCI topology format (topology/) and of the P2P DMA
 * reference model (oracle/p2p_model.c), on the examples in
 * corpus/topologies/ and on small topologies written here:
 *
 *   text.c         the text form and topo_load(), every error of the text form
 *   binary.c       the binary form, every error of it, truncations, mutations
 *   query.c        bus numbers, BDFs, bus addresses
 *   model.c        the P2P model on the examples
 *   model_rules.c  the P2P model's rules, one at a time
 *
 * This file holds the helpers they share and the table: which tests run,
 * in which order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/topology/topology_tests.h"

/* ---- helpers ------------------------------------------------------------- */

/*
 * The examples: below $DMALAB_SRC if set, else below the current directory
 * (make test runs the suites from the top of the tree).
 */
const char *corpus_dir(void)
{
	static char dir[512];
	const char *src = getenv("DMALAB_SRC");

	snprintf(dir, sizeof(dir), "%s%scorpus/topologies", src ? src : "", src ? "/" : "");
	return dir;
}

int load_example(const char *file, struct topology *t, char *err, size_t errlen)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), file);
	return topo_load(path, t, err, errlen);
}

/* the canonical text of t, malloc()ed */
char *print_text(const struct topology *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (topo_print_text(t, f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

int node(const struct topology *t, const char *name)
{
	int i = topo_find_node(t, name);

	if (i < 0)
		kt_report(__FILE__, __LINE__, "no node %s", name);
	return i;
}

bool one_line(const char *s)
{
	return s[0] && !strchr(s, '\n');
}

/* ---- the table ----------------------------------------------------------- */

static const struct ktest tests[] = {
	KTEST(every_example_parses),
	KTEST(text_round_trip),
	KTEST(binary_round_trip),
	KTEST(load_binary_file),
	KTEST(load_missing_file),
	KTEST(load_error_names_file_and_line),
	KTEST(text_spellings),
	KTEST(bus_numbers_by_hand),
	KTEST(bus_numbers_slot_order_and_second_host),
	KTEST(cpu_to_bus),
	KTEST(text_errors),
	KTEST(text_limits),
	KTEST(binary_errors),
	KTEST(decode_every_truncation),
	KTEST(decode_random_mutations),
	KTEST(model_gpu_nic_switch),
	KTEST(model_nvme_rootport_gpu),
	KTEST(model_two_sockets),
	KTEST(model_acs_redirect),
	KTEST(model_multifunction),
	KTEST(model_non_whitelisted),
	KTEST(model_amd_zen),
	KTEST(model_cpu_rule),
	KTEST(model_distance_many),
	KTEST(model_known_root_complexes),
	KTEST(model_host_bridge_identity),
	KTEST(model_across_host_bridges),
	KTEST(model_acs_bits),
	KTEST(model_bad_indices),
	KTEST(model_why),
};

KTEST_MAIN("topology", tests)
