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
ifeq ($(origin CC),default)
CC := gcc
endif

# Fuzzing engine builds: FUZZ=libfuzzer | afl | afl-cmplog | coverage
# (the fuzz scripts set it; each has its own build directory)
FUZZ		?=
FUZZ_TARGETS	:= scatterlist iova dma-map diff dma-misuse p2p
ifeq ($(FUZZ),libfuzzer)
override CC := clang-14
FUZZ_CFLAGS := -fsanitize=fuzzer-no-link
FUZZ_LDFLAGS := -fsanitize=fuzzer
FUZZ_MAIN := fuzz/libfuzzer_main.c
else ifneq ($(filter afl afl-cmplog,$(FUZZ)),)
override CC := afl-clang-fast
FUZZ_MAIN := fuzz/afl_main.c
ifeq ($(FUZZ),afl-cmplog)
export AFL_LLVM_CMPLOG := 1
endif
export AFL_QUIET := 1
else ifeq ($(FUZZ),coverage)
override CC := clang-14
override SAN := 0
FUZZ_CFLAGS := -fprofile-instr-generate -fcoverage-mapping
FUZZ_LDFLAGS := -fprofile-instr-generate
FUZZ_MAIN := fuzz/afl_main.c
else ifneq ($(FUZZ),)
$(error FUZZ=$(FUZZ): expected libfuzzer, afl, afl-cmplog or coverage)
endif

Q := $(if $(filter 1,$(V)),,@)
msg = $(if $(filter 1,$(V)),,@printf '  %-8s %s\n' '$(1)' '$(2)';)

# ---- the kernel tree --------------------------------------------------------

# Goals that never need a kernel tree.
NO_TREE_GOALS := help clean distclean deps compare bench-report bench-spread
ifneq ($(filter-out $(NO_TREE_GOALS),$(or $(MAKECMDGOALS),all)),)
NEED_TREE := 1
endif

ifdef NEED_TREE
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

FLAVOUR := $(if $(FUZZ),fuzz-$(FUZZ),$(if $(filter 1,$(SAN)),asan,plain)-$(notdir $(CC)))$(if $(filter-out 12,$(PAGE_SHIFT)),-page$(PAGE_SHIFT))
OBJ := $(BUILD)/$(FLAVOUR)-$(TREE_ID)

KFILES := $(shell awk '!/^\#/ && NF {print $$1}' kernel-shim/kernel-files.txt)
KHEADERS := $(shell awk '!/^\#/ && NF {print $$1}' kernel-shim/kernel-headers.txt)

# ---- flags ------------------------------------------------------------------

# Include order (kernel-shim/README.md): our shim, then the tree's headers on
# the whitelist, then the tree's tools/include. Never the tree's include/.
KINC := $(OBJ)/kinc
CPPFLAGS := -include kernel-shim/include/dmalab/kconfig.h \
	-Ikernel-shim/include -I$(KINC) \
	-I$(KTREE)/tools/include -I$(KTREE)/tools/arch/x86/include
# The kernel's code generation assumptions (kernel Makefile).
CC_IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo 1)
KERNEL_CFLAGS := -fno-strict-aliasing -fno-strict-overflow -Wno-pointer-sign \
	$(if $(CC_IS_CLANG),,-Wno-maybe-uninitialized) \
	-fno-delete-null-pointer-checks -fno-common
# sanitizer builds (tests, fuzzing) at -O1, plain builds (benchmarks) at -O2
OPT := $(if $(filter 1,$(SAN)),-O1,-O2)
CFLAGS := -std=gnu11 -g $(OPT) -fno-omit-frame-pointer -Wall -Wno-unused-function \
	$(KERNEL_CFLAGS) -MMD -MP
ifeq ($(SAN),1)
# As the kernel's UBSAN defaults: signed wrap-around is defined
# (-fno-strict-overflow) and unaligned access is fine on x86.
SANFLAGS := -fsanitize=address,undefined -fno-sanitize=signed-integer-overflow,alignment \
	-fno-sanitize-recover=undefined
endif
CFLAGS += $(SANFLAGS) $(FUZZ_CFLAGS) -DCONFIG_PAGE_SHIFT=$(PAGE_SHIFT) $(EXTRA_CFLAGS)
LDFLAGS += $(SANFLAGS) -pthread

