// SPDX-License-Identifier: GPL-2.0-only
/* The tso suite: net/core/tso.c's DMA helpers on the profiles (env.c), then the known bugs. */
#include "tests/tso/tso.h"

static const struct ktest tests[] = {
	/* first: dma_iova_link()'s WARN_ON_ONCE fires once a process */
	KTEST_KNOWN_BUG(iova_frag_off_granule_warns, "tso-iova-no-granule-check"),
	KTEST_PARAM(linear_only, tso_profile_params),
	KTEST_PARAM(frags_only, tso_profile_params),
	KTEST_PARAM(linear_frags_aligned, tso_profile_params),
	KTEST_PARAM(segments_cross_regions, tso_profile_params),
	KTEST_PARAM(max_frags, tso_profile_params),
	KTEST_PARAM(single_frag, tso_profile_params),
	KTEST_PARAM(one_byte_chunks, tso_profile_params),
	KTEST_PARAM(iova_sync_range, tso_profile_params),
	KTEST(empty_payload),
	KTEST(tcp_sendmsg_shape),
	KTEST(linear_payload_then_frags),
	KTEST(gro_forward_shape),
	KTEST_PARAM(fail_nth, tso_profile_params),
	KTEST_KNOWN_BUG(frag_list_iova, "tso-frag-list-unmapped"),
	KTEST_KNOWN_BUG(frag_list_fallback, "tso-frag-list-unmapped"),
	KTEST_KNOWN_BUG(frag_list_max_frags, "tso-frag-list-unmapped"),
	/* in a child: ASan ends it at the out-of-bounds read */
	{ .name = "frag_list_oob_read", .fn = test_frag_list_oob_read,
	  .known_bug = "tso-frag-list-unmapped", .flags = KT_FORK },
};

KTEST_MAIN("tso", tests)
