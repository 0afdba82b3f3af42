/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the topology suite share: the examples, the helpers
 * that load, parse and print topologies, and the tests of each file, for
 * the table in main.c.
 */
#ifndef DMALAB_TESTS_TOPOLOGY_TESTS_H
#define DMALAB_TESTS_TOPOLOGY_TESTS_H

#include <string.h>

#include "tests/ktest.h"
#include "oracle/p2p_model.h"
#include "topology/topology.h"

#define NOT	P2P_MAP_NOT_SUPPORTED
#define BUS	P2P_MAP_BUS_ADDR
#define THRU	P2P_MAP_THRU_HOST_BRIDGE

static const char *const examples[] = {
	"gpu-nic-switch.topo", "nvme-rootport-gpu.topo", "two-sockets.topo",
	"acs-redirect.topo", "multifunction.topo", "non-whitelisted.topo", "amd-zen.topo",
};
#define NR_EXAMPLES	(int)(sizeof(examples) / sizeof(examples[0]))

/* main.c: the helpers every file uses */
const char *corpus_dir(void);
int load_example(const char *file, struct topology *t, char *err, size_t errlen);
char *print_text(const struct topology *t);	/* the canonical text of t, malloc()ed */
int node(const struct topology *t, const char *name);	/* reports a missing node */
bool one_line(const char *s);

#define LOAD(file, t)							\
	do {								\
		char __err[256];					\
		if (load_example(file, t, __err, sizeof(__err)))	\
			KT_FAIL("%s", __err);				\
	} while (0)

#define PARSE(text, t)							\
	do {								\
		char __err[256];					\
		if (topo_parse_text(text, strlen(text), t, __err, sizeof(__err))) \
			KT_FAIL("%s", __err);				\
	} while (0)

/* text.c */
bool test_every_example_parses(void);
bool test_text_round_trip(void);
bool test_load_missing_file(void);
bool test_load_error_names_file_and_line(void);
bool test_text_spellings(void);
bool test_text_errors(void);
bool test_text_limits(void);

/* binary.c */
bool test_binary_round_trip(void);
bool test_load_binary_file(void);
bool test_binary_errors(void);
bool test_decode_every_truncation(void);
bool test_decode_random_mutations(void);

/* query.c */
bool test_bus_numbers_by_hand(void);
bool test_bus_numbers_slot_order_and_second_host(void);
bool test_cpu_to_bus(void);

/* model.c */
bool model_sane(const struct topology *t);
bool test_model_gpu_nic_switch(void);
bool test_model_nvme_rootport_gpu(void);
bool test_model_two_sockets(void);
bool test_model_acs_redirect(void);
bool test_model_multifunction(void);
bool test_model_non_whitelisted(void);
bool test_model_amd_zen(void);
bool test_model_cpu_rule(void);
bool test_model_distance_many(void);

/* model_rules.c */
bool test_model_known_root_complexes(void);
bool test_model_host_bridge_identity(void);
bool test_model_across_host_bridges(void);
bool test_model_acs_bits(void);
bool test_model_bad_indices(void);
bool test_model_why(void);

#endif
