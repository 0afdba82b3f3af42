# SPDX-License-Identifier: GPL-2.0-only
"""
make mutate's workers: each has its own hard-linked private tree and build
folder, takes the next mutant, puts it in its tree, rebuilds the one object
and runs the file's suites (stopping at the first failure) or fuzz targets.
Several workers (JOBS=) run side by side; the tree itself is never written.
"""
import hashlib
import os
import re
import shutil
import signal
import subprocess
import threading
import time

from mutatelib import drives

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def say(msg):
    print('mutate: %s' % msg, flush=True)


def same_file(a, b):
    if not os.path.exists(b):
        return False
    if os.stat(a).st_ino == os.stat(b).st_ino:
        return True
    with open(a, 'rb') as fa, open(b, 'rb') as fb:
        return fa.read() == fb.read()


def private_tree(tree, work, kfiles, name='tree'):
    """
    A hard-linked copy of the tree, made once per tree and linked again when
    it is stale: the tree was extracted again (with more parts) since.
    """
    tid = hashlib.sha256(tree.encode()).hexdigest()[:8]
    dst = os.path.join(work, '%s-%s' % (name, tid))
    stale = any(not same_file(os.path.join(tree, f), os.path.join(dst, f)) for f in kfiles)
    if stale or not os.path.exists(os.path.join(dst, '.dmalab-mutate')):
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


def object_code(obj):
    """An object file without its debug sections: what the mutant changed in the code."""
    out = obj + '.nodebug'
    r = subprocess.run(['objcopy', '--strip-debug', obj, out], stderr=subprocess.DEVNULL)
    if r.returncode:
        return None
    with open(out, 'rb') as fh:
        code = hashlib.sha256(fh.read()).hexdigest()
    os.unlink(out)
    return code


class CheckError(Exception):
    """The check itself failed (a build, an engine): the mutant is not judged."""


class Checker:
    """Builds the private tree and runs the file's suites or fuzz targets."""

    def __init__(self, seconds, ptree, build, kfile, make_jobs):
        self.seconds, self.ptree, self.build, self.kfile = seconds, ptree, build, kfile
        self.make_jobs = make_jobs
        self.obj = obj_dir(build, ptree)
        suites, targets = drives.drives(kfile)
        self.suites = [s for s in suites if drives.suite_exists(ROOT, s)]
        self.targets = [t for t in targets if drives.target_exists(ROOT, t)]
        self.missing = [s for s in suites if s not in self.suites] + \
            [t for t in targets if t not in self.targets]
        self.times = {}

    def make(self, goals, extra=''):
        cmd = 'make -j%d --no-print-directory KERNEL_SRC=%s BUILD=%s %s %s' % (
            self.make_jobs, self.ptree, self.build, extra, ' '.join(goals))
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

    def object(self):
        """The file's object in the test build."""
        return os.path.join(self.obj, 'kernel', self.kfile[:-2] + '.o')

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
                t, self.seconds, self.ptree, self.build)
            r = subprocess.run(cmd, shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors='replace')
            with open(wd + '.log', 'w') as fh:
                fh.write(r.stdout)
            # fuzz.py's summary: "  1. <signature>  [N inputs]", an oracle's
            # FINDING or a sanitizer's report (a crash is a kill too)
            found = re.search(r'^\s*\d+\. (.+?)\s+\[\d+ inputs?\]\s*$', r.stdout, re.M)
            if found:
                return t, found.group(1)[:200], time.time() - t0, False
            if r.returncode != 0:
                err = re.search(r'^.*(error|Error|ERROR).*$', r.stdout, re.M)
                raise CheckError('make fuzz TARGET=%s: %s (log %s.log)' % (
                    t, err.group(0)[:200] if err else 'exit status %d' % r.returncode, wd))
        return None, None, time.time() - t0, False


# the first sign of a killed mutant in a suite's KTAP output: a failed case,
# or a known kernel bug that no longer reproduces (the mutant changed what
# the kernel does there). A sanitizer report is not one by itself: a case
# may fork a child to reproduce a known bug's report (tso's frag_list
# overrun); in the suite's own process it aborts it (exit status), and
# the report's first line is then the detail
FAILURE = re.compile(r'^\s*(not ok \d+ .*|ok \d+ .*# XPASS.*)$')
SANITIZER = re.compile(r'^.*(ERROR: AddressSanitizer.*|runtime error:.*)$')


