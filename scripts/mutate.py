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
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
from mutatelib import sites, drives, report  # noqa: E402


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


def private_tree(tree, work):
    """A hard-linked copy of the tree, made once per tree."""
    tid = hashlib.sha256(tree.encode()).hexdigest()[:8]
    dst = os.path.join(work, 'tree-' + tid)
    if not os.path.exists(os.path.join(dst, '.dmalab-mutate')):
        shutil.rmtree(dst, ignore_errors=True)
        say('linking a private copy of %s to %s' % (tree, os.path.relpath(dst, ROOT)))
        subprocess.run(['cp', '-al', tree, dst], check=True)
        open(os.path.join(dst, '.dmalab-mutate'), 'w').close()
    return dst


def obj_dir(build, tree):
    """The ASan test build's object folder for a tree (mk/flags.mk's OBJ)."""
    return os.path.join(build, 'asan-gcc-' + hashlib.sha256(tree.encode()).hexdigest()[:8])


def put_file(path, text):
    """Replace a (hard-linked) file by a new one: never write through the link."""
    if os.path.exists(path):
        os.unlink(path)
    with open(path, 'w', encoding='latin-1') as fh:
        fh.write(text)


class CheckError(Exception):
    """The check itself failed (a build, an engine): the mutant is not judged."""


class Checker:
    """Builds the private tree and runs the file's suites or fuzz targets."""

    def __init__(self, a, ptree, build, kfile):
        self.a, self.ptree, self.build, self.kfile = a, ptree, build, kfile
        self.obj = obj_dir(build, ptree)
        suites, targets = drives.drives(kfile)
        self.suites = [s for s in suites if drives.suite_exists(ROOT, s)]
        self.targets = [t for t in targets if drives.target_exists(ROOT, t)]
        self.missing = [s for s in suites if s not in self.suites] + \
            [t for t in targets if t not in self.targets]
        self.times = {}

    def make(self, goals, extra=''):
        cmd = 'make -j2 --no-print-directory KERNEL_SRC=%s BUILD=%s %s %s' % (
            self.ptree, self.build, extra, ' '.join(goals))
        r = subprocess.run(cmd, shell=True, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors='replace')
        return r.returncode, r.stdout

    def commands(self):
        """[(name, argv)]: the suites, then the corpus replays of the file's targets."""
        out = [(s, [os.path.join(self.obj, 'tests', s + '_test')]) for s in self.suites]
        for t in self.targets:
            if os.path.isdir(os.path.join(ROOT, 'corpus', t)):
                out.append(('corpus-' + t, [os.path.join(self.obj, 'tools', 'dmalab-replay'),
                                            '--ktap', '--target', t,
                                            os.path.join(ROOT, 'corpus', t)]))
        return out

    def build_test(self):
        goals = [os.path.join(self.obj, 'tests', s + '_test') for s in self.suites]
        goals.append(os.path.join(self.obj, 'tools', 'dmalab-replay'))
        return self.make(goals)

    def run_tests(self, baseline=False):
        """(killed by, first failing line, seconds, timed out)."""
        t0 = time.time()
        for name, argv in self.commands():
            limit = None if baseline else max(20.0, 3 * self.times.get(name, 60.0))
            s0 = time.time()
            rc, line, tmo = run_until_failure(argv, limit)
            if tmo:
                return name, 'timed out after %.0f s' % limit, time.time() - t0, True
            if baseline:
                self.times[name] = time.time() - s0
            if line or rc != 0:
                return name, line or 'exit status %d' % rc, time.time() - t0, False
        return None, None, time.time() - t0, False

    def run_fuzz(self, work):
        """Each target for SECONDS: (target, finding line, seconds) or (None, None, seconds)."""
        t0 = time.time()
        for t in self.targets:
            wd = os.path.join(work, 'fuzz-' + t)
            shutil.rmtree(wd, ignore_errors=True)
            env = dict(os.environ, DMALAB_FUZZ_WORKDIR=wd)
            cmd = 'make --no-print-directory fuzz TARGET=%s SECONDS=%d KERNEL_SRC=%s BUILD=%s' % (
                t, self.a.seconds, self.ptree, self.build)
            r = subprocess.run(cmd, shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors='replace')
            with open(wd + '.log', 'w') as fh:
                fh.write(r.stdout)
            found = re.search(r'^\s*\d+\. (FINDING.*)$', r.stdout, re.M)
            if found:
                return t, found.group(1)[:200], time.time() - t0, False
            if r.returncode != 0:
                err = re.search(r'^.*(error|Error|ERROR).*$', r.stdout, re.M)
                raise CheckError('make fuzz TARGET=%s: %s (log %s.log)' % (
                    t, err.group(0)[:200] if err else 'exit status %d' % r.returncode, wd))
        return None, None, time.time() - t0, False


# the first sign of a killed mutant in a suite's KTAP output: a failed case,
# a known kernel bug that no longer reproduces (the mutant changed what the
# kernel does there), a sanitizer report
FAILURE = re.compile(r'^\s*(not ok \d+ .*|ok \d+ .*# XPASS.*|.*ERROR: AddressSanitizer.*|'
                     r'.*runtime error:.*)$')


def run_until_failure(argv, limit):
    """
    Run one suite and stop it at its first failure: a failing suite can
    take many times its passing time (every later case fails slowly).
    (exit status, the failing line or None, timed out).
    """
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors='replace', start_new_session=True)
    result = {'line': None}

    def reader():
        for line in p.stdout:
            if result['line'] is None and FAILURE.match(line):
                result['line'] = line.strip()[:200]
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        p.stdout.close()
    th = threading.Thread(target=reader, daemon=True)
    th.start()
    try:
        rc = p.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        th.join()
        return p.returncode, result['line'], result['line'] is None
    th.join()
    return rc, result['line'], False


