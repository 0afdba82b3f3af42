// SPDX-License-Identifier: GPL-2.0-only
/* iommu_core_test: the tables of map.c, unmap.c and sg.c as one suite. */
#include <stdlib.h>
#include <string.h>

#include "tests/iommu_core/iommu_core.h"

int main(int argc, char **argv)
{
	size_t n = nr_map_tests + nr_unmap_tests + nr_sg_tests;
	struct ktest *all = calloc(n, sizeof(*all));
	int ret;

	if (!all)
		abort();
	memcpy(all, map_tests, nr_map_tests * sizeof(*all));
	memcpy(all + nr_map_tests, unmap_tests, nr_unmap_tests * sizeof(*all));
	memcpy(all + nr_map_tests + nr_unmap_tests, sg_tests, nr_sg_tests * sizeof(*all));
	ret = ktest_main("iommu-core", all, n, argc, argv);
	free(all);
	return ret;
}
