# SPDX-License-Identifier: GPL-2.0-only
"""What the fuzz scripts (fuzz.py, fuzz_ci.py, coverage.py, minimize.py,
fuzz_bench.py) share.

Modules, one job each:
  common     messages, paths, small formatting helpers
  build      make: the engine flavours, the tools, the build manifest, git
  registry   the fuzz targets as their registry describes them
             (dmalab-replay --list-targets/--list-inputs/--options, dmat)
  corpus     seed corpora, dictionaries, `make corpus-binaries`
  findings   replaying findings, naming and grouping them, printing them
  libfuzzer  one libFuzzer process, its output parsed as it comes; -merge=1
  replay     a corpus through the coverage build in as few processes as
             possible (a crash or a hang isolated by splitting its batch)
  afl        AFL++ main and CMPLOG instances on one target
  status     the live status line

Nothing here knows a fact about a particular target: names come from
DMALAB_ALL_TARGETS or fuzz/targets.def (before anything is built), every
other fact from the registry. Python standard library only.
"""