def run_until_failure(argv, limit):
    """
    Run one suite and stop it at its first failure: a failing suite can
    take many times its passing time (every later case fails slowly).
    (exit status, the failing line or None, timed out).
    """
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors='replace', start_new_session=True)
    result = {'line': None, 'san': None}

    def reader():
        for line in p.stdout:
            if result['san'] is None and SANITIZER.match(line):
                result['san'] = line.strip()[:200]
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
    if result['line'] is None and rc != 0 and result['san']:
        result['line'] = result['san']
    return rc, result['line'], False


def drop(paths):
    for p in paths:
        if os.path.exists(p):
            os.unlink(p)




class Worker:
    """
    One of JOBS side-by-side workers: a private tree, a build folder, and
    a Checker per kernel file (its suites' baseline times).
    """

    def __init__(self, k, tree, work, kfiles, check, seconds, make_jobs):
        self.k, self.tree, self.check, self.seconds = k, tree, check, seconds
        self.make_jobs = make_jobs
        self.work = os.path.join(work, 'w%d' % k) if k else work
        os.makedirs(self.work, exist_ok=True)
        self.ptree = private_tree(tree, work, kfiles, 'tree' if not k else 'tree-w%d' % k)
        self.build = os.path.join(self.work, 'build')
        self.checkers = {}

    def objects(self, f):
        """The file's object in every flavour built here: the next build compiles it again."""
        return [os.path.join(self.build, d, 'kernel', f[:-2] + '.o') for d in
                (os.listdir(self.build) if os.path.isdir(self.build) else [])]

    def checker(self, f, text):
        """The file's Checker, its unmutated build and (CHECK=test) baseline made once."""
        ck = self.checkers.get(f)
        if ck is not None:
            return ck
        ck = self.checkers[f] = Checker(self.seconds, self.ptree, self.build, f, self.make_jobs)
        if ck.missing:
            say('note: %s: not in this checkout, left out: %s' % (f, ', '.join(ck.missing)))
        put_file(os.path.join(self.ptree, f), text)
        drop(self.objects(f))
        rc, out = ck.build_test()
        if rc:
            raise CheckError('the unmutated tree does not build:\n' + out[-2000:])
        ck.code = object_code(ck.object())
        if self.check == 'test':
            who, line, secs, _ = ck.run_tests(baseline=True)
            if who:
                raise CheckError('%s fails on the unmutated tree: %s' % (who, line))
            say('%s: baseline %.0f s (%s)' % (f, secs, ', '.join(
                '%s %.1f s' % (k, v) for k, v in ck.times.items())))
        return ck

    def run(self, f, m, text):
        """One mutant: its record (status, by whom, the first failing line, seconds)."""
        ck = self.checker(f, text)
        kpath = os.path.join(self.ptree, f)
        put_file(kpath, m.apply(text))
        t0 = time.time()
        rec = {'file': f, 'id': m.ident, 'func': m.func, 'op': m.op, 'line': m.line,
               'what': m.what, 'old': m.old, 'new': m.new}
        try:
            rc, out = ck.build_test()
            if rc:
                err = re.search(r'^.*error:.*$', out, re.M)
                rec.update(status='not compiled', detail=err.group(0)[:200] if err else out[-200:])
            elif ck.code is not None and object_code(ck.object()) == ck.code:
                # trivially equivalent: the compiler made the same code of it
                # (a dead #ifdef branch, a folded constant); nothing to run
                rec.update(status='equivalent', detail='the same object code as the unmutated file')
            else:
                if self.check == 'test':
                    who, line, secs, tmo = ck.run_tests()
                else:
                    who, line, secs, tmo = ck.run_fuzz(self.work)
                status = 'timed out' if tmo else 'killed' if who else 'survived'
                rec.update(status=status, detail=line, seconds=round(secs, 1))
                if who:
                    rec['by'] = who
        finally:
            put_file(kpath, text)
            drop(self.objects(f))
        rec['wall'] = round(time.time() - t0, 1)
        return rec

    def restore(self):
        for f in self.checkers:
            put_file(os.path.join(self.ptree, f),
                     open(os.path.join(self.tree, f), encoding='latin-1').read())
            drop(self.objects(f))
