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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_report as br  # noqa: E402

CELLS = [('map', '4k'), ('map', '2m'), ('unmap', '4k'), ('unmap', '2m')]


def run_medians(run):
    files, ctx, benches = br.load(run, [])
    by, _, _ = br.collect(benches)
    if not by:
        sys.exit('bench_spread: %s: no benchmark results' % run)
    out = {}
    for b in by.values():
        if b.group not in ('map', 'unmap'):
            continue
        for group, wl in CELLS:
            if b.name == '%s/%s/%s/%s' % (group, b.path, wl, br.HEADLINE_SIZE) and b.per_4k():
                out[(b.path, group, wl)] = b.per_4k()[0]
    return out


def main():
    runs = [a.rstrip('/') for a in sys.argv[1:]]
    if len(runs) < 2:
        sys.exit('usage: bench_spread.py DIR DIR [DIR...]  (results/<run>/ of make bench)')
    for r in runs:
        if not os.path.isdir(r):
            sys.exit('bench_spread: %s: no such directory' % r)
    per_run = [run_medians(r) for r in runs]
    keys = sorted(set().union(*per_run), key=lambda k: (br.path_sort_key(k[0]), k[1] != 'map',
                                                         k[2]))
    print('Run-to-run spread over %d runs (%s), ns per 4 KiB at %s: median of the run '
          'medians (min-max), range/median' % (len(runs), ', '.join(os.path.basename(r)
                                                                    for r in runs),
                                               br.HEADLINE_SIZE))
    print()
    print('| path | figure | median | min | max | range |')
    print('| --- | --- | ---: | ---: | ---: | ---: |')
    for k in keys:
        vals = [m[k] for m in per_run if k in m]
        if len(vals) < 2:
            continue
        med = statistics.median(vals)
        print('| %s | %s %s | %s | %s | %s | %.1f%% |' % (
            k[0], k[1], br.WORKLOAD_TEXT[k[2]], br.fnum(med), br.fnum(min(vals)),
            br.fnum(max(vals)), 100.0 * (max(vals) - min(vals)) / med if med else 0.0))


if __name__ == '__main__':
    main()
