# SPDX-License-Identifier: GPL-2.0-only
# Objects, libraries and programs (included by the Makefile).
#
#   libkernel.a   the kernel files of kernel-shim/kernel-files.txt, from the tree
#   libshim.a     kernel-shim/runtime/: what the kernel code relies on
#   libdmalab.a   topology/, oracle/, fuzz/ (engines excluded): formats,
#                 oracles and fuzz targets, for tests, tools and engines
#   tests/<suite>_test   one binary a folder tests/<suite>/, with tests/ktest.c
#   tools/<tool>         one binary a file tools/<tool>.c

KFILES := $(shell awk '!/^\#/ && NF {print $$1}' kernel-shim/kernel-files.txt)
KHEADERS := $(shell awk '!/^\#/ && NF {print $$1}' kernel-shim/kernel-headers.txt)

KOBJS := $(patsubst %.c,$(OBJ)/kernel/%.o,$(KFILES))
SHIM_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard kernel-shim/runtime/*.c))
DMALAB_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard topology/*.c oracle/*.c fuzz/*.c fuzz/targets/*.c))
TOOLS := $(patsubst tools/%.c,%,$(wildcard tools/*.c))
TOOL_BINS := $(patsubst %,$(OBJ)/tools/%,$(TOOLS))
TEST_SUITES := $(patsubst tests/%/,%,$(sort $(dir $(wildcard tests/*/*.c))))
TEST_BINS := $(patsubst %,$(OBJ)/tests/%_test,$(TEST_SUITES))
KTEST_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard tests/*.c))
LIBKERNEL := $(OBJ)/libkernel.a
LIBSHIM := $(OBJ)/libshim.a
LIBDMALAB := $(OBJ)/libdmalab.a
MANIFEST := $(OBJ)/manifest.txt

$(KINC)/.stamp: kernel-shim/kernel-headers.txt
	$(call msg,LINK,whitelisted kernel headers)
	$(Q)rm -rf $(KINC) && mkdir -p $(KINC)
	$(Q)for h in $(KHEADERS); do \
		case $$h in drivers/*|kernel/*) src=$$h ;; *) src=include/$$h ;; esac; \
		mkdir -p $(KINC)/$$(dirname $$h) && ln -s '$(KTREE)/'$$src $(KINC)/$$h; \
	done
	$(Q)touch $@

# The one compile rule: $(call compile,what,extra flags)
define compile
	$(call msg,CC,$(1))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(2) -c $< -o $@
endef

# Kernel objects list system headers in their .d too (-MD), so that
# scripts/check-host-headers.sh can fail any kernel header taken from the
# host's /usr/include (kernel-shim/host-headers.txt lists the uapi ones
# allowed): in every flavour, tests, fuzzing and benchmarks alike.
HOST_HEADERS := kernel-shim/host-headers.txt
define compile_kernel
	$(call msg,CC,$(1))
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(filter-out -MMD,$(CFLAGS)) -MD $(2) -c $< -o $@
	$(Q)scripts/check-host-headers.sh $@ $(@:.o=.d) $(HOST_HEADERS)
endef

$(OBJ)/kernel/%.o: $(KTREE)/%.c $(HOST_HEADERS) | $(KINC)/.stamp
	$(call compile_kernel,$*.c (kernel))

# block/blk-mq-dma.c includes its private "blk.h" by quotes, which finds the
# tree's next to it: force our stand-in first, whose guard turns it off.
$(OBJ)/kernel/block/%.o: CPPFLAGS += -include kernel-shim/include/block/blk.h

# The kernel's UBSAN_BOUNDS as GCC builds it (CONFIG_UBSAN_BOUNDS_STRICT):
# an index past a fixed-size array that ends its struct is caught too.
# net/core/tso.c's tso_dma_map ends with frags[MAX_SKB_FRAGS], whose
# index -1 falls on linear_dma and linear_len, a read nothing else sees.
ifeq ($(SAN)$(CC_IS_CLANG),1)
$(OBJ)/kernel/net/%.o: CFLAGS += -fsanitize=bounds-strict
endif

# Static functions compiled without their file (fuzz/drm_pagemap_repro.c
# says why): their text is the tree's, extracted at build time.
$(OBJ)/gen/drm_pagemap_fns.c: $(KTREE)/drivers/gpu/drm/drm_pagemap.c scripts/extract-functions.sh
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scripts/extract-functions.sh '$(KTREE)' drivers/gpu/drm/drm_pagemap.c $@ \
		drm_pagemap_migrate_map_system_pages drm_pagemap_migrate_unmap_pages
$(OBJ)/fuzz/drm_pagemap_repro.o: $(OBJ)/gen/drm_pagemap_fns.c
$(OBJ)/fuzz/drm_pagemap_repro.o: OWN_CPPFLAGS += -I$(OBJ)/gen

# our own code: the first folder of its path picks extra warnings
$(OBJ)/%.o: %.c | $(KINC)/.stamp
	$(call compile,$<,$(OWN_CPPFLAGS) $(CFLAGS_$(firstword $(subst /, ,$*))))

# kernel-files.txt too: with .SECONDARY, the object of a newly listed file
# would not be built into an existing archive (a missing secondary
# prerequisite does not make its target out of date)
$(LIBKERNEL): $(KOBJS) kernel-shim/kernel-files.txt
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $(filter %.o,$^)

$(LIBSHIM): $(SHIM_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBDMALAB): $(DMALAB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

# the kernel objects and the shim call each other: link them as a group
LINK_LIBS = -Wl,--whole-archive $(LIBDMALAB) -Wl,--no-whole-archive \
	-Wl,--start-group $(LIBKERNEL) $(LIBSHIM) -Wl,--end-group
LINK_DEPS = $(LIBDMALAB) $(LIBKERNEL) $(LIBSHIM)

# the tree's release, for the known bugs' since and fixed_in (tests/ktest.c)
KTREE_VERSION = $(shell awk -F' *= *' '/^VERSION/{v=$$2} /^PATCHLEVEL/{p=$$2} \
	/^SUBLEVEL/{s=$$2} END {printf "%s.%s.%s", v, p, s}' '$(KTREE)/Makefile')
$(OBJ)/tests/ktest.o: OWN_CPPFLAGS += -DDMALAB_KERNEL_VERSION='"$(KTREE_VERSION)"'

suite_objs = $(patsubst %.c,$(OBJ)/%.o,$(wildcard tests/$(1)/*.c))
.SECONDEXPANSION:
$(OBJ)/tests/%_test: $$(call suite_objs,$$*) $(KTEST_OBJS) $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

$(OBJ)/tools/%: $(OBJ)/tools/%.o $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

$(MANIFEST): kernel-shim/kernel-files.txt kernel-shim/kernel-headers.txt $(addprefix $(KTREE)/,$(KFILES))
	$(Q)mkdir -p $(@D)
	$(Q)scripts/manifest.sh '$(KTREE)' kernel-shim/kernel-files.txt kernel-shim/kernel-headers.txt >$@.tmp && mv $@.tmp $@

# objects made by chains of pattern rules are kept, not deleted as intermediates
.SECONDARY:

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