def drop(paths):
    for p in paths:
        if os.path.exists(p):
            os.unlink(p)


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
    a = ap.parse_args()
    if a.check not in ('test', 'fuzz'):
        die('CHECK=%s: expected test or fuzz' % a.check)
    for k in ('seconds', 'max'):
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

    work = os.path.join(ROOT, 'build', 'mutate')
    os.makedirs(work, exist_ok=True)
    ptree = private_tree(tree, work)
    build = os.path.join(work, 'build')
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

    plan = []
    per_file_funcs = {}
    for f in files:
        path = os.path.join(tree, f)
        want = funcs_wanted or None
        muts, defined, text = sites.collect(path, args, funcs=None, ops=ops)
        per_file_funcs[f] = {'defined': defined, 'driven': sorted(d for d in defined if d in driven)}
        for m in muts:
            if want is not None and m.func not in want:
                continue
            if want is None and m.func not in driven:
                continue
            plan.append((f, m, text))
    if funcs_wanted:
        known = {fn for v in per_file_funcs.values() for fn in v['defined']}
        miss = sorted(funcs_wanted - known)
        if miss:
            die('FUNC=%s: not defined in %s' % (','.join(miss), ','.join(files)))
    if a.max:
        plan = plan[:a.max]
    with open(os.path.join(run, 'functions.json'), 'w') as fh:
        json.dump(per_file_funcs, fh, indent=1)
    todo = [p for p in plan if (p[0], p[1].ident) not in done]
    say('%d mutants of %d file(s) (%s), %d already done; run %s' % (
        len(plan), len(files), ','.join(ops), len(plan) - len(todo), os.path.relpath(run, ROOT)))

    stop = {'now': False}

    def on_int(sig, frm):
        stop['now'] = True
        say('interrupted: finishing this mutant; resume with RESUME=%s' % os.path.relpath(run, ROOT))
    signal.signal(signal.SIGINT, on_int)

    checkers = {}
    t_start, n = time.time(), 0
    counts = {'killed': 0, 'survived': 0, 'not compiled': 0, 'timed out': 0}
    for f, m, text in todo:
        if stop['now']:
            break
        ck = checkers.get(f)
        kpath = os.path.join(ptree, f)
        # its object in every flavour (tests, fuzzing): the next build compiles it again
        objf = [os.path.join(build, d, 'kernel', f[:-2] + '.o') for d in
                (os.listdir(build) if os.path.isdir(build) else [])]
        if ck is None:
            ck = checkers[f] = Checker(a, ptree, build, f)
            if ck.missing:
                say('note: %s: not in this checkout, left out: %s' % (f, ', '.join(ck.missing)))
            put_file(kpath, text)
            drop(objf)
            rc, out = ck.build_test()
            if rc:
                die('the unmutated tree does not build:\n' + out[-2000:])
            if a.check == 'test':
                who, line, secs, _ = ck.run_tests(baseline=True)
                if who:
                    die('%s fails on the unmutated tree: %s' % (who, line))
                say('%s: baseline %.0f s (%s)' % (f, secs, ', '.join(
                    '%s %.0f s' % (k, v) for k, v in ck.times.items())))
        put_file(kpath, m.apply(text))
        t0 = time.time()
        rc, out = ck.build_test()
        rec = {'file': f, 'id': m.ident, 'func': m.func, 'op': m.op, 'line': m.line,
               'what': m.what, 'old': m.old, 'new': m.new}
        if rc:
            err = re.search(r'^.*error:.*$', out, re.M)
            rec.update(status='not compiled', detail=err.group(0)[:200] if err else out[-200:])
        else:
            try:
                if a.check == 'test':
                    who, line, secs, tmo = ck.run_tests()
                else:
                    who, line, secs, tmo = ck.run_fuzz(work)
            except CheckError as e:
                put_file(kpath, text)
                drop(objf)
                die('%s; the run stops here (resume with RESUME=%s)' % (e, os.path.relpath(run, ROOT)))
            if tmo:
                rec.update(status='timed out', by=who, detail=line, seconds=round(secs, 1))
            elif who:
                rec.update(status='killed', by=who, detail=line, seconds=round(secs, 1))
            else:
                rec.update(status='survived', detail=line, seconds=round(secs, 1))
        rec['wall'] = round(time.time() - t0, 1)
        put_file(kpath, text)
        drop(objf)
        with open(state, 'a') as fh:
            fh.write(json.dumps(rec) + '\n')
        counts[rec['status']] += 1
        n += 1
        eta = (time.time() - t_start) / n * (len(todo) - n)
        print('[%d/%d] %s %s:%d %s %s: %s%s | killed %d survived %d | ETA %s' % (
            len(plan) - len(todo) + n, len(plan), os.path.basename(f), m.func, m.line, m.op,
            m.what[:50], rec['status'], (' by ' + rec['by']) if rec.get('by') else '',
            counts['killed'], counts['survived'], fmt_eta(eta)), flush=True)
    for f in checkers:
        put_file(os.path.join(ptree, f), open(os.path.join(tree, f), encoding='latin-1').read())
        drop([os.path.join(build, d, 'kernel', f[:-2] + '.o') for d in os.listdir(build)])
    report.write(run, ROOT)
    say('report: %s' % os.path.relpath(os.path.join(run, 'report.md'), ROOT))
    return 130 if stop['now'] else 0


if __name__ == '__main__':
    sys.exit(main())
