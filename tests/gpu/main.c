// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpu suite: drm_pagemap's migration mapping (its two functions) on the
 * profiles (env.c), what it does off migrate_vma's contract, allocation
 * failures, then the known bug.
 */
#include "tests/gpu/gpu.h"

static const struct ktest tests[] = {
	KTEST_PARAM(holes_use_no_iova, gpu_profile_params),
	KTEST_PARAM(pmd_folio_at_array_end, gpu_profile_params),
	KTEST_PARAM(each_entry_translates, gpu_profile_params),
	KTEST_PARAM(only_holes, gpu_profile_params),
	KTEST_PARAM(random_arrays, gpu_profile_params),
	KTEST(tail_page_entry),
	KTEST(pmd_folio_past_array_end),
	KTEST(device_private_page),
	KTEST(link_failure_midway),
	KTEST_PARAM(fail_nth_to_devmem, gpu_profile_params),
	KTEST_PARAM(fail_nth_to_ram, gpu_profile_params),
	KTEST_KNOWN_BUG(direct_pmd_folio_bounced, "drm-pagemap-folio-over-max-mapping"),
};

KTEST_MAIN("gpu", tests)
