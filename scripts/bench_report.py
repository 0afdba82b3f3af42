#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write report.md and SVG plots for one dmalab benchmark run.

    bench_report.py DIR [--json FILE]... [--out FILE]

DIR is a results directory written by `make bench`
(results/<date>-<kernel version>-<git sha>/): the Google Benchmark JSON
(every *.json in DIR with a "benchmarks" array, merged) and the env file
(key=value lines). Writes DIR/report.md and DIR/plots/*.svg; each plot's
gnuplot script, with its data inline, is kept beside it as plots/*.gp.

Benchmark names follow <group>/<path>/<workload>/<size> (map/sg/4k/1GiB,
unmap/iova-fq/2m/1GiB, density/phys/mix/1GiB, map/iova-p2pbus/p2p/1GiB,
shim/...), and
iova/<allocator>/live:<N>[/threads:T]. Counters read: ns_per_4k,
bytes_per_4k, desc_bytes, pt_bytes, ptes, iotlb_syncs, flush_all,
bytes_per_second. With repetitions, every figure is the median over the
repetitions, with the min-max spread beside it.

The work is in the benchlib package beside this script: gbench (loading),
shim (the harness-overhead model), report (the sections), tables, plots.
"""
import argparse
import glob
import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import gbench, local  # noqa: E402
from benchlib.report import write_report  # noqa: E402


def latest_run():
    """The newest results/<run>/ holding a benchmarks.json (run names start with the date)."""
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'results')
    runs = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(root, '*', 'benchmarks.json')))
    return os.path.relpath(runs[-1]) if runs else None


def load(dirpath, json_files):
    """The Google Benchmark JSON of a run: (files, context of the first,
    every benchmark entry); --json files must all be readable."""
    try:
        docs = gbench.load_docs(json_files or gbench.run_files(dirpath), strict=bool(json_files))
    except gbench.LoadError as e:
        sys.exit('bench_report: %s: %s' % (e.file, e.error))
    if not docs:
        sys.exit('bench_report: %s: no Google Benchmark JSON (*.json with a "benchmarks" '
                 'array) in it' % dirpath)
    ctx = dict(docs[0][1].get('context', {}))
    benches = [b for _, d in docs for b in d['benchmarks']]
    return [f for f, _ in docs], ctx, benches


def main():
    """Parse the command line, load the run, write its report."""
    ap = argparse.ArgumentParser(description='report.md and SVG plots for a dmalab bench run')
    ap.add_argument('dir', nargs='?', default='',
                    help='results/<run>/ written by make bench (default: the newest)')
    ap.add_argument('--json', action='append', default=[],
                    help='the Google Benchmark JSON (default: every *.json in DIR)')
    ap.add_argument('--out', help='the report (default DIR/report.md)')
    a = ap.parse_args()
    run = a.dir.rstrip('/')
    if not run:
        run = latest_run()
        if not run:
            sys.exit('bench_report: no DIR given and no results/<run>/ with a benchmarks.json: '
                     'make bench-report DIR=results/<run>')
        print('bench_report: DIR not given, taking the newest run: %s' % run)
    if not os.path.isdir(run):
        sys.exit('bench_report: %s: no such directory' % run)
    files, ctx, benches = load(run, a.json)
    env, env_path = gbench.read_env(run)
    by, errors, only_aggregates = gbench.collect(benches)
    if not by:
        sys.exit('bench_report: %s: no benchmark results in %s' % (run, ', '.join(files)))
    out = a.out or os.path.join(run, 'report.md')
    plotter = write_report(run, out, files, ctx, env, env_path, by, errors, only_aggregates)
    # a committed report says nothing about where this machine keeps its files
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    local.scrub_file(out, root)
    print('bench_report: %s (%d benchmarks, %d plots)' % (out, len(by), len(plotter.made)))
    for p in plotter.problems:
        print('bench_report: warning: ' + p, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
