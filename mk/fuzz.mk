# SPDX-License-Identifier: GPL-2.0-only
# Fuzzing (included by the Makefile). docs/fuzzing.md explains each command.
# The scripts call make again for the engine flavours (FUZZ=libfuzzer|afl|
# afl-cmplog|coverage), so command-line variables such as KERNEL_SRC reach
# those builds.
#
# The Makefile includes this file twice: first with FUZZ_MK_PART=checks, for
# the knobs and the argument checks, before any package is installed or the
# kernel tree is fetched (a bad TARGET or FUZZ_SECONDS stops in one line and
# costs nothing); then for the rules, once the tree and the build flavour
# (OBJ) are known.

ifeq ($(FUZZ_MK_PART),checks)

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
FUZZ_CORPUS_IN	?=
FUZZ_COVERAGE	?= 1
FUZZ_COVERAGE_TIMEOUT ?=
FUZZ_BENCH_REPS	?= 9
TARGETS		?=
CORPUS		?=
FILE		?=
SRC		?=
MINIMIZE	?= 0
FUZZ_ENV	:= DMALAB_ALL_TARGETS='$(FUZZ_ALL_TARGETS)'

# the goals that run an engine flavour: they need the fuzz packages too
FUZZ_GOALS	:= fuzz fuzz-ci fuzz-bench fuzz-bins coverage minimize \
		   $(if $(filter 1,$(MINIMIZE)),repro-c)

# Bad arguments stop here, in one line, before anything is installed, fetched or built.
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
ifneq ($(FUZZ_JOBS),)
ifneq ($(call fz_not_number,$(FUZZ_JOBS)),)
$(error FUZZ_JOBS=$(FUZZ_JOBS): expected a number > 0)
endif
endif
ifeq ($(filter 0 1,$(FUZZ_COVERAGE)),)
$(error FUZZ_COVERAGE=$(FUZZ_COVERAGE): expected 0 (skip the coverage step) or 1)
endif
ifneq ($(FUZZ_CORPUS_IN),)
ifeq ($(wildcard $(FUZZ_CORPUS_IN)/.),)
$(error FUZZ_CORPUS_IN=$(FUZZ_CORPUS_IN): no such directory (expected the corpus folder of an earlier run, results/fuzz/<run>/corpus))
endif
endif
endif
ifneq ($(filter fuzz-ci fuzz-bench,$(MAKECMDGOALS)),)
ifneq ($(call fz_bad_targets,$(FUZZ_TARGETS)),)
$(error FUZZ_TARGETS: unknown target(s) $(call fz_bad_targets,$(FUZZ_TARGETS)); targets: $(FUZZ_ALL_TARGETS))
endif
endif
ifneq ($(filter fuzz-bench,$(MAKECMDGOALS)),)
ifneq ($(call fz_not_number,$(FUZZ_BENCH_REPS)),)
$(error FUZZ_BENCH_REPS=$(FUZZ_BENCH_REPS): expected a number of repetitions > 0)
endif
endif
ifneq ($(filter fuzz-ci coverage,$(MAKECMDGOALS)),)
ifneq ($(FUZZ_COVERAGE_TIMEOUT),)
ifneq ($(call fz_not_number,$(FUZZ_COVERAGE_TIMEOUT)),)
$(error FUZZ_COVERAGE_TIMEOUT=$(FUZZ_COVERAGE_TIMEOUT): expected a number of seconds > 0)
endif
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
# a path with a space is checked by the recipe, which reads it from the
# environment ("$$FILE"): make's own words cannot hold it
ifeq ($(words $(FILE)),1)
ifeq ($(wildcard $(FILE)),)
$(error FILE=$(FILE): no such file)
endif
endif
endif
ifneq ($(filter repro-c,$(MAKECMDGOALS)),)
ifeq ($(strip $(FILE)$(SRC)),)
$(error make repro-c needs FILE=<input file> (or SRC=<reproducer.c> to rebuild one))
endif
ifneq ($(call fz_bad_targets,$(TARGET))$(filter-out 0 1,$(words $(TARGET))),)
$(error TARGET=$(TARGET): unknown target; targets: $(FUZZ_ALL_TARGETS))
endif
endif

else # FUZZ_MK_PART: the rules

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

.PHONY: fuzz-bins fuzz fuzz-ci fuzz-bench coverage repro repro-c minimize corpus-binaries

fuzz-bins: $(FUZZ_BINS)

