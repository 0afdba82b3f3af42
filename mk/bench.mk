# SPDX-License-Identifier: GPL-2.0-only
# Benchmarks and their reports (included by the Makefile).

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

# ---- bench reports (scripts/bench_*) ----
# Reading benchmark results (docs/benchmarks.md): the report of a run, an
# A/B comparison of two runs, and hardware counters (or callgrind
# instruction counts where the machine has none) for chosen benchmarks.
BENCH_REPORT_PY	:= $(firstword $(wildcard /usr/bin/python3) python3)
BASE		?=
NEW		?=
DIR		?=
COMPARE_ARGS	?=

.PHONY: compare perf bench-report bench-spread bench-scrub

compare:  ## A/B of two bench runs, U test + summary of what changed: BASE=results/<run> NEW=results/<run>
	$(Q)scripts/deps.sh bench
	$(Q)$(BENCH_REPORT_PY) scripts/bench_compare.py $(COMPARE_ARGS) -- '$(BASE)' '$(NEW)'

perf:  ## perf stat (or callgrind) of benchmarks [BENCH_FILTER=re] [DIR=results/<run>]
	$(Q)$(MAKE) --no-print-directory bench-bin
	$(Q)scripts/bench_perf.sh --bin '$(BENCH_PLAIN_BIN)' --ktree '$(KTREE)' \
		$(if $(BENCH_FILTER),--filter '$(BENCH_FILTER)') $(if $(DIR),--out '$(DIR)')

bench-spread:  ## run-to-run spread of the headline over runs of the same tree: RUNS="results/<a> results/<b> ..."
	$(Q)$(BENCH_REPORT_PY) scripts/bench_spread.py $(RUNS)

bench-scrub:  ## machine-local paths out of results folders [DIRS="results/<a> ..."] (default: all)
	$(Q)$(BENCH_REPORT_PY) scripts/bench_scrub.py $(DIRS)

bench-report:  ## regenerate report.md and plots/ of a bench run: DIR=results/<run>
	$(Q)$(BENCH_REPORT_PY) scripts/bench_report.py -- '$(DIR)'

# ---- A/B of two kernel trees (scripts/bench_ab.py) ----
# `make ab BASE_SRC=dir NEW_SRC=dir [RUNS=3]`: the bench program of each
# tree (bench-bin with KERNEL_SRC=), then their runs interleaved, pooled
# to 9+ repetitions a side: results/ab-<date>-<kernel>-<sha>/compare.md.
# `ab` needs no tree of its own (NO_TREE_GOALS); print-bench-bin names the
# program of the tree KERNEL_SRC selects.
BASE_SRC	?=
NEW_SRC		?=
AB_TAG		?=
RUNS_AB		= $(strip $(RUNS))
AB_BIN		= $$($(MAKE) --no-print-directory -s SAN=0 print-bench-bin KERNEL_SRC='$(1)' CC=$(CC) BUILD=$(BUILD))

.PHONY: ab print-bench-bin
print-bench-bin:
	@echo '$(BENCH_PLAIN_BIN)'

ab:  ## A/B of two kernel trees, interleaved, CIs: BASE_SRC=dir NEW_SRC=dir [RUNS=3] [BENCH_FILTER=re] [AB_TAG=name]
	$(Q)test -n '$(BASE_SRC)' -a -n '$(NEW_SRC)' || { echo "ab: usage: make ab BASE_SRC=<kernel tree> NEW_SRC=<kernel tree> [RUNS=3]" >&2; exit 2; }
	$(Q)test -d '$(BASE_SRC)' -a -d '$(NEW_SRC)' || { echo "ab: BASE_SRC and NEW_SRC must be kernel trees (directories)" >&2; exit 2; }
	$(Q)$(MAKE) --no-print-directory bench-bin KERNEL_SRC='$(BASE_SRC)'
	$(Q)$(MAKE) --no-print-directory bench-bin KERNEL_SRC='$(NEW_SRC)'
	$(Q)$(BENCH_PY) scripts/bench_ab.py \
		--base-bin "$(call AB_BIN,$(BASE_SRC))" --new-bin "$(call AB_BIN,$(NEW_SRC))" \
		--base-make '$(MAKE) --no-print-directory -s SAN=0 KERNEL_SRC=$(BASE_SRC) CC=$(CC) BUILD=$(BUILD)' \
		--new-make '$(MAKE) --no-print-directory -s SAN=0 KERNEL_SRC=$(NEW_SRC) CC=$(CC) BUILD=$(BUILD)' \
		$(if $(RUNS_AB),--runs $(RUNS_AB)) $(if $(BENCH_FILTER),--filter '$(BENCH_FILTER)') \
		$(if $(AB_TAG),--tag '$(AB_TAG)') \
		--command 'make ab BASE_SRC=$(BASE_SRC) NEW_SRC=$(NEW_SRC)$(if $(RUNS_AB), RUNS=$(RUNS_AB))$(if $(BENCH_FILTER), BENCH_FILTER=$(BENCH_FILTER))$(if $(AB_TAG), AB_TAG=$(AB_TAG))$(if $(filter-out build,$(BUILD)), BUILD=$(BUILD))'
