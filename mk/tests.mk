# SPDX-License-Identifier: GPL-2.0-only
# make test (included by the Makefile).

# the DMA suite also runs on 16 KiB and 64 KiB page kernels (IOMMU granules
# above 4 KiB); the other suites are written for 4 KiB pages
TEST_PAGE_SHIFTS ?= 14 16
obj_for_page = $(BUILD)/$(if $(filter 1,$(SAN)),asan,plain)-$(notdir $(CC))-page$(1)-$(TREE_ID)

.PHONY: test
test: all  ## build and run every test suite and replay corpus/ (ASan+UBSan); KTAP, ends "N passed, N failed"
	$(Q)for ps in $(TEST_PAGE_SHIFTS); do \
		$(MAKE) --no-print-directory PAGE_SHIFT=$$ps $(call obj_for_page,$$ps)/tests/dma_iommu_test \
			|| exit 1; \
	done
	$(Q)scripts/run-tests.sh "scripts/check-duplicated.sh '$(KTREE)'" \
		"scripts/check-known-bugs.sh '$(OBJ)'" "scripts/check-bad-inputs.sh '$(OBJ)'" \
		$(TEST_BINS) \
		$(foreach ps,$(TEST_PAGE_SHIFTS),"$(call obj_for_page,$(ps))/tests/dma_iommu_test") \
		$(foreach t,$(FUZZ_ALL_TARGETS),$(if $(wildcard corpus/$(t)),\
		"$(OBJ)/tools/dmalab-replay --ktap --target $(t) corpus/$(t)"))