fuzz:  ## fuzz one target: TARGET=t [SECONDS=60] [ENGINE=libfuzzer|afl] [KEEP_GOING=1]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz.py --target '$(TARGET)' --seconds '$(SECONDS)' \
		--engine '$(ENGINE)' $(if $(filter 1,$(KEEP_GOING)),--keep-going)

fuzz-ci:  ## every target FUZZ_SECONDS each, libFuzzer, merge, coverage: results/fuzz/<run>/ [FUZZ_TARGETS=...] [FUZZ_CORPUS_IN=dir]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz_ci.py --seconds '$(FUZZ_SECONDS)' \
		--targets '$(FUZZ_TARGETS)' $(if $(FUZZ_JOBS),--jobs '$(FUZZ_JOBS)') \
		$(if $(filter 1,$(KEEP_GOING)),--keep-going) \
		$(if $(FUZZ_CORPUS_IN),--corpus-in '$(FUZZ_CORPUS_IN)') \
		$(if $(filter 0,$(FUZZ_COVERAGE)),--no-coverage) \
		$(if $(FUZZ_COVERAGE_TIMEOUT),--coverage-timeout '$(FUZZ_COVERAGE_TIMEOUT)')

fuzz-bench:  ## exec/s, start-up and coverage cost per target on corpus/bench/: results/<date>-<kernel>-<sha>-fuzz/ [FUZZ_BENCH_REPS=9]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz_bench.py --targets '$(FUZZ_TARGETS)' \
		--reps '$(FUZZ_BENCH_REPS)'

coverage:  ## line/branch coverage of the kernel files by a corpus [TARGETS=...] [CORPUS=dir]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/coverage.py $(if $(TARGETS),--targets '$(TARGETS)') \
		$(if $(CORPUS),--corpus '$(CORPUS)') \
		$(if $(FUZZ_COVERAGE_TIMEOUT),--timeout '$(FUZZ_COVERAGE_TIMEOUT)')

repro: all  ## replay one input with ASan+UBSan: FILE=path [TARGET=t]
	$(Q)$(OBJ)/tools/dmalab-replay -v --make $(if $(TARGET),--target '$(TARGET)') "$$FILE"

# A standalone C reproducer (fuzz/c_emit.h), built with this flavour's
# compiler and flags against its libraries; the script reads FILE and SRC
# from the environment, as the recipe above does. MINIMIZE=1: make minimize
# first, then the reproducer of FILE.min (of FILE if nothing crashes: a
# known bug a target tolerates is no crash to minimize).
repro-c: all  ## standalone C reproducer of FILE=path [TARGET=t] [MINIMIZE=1]: writes build/repro-c/<name>.c, builds, runs it; SRC=<name>.c rebuilds an edited one
	$(Q)if [ '$(MINIMIZE)' = 1 ] && [ -z "$$SRC" ]; then \
		$(FUZZ_ENV) $(PY3) scripts/minimize.py "$$FILE" $(if $(TARGET),--target '$(TARGET)') \
			$(if $(MINIMIZE_SECONDS),--seconds '$(MINIMIZE_SECONDS)'); \
		case $$? in \
		0) f=$${FILE%.txt}; FILE=$$f.min ;; \
		1) echo "make repro-c: nothing to minimize; the reproducer of $$FILE itself" ;; \
		*) exit 2 ;; \
		esac; \
	fi; \
	FILE="$$FILE" REPRO_CC='$(CC) $(CPPFLAGS) $(CFLAGS)' REPRO_LD='$(CC) $(LDFLAGS)' \
		REPRO_LIBS='$(LINK_LIBS)' scripts/repro-c.sh '$(OBJ)' '$(BUILD)/repro-c' '$(TARGET)'

minimize:  ## shrink a crashing input to FILE.min (+ .min.txt): FILE=path [TARGET=t]
	$(Q)$(FUZZ_ENV) $(PY3) scripts/minimize.py "$$FILE" $(if $(TARGET),--target '$(TARGET)') \
		$(if $(MINIMIZE_SECONDS),--seconds '$(MINIMIZE_SECONDS)')

corpus-binaries: $(OBJ)/tools/dmat  ## regenerate corpus/<t>/NAME from NAME.txt, and the .dict tokens
	$(Q)$(FUZZ_ENV) $(PY3) scripts/fuzz.py --corpus-binaries --dmat $(OBJ)/tools/dmat

endif # FUZZ_MK_PART
