# SPDX-License-Identifier: GPL-2.0-only
# make mutate (included by the Makefile): scripts/mutate.py, docs/mutate.md.

.PHONY: mutate
mutate: $(KINC)/.stamp  ## mutants of a kernel file, checked by its suites or fuzz targets: [FILE=f] [FUNC=fn,..] [CHECK=test|fuzz] [SECONDS=60] [MAX=N] [RESUME=dir [RERUN=1]] [JOBS=N] [LIST=1]
	$(Q)scripts/deps.sh mutate
	$(Q)$(PY3) scripts/mutate.py --tree '$(KTREE)' --kinc '$(KINC)' \
		--file '$(FILE)' --func '$(FUNC)' --check '$(or $(CHECK),test)' \
		--seconds '$(SECONDS)' --max '$(or $(MAX),0)' $(if $(OPS),--ops '$(OPS)') \
		$(if $(RESUME),--resume '$(RESUME)') $(if $(LIST),--list) $(if $(RERUN),--rerun) --jobs '$(or $(JOBS),1)'

.PHONY: mutate-compare
mutate-compare:  ## what one mutate run kills that another does not (NEW/compare.md): BASE=results/mutate/<run> NEW=results/mutate/<run>
	$(Q)$(PY3) scripts/mutate_compare.py '$(BASE)' '$(NEW)'
