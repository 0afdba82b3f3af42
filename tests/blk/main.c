// SPDX-License-Identifier: GPL-2.0-only
/* The blk suite: block/blk-mq-dma.c on the profiles (env.c), then the known bugs. */
#include "tests/blk/blk.h"

static const struct ktest tests[] = {
	KTEST(model_refuses),
	KTEST_PARAM(one_page, blk_profile_params),
	KTEST_PARAM(scattered_pages, blk_profile_params),
	KTEST_PARAM(contiguous_pages, blk_profile_params),
	KTEST_PARAM(unaligned_sectors, blk_profile_params),
	KTEST_PARAM(large_folio, blk_profile_params),
	KTEST_PARAM(merged_bios, blk_profile_params),
	KTEST_PARAM(merged_bios_contiguous, blk_profile_params),
	KTEST_PARAM(segment_limits, blk_profile_params),
	KTEST_PARAM(virt_boundary_prp, blk_profile_params),
	KTEST_PARAM(dword_alignment, blk_profile_params),
	KTEST_PARAM(random_requests, blk_profile_params),
	KTEST_PARAM(integrity_one_buffer, blk_profile_params),
	KTEST_PARAM(integrity_aligned_vecs, blk_profile_params),
	KTEST_PARAM(integrity_split_by_limits, blk_profile_params),
	KTEST_PARAM(integrity_vec_over_segment_size, blk_profile_params),
	KTEST_PARAM(fail_nth_data, blk_profile_params),
	KTEST_PARAM(fail_nth_integrity, blk_profile_params),
	KTEST(p2p_examples),
	KTEST_KNOWN_BUG(integrity_gaps_unlike_data, "blk-integrity-iova-data-gaps"),
	KTEST_KNOWN_BUG(iova_split_off_granule, "blk-iova-max-segment-split"),
	KTEST_KNOWN_BUG(integrity_count_vs_split, "blk-integrity-count-unsplit"),
	KTEST_KNOWN_BUG(p2p_bus_addr_state_uninitialised, "blk-p2p-bus-state-uninit"),
	{ .name = "integrity_sg_count_bug", .fn = test_integrity_sg_count_bug,
	  .known_bug = "blk-integrity-count-unsplit", .flags = KT_FORK },
};

KTEST_MAIN("blk", tests)
