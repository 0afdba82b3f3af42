#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make test-matrix: make test on several kernel trees, side by side.

    test_matrix.py --series "7.2 7.3" [--srcs "DIR ..."] [--make make] [--out results/matrix]

Each tree is a linux-source series (fetched as `make test KERNEL_SERIES=S`
fetches it) or a local tree (KERNEL_SRC=DIR). make test runs on each in
turn (the builds are per tree: build/<flavour>-<tree id>), its whole output
goes to results/matrix/<run>/<tree>.log, and one table compares them:
passed, failed, xfail, XPASS, skipped, and the known kernel bugs each tree
reproduces (the registry's ids, from the closing lines make test prints).
The table is printed and written as matrix.md, with summary.json.

Exit status: 0 if make test passed on every tree, 1 if it failed on one,
2 for bad arguments.
"""
import argparse
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROG = 'make test-matrix'


def die(msg):
    print('%s: %s' % (PROG, msg), file=sys.stderr)
    sys.exit(2)


def tree_version(path):
    """VERSION.PATCHLEVEL.SUBLEVEL of a tree's Makefile, or '?'."""
    v = {}
    try:
        with open(os.path.join(path, 'Makefile')) as f:
            for line in f:
                m = re.match(r'^(VERSION|PATCHLEVEL|SUBLEVEL)\s*=\s*(\S+)', line)
                if m:
                    v[m.group(1)] = m.group(2)
    except OSError:
        return '?'
    if len(v) < 3:
        return '?'
    return '%s.%s.%s' % (v['VERSION'], v['PATCHLEVEL'], v['SUBLEVEL'])


def parse(log):
    """What make test's closing lines say (scripts/run-tests.sh)."""
    res = {'passed': None, 'failed': None, 'xfail': 0, 'xpass': 0, 'skipped': 0,
           'known_bugs': [], 'kernel': None}
    for line in log.splitlines():
        m = re.match(r'^# Totals: pass:(\d+) fail:(\d+) xfail:(\d+) xpass:(\d+) skip:(\d+)', line)
        if m:
            res['xfail'], res['xpass'], res['skipped'] = (int(m.group(3)), int(m.group(4)),
                                                          int(m.group(5)))
        m = re.match(r'^# \d+ known kernel bugs? reproduced \(\d+ xfail cases?\): (.*)$', line)
        if m:
            res['known_bugs'] = m.group(1).split()
        m = re.match(r'^(\d+) passed, (\d+) failed$', line)
        if m:
            res['passed'], res['failed'] = int(m.group(1)), int(m.group(2))
    return res


def run_tree(args, label, make_args, logpath):
    cmd = shlex.split(args.make) + ['--no-print-directory', 'test'] + make_args
    print('%s: %s: %s (log: %s)' % (PROG, label, ' '.join(cmd),
                                    os.path.relpath(logpath, ROOT)), flush=True)
    start = time.time()
    with open(logpath, 'w') as lf:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors='replace')
        last = start
        for line in p.stdout:
            lf.write(line)
            now = time.time()
            if now - last >= 60:    # a progress line a minute on long runs
                print('%s: %s: %d min, %s' % (PROG, label, (now - start) // 60,
                                              line.strip()[:100]), flush=True)
                last = now
        p.wait()
    with open(logpath, errors='replace') as lf:
        res = parse(lf.read())
    res['status'] = p.returncode
    res['seconds'] = round(time.time() - start)
    return res


def main():
    ap = argparse.ArgumentParser(prog=PROG)
    ap.add_argument('--series', default='')
    ap.add_argument('--srcs', default='')
    ap.add_argument('--make', default='make')
    ap.add_argument('--out', default=os.path.join(ROOT, 'results', 'matrix'))
    args = ap.parse_args()

    trees = []
    for s in args.series.split():
        if not re.match(r'^\d+\.\d+$', s):
            die('SERIES: %r is not a kernel series such as 7.3' % s)
        trees.append(('linux-source-%s' % s, ['KERNEL_SERIES=%s' % s], None))
    for d in args.srcs.split():
        d = os.path.expanduser(d)
        if not os.path.isfile(os.path.join(d, 'Makefile')):
            die('KERNEL_SRCS: %s is not a kernel tree (no Makefile)' % d)
        d = os.path.abspath(d)
        trees.append((os.path.basename(d.rstrip('/')), ['KERNEL_SRC=%s' % d], d))
    if not trees:
        die('give SERIES="7.2 7.3" and/or KERNEL_SRCS="dir ..."')

    # the dmalab tree the suites come from: the run is of one commit
    head = subprocess.run(['git', 'describe', '--always', '--dirty'], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%MZ')
    out = os.path.join(args.out, stamp)
    os.makedirs(out, exist_ok=True)
    rows = []
    for label, make_args, src in trees:
        log = os.path.join(out, re.sub(r'[^A-Za-z0-9_.-]', '_', label) + '.log')
        res = run_tree(args, label, make_args, log)
        # the tree's release as the build's manifest records it (make info)
        info = subprocess.run(shlex.split(args.make) + ['--no-print-directory', '-s', 'info'] +
                              make_args,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, errors='replace').stdout
        m = re.search(r'^kernel:\s+(.*)$', info, re.M)
        res['kernel'] = m.group(1).strip() if m else (tree_version(src) if src else '?')
        res['tree'] = label
        res['log'] = os.path.basename(log)
        rows.append(res)

    bugs = sorted({b for r in rows for b in r['known_bugs']})
    lines = ['# make test on %d kernel trees (%s, dmalab %s)' % (len(rows), stamp, head or '?'), '',
             '| tree | kernel | passed | failed | xfail | XPASS | skipped | known bugs | make test | log |',
             '|---|---|--:|--:|--:|--:|--:|--:|---|---|']
    for r in rows:
        lines.append('| %s | %s | %s | %s | %d | %d | %d | %d | %s | [%s](%s) |' % (
            r['tree'], r['kernel'], r['passed'] if r['passed'] is not None else '?',
            r['failed'] if r['failed'] is not None else '?', r['xfail'], r['xpass'],
            r['skipped'], len(r['known_bugs']),
            'passed' if r['status'] == 0 else 'FAILED (exit %d)' % r['status'],
            r['log'], r['log']))
    if bugs:
        lines += ['', '## Known kernel bugs each tree reproduces', '',
                  '| bug | ' + ' | '.join(r['tree'] for r in rows) + ' |',
                  '|---|' + '---|' * len(rows)]
        for b in bugs:
            lines.append('| [`%s`](../../../docs/findings/%s.md) | ' % (b, b) +
                         ' | '.join('xfail' if b in r['known_bugs'] else '-' for r in rows) + ' |')
    lines += ['', 'Made by `make test-matrix` (scripts/test_matrix.py); each log is the whole '
              'make test output of its tree.']
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(out, 'matrix.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(out, 'summary.json'), 'w') as f:
        json.dump({'run': stamp, 'dmalab': head, 'trees': rows}, f, indent=1)
    print(text)
    print('%s: %s' % (PROG, os.path.relpath(os.path.join(out, 'matrix.md'), ROOT)))
    return 0 if all(r['status'] == 0 for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
