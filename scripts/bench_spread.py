#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run-to-run spread of the headline figures over several bench runs.

    bench_spread.py DIR DIR [DIR...]

Each DIR is a results/<run>/ of `make bench` on the same tree and machine.
For every headline cell (path x map/unmap x 4 KiB pages/2 MiB folios, ns
per 4 KiB at 1 GiB) it takes each run's median and prints the median, min
and max of those over the runs and the range as a share of the median: how
much a figure moves between two runs of the same code, which is the noise
floor a `make compare` delta has to clear.
"""
import os
import statistics
import sys

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import gbench  # noqa: E402
from benchlib.fmt import fnum  # noqa: E402
from benchlib.names import HEADLINE_SIZE, WORKLOAD_TEXT, path_sort_key  # noqa: E402

CELLS = [('map', '4k'), ('map', '2m'), ('unmap', '4k'), ('unmap', '2m')]


def run_medians(run):
    """{(path, map|unmap, workload): the run's median ns per 4 KiB at the headline size}."""
    docs = gbench.load_docs(gbench.run_files(run))
    if not docs:
        sys.exit('bench_report: %s: no Google Benchmark JSON (*.json with a "benchmarks" '
                 'array) in it' % run)
    by, _, _ = gbench.collect([b for _, d in docs for b in d['benchmarks']])
    if not by:
        sys.exit('bench_spread: %s: no benchmark results' % run)
    out = {}
    for b in by.values():
        if b.group not in ('map', 'unmap'):
            continue
        for group, wl in CELLS:
            if b.name == '%s/%s/%s/%s' % (group, b.path, wl, HEADLINE_SIZE) and b.per_4k():
                out[(b.path, group, wl)] = b.per_4k()[0]
    return out


def main():
    """The spread table of the runs on the command line."""
    runs = [a.rstrip('/') for a in sys.argv[1:]]
    if len(runs) < 2:
        sys.exit('usage: bench_spread.py DIR DIR [DIR...]  (results/<run>/ of make bench)')
    for r in runs:
        if not os.path.isdir(r):
            sys.exit('bench_spread: %s: no such directory' % r)
    per_run = [run_medians(r) for r in runs]
    keys = sorted(set().union(*per_run), key=lambda k: (path_sort_key(k[0]), k[1] != 'map',
                                                         k[2]))
    print('Run-to-run spread over %d runs (%s), ns per 4 KiB at %s: median of the run '
          'medians (min-max), range/median' % (len(runs), ', '.join(os.path.basename(r)
                                                                    for r in runs),
                                               HEADLINE_SIZE))
    print()
    print('| path | figure | median | min | max | range |')
    print('| --- | --- | ---: | ---: | ---: | ---: |')
    for k in keys:
        vals = [m[k] for m in per_run if k in m]
        if len(vals) < 2:
            continue
        med = statistics.median(vals)
        print('| %s | %s %s | %s | %s | %s | %.1f%% |' % (
            k[0], k[1], WORKLOAD_TEXT[k[2]], fnum(med), fnum(min(vals)),
            fnum(max(vals)), 100.0 * (max(vals) - min(vals)) / med if med else 0.0))


if __name__ == '__main__':
    main()
