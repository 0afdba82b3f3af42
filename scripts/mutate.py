#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""
make mutate: mutation analysis of the compiled kernel code.

  make mutate [FILE=drivers/iommu/dma-iommu.c] [FUNC=dma_iova_link,...]
              [CHECK=test|fuzz] [SECONDS=60] [MAX=N] [OPS=ror,const,...]
              [RESUME=results/mutate/<run>] [KERNEL_SRC=...]

Each mutant is one small edit of one kernel file (scripts/mutatelib/sites.py
lists the operators), made in a private copy of the tree under
build/mutate/ (hard links, the mutated file replaced: the tree itself is
never written). Only its object is rebuilt; then the suites that drive the
file run (CHECK=test, in order, stopping at the first failure; each with a
timeout of 3x its time on the unmutated tree), or the fuzz targets that
drive it for SECONDS each (CHECK=fuzz). The run goes to
results/mutate/<run>/: mutants.jsonl (one line per mutant, appended as it
finishes: an interrupted run resumes with RESUME=), summary.json and
report.md (scripts/mutatelib/report.py). docs/mutate.md says how to use it
on a patch.
"""
import argparse
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
from mutatelib import check, sites, drives, report  # noqa: E402


def die(msg):
    print('mutate: error: %s' % msg, file=sys.stderr)
    sys.exit(2)


def say(msg):
    print('mutate: %s' % msg, flush=True)


def clang_args(tree, kinc):
    return ['-std=gnu11', '-include', os.path.join(ROOT, 'kernel-shim/include/dmalab/kconfig.h'),
            '-I' + os.path.join(ROOT, 'kernel-shim/include'), '-I' + kinc,
            '-I' + os.path.join(tree, 'tools/include'),
            '-I' + os.path.join(tree, 'tools/arch/x86/include'), '-DDMALAB_DEBUG_CHECKS']


def load_done(path):
    done = {}
    if os.path.exists(path):
        with open(path) as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue  # a line cut by an interrupt: that mutant runs again
                done[(rec['file'], rec['id'])] = rec
    return done


def fmt_eta(s):
    return '%dh%02dm' % (s // 3600, s % 3600 // 60) if s >= 3600 else '%dm%02ds' % (s // 60, s % 60)


def make_plan(tree, files, args, ops, funcs_wanted, driven):
    """
    ([(file, mutant, file text)], {file: functions defined and driven}):
    the mutants of the functions asked for (FUNC=), or else of those driven.
    """
    plan, per_file_funcs = [], {}
    for f in files:
        muts, defined, text = sites.collect(os.path.join(tree, f), args, funcs=None, ops=ops)
        per_file_funcs[f] = {'defined': defined, 'driven': sorted(d for d in defined if d in driven)}
        plan.extend((f, m, text) for m in muts
                    if (m.func in funcs_wanted if funcs_wanted else m.func in driven))
    if funcs_wanted:
        known = {fn for v in per_file_funcs.values() for fn in v['defined']}
        miss = sorted(funcs_wanted - known)
        if miss:
            die('FUNC=%s: not defined in %s' % (','.join(miss), ','.join(files)))
    return plan, per_file_funcs


def list_plan(plan, files, cap):
    """make mutate LIST=1: the mutants a run would make, per file and function."""
    for f in files:
        per = {}
        for pf, m, _ in plan:
            if pf == f:
                per[m.func] = per.get(m.func, 0) + 1
        print('%-40s %5d mutants in %d functions' % (f, sum(per.values()), len(per)))
        for fn, k in sorted(per.items(), key=lambda kv: -kv[1]):
            print('    %-36s %5d' % (fn, k))
    total = len(plan)
    print('%d mutants%s' % (min(total, cap) if cap else total, ' (MAX=%d)' % cap if cap else ''))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--tree', required=True)
    ap.add_argument('--kinc', required=True)
    ap.add_argument('--file', default='', help='kernel files, comma-separated (default: every compiled one)')
    ap.add_argument('--func', default='', help='functions, comma-separated (default: those dmalab drives)')
    ap.add_argument('--check', default='test')
    ap.add_argument('--seconds', default='60')
    ap.add_argument('--max', default='0')
    ap.add_argument('--ops', default=','.join(sites.OPERATORS))
    ap.add_argument('--resume', default='')
    ap.add_argument('--jobs', default='1', help='mutants checked side by side (each its own tree and build)')
    ap.add_argument('--rerun', action='store_true', help='with --resume: check the survivors and timed-out mutants again')
    ap.add_argument('--list', action='store_true', help='print the mutants per file and function, run nothing')
    a = ap.parse_args()
    if a.check not in ('test', 'fuzz'):
        die('CHECK=%s: expected test or fuzz' % a.check)
    for k in ('seconds', 'max', 'jobs'):
        if not re.fullmatch(r'\d+', getattr(a, k)):
            die('%s=%s: expected a whole number' % (k.upper(), getattr(a, k)))
        setattr(a, k, int(getattr(a, k)))
    ops = [o for o in a.ops.split(',') if o]
    bad = [o for o in ops if o not in sites.OPERATORS]
    if bad:
        die('OPS=%s: unknown operator %s (known: %s)' % (a.ops, bad[0], ','.join(sites.OPERATORS)))
    tree = os.path.abspath(a.tree)
    kfiles = drives.kernel_files(ROOT)
    files = [f for f in a.file.split(',') if f] or \
        [f for f in kfiles if not f.startswith('drivers/iommu/generic_pt/')]
    for f in files:
        if f not in kfiles:
            die('FILE=%s: not a kernel file dmalab compiles (kernel-shim/kernel-files.txt)' % f)
    args = clang_args(tree, os.path.abspath(a.kinc))
    funcs_wanted = set(x for x in a.func.split(',') if x)

    # what the harness drives: every compiled file's functions, reachable from the entries
    calls = {}
    for f in kfiles:
        try:
            calls.update(sites.calls_in(os.path.join(tree, f), args))
        except Exception as e:  # noqa: BLE001  (a header-only format file, say)
            say('note: %s: no call graph (%s)' % (f, e))
    driven = drives.driven_functions(calls, [e for es in kfiles.values() for e in es])

    plan, per_file_funcs = make_plan(tree, files, args, ops, funcs_wanted, driven)
    if a.list:
        return list_plan(plan, files, a.max)

    work = os.path.join(ROOT, 'build', 'mutate')
    os.makedirs(work, exist_ok=True)
    if a.rerun and not a.resume:
        die('RERUN=1 reruns the survivors of a run: name it with RESUME=results/mutate/<run>')
    if a.resume:
        run = os.path.abspath(a.resume)
        if not os.path.isdir(run):
            die('RESUME=%s: no such run folder' % a.resume)
    else:
        stamp = datetime.datetime.utcnow().strftime('%Y%m%dT%H%MZ')
        run = os.path.join(ROOT, 'results', 'mutate', '%s-%s' % (stamp, a.check))
        os.makedirs(run, exist_ok=True)
    state = os.path.join(run, 'mutants.jsonl')
    done = load_done(state)
    # the tree by its name and package, never the machine's path (results are committed)
    pkg = os.path.join(tree, '.dmalab-package')
    meta = {'tree': os.path.basename(tree),
            'package': open(pkg).read().split()[:2] if os.path.exists(pkg) else None,
            'check': a.check, 'seconds': a.seconds if a.check == 'fuzz' else None,
            'ops': ops, 'files': files, 'func': sorted(funcs_wanted) or 'driven',
            'started': datetime.datetime.utcnow().isoformat(timespec='seconds') + 'Z'}
    if not a.resume or not os.path.exists(os.path.join(run, 'run.json')):
        with open(os.path.join(run, 'run.json'), 'w') as fh:
            json.dump(meta, fh, indent=1)

    if a.max:
        plan = plan[:a.max]
    # a resumed run may name fewer files: keep what the others recorded
    fpath = os.path.join(run, 'functions.json')
    if os.path.exists(fpath):
        with open(fpath) as fh:
            per_file_funcs = dict(json.load(fh), **per_file_funcs)
    with open(fpath, 'w') as fh:
        json.dump(per_file_funcs, fh, indent=1)
    # RERUN=1: the survivors (and timed-out mutants) of the run again (a gap
    # closed since, or a check that now ends a loop); their new record is
    # appended and the last record of a mutant is the one that counts
    todo = [p for p in plan if (p[0], p[1].ident) not in done or
            (a.rerun and done[(p[0], p[1].ident)]['status'] in ('survived', 'timed out'))]
    say('%d mutants of %d file(s) (%s), %d already done; run %s' % (
        len(plan), len(files), ','.join(ops), len(plan) - len(todo), os.path.relpath(run, ROOT)))

    stop = {'now': False}

    def on_int(sig, frm):
        stop['now'] = True
        say('interrupted: finishing this mutant; resume with RESUME=%s' % os.path.relpath(run, ROOT))
    signal.signal(signal.SIGINT, on_int)

    # JOBS side-by-side workers, each with its own tree and build; make's
    # own -j shares what is left of the machine
    jobs = max(1, min(a.jobs, len(todo))) if todo else 1
    # the harness commit that checked a mutant (a rerun's kill names its test)
    harness = subprocess.run(['git', 'describe', '--always', '--dirty'], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
    make_jobs = max(1, (os.cpu_count() or 1) // jobs)
    workers = [check.Worker(k, tree, work, list(kfiles), a.check, a.seconds, make_jobs)
               for k in range(jobs)]
    lock = threading.Lock()
    queue = list(todo)
    progress = {'n': 0, 'failed': None}
    counts = {'killed': 0, 'survived': 0, 'not compiled': 0, 'timed out': 0, 'equivalent': 0}
    t_start = time.time()

    def work_loop(w):
        while True:
            with lock:
                if stop['now'] or progress['failed'] or not queue:
                    return
                f, m, text = queue.pop(0)
            try:
                rec = w.run(f, m, text)
                rec['harness'] = harness
                if (f, m.ident) in done:
                    rec['rerun'] = True
            except check.CheckError as e:
                with lock:
                    progress['failed'] = str(e)
                return
            with lock:
                with open(state, 'a') as fh:
                    fh.write(json.dumps(rec) + '\n')
                counts[rec['status']] += 1
                progress['n'] += 1
                n = progress['n']
                eta = (time.time() - t_start) / n * (len(todo) - n)
                print('[%d/%d] %s %s:%d %s %s: %s%s | killed %d survived %d | ETA %s' % (
                    len(plan) - len(todo) + n, len(plan), os.path.basename(f), m.func, m.line,
                    m.op, m.what[:50], rec['status'], (' by ' + rec['by']) if rec.get('by') else '',
                    counts['killed'], counts['survived'], fmt_eta(eta)), flush=True)

    threads = [threading.Thread(target=work_loop, args=(w,)) for w in workers]
    for th in threads:
        th.start()
    for th in threads:
        while th.is_alive():
            th.join(0.5)  # a timed join: SIGINT reaches on_int
    for w in workers:
        w.restore()
    if progress['failed']:
        die('%s; the run stops here (resume with RESUME=%s)' % (
            progress['failed'], os.path.relpath(run, ROOT)))
    report.write(run, ROOT)
    say('report: %s' % os.path.relpath(os.path.join(run, 'report.md'), ROOT))
    return 130 if stop['now'] else 0


if __name__ == '__main__':
    sys.exit(main())
