# SPDX-License-Identifier: GPL-2.0-only
# The kernel's own generic_pt KUnit suites (included by the Makefile).
#
# The kernel builds them into each page-table format by compiling the
# format's file a second time with -DGENERIC_PT_KUNIT=1
# (drivers/iommu/generic_pt/fmt/Makefile). So does dmalab, for every format
# file listed in kernel-shim/kernel-files.txt, with the flags and include
# order of the kernel objects; tests/generic_pt_test links them, and its
# runner (tests/generic_pt/) hands every case to ktest. The suites use the
# shim's KUnit (kernel-shim/include/kunit/, runtime/kunit.c).

KUNIT_PT_FILES := $(filter drivers/iommu/generic_pt/fmt/iommu_%.c,$(KFILES))
KUNIT_PT_OBJS := $(patsubst %.c,$(OBJ)/kunit/%.o,$(KUNIT_PT_FILES))

$(OBJ)/kunit/%.o: $(KTREE)/%.c $(HOST_HEADERS) | $(KINC)/.stamp
	$(call compile_kernel,$*.c (kunit),-DGENERIC_PT_KUNIT=1)

# the test's link rule (mk/build.mk) links every object it depends on
$(OBJ)/tests/generic_pt_test: $(KUNIT_PT_OBJS)
