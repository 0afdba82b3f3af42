// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dmabuf suite: dma_buf_phys_vec_to_sgt() as an exporter drives it,
 * the VFIO PCI exporter through its own entry points, and both under
 * allocation failures.
 */
#include "tests/dmabuf/dmabuf.h"

static const struct ktest tests[] = {
	KTEST_PARAM(routes, route_params),
	KTEST(many_ranges_bus_addr),
	KTEST(many_ranges_direct),
	KTEST_KNOWN_BUG(many_ranges_iova, "dmabuf-iova-offset-zero"),
	KTEST(amdv1_mock_granule),
	KTEST(refused_maps_nothing),
	KTEST_PARAM(free_sgt_frees_the_table, leak_params),
	KTEST(feature_validation),
	KTEST(attach_rules),
	KTEST(vfio_map_each_route),
	KTEST(vfio_fd_zero),
	KTEST_KNOWN_BUG(vfio_many_ranges_iova, "dmabuf-iova-offset-zero"),
	KTEST(vfio_revoke),
	KTEST(vfio_cleanup),
	KTEST(vfio_iommufd_map),
	KTEST_PARAM(fail_nth_map, fail_client_params),
	KTEST(fail_nth_feature),
	KTEST(fail_nth_attach),
};

KTEST_MAIN("dmabuf", tests)
