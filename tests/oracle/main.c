// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle suite: self-tests of the ground-truth checker's negatives
 * (oracle_test.h). Each test builds a wrong state and requires the report
 * of the invariant it breaks, and the matching right state, which must be
 * accepted. Tests whose invariant depends on the IOMMU granule run on the
 * x86_64 and amdv1 (4 KiB) and amdv1_mock (2 KiB) page tables, those that
 * hold for directly mapped devices too also on "direct". Cases are named
 * "<target>_<test>".
 */
#include "tests/oracle/oracle_test.h"

static const struct ktest tests[] = {
	KTEST(classifier),
	/* V1 translation */
	KTEST_PARAM(v1_wrong_phys, all_params),
	KTEST_PARAM(v1_remapped_granule, iommu_params),
	KTEST_PARAM(v1_unmapped_behind, iommu_params),
	/* V2 bouncing, and the bounce rule read from the device */
	KTEST_PARAM(v2_copy_changed, all_params),
	KTEST_PARAM(v2_split_bounce, iommu_params),
	KTEST_PARAM(v2_shared_slot, all_params),
	KTEST_PARAM(bounce_rule, all_params),
	KTEST_PARAM(bounce_granule, iommu_params),
	/* V3 granule offsets */
	KTEST_PARAM(v3_wrong_offset, iommu_params),
	KTEST_PARAM(v3_sub_granule_pte, mock_params),
	/* V4 nothing else mapped */
	KTEST_PARAM(v4_extra_granule, iommu_params),
	KTEST_PARAM(reserved_dma_range_gap, iommu_params),
	KTEST_PARAM(v4_reservation, iommu_params),
	/* V5 exclusive IOVA */
	KTEST_PARAM(v5_shared_iova, iommu_params),
	/* V6 addressing limits */
	KTEST_PARAM(v6_dma_limit, all_params),
	KTEST_PARAM(v6_reservation, iommu_params),
	KTEST_PARAM(v9_allocated_iova, iommu_params),
	/* V7 segments */
	KTEST_PARAM(v7_max_seg, all_params),
	KTEST_PARAM(v7_seg_boundary, all_params),
	KTEST_PARAM(v7_cpu_entry_changed, all_params),
	/* V8 untrusted devices reach no other RAM */
	KTEST_PARAM(v8_padding, iommu_params),
	KTEST_PARAM(v8_ram_reached, iommu_params),
	/* check_syncs */
	KTEST_PARAM(syncs_missing, all_params),
	KTEST_PARAM(syncs_extra, all_params),
	KTEST_PARAM(syncs_direction, all_params),
	KTEST_PARAM(syncs_coherent, all_params),
	KTEST_PARAM(v2_from_device_copy, all_params),
	KTEST_PARAM(v2_unallocated_slot, all_params),
	/* the models: a wrong answer is caught */
	KTEST(sg_model_catches_wrong_table),
	KTEST(sg_model_catches_broken_chain),
	KTEST(iova_model_catches_wrong_tree),
	KTEST(p2p_oracle_catches_wrong_decision),
	/* gaps: wrong states the checker accepts (skipped while it does) */
	KTEST_PARAM(gap_writable_to_device, iommu_params),
	/* check_teardown */
	KTEST(teardown_mapping),
	KTEST(teardown_slab),
	KTEST(teardown_swiotlb),
	KTEST(teardown_pages),
};

KTEST_MAIN("oracle", tests)
