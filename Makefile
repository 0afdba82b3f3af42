# SPDX-License-Identifier: GPL-2.0-only
#
# dmalab: the kernel's DMA-mapping code, compiled unmodified into userspace
# test, fuzz and benchmark programs. `make help` lists the targets and knobs.

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD		?= build
KERNEL_SERIES	?= 7.3
KERNEL_PKG_VERSION ?=
KERNEL_SRC	?=
SAN		?= 1
PAGE_SHIFT	?= 12
V		?= 0
FUZZ		?=
ifeq ($(origin CC),default)
CC := gcc
endif

Q := $(if $(filter 1,$(V)),,@)
# a list without its repeats, in order (mk/fuzz.mk is read twice)
uniq = $(if $(1),$(firstword $(1)) $(call uniq,$(filter-out $(firstword $(1)),$(1))))
msg = $(if $(filter 1,$(V)),,@printf '  %-8s %s\n' '$(1)' '$(2)';)

# ---- arguments, packages, the kernel tree -----------------------------------
# In this order, all while the Makefile is read: a bad argument stops before
# any package is installed or the tree fetched; then the packages the goals
# need; then the tree.

# the fuzz knobs and their checks (mk/fuzz.mk, first part)
FUZZ_MK_PART := checks
include mk/fuzz.mk

# Goals that never need a kernel tree.
NO_TREE_GOALS := help clean distclean deps compare bench-report bench-spread ab bench-scrub test-matrix
ifneq ($(filter-out $(NO_TREE_GOALS),$(or $(MAKECMDGOALS),all)),)
NEED_TREE := 1
endif

ifdef NEED_TREE
# the fuzz goals (and the engine flavours' sub-makes) need clang, libFuzzer, llvm
ifneq ($(FUZZ)$(filter $(FUZZ_GOALS),$(MAKECMDGOALS)),)
_deps := $(shell scripts/deps.sh fuzz >&2 || echo fail)
ifneq ($(_deps),)
$(error missing packages for fuzzing (see above); run `make deps` as root)
endif
endif
ifeq ($(KERNEL_SRC),)
_deps := $(shell scripts/deps.sh test >&2 || echo fail)
ifneq ($(_deps),)
$(error missing packages for the build (see above); run `make deps` as root)
endif
KTREE := $(shell scripts/fetch-kernel.sh $(BUILD) $(KERNEL_SERIES) $(KERNEL_PKG_VERSION))
ifeq ($(KTREE),)
$(error fetching the kernel source failed (see above); or pass KERNEL_SRC=/path/to/linux)
endif
else
KTREE := $(patsubst %/,%,$(abspath $(KERNEL_SRC)))
endif
_tree_err := $(shell scripts/check-tree.sh '$(KTREE)' kernel-shim/kernel-files.txt kernel-shim/kernel-headers.txt)
ifneq ($(_tree_err),)
$(error $(_tree_err))
endif
TREE_ID := $(shell printf '%s' '$(KTREE)' | sha256sum | cut -c1-8)
endif

include mk/flags.mk
include mk/build.mk
FUZZ_MK_PART := rules
include mk/fuzz.mk
include mk/tests.mk
include mk/bench.mk
include mk/kunit.mk
include mk/mutate.mk

# ---- user-facing targets ----------------------------------------------------

.PHONY: all info deps clean distclean help print-obj

print-obj:
	@echo $(OBJ)

all: $(TEST_BINS) $(TOOL_BINS) $(MANIFEST)  ## build the tests, tools and the manifest

info: $(MANIFEST)  ## print the kernel package/tree, file hashes and toolchain
	$(Q)cat $(MANIFEST)
	@echo "build:    $(OBJ)"
	@echo "compiler: $$($(CC) --version | head -n 1)"
	@echo "flags:    $(CFLAGS)"

deps:  ## install every Debian package dmalab uses (as root), or print the apt command
	$(Q)scripts/deps.sh all

clean:  ## remove build outputs (keeps the fetched kernel tree)
	$(Q)find $(BUILD) -mindepth 1 -maxdepth 1 ! -name kernel ! -name apt -exec rm -rf {} + 2>/dev/null || true

distclean:  ## remove everything under $(BUILD), the fetched kernel too
	$(Q)rm -rf $(BUILD)

help:  ## this text
	@echo "dmalab: the kernel's DMA-mapping code in userspace"
	@echo
	@echo "targets:"
	@grep -hE '^[a-z-]+:.*## ' $(call uniq,$(MAKEFILE_LIST)) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 14
	@echo
	@echo "variables:"
	@echo "  KERNEL_SRC=DIR          use this kernel tree instead of Debian's linux-source"
	@echo "  KERNEL_SERIES=7.3       linux-source series to fetch (default 7.3)"
	@echo "  KERNEL_PKG_VERSION=V    pin an exact Debian package version"
	@echo "  SAN=0                   build without ASan/UBSan (default SAN=1)"
	@echo "  CC=clang-14             compiler (default gcc)"
	@echo "  BUILD=DIR               build directory (default build)"
	@echo "  V=1                     show the commands"
	@echo "  PAGE_SHIFT=14|16        a kernel with 16 KiB or 64 KiB pages (IOMMU granules above 4 KiB)"
	@echo "  SERIES=\"7.2 7.3\"        test-matrix: linux-source series to test side by side"
	@echo "  KERNEL_SRCS=\"dir ...\"   test-matrix: local trees to test side by side"
	@echo
	@echo "fuzzing (docs/fuzzing.md):"
	@echo "  TARGET=t SECONDS=60 ENGINE=libfuzzer|afl KEEP_GOING=1   make fuzz, repro, minimize"
	@echo "  FUZZ_TARGETS=\"a b\"      fuzz-ci and fuzz-bench on these targets only (default: all)"
	@echo "  FUZZ_SECONDS=60         fuzz-ci: seconds per target"
	@echo "  FUZZ_JOBS=J             fuzz-ci: targets at a time (default: one per CPU)"
	@echo "  FUZZ_CORPUS_IN=DIR      fuzz-ci: seed each target from DIR/<target>/ too (an earlier"
	@echo "                          run's results/fuzz/<run>/corpus, or results/fuzz/latest/corpus)"
	@echo "  FUZZ_COVERAGE=0         fuzz-ci: skip the coverage step (default 1)"
	@echo "  FUZZ_COVERAGE_TIMEOUT=S fuzz-ci, coverage: seconds one target's replay may take (default 300)"
	@echo "  FUZZ_BENCH_REPS=9       fuzz-bench: repetitions per figure"
	@echo "  TARGETS=\"a b\" CORPUS=DIR  make coverage: these targets, this corpus"
	@echo
	@echo "fuzz targets (fuzz/targets.def; details: dmalab-replay --list-targets):"
	@echo "  $(FUZZ_ALL_TARGETS)"
	@echo
	@echo "the suites: tests/README.md; the fuzz targets: fuzz/README.md"

