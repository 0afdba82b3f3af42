#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Take machine-local paths out of results folders: `make bench-scrub [DIRS=...]`.

    bench_scrub.py [DIR...]     (default: every bench, fuzz-bench, ab and compare
                                 folder under results/)

A committed report is read on other machines: /tmp/bc/build/kernel/...
or /home/me/linux tells nothing there but where one person keeps files.
Every text file of each folder (reports, env, manifests, console logs,
JSON) is rewritten by benchlib/local.py: repository paths relative,
fetched kernel trees as build/kernel/<name>, anything else under a home
or scratch directory as <local>/<name>. The trees stay identified by
their package and the sha256 of every compiled file. make bench and
make ab scrub what they write; this is for folders written before.
"""
import glob
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import local  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def is_bench_folder(d):
    """A folder make bench, make fuzz-bench, make ab or make compare wrote."""
    return any(os.path.isfile(os.path.join(d, f)) for f in (
        'benchmarks.json', 'fuzz-bench.json', 'compare.md', os.path.join('base',
                                                                       'benchmarks.json')))


def main():
    """Scrub the folders named, or every results/* folder."""
    dirs = sys.argv[1:] or sorted(d for d in glob.glob(os.path.join(ROOT, 'results', '*'))
                                  if is_bench_folder(d))
    total = 0
    for d in dirs:
        if not os.path.isdir(d):
            sys.exit('bench_scrub: %s: no such directory' % d)
        changed = local.scrub_dir(d, ROOT)
        total += len(changed)
        for p in changed:
            print('bench_scrub: %s' % os.path.relpath(p, ROOT))
    print('bench_scrub: %d file(s) rewritten in %d folder(s)' % (total, len(dirs)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
