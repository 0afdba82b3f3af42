# SPDX-License-Identifier: GPL-2.0-only
# make test (included by the Makefile).

# the DMA suite also runs on 16 KiB and 64 KiB page kernels (IOMMU granules
# above 4 KiB); the other suites are written for 4 KiB pages
TEST_PAGE_SHIFTS ?= 14 16
obj_for_page = $(BUILD)/$(if $(filter 1,$(SAN)),asan,plain)-$(notdir $(CC))-page$(1)-$(TREE_ID)

# KUnit reproducers (dmalab-replay --kunit) of scatterlist programs, built
# against the shim's KUnit with the generic_pt runner and run by
# scripts/check-kunit-emit.sh: the known-bug seeds' tests must fail, a
# clean program's must pass
KUNIT_EMIT_FAIL := known-bug-append-ignores-size known-bug-append-midpage-remerge
KUNIT_EMIT_PASS := append-two-calls append-new-segment
KUNIT_EMIT_RUNS := $(patsubst %,$(OBJ)/kunit-emit/%_run,$(KUNIT_EMIT_FAIL) $(KUNIT_EMIT_PASS))

$(OBJ)/kunit-emit/%.c: corpus/scatterlist/%.txt $(OBJ)/tools/dmalab-replay
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OBJ)/tools/dmalab-replay --kunit $< >$@.tmp && mv $@.tmp $@

$(OBJ)/kunit-emit/%.o: $(OBJ)/kunit-emit/%.c $(HOST_HEADERS) | $(KINC)/.stamp
	$(call compile_kernel,$*.c (kunit reproducer))

$(OBJ)/kunit-emit/%_run: $(OBJ)/kunit-emit/%.o $(OBJ)/tests/generic_pt/generic_pt_test.o \
		$(OBJ)/tests/generic_pt/kunit_layer.o $(KTEST_OBJS) $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

# Standalone C reproducers (make repro-c) of one input per target that has
# findings, and clean ones: scripts/check-repro-c.sh writes, builds and runs
# each and checks that it fails the way the replay does (or passes)
REPRO_C_INPUTS := \
	corpus/dma-map/regressions/crash-11cd9e3d0d9e9867e9abb16b4f98adbd41e4eb97-untrusted-first-link-enxio \
	corpus/dma-map/regressions/crash-4f4c8c6ced836604bdaaf6baac4c1b3d2bf5b922-direct-sg-names-memory-twice \
	corpus/dma-map/fq-domain \
	corpus/diff/regressions/crash-7f6b46a641d9f2723d7bda18076e82596ece106d-sg-boundary-padding \
	corpus/scatterlist/known-bug-append-ignores-size.txt \
	corpus/scatterlist/known-bug-append-midpage-remerge.txt \
	corpus/scatterlist/build-chained.txt \
	corpus/p2p/multifunction \
	corpus/p2p/non-whitelisted \
	corpus/p2p/known-bug-p2p-direct-sg-no-mmio \
	corpus/p2p/gpu-nic-switch \
	corpus/blk/integrity \
	corpus/blk/known-bug-blk-max-segment-split \
	corpus/blk/pages-iova \
	corpus/rdma/known-bug-rdma-rw-mr-entries-not-pages \
	corpus/rdma/known-bug-rdma-rw-joint-off-granule \
	corpus/rdma/crash-9af5902-untrusted-min-align \
	corpus/rdma/pages-iova \
	corpus/gpu-sparse/direct32-pmd-known-bug.txt \
	corpus/gpu-sparse/sparse-iova.txt \
	corpus/tso/gro-forward-warn \
	corpus/tso/frag-list \
	corpus/tso/tcp-sendmsg-iova \
	corpus/dmabuf/vfio-many-ranges \
	corpus/dmabuf/exporter-every-route \
	corpus/dmabuf/vfio-refused-maps
REPRO_C_ENV = REPRO_CC='$(CC) $(CPPFLAGS) $(CFLAGS)' REPRO_LD='$(CC) $(LDFLAGS)' \
	REPRO_LIBS='$(LINK_LIBS)'

.PHONY: test test-repro-c test-matrix
test-matrix:  ## make test on several trees side by side: SERIES="7.2 7.3" and/or KERNEL_SRCS="dir ..." -> results/matrix/<run>/matrix.md
	$(Q)$(PY3) scripts/test_matrix.py --series '$(SERIES)' --srcs '$(KERNEL_SRCS)' \
		--make '$(MAKE) $(if $(filter-out build,$(BUILD)),BUILD=$(BUILD))'

test-repro-c: all  ## the C reproducers' check alone (part of make test)
	$(Q)$(REPRO_C_ENV) scripts/check-repro-c.sh '$(OBJ)' '$(OBJ)/repro-c' $(REPRO_C_INPUTS)

test: all $(KUNIT_EMIT_RUNS)  ## build and run every test suite and replay corpus/ (ASan+UBSan); KTAP, ends "N passed, N failed"
	$(Q)for ps in $(TEST_PAGE_SHIFTS); do \
		$(MAKE) --no-print-directory PAGE_SHIFT=$$ps $(call obj_for_page,$$ps)/tests/dma_iommu_test \
			|| exit 1; \
	done
	$(Q)scripts/run-tests.sh "scripts/check-duplicated.sh '$(KTREE)'" \
		"scripts/check-known-bugs.sh '$(OBJ)'" "scripts/check-bad-inputs.sh '$(OBJ)'" \
		"scripts/check-kunit-emit.sh '$(OBJ)' '$(KUNIT_EMIT_FAIL)' '$(KUNIT_EMIT_PASS)'" \
		"$(REPRO_C_ENV) scripts/check-repro-c.sh '$(OBJ)' '$(OBJ)/repro-c' $(REPRO_C_INPUTS)" \
		$(TEST_BINS) \
		$(foreach ps,$(TEST_PAGE_SHIFTS),"$(call obj_for_page,$(ps))/tests/dma_iommu_test") \
		$(foreach t,$(FUZZ_ALL_TARGETS),$(if $(wildcard corpus/$(t)),\
		"$(OBJ)/tools/dmalab-replay --ktap --target $(t) corpus/$(t)"))
