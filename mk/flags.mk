# SPDX-License-Identifier: GPL-2.0-only
# Compiler flags and the build flavour (included by the Makefile).

# Fuzzing engine builds: FUZZ=libfuzzer | afl | afl-cmplog | coverage
# (the fuzz scripts set it; each has its own build directory)
ifeq ($(FUZZ),libfuzzer)
override CC := clang-14
FUZZ_CFLAGS := -fsanitize=fuzzer-no-link
FUZZ_LDFLAGS := -fsanitize=fuzzer
FUZZ_MAIN := fuzz/engine/libfuzzer_main.c
else ifneq ($(filter afl afl-cmplog,$(FUZZ)),)
override CC := afl-clang-fast
FUZZ_MAIN := fuzz/engine/afl_main.c
ifeq ($(FUZZ),afl-cmplog)
export AFL_LLVM_CMPLOG := 1
endif
export AFL_QUIET := 1
else ifeq ($(FUZZ),coverage)
override CC := clang-14
override SAN := 0
FUZZ_CFLAGS := -fprofile-instr-generate -fcoverage-mapping
FUZZ_LDFLAGS := -fprofile-instr-generate
FUZZ_MAIN := fuzz/engine/afl_main.c
else ifneq ($(FUZZ),)
$(error FUZZ=$(FUZZ): expected libfuzzer, afl, afl-cmplog or coverage)
endif

FLAVOUR := $(if $(FUZZ),fuzz-$(FUZZ),$(if $(filter 1,$(SAN)),asan,plain)-$(notdir $(CC)))$(if $(filter-out 12,$(PAGE_SHIFT)),-page$(PAGE_SHIFT))
OBJ := $(BUILD)/$(FLAVOUR)-$(TREE_ID)

# Include order (kernel-shim/README.md): our shim, then the tree's headers on
# the whitelist, then the tree's tools/include. Never the tree's include/.
# Our own code includes its headers by their path from the top
# ("oracle/checker.h"), so the layout shows in every #include.
KINC := $(OBJ)/kinc
CPPFLAGS := -include kernel-shim/include/dmalab/kconfig.h \
	-Ikernel-shim/include -I$(KINC) \
	-I$(KTREE)/tools/include -I$(KTREE)/tools/arch/x86/include
OWN_CPPFLAGS := -I.
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
# the kernel's debug checks (CONFIG_DEBUG_*) in test and fuzz builds, not in benchmarks
DEBUG_CFLAGS := $(if $(or $(filter 1,$(SAN)),$(FUZZ),$(FUZZ_MAIN)),-DDMALAB_DEBUG_CHECKS)
# __FILE__ of the kernel code as the kernel's own build spells it
# (drivers/iommu/dma-iommu.c), not the build machine's path: WARN locations
# and finding signatures are the same on every machine
PREFIX_MAP := -fmacro-prefix-map=$(KTREE)/=
CFLAGS += $(SANFLAGS) $(FUZZ_CFLAGS) $(DEBUG_CFLAGS) $(PREFIX_MAP) \
	-DCONFIG_PAGE_SHIFT=$(PAGE_SHIFT) $(EXTRA_CFLAGS)
LDFLAGS += $(SANFLAGS) -pthread

# Extra warnings per top-level folder of our own code.
# (-Wno-type-limits: the tree's tools/include GENMASK checks trip it under -Wextra)
CFLAGS_kernel-shim := -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-type-limits \
	-Wno-missing-field-initializers
