/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2p suite's shared parts (examples.c: the example topologies;
 * known_bugs.c: the kernel bugs, one topology each; resource.c: BAR
 * bounds; clients.c: client lists, the allocator's choice, the enable
 * attribute; decisions.c: decisions no example shows; main.c: the table).
 */
#ifndef _DMALAB_TESTS_P2P_H
#define _DMALAB_TESTS_P2P_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/pci.h>
#include <linux/pci-p2pdma.h>
#include <dmalab/iommu.h>

#include "tests/ktest.h"
#include "topology/topology.h"
#include "topology/topo_build.h"
#include "oracle/p2p_check.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif

/* the topology under test and its built system (one at a time) */
extern struct topology topo;
extern struct topo_system sys;
extern const struct kt_params p2p_format_params;

bool test_every_example(const void *param, const void *arg);
bool test_every_example_is_tested(void);
bool test_gpu_nic_switch(void);
bool test_nvme_rootport_gpu(void);
bool test_two_sockets(void);
bool test_acs_redirect(void);
bool test_multifunction(void);
bool test_non_whitelisted(void);
bool test_amd_zen(void);
bool test_amd_family_16h(void);
bool test_mixed_root_complexes(void);
bool test_same_function_own_acs(void);
bool test_untrusted_sg_not_supported(void);
bool test_untrusted_sg_unaligned(void);
bool test_untrusted_sg_bus_addr(void);
bool test_direct_sg_beyond_mask(void);
bool test_direct_phys_beyond_mask(void);
bool test_acs_list_overflow(void);
bool test_add_resource_fail_nth(void);
bool test_add_resource_bounds(void);
bool test_virt_to_bus_without_memory(void);
/* clients.c */
bool test_distance_many_odd_clients(void);
bool test_distance_many_verbose_every_client(void);
bool test_find_many_ties_and_unpublished(void);
bool test_find_many_more_ties_than_slots(void);
bool test_enable_store_values(void);
/* decisions.c */
bool test_acs_warning_names_the_path(void);
bool test_map_type_cache_two_segments(void);
bool test_other_vendor_zen_family(void);
/* known_bugs.c: parse a topology's text into topo and build it into sys */
bool p2p_build_text(const char *text);

#endif
