# SPDX-License-Identifier: GPL-2.0-only
# Fuzzing (included by the Makefile). docs/fuzzing.md explains each command.
# The scripts call make again for the engine flavours (FUZZ=libfuzzer|afl|
# afl-cmplog|coverage), so command-line variables such as KERNEL_SRC reach
# those builds.

# Every target of the registry (fuzz/targets.def); FUZZ_TARGETS narrows it.
FUZZ_ALL_TARGETS := $(shell sed -n 's/^TARGET([a-z0-9_]*, *"\([^"]*\)").*/\1/p' fuzz/targets.def)
FUZZ_TARGETS	?= $(FUZZ_ALL_TARGETS)
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
FUZZ_ENV	:= DMALAB_ALL_TARGETS='$(FUZZ_ALL_TARGETS)'

# one engine binary per fuzz target: $(OBJ)/fuzz/<target>
FUZZ_BINS := $(FUZZ_TARGETS:%=$(OBJ)/fuzz/%)

$(OBJ)/fuzz/engine/%.o: $(FUZZ_MAIN) | $(KINC)/.stamp
	$(call compile,$< ($*),$(OWN_CPPFLAGS) -DDMALAB_FUZZ_TARGET='"$*"')

$(OBJ)/fuzz/%: $(OBJ)/fuzz/engine/%.o $(LINK_DEPS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $(FUZZ_LDFLAGS) $(filter %.o,$^) $(LINK_LIBS) -o $@

# The dependency files beside the engine binaries are not programs: without
# this rule `$(OBJ)/fuzz/%` would "remake" an included .d by linking it.
$(OBJ)/fuzz/%.d: ;

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

.PHONY: fuzz-bins fuzz fuzz-ci coverage repro minimize corpus-binaries

fuzz-bins: $(FUZZ_BINS)

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