# ---- objects ----------------------------------------------------------------

KOBJS := $(patsubst %.c,$(OBJ)/kernel/%.o,$(KFILES))
SHIM_SRCS := $(wildcard kernel-shim/runtime/*.c)
SHIM_OBJS := $(patsubst kernel-shim/runtime/%.c,$(OBJ)/shim/%.o,$(SHIM_SRCS))
HARNESS_SRCS := $(wildcard harness/*.c)
HARNESS_OBJS := $(patsubst harness/%.c,$(OBJ)/harness/%.o,$(HARNESS_SRCS))
TOOLS := $(patsubst tools/%.c,%,$(wildcard tools/*.c))
TOOL_BINS := $(patsubst %,$(OBJ)/tools/%,$(TOOLS))
TEST_SUITES := $(patsubst tests/%_test.c,%,$(wildcard tests/*_test.c))
TEST_BINS := $(patsubst %,$(OBJ)/tests/%_test,$(TEST_SUITES))
LIBHARNESS := $(OBJ)/libharness.a
LIBKERNEL := $(OBJ)/libkernel.a
LIBSHIM := $(OBJ)/libshim.a
MANIFEST := $(OBJ)/manifest.txt

$(KINC)/.stamp: kernel-shim/kernel-headers.txt
	$(call msg,LINK,whitelisted kernel headers)
	$(Q)rm -rf $(KINC) && mkdir -p $(KINC)
	$(Q)for h in $(KHEADERS); do \
		case $$h in drivers/*|kernel/*) src=$$h ;; *) src=include/$$h ;; esac; \
		mkdir -p $(KINC)/$$(dirname $$h) && ln -s '$(KTREE)/'$$src $(KINC)/$$h; \
	done
	$(Q)touch $@

$(OBJ)/kernel/%.o: $(KTREE)/%.c | $(KINC)/.stamp
	$(call msg,CC,$*.c (kernel))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(OBJ)/shim/%.o: kernel-shim/runtime/%.c | $(KINC)/.stamp
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Wextra -Wno-unused-parameter -Wno-sign-compare \
		-Wno-missing-field-initializers -c $< -o $@

$(OBJ)/tests/%.o: tests/%.c | $(KINC)/.stamp
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Itests -Iharness -c $< -o $@

$(OBJ)/harness/%.o: harness/%.c | $(KINC)/.stamp
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Iharness -c $< -o $@

$(OBJ)/tools/%.o: tools/%.c | $(KINC)/.stamp
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Iharness -c $< -o $@

$(LIBKERNEL): $(KOBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBSHIM): $(SHIM_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBHARNESS): $(HARNESS_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $(HARNESS_OBJS)

# the kernel objects and the shim call each other: link them as a group
# (all of the harness: fuzz targets are only referenced weakly, by the registry)
LINK_LIBS = -Wl,--whole-archive $(LIBHARNESS) -Wl,--no-whole-archive \
	-Wl,--start-group $(LIBKERNEL) $(LIBSHIM) -Wl,--end-group
LINK_DEPS = $(LIBHARNESS) $(LIBKERNEL) $(LIBSHIM)

$(OBJ)/tests/%_test: $(OBJ)/tests/%_test.o $(OBJ)/tests/ktest.o $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

$(OBJ)/tools/%: $(OBJ)/tools/%.o $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

# one engine binary per fuzz target
FUZZ_BINS := $(FUZZ_TARGETS:%=$(OBJ)/fuzz/%)

$(OBJ)/fuzz/%.o: $(FUZZ_MAIN) | $(KINC)/.stamp
	$(call msg,CC,$< ($*))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Iharness -DDMALAB_FUZZ_TARGET='"$*"' -c $< -o $@

$(OBJ)/fuzz/%: $(OBJ)/fuzz/%.o $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(FUZZ_LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

$(MANIFEST): kernel-shim/kernel-files.txt kernel-shim/kernel-headers.txt $(addprefix $(KTREE)/,$(KFILES))
	$(Q)mkdir -p $(@D)
	$(Q)scripts/manifest.sh '$(KTREE)' kernel-shim/kernel-files.txt kernel-shim/kernel-headers.txt >$@.tmp && mv $@.tmp $@

# objects made by chains of pattern rules are kept, not deleted as intermediates
.SECONDARY: $(KOBJS) $(SHIM_OBJS) $(HARNESS_OBJS) $(OBJ)/tests/ktest.o \
	$(TEST_SUITES:%=$(OBJ)/tests/%_test.o) $(TOOLS:%=$(OBJ)/tools/%.o) \
	$(FUZZ_TARGETS:%=$(OBJ)/fuzz/%.o)

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# ---- user-facing targets ----------------------------------------------------

.PHONY: all test info deps clean distclean help fuzz-bins print-obj

fuzz-bins: $(FUZZ_BINS)
print-obj:
	@echo $(OBJ)

all: $(TEST_BINS) $(TOOL_BINS) $(MANIFEST)  ## build the tests, tools and the manifest

# the DMA suite also runs on 16 KiB and 64 KiB page kernels (IOMMU granules
# above 4 KiB); the other suites are written for 4 KiB pages
TEST_PAGE_SHIFTS ?= 14 16
obj_for_page = $(BUILD)/$(if $(filter 1,$(SAN)),asan,plain)-$(notdir $(CC))-page$(1)-$(TREE_ID)

test: all  ## build and run every test suite and replay corpus/ (ASan+UBSan); ends "N passed, N failed"
	$(Q)for ps in $(TEST_PAGE_SHIFTS); do \
		$(MAKE) --no-print-directory PAGE_SHIFT=$$ps $(call obj_for_page,$$ps)/tests/dma_iommu_test \
			|| exit 1; \
	done
	$(Q)scripts/run-tests.sh "scripts/check-duplicated.sh '$(KTREE)'" $(TEST_BINS) \
		$(foreach ps,$(TEST_PAGE_SHIFTS),"$(call obj_for_page,$(ps))/tests/dma_iommu_test") \
		$(foreach t,$(FUZZ_TARGETS),$(if $(wildcard corpus/$(t)),\
		"$(OBJ)/tools/dmalab-replay -q --target $(t) corpus/$(t)"))

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
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 14
	@echo
	@echo "variables:"
	@echo "  KERNEL_SRC=DIR          use this kernel tree instead of Debian's linux-source"
	@echo "  KERNEL_SERIES=7.3       linux-source series to fetch (default 7.3)"
	@echo "  KERNEL_PKG_VERSION=V    pin an exact Debian package version"
	@echo "  SAN=0                   build without ASan/UBSan (default SAN=1)"
	@echo "  CC=clang-14             compiler (default gcc)"
	@echo "  BUILD=DIR               build directory (default build)"
	@echo "  V=1                     show the commands"

# ---- fuzzing targets (scripts/fuzz*.py) ----
# The fuzzing front door; docs/fuzzing.md explains each command. The scripts
# call make again for the engine flavours (FUZZ=libfuzzer|afl|afl-cmplog|
# coverage), so command-line variables such as KERNEL_SRC reach those builds.
PY3		:= $(firstword $(wildcard /usr/bin/python3) python3)
TARGET		?=
SECONDS		?= 60
ENGINE		?= libfuzzer
KEEP_GOING	?= 0
FUZZ_SECONDS	?= 60
FUZZ_JOBS	?=
TARGETS		?=
CORPUS		?=
FILE		?=
# every target the tree knows, even when FUZZ_TARGETS is narrowed on the command line
FUZZ_ALL_TARGETS := $(shell sed -n 's/^FUZZ_TARGETS[[:space:]]*:=[[:space:]]*//p' $(firstword $(MAKEFILE_LIST)))
FUZZ_ENV	:= DMALAB_ALL_TARGETS='$(FUZZ_ALL_TARGETS)'

# Bad arguments stop here, in one line, before anything is built.
fz_bad_targets = $(filter-out $(FUZZ_ALL_TARGETS),$(1))
fz_not_number = $(shell [[ '$(1)' =~ ^[0-9]+$$ && '$(1)' -gt 0 ]] || echo bad)
ifneq ($(filter fuzz repro minimize,$(MAKECMDGOALS)),)
ifneq ($(call fz_bad_targets,$(TARGET))$(filter-out 0 1,$(words $(TARGET))),)
$(error TARGET=$(TARGET): unknown target; targets: $(FUZZ_ALL_TARGETS))
endif
endif
ifneq ($(filter fuzz,$(MAKECMDGOALS)),)
ifeq ($(strip $(TARGET)),)
$(error make fuzz needs TARGET=<target>; targets: $(FUZZ_ALL_TARGETS))
endif
ifeq ($(filter libfuzzer afl,$(ENGINE)),)
$(error ENGINE=$(ENGINE): expected libfuzzer or afl)
endif
ifneq ($(call fz_not_number,$(SECONDS)),)
$(error SECONDS=$(SECONDS): expected a number of seconds > 0)
endif
endif
ifneq ($(filter fuzz-ci,$(MAKECMDGOALS)),)
ifneq ($(call fz_not_number,$(FUZZ_SECONDS)),)
$(error FUZZ_SECONDS=$(FUZZ_SECONDS): expected a number of seconds > 0)
endif
ifneq ($(call fz_bad_targets,$(FUZZ_TARGETS)),)
$(error FUZZ_TARGETS: unknown target(s) $(call fz_bad_targets,$(FUZZ_TARGETS)); targets: $(FUZZ_ALL_TARGETS))
endif
endif
ifneq ($(filter coverage,$(MAKECMDGOALS)),)
ifneq ($(call fz_bad_targets,$(TARGETS)),)
$(error TARGETS: unknown target(s) $(call fz_bad_targets,$(TARGETS)); targets: $(FUZZ_ALL_TARGETS))
endif
ifneq ($(CORPUS),)
ifeq ($(wildcard $(CORPUS)),)
$(error CORPUS=$(CORPUS): no such file or directory)
endif
endif
endif
ifneq ($(filter repro minimize,$(MAKECMDGOALS)),)
ifeq ($(strip $(FILE)),)
$(error make $(filter repro minimize,$(MAKECMDGOALS)) needs FILE=<input file>)
endif
ifeq ($(wildcard $(FILE)),)
$(error FILE=$(FILE): no such file)
endif
endif

# The dependency files of the engine mains are not programs: without this
# rule `$(OBJ)/fuzz/%` would "remake" each included fuzz/<t>.d by linking it.
$(OBJ)/fuzz/%.d: ;

.PHONY: fuzz fuzz-ci coverage repro minimize corpus-binaries

fuzz:  ## fuzz one target: TARGET=t [SECONDS=60] [ENGINE=libfuzzer|afl] [KEEP_GOING=1]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz.py --target '$(TARGET)' --seconds '$(SECONDS)' \
		--engine '$(ENGINE)' $(if $(filter 1,$(KEEP_GOING)),--keep-going)

fuzz-ci:  ## every target FUZZ_SECONDS each, libFuzzer, results/fuzz/<run>/ [FUZZ_TARGETS=...]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz_ci.py --seconds '$(FUZZ_SECONDS)' \
		--targets '$(FUZZ_TARGETS)' $(if $(FUZZ_JOBS),--jobs '$(FUZZ_JOBS)') \
		$(if $(filter 1,$(KEEP_GOING)),--keep-going)

coverage:  ## line/branch coverage of the kernel files by a corpus [TARGETS=...] [CORPUS=dir]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/coverage.py $(if $(TARGETS),--targets '$(TARGETS)') \
		$(if $(CORPUS),--corpus '$(CORPUS)')

repro: all  ## replay one input with ASan+UBSan: FILE=path [TARGET=t]
	$(Q)$(OBJ)/tools/dmalab-replay -v $(if $(TARGET),--target '$(TARGET)') '$(FILE)'

minimize:  ## shrink a crashing input to FILE.min (+ .min.txt): FILE=path [TARGET=t]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/minimize.py '$(FILE)' $(if $(TARGET),--target '$(TARGET)') \
		$(if $(MINIMIZE_SECONDS),--seconds '$(MINIMIZE_SECONDS)')

corpus-binaries: $(OBJ)/tools/dmat  ## regenerate corpus/<t>/NAME from NAME.txt, and the .dict tokens
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz.py --corpus-binaries --dmat $(OBJ)/tools/dmat
# ---- end fuzzing targets ----

# ---- benchmarks (bench/) ----
# Google Benchmark over the compiled kernel code: bench/*.c are the bodies
# (C), bench/gbench.cc the C API over libbenchmark. `make bench` builds the
# plain flavour (SAN=0: -O2, no sanitizers) in a sub-make and runs
# scripts/bench.py, which writes results/<date>-<kernel>-<git sha>/.
FULL		?= 0
BENCH_FILTER	?=
CXX_BENCH	?= g++
BENCH_PY	:= $(firstword $(wildcard /usr/bin/python3) python3)
BENCH_SRCS	:= $(wildcard bench/*.c)
BENCH_OBJS	:= $(BENCH_SRCS:bench/%.c=$(OBJ)/bench/%.o) $(OBJ)/bench/gbench.o
BENCH_BIN	:= $(OBJ)/bench/dmalab-bench
# where the SAN=0 sub-make puts it
BENCH_PLAIN_BIN	= $(BUILD)/plain-$(notdir $(CC))-$(TREE_ID)/bench/dmalab-bench

$(OBJ)/bench/%.o: bench/%.c | $(KINC)/.stamp
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -Ibench -c $< -o $@

# C++ and Google Benchmark only: no kernel headers on this one's path
$(OBJ)/bench/gbench.o: bench/gbench.cc bench/gbench.h
	$(call msg,CXX,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX_BENCH) -std=c++17 -g $(OPT) -Wall -Wextra -MMD -MP $(SANFLAGS) -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJS) $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CXX_BENCH) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -lbenchmark -lpthread -o $@

.PHONY: bench bench-bin
bench-bin:  ## build the benchmark program (plain -O2 flavour) without running it
	$(Q)$(if $(filter-out 12,$(PAGE_SHIFT)),echo "bench: 4 KiB pages only (PAGE_SHIFT=12)" >&2; exit 2;)
	$(Q)scripts/deps.sh bench
	$(Q)$(MAKE) --no-print-directory SAN=0 $(BENCH_PLAIN_BIN)

bench: bench-bin  ## run the benchmarks (quick; FULL=1 everything), results/<date>-<kernel>-<sha>/ [BENCH_FILTER=re]
	$(Q)$(BENCH_PY) scripts/bench.py --bin '$(BENCH_PLAIN_BIN)' \
		$(if $(filter 1,$(FULL)),--full) $(if $(BENCH_FILTER),--filter '$(BENCH_FILTER)') \
		--make '$(MAKE) --no-print-directory -s SAN=0 $(if $(KERNEL_SRC),KERNEL_SRC=$(KERNEL_SRC)) CC=$(CC) BUILD=$(BUILD)'
# ---- end benchmarks ----

# ---- bench reports (scripts/bench_*) ----
# Reading benchmark results (docs/benchmarks.md): the report of a run, an
# A/B comparison of two runs, and hardware counters (or callgrind
# instruction counts where the machine has none) for chosen benchmarks.
BENCH_REPORT_PY	:= $(firstword $(wildcard /usr/bin/python3) python3)
BASE		?=
NEW		?=
DIR		?=
COMPARE_ARGS	?=

.PHONY: compare perf bench-report bench-spread

compare:  ## A/B of two bench runs, U test + summary of what changed: BASE=results/<run> NEW=results/<run>
	$(Q)scripts/deps.sh bench
	$(Q)$(BENCH_REPORT_PY) scripts/bench_compare.py $(COMPARE_ARGS) -- '$(BASE)' '$(NEW)'

perf:  ## perf stat (or callgrind) of benchmarks [BENCH_FILTER=re] [DIR=results/<run>]
	$(Q)$(MAKE) --no-print-directory bench-bin
	$(Q)scripts/bench_perf.sh --bin '$(BENCH_PLAIN_BIN)' --ktree '$(KTREE)' \
		$(if $(BENCH_FILTER),--filter '$(BENCH_FILTER)') $(if $(DIR),--out '$(DIR)')

bench-spread:  ## run-to-run spread of the headline over runs of the same tree: RUNS="results/<a> results/<b> ..."
	$(Q)$(BENCH_REPORT_PY) scripts/bench_spread.py $(RUNS)

bench-report:  ## regenerate report.md and plots/ of a bench run: DIR=results/<run>
	$(Q)$(BENCH_REPORT_PY) scripts/bench_report.py -- '$(DIR)'
# ---- end bench reports ----
