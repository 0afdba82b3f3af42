// SPDX-License-Identifier: GPL-2.0-only
/* The rdma suite: drivers/infiniband/core/rw.c on the profiles (env.c), then the known bugs. */
#include "tests/rdma/rdma.h"

static const struct ktest tests[] = {
	KTEST_PARAM(sg_one_entry, rdma_profile_params),
	KTEST_PARAM(sg_scattered, rdma_profile_params),
	KTEST_PARAM(sg_offset, rdma_profile_params),
	KTEST_PARAM(sg_iwarp_read, rdma_profile_params),
	KTEST(sg_mr_pool_exhausted),
	KTEST(sg_read_sge_limit),
	KTEST_PARAM(bvec_one, rdma_profile_params),
	KTEST_PARAM(bvec_pages, rdma_profile_params),
	KTEST_PARAM(bvec_many_requests, rdma_profile_params),
	KTEST_PARAM(bvec_iwarp_read, rdma_profile_params),
	KTEST(bvec_iova_path_taken),
	KTEST_PARAM(bvec_one_byte, rdma_profile_params),
	KTEST(bvec_iwarp_nr_bvec_short),
	KTEST(bvec_read_sge_limit),
	KTEST(bvec_iova_space_short),
	KTEST(bvec_iova_destroy_sg_api),
	KTEST(mr_sgl_rd),
	KTEST(mr_sgl_rd_pool_short),
	KTEST(mr_iwarp_pool_short),
	KTEST(mr_page_list_cap),
	KTEST(qp_send_queue_size),
	KTEST(p2p_sg),
	KTEST(p2p_bvec_host_bridge),
	KTEST_PARAM(fail_nth_sg, rdma_profile_params),
	KTEST_PARAM(fail_nth_bvec, rdma_profile_params),
	KTEST_KNOWN_BUG(bvec_iova_unaligned_joint, "rdma-rw-iova-no-granule-check"),
	KTEST_KNOWN_BUG(bvec_iova_sub_granule, "rdma-rw-iova-no-granule-check"),
	KTEST_KNOWN_BUG(sg_iwarp_merged_entry, "rdma-rw-mr-entries-not-pages"),
	KTEST_KNOWN_BUG(p2p_bvec_bus_addr, "rdma-rw-bvec-p2p-ignored"),
	KTEST_KNOWN_BUG(p2p_bvec_not_supported, "rdma-rw-bvec-p2p-ignored"),
};

KTEST_MAIN("rdma", tests)
