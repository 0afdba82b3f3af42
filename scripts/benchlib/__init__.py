# SPDX-License-Identifier: GPL-2.0-only
"""What the bench scripts (bench.py, bench_report.py, bench_compare.py,
bench_spread.py) share.

Modules, one job each:
  gbench   Google Benchmark JSON: the one loader (a run's files, documents,
           each benchmark's repetitions as a Bench, the run's env file)
  shim     the one harness-overhead model (shim-overhead.txt, the report)
  names    benchmark names: paths, workloads, sizes, their order and words
  fmt      numbers, times and sizes as the reports print them
  report   report.md, section by section
  tables   the report's data and tables
  plots    the report's gnuplot plots (SVG)

Python standard library only (compare.py, run by bench_compare.py, needs
python3-scipy).
"""
