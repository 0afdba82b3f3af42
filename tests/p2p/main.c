// SPDX-License-Identifier: GPL-2.0-only
/* The p2p suite: the example topologies, then the known kernel bugs. */
#include "tests/p2p/p2p.h"

static const struct ktest tests[] = {
	KTEST(gpu_nic_switch),
	KTEST(nvme_rootport_gpu),
	KTEST(two_sockets),
	KTEST(acs_redirect),
	KTEST(multifunction),
	KTEST(non_whitelisted),
	KTEST(amd_zen),
	KTEST(amd_family_16h),
	KTEST(mixed_root_complexes),
	KTEST(every_example_is_tested),
	KTEST_PARAM(every_example, p2p_format_params),
	KTEST_KNOWN_BUG(same_function_own_acs, "p2p-own-acs"),
	KTEST_KNOWN_BUG(untrusted_sg_not_supported, "p2p-untrusted-sg-map-type"),
	KTEST_KNOWN_BUG(untrusted_sg_unaligned, "p2p-untrusted-sg-map-type"),
	KTEST_KNOWN_BUG(untrusted_sg_bus_addr, "p2p-untrusted-sg-map-type"),
	KTEST_KNOWN_BUG(direct_sg_beyond_mask, "p2p-direct-sg-no-mmio"),
	KTEST(direct_phys_beyond_mask),
#ifdef HAVE_ASAN
	KTEST_KNOWN_BUG(acs_list_overflow, "p2p-acs-list-overflow"),
	KTEST_KNOWN_BUG(add_resource_fail_nth, "p2p-add-resource-uaf"),
#endif
	KTEST(add_resource_bounds),
	KTEST(virt_to_bus_without_memory),
	KTEST(distance_many_odd_clients),
	KTEST(distance_many_verbose_every_client),
	KTEST(find_many_ties_and_unpublished),
	KTEST(find_many_more_ties_than_slots),
	KTEST(enable_store_values),
	KTEST(acs_warning_names_the_path),
	KTEST(map_type_cache_two_segments),
	KTEST(other_vendor_zen_family),
};

KTEST_MAIN("p2p", tests)
