# SPDX-License-Identifier: GPL-2.0-only
"""What the bench scripts (bench.py, bench_report.py, bench_compare.py,
bench_spread.py, bench_ab.py, bench_scrub.py) share.

Modules, one job each:
  gbench   Google Benchmark JSON: the one loader (a run's files, documents,
           each benchmark's repetitions as a Bench, the run's env file)
  shim     the one harness-overhead model (shim-overhead.txt, the report)
  names    benchmark names: paths, workloads, sizes, their order and words
  fmt      numbers, times and sizes as the reports print them
  report   report.md, section by section
  tables   the report's data and tables
  plots    the report's gnuplot plots (SVG)
  abstats  the A/B statistics: bootstrap CI of the ratio of medians, U
           test, noise floor from the rounds, verdicts, exact counters
  abreport compare.md and compare.json (make ab, make compare)
  abplots  compare.md's plots: NEW against BASE on the same axes
  local    machine-local paths out of committed reports

Python standard library only, but for abstats (numpy and scipy: Debian's
python3-scipy, run by /usr/bin/python3, as compare.py needs it anyway).
"""
