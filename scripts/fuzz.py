#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fuzz one dmalab target with libFuzzer or AFL++ and show a live status line.

    make fuzz TARGET=<t> [SECONDS=60] [ENGINE=libfuzzer|afl] [KEEP_GOING=1]
    scripts/fuzz.py --target T [--seconds N] [--engine libfuzzer|afl] [--keep-going]
    scripts/fuzz.py --corpus-binaries --dmat PATH     (make corpus-binaries)

The working corpus is results/fuzz/local/<t>/corpus, seeded (copied) from the
binary seeds in corpus/<t>/; findings go to results/fuzz/local/<t>/findings/
with a text form (.txt) beside each. Exit status: 0 nothing found, 1 findings,
2 bad usage, a target that is not built in, or a build/engine failure.

This file also holds what fuzz_ci.py, coverage.py and minimize.py share:
building the engine flavours, finding the binaries, the libFuzzer runner and
its status parser. Python standard library only. docs/fuzzing.md has more.
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROG = 'fuzz'
# A program is at most the configuration (17 bytes) and 256 ops of at most
# 10 bytes (harness/prog.h): longer inputs only carry ignored bytes.
MAX_LEN = 2600
# ... but the p2p target's inputs are topologies (harness/topology.h: TOPO_BIN_MAX)
MAX_LEN_OF = {'p2p': 8192}
# the per-input time limit, as dmalab-replay's default
TIMEOUT = 25
FINDING_PREFIXES = ('crash-', 'leak-', 'timeout-', 'oom-')


# ---- small helpers ----------------------------------------------------------

def say(msg, prog=None):
    print('%s: %s' % (prog or PROG, msg), flush=True)


def warn(msg, prog=None):
    print('%s: WARNING: %s' % (prog or PROG, msg), file=sys.stderr, flush=True)


def die(msg, code=2, prog=None):
    sys.stdout.flush()
    print('%s: error: %s' % (prog or PROG, msg), file=sys.stderr, flush=True)
    sys.exit(code)


def rel(path):
    """A path as the user types it from the repository root."""
    path = os.path.abspath(path)
    if path == ROOT or path.startswith(ROOT + os.sep):
        return os.path.relpath(path, ROOT)
    return path


def ncpu():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def human(n):
    """1234567 -> '1.23M'."""
    n = float(n)
    for unit, div in (('G', 1e9), ('M', 1e6), ('k', 1e3)):
        if abs(n) >= div:
            return '%.3g%s' % (n / div, unit)
    return '%d' % n


def sha1_file(path):
    with open(path, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()


def all_targets():
    """Every fuzz target of the registry (fuzz/targets.def)."""
    env = os.environ.get('DMALAB_ALL_TARGETS', '').split()
    if env:
        return env
    with open(os.path.join(ROOT, 'fuzz', 'targets.def')) as f:
        return re.findall(r'^TARGET\([a-z0-9_]+,\s*"([^"]+)"\)', f.read(), re.M)


def check_targets(names, prog=None):
    known = all_targets()
    bad = [t for t in names if t not in known]
    if bad:
        die('unknown target%s %s; targets: %s' % ('s' if len(bad) > 1 else '',
                                                   ' '.join(bad), ' '.join(known)), prog=prog)


def target_from_path(path):
    """As harness/targets.c: the last path component naming a target wins."""
    found, best = None, -1
    for t in all_targets():
        for m in re.finditer(re.escape(t), path):
            s, e = m.start(), m.end()
            if (s == 0 or path[s - 1] in '/-') and e < len(path) and path[e] in '/-_.':
                if s > best:
                    found, best = t, s
    return found


def is_text_program(path):
    """Is this file a text-form program? (printable, and '#', 'config' or an
    op name first). A binary input is never text here, even one the tools
    would sniff as text because it starts with '#'."""
    try:
        with open(path, 'rb') as f:
            head = f.read(512)
    except OSError:
        return False
    if not head or any(b < 9 or 13 < b < 32 or b > 126 for b in head):
        return False
    head = head.lstrip()
    return head.startswith(b'#') or re.match(rb'[a-z_0-9]+(\s|$)', head) is not None


# ---- make -------------------------------------------------------------------

def make_env():
    """Our environment for a sub-make, without the parent make's job server."""
    env = dict(os.environ)
    mf = env.get('MAKEFLAGS', '')
    mf = re.sub(r'(^|\s)--jobserver-(auth|fds)=\S+', ' ', mf)
    mf = re.sub(r'(^|\s)-j\d*(?=\s|$)', ' ', mf)
    env['MAKEFLAGS'] = ' '.join(mf.split())
    env.pop('MFLAGS', None)
    return env


def make_cmd(args):
    return ['make', '--no-print-directory', '-C', ROOT] + list(args)


def make_vars(fuzz, targets=None):
    v = []
    if fuzz:
        v.append('FUZZ=' + fuzz)
    if targets:
        v.append('FUZZ_TARGETS=' + ' '.join(targets))
    return v


_NOISE = re.compile(r"^(deps: .*all packages present|make(\[\d+\])?: Nothing to be done"
                    r"|make(\[\d+\])?: '.*' is up to date)")


def make_build(fuzz, goals, targets=None, prog=None, out=None):
    """Run make for FUZZ=fuzz with the given goals, echoing the build lines."""
    out = out or sys.stdout
    cmd = make_cmd(['-j%d' % ncpu()] + make_vars(fuzz, targets) + list(goals))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors='replace', env=make_env())
    for line in p.stdout:
        if not _NOISE.match(line):
            out.write(line)
            out.flush()
    if p.wait():
        die('the build failed (make %s %s); see above' %
            (' '.join(make_vars(fuzz, targets)), ' '.join(goals)), prog=prog)


_obj_cache = {}


def make_obj(fuzz=None, prog=None):
    """The build directory of a flavour (make -s print-obj)."""
    if fuzz in _obj_cache:
        return _obj_cache[fuzz]
    p = subprocess.run(make_cmd(['-s'] + make_vars(fuzz) + ['print-obj']),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=make_env())
    lines = [x for x in p.stdout.splitlines() if x.strip()]
    if p.returncode or not lines:
        sys.stderr.write(p.stderr)
        die('make %s print-obj failed (see above)' % ' '.join(make_vars(fuzz)), prog=prog)
    _obj_cache[fuzz] = os.path.join(ROOT, lines[-1].strip())
    return _obj_cache[fuzz]


def build_fuzz(fuzz, targets, prog=None, manifest=False):
    """Build the engine binaries of these targets; returns the obj dir."""
    obj = make_obj(fuzz, prog)
    goals = ['fuzz-bins'] + ([rel(os.path.join(obj, 'manifest.txt'))] if manifest else [])
    say('building FUZZ=%s for %s' % (fuzz, ' '.join(targets)), prog)
    make_build(fuzz, goals, targets, prog)
    return obj


def build_tools(prog=None, tools=('dmat', 'dmalab-replay', 'dmalab-topo')):
    """The default flavour's dmat and dmalab-replay (ASan+UBSan); returns the obj dir."""
    obj = make_obj(None, prog)
    missing_or_any = [rel(os.path.join(obj, 'tools', t)) for t in tools]
    make_build(None, missing_or_any, prog=prog)
    return obj


def read_manifest(obj):
    """kernel version/source/package/tree from <obj>/manifest.txt."""
    info = {}
    try:
        with open(os.path.join(obj, 'manifest.txt')) as f:
            text = f.read()
    except OSError:
        return info
    m = re.search(r'^kernel:\s+(\S+)\s+from\s+(.*)$', text, re.M)
    if m:
        info['version'], info['source'] = m.group(1), m.group(2).strip()
    m = re.search(r'^package:\s+sha256\s+([0-9a-f]+)', text, re.M)
    if m:
        info['package_sha256'] = m.group(1)
    m = re.search(r'^git:\s+(.*)$', text, re.M)
    if m:
        info['git'] = m.group(1).strip()
    m = re.search(r'^tree:\s+(.*)$', text, re.M)
    if m:
        info['tree'] = m.group(1).strip()
    files = re.findall(r'^  ([0-9a-f]{64})  (\S+)$', text, re.M)
    if files:
        info['files_sha256'] = {f: h for h, f in files}
    return info


def git_info():
    def git(*a):
        p = subprocess.run(['git', '-C', ROOT] + list(a), stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
        return p.stdout.strip() if p.returncode == 0 else ''
    sha = git('rev-parse', '--short', 'HEAD') or 'nogit'
    return {'sha': sha, 'full_sha': git('rev-parse', 'HEAD'),
            'dirty': bool(git('status', '--porcelain', '--untracked-files=no'))}


# ---- targets and corpora ----------------------------------------------------

def target_status(binary):
    """(True, '') if the engine binary runs its target; (False, why) if not."""
    if not os.path.exists(binary):
        return False, 'no binary %s' % rel(binary)
    with tempfile.NamedTemporaryFile(prefix='dmalab-empty-') as empty:
        env = dict(os.environ, LLVM_PROFILE_FILE=os.devnull)
        try:
            p = subprocess.run([binary, empty.name], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors='replace', timeout=120, env=env)
        except subprocess.TimeoutExpired:
            return True, ''
    for line in p.stdout.splitlines():
        if 'is not built in' in line:
            return False, line.strip()
    return True, ''


def not_built_message(target):
    return ("target '%s' is not built in: its engine binary says so (no harness/fuzz_*.c "
            "defines target_%s yet)" % (target, target.replace('-', '_')))


def seed_files(target):
    """The binary seeds of corpus/<target>/ (not the .txt forms, not subfolders)."""
    d = os.path.join(ROOT, 'corpus', target)
    if not os.path.isdir(d):
        return []
    out = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if name.startswith('.') or not os.path.isfile(p):
            continue
        if name.endswith(('.txt', '.md', '.dict', '.options')):
            continue
        out.append(p)
    return out


def stale_seeds(target):
    """corpus/<t>/X.txt whose binary form X is missing or older."""
    d = os.path.join(ROOT, 'corpus', target)
    out = []
    if os.path.isdir(d):
        for name in sorted(os.listdir(d)):
            if name.endswith('.txt'):
                b = os.path.join(d, name[:-4])
                t = os.path.join(d, name)
                if not os.path.exists(b) or os.path.getmtime(b) < os.path.getmtime(t):
                    out.append(t)
    return out


def seed_corpus(target, dest, prog=None):
    """Copy the seeds of corpus/<target>/ into dest (named by sha1, like libFuzzer).
    Returns how many files dest holds."""
    os.makedirs(dest, exist_ok=True)
    stale = stale_seeds(target)
    if stale:
        warn('%d seed(s) of corpus/%s have no up-to-date binary form (%s...): '
             'run `make corpus-binaries`' % (len(stale), target, rel(stale[0])), prog)
    for s in seed_files(target):
        h = sha1_file(s)
        d = os.path.join(dest, h)
        if not os.path.exists(d):
            shutil.copyfile(s, d)
    return count_files(dest)


def count_files(d):
    try:
        return sum(1 for e in os.scandir(d) if e.is_file() and not e.name.startswith('.'))
    except OSError:
        return 0


def dict_path(target):
    p = os.path.join(ROOT, 'corpus', target + '.dict')
    return p if os.path.exists(p) else None


def finding_files(d):
    try:
        return sorted(os.path.join(d, n) for n in os.listdir(d)
                      if n.startswith(FINDING_PREFIXES) and not n.endswith('.txt'))
    except OSError:
        return []


def converter(dmat, target):
    """The text/binary converter of a target's inputs: dmat for programs,
    dmalab-topo (beside it) for the p2p target's topologies."""
    if target == 'p2p':
        return [os.path.join(os.path.dirname(dmat), 'dmalab-topo')]
    return [dmat]


def write_text_form(dmat, path, target=None):
    """path.txt from dmat (the text form of a binary input); None if it fails."""
    out = path + '.txt'
    conv = converter(dmat, target)
    with open(out, 'w') as f:
        p = subprocess.run(conv + (['-t'] if target == 'p2p' else []) + [path], stdout=f,
                           stderr=subprocess.PIPE, text=True)
    if p.returncode:
        os.unlink(out)
        return None
    return out


def repro_command(path, target):
    return 'make repro FILE=%s TARGET=%s' % (rel(path), target)


def replay(replay_bin, path, target, timeout=TIMEOUT):
    """Run dmalab-replay on one input; (exit status, output)."""
    try:
        p = subprocess.run([replay_bin, '--target', target, '--timeout', str(timeout), rel(path)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors='replace', timeout=timeout + 60, cwd=ROOT)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return 1, (e.stdout or '') + '\n(replay did not finish)\n'


_SIG_PATTERNS = (
    re.compile(r'^(FINDING \(\S+\)) after op \d+ at (.*)$'),
    re.compile(r'^(FINDING \(\S+\)) at teardown at (.*)$'),
    re.compile(r'^SUMMARY: (\w+Sanitizer: .*)$'),
    re.compile(r'^(.*runtime error: .*)$'),
    re.compile(r'^.*\.\.\. (CRASH: .*|TIMEOUT.*)$'),
)


def signature(output):
    """One line that names what an input does: the finding's kind and place
    (and, for the target's own findings, the gist of the detail line with
    the numbers masked, since one place checks many invariants)."""
    lines = output.splitlines()
    for i, pat in enumerate(_SIG_PATTERNS):
        for j, line in enumerate(lines):
            m = pat.match(line.strip())
            if not m:
                continue
            sig = ' '.join(g for g in m.groups() if g)
            sig = re.sub(r'0x[0-9a-f]{6,}', '0x…', sig)
            if i < 2 and j + 1 < len(lines) and lines[j + 1].startswith('  '):
                gist = re.sub(r'\b(0x[0-9a-fA-F]+|\d+)\b', 'N', lines[j + 1].strip())
                sig += ': ' + gist[:140]
            return sig[:300]
    return 'no finding on replay'


# ---- libFuzzer --------------------------------------------------------------

_LF_STATUS = re.compile(r'^#(\d+)\s+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)\s+(.*)$')
_LF_FORK = re.compile(r'^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec/s (\d+) '
                      r'oom/timeout/crash: (\d+)/(\d+)/(\d+) time: (\d+)s')
_LF_STAT = re.compile(r'^stat::(\w+):\s+(\d+)')
_LF_ARTIFACT = re.compile(r'Test unit written to (\S+)')


class LibFuzzer:
    """One libFuzzer process on one target, its output parsed as it comes."""

    def __init__(self, target, binary, corpus, artifacts, log, seconds, keep_going=False,
                 dictionary=None, extra=()):
        self.target, self.binary, self.corpus = target, binary, corpus
        self.artifacts, self.log_path, self.seconds = artifacts, log, seconds
        self.keep_going, self.dictionary, self.extra = keep_going, dictionary, list(extra)
        self.execs = 0
        self.rate = 0           # exec/s libFuzzer reported last
        self.cov = self.ft = None
        self.units = None       # corpus units libFuzzer holds
        self.last_line = None   # time of the last status line
        self.samples = []       # exec/s between status lines, sampled every >= 5 s
        self._sample_at = None
        self.final = {}
        self.crash_lines = []
        self.written = []
        self.start_time = self.end_time = None
        self.proc = None
        self.interrupted = False
        self.corpus_start = count_files(corpus)
        self.findings_before = set(finding_files(artifacts))
        self._lock = threading.Lock()

    def command(self):
        cmd = [self.binary, '-max_total_time=%d' % self.seconds,
               '-artifact_prefix=%s/' % self.artifacts, '-print_final_stats=1',
               '-timeout=%d' % TIMEOUT,
               '-max_len=%d' % MAX_LEN_OF.get(self.target, MAX_LEN), '-rss_limit_mb=2560']
        if self.dictionary:
            cmd.append('-dict=%s' % self.dictionary)
        if self.keep_going:
            cmd += ['-fork=1', '-ignore_crashes=1', '-ignore_timeouts=1', '-ignore_ooms=1']
        return cmd + self.extra + [self.corpus]

    def start(self):
        os.makedirs(self.artifacts, exist_ok=True)
        os.makedirs(self.corpus, exist_ok=True)
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self.log = open(self.log_path, 'w')
        self.log.write('$ %s\n' % ' '.join(self.command()))
        self.log.flush()
        env = dict(os.environ)
        # a stack-based token lets libFuzzer tell crashes apart (minimize, dedup)
        asan = env.get('ASAN_OPTIONS', '')
        env['ASAN_OPTIONS'] = ':'.join(x for x in (asan, 'dedup_token_length=3') if x)
        self.start_time = time.time()
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=ROOT, env=env, start_new_session=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        in_crash = 0
        for raw in self.proc.stdout:
            line = raw.decode('utf-8', 'replace')
            self.log.write(line)
            line = line.rstrip('\n')
            now = time.time()
            with self._lock:
                m = _LF_STATUS.match(line)
                f = None if m else _LF_FORK.match(line)
                if m:
                    self._status(now, int(m.group(1)), m.group(3))
                elif f:
                    self._status(now, int(f.group(1)), None)
                    self.cov, self.ft, self.units = int(f.group(2)), int(f.group(3)), int(f.group(4))
                s = _LF_STAT.match(line)
                if s:
                    self.final[s.group(1)] = int(s.group(2))
                a = _LF_ARTIFACT.search(line)
                if a:
                    self.written.append(a.group(1))
                if line.startswith('==dmalab==') or 'ERROR: libFuzzer' in line or \
                        re.match(r'^==\d+==ERROR: ', line) or 'runtime error:' in line:
                    in_crash = 40
                if in_crash and len(self.crash_lines) < 400:
                    self.crash_lines.append(line)
                    in_crash -= 1
        self.log.flush()

    def _status(self, now, execs, rest):
        if rest is not None:
            for key, attr in (('cov', 'cov'), ('ft', 'ft')):
                m = re.search(r'\b%s: (\d+)' % key, rest)
                if m:
                    setattr(self, attr, int(m.group(1)))
            m = re.search(r'\bcorp: (\d+)/', rest)
            if m:
                self.units = int(m.group(1))
            m = re.search(r'exec/s: (\d+)', rest)
            if m:
                self.rate = int(m.group(1))
        if self._sample_at is None:
            self._sample_at = (now, execs)
        elif now - self._sample_at[0] >= 5 and execs > self._sample_at[1]:
            r = (execs - self._sample_at[1]) / (now - self._sample_at[0])
            self.samples.append(r)
            self.rate = int(r) if rest is None else self.rate
            self._sample_at = (now, execs)
        self.execs = max(self.execs, execs)
        self.last_line = now

    def snapshot(self):
        """The status now: dict of elapsed, execs (estimated between lines), rate..."""
        now = time.time()
        with self._lock:
            elapsed = now - self.start_time
            execs, est = self.execs, False
            rate = self.samples[-1] if self.samples else (self.rate or
                                                          (execs / elapsed if elapsed else 0))
            if self.last_line and now - self.last_line > 3 and rate and self.running():
                execs = int(execs + rate * (now - self.last_line))
                est = True
            return {'elapsed': elapsed, 'execs': execs, 'estimated': est, 'rate': rate,
                    'cov': self.cov, 'ft': self.ft, 'units': self.units,
                    'corpus': count_files(self.corpus), 'findings': len(self.new_findings())}

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def new_findings(self):
        return [f for f in finding_files(self.artifacts) if f not in self.findings_before]

    def interrupt(self):
        self.interrupted = True
        self.signal(signal.SIGINT)

    def signal(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def wait(self):
        """Wait for the end (a hard stop 60 s past the time limit)."""
        deadline = self.start_time + self.seconds + 60
        while self.running():
            if time.time() > deadline:
                self.signal(signal.SIGINT)
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.signal(signal.SIGKILL)
            time.sleep(0.2)
        self.thread.join(10)
        self.end_time = time.time()
        self.log.close()
        self.signal(signal.SIGKILL)     # fork mode's workers, if any are left
        return self.proc.returncode

    def result(self):
        """Everything known at the end, for reports."""
        elapsed = (self.end_time or time.time()) - self.start_time
        execs = self.final.get('number_of_executed_units') or self.execs
        if self.keep_going:     # fork mode prints no final stats of its own
            execs = max(execs, self.execs)
        avg = self.final.get('average_exec_per_sec')
        if not avg and elapsed > 0:
            avg = int(execs / elapsed)
        return {
            'seconds': round(elapsed, 1), 'execs': execs,
            'execs_per_sec': {
                'median': int(statistics.median(self.samples)) if self.samples else avg,
                'final_average': avg, 'samples': len(self.samples)},
            'cov': self.cov, 'ft': self.ft,
            'corpus': {'start': self.corpus_start, 'end': count_files(self.corpus)},
            'peak_rss_mb': self.final.get('peak_rss_mb'),
            'exit_status': self.proc.returncode if self.proc else None,
        }


# ---- AFL++ ------------------------------------------------------------------

class Afl:
    """AFL++ instances on one target: a main (-M) and, given a second core,
    a secondary (-S) with the CMPLOG binary (-c), sharing one output dir."""

    def __init__(self, target, binary, cmplog, workdir, seconds, dictionary=None):
        self.target, self.binary, self.cmplog = target, binary, cmplog
        self.workdir, self.seconds, self.dictionary = workdir, seconds, dictionary
        self.corpus = os.path.join(workdir, 'corpus')
        self.out = os.path.join(workdir, 'afl')
        self.findings = os.path.join(workdir, 'findings')
        self.procs = {}
        self.start_time = None
        self.findings_before = set(finding_files(self.findings))
        self.corpus_start = count_files(self.corpus)
        self.samples = []

    def instances(self):
        inst = [('main', ['-M', 'main'], self.binary)]
        if self.cmplog:
            inst.append(('cmplog', ['-S', 'cmplog', '-c', self.cmplog], self.binary))
        return inst

    def start(self):
        if os.path.isdir(self.out):     # an earlier run: keep what it found
            self.collect()
            shutil.rmtree(self.out)
        os.makedirs(self.out)
        if not count_files(self.corpus):    # AFL wants one seed at least
            with open(os.path.join(self.corpus, 'empty-config'), 'wb') as f:
                f.write(b'\0' * 17)
        env = dict(os.environ, AFL_NO_UI='1', AFL_SKIP_CPUFREQ='1', AFL_NO_AFFINITY='1',
                   AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES='1', AFL_SKIP_CRASHES='1',
                   AFL_NO_WARN_INSTABILITY='1')
        # AFL++ sets the sanitizer options it needs when none are given
        for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'AFL_AUTORESUME'):
            env.pop(k, None)
        self.start_time = time.time()
        for name, opts, binary in self.instances():
            cmd = ['afl-fuzz'] + opts + ['-i', self.corpus, '-o', self.out,
                                         '-V', str(self.seconds), '-t', str(TIMEOUT * 1000)]
            if self.dictionary:
                cmd += ['-x', self.dictionary]
            cmd += ['--', binary]
            log = open(os.path.join(self.workdir, 'afl-%s.log' % name), 'w')
            log.write('$ %s\n' % ' '.join(cmd))
            log.flush()
            self.procs[name] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                                 stdin=subprocess.DEVNULL, cwd=ROOT, env=env,
                                                 start_new_session=True), log)

    def running(self):
        return any(p.poll() is None for p, _ in self.procs.values())

    def _stats(self, name):
        """fuzzer_stats as a dict (AFL++ rewrites it about once a minute)."""
        st = {}
        try:
            with open(os.path.join(self.out, name, 'fuzzer_stats')) as f:
                for line in f:
                    k, _, v = line.partition(':')
                    st[k.strip()] = v.strip()
        except OSError:
            pass
        return st

    def _log_tail(self, name):
        """(queue total, crashes saved) from the newest "Fuzzing test case" line
        that AFL_NO_UI prints as it goes."""
        try:
            with open(os.path.join(self.workdir, 'afl-%s.log' % name), 'rb') as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 8192))
                text = f.read().decode('utf-8', 'replace')
        except OSError:
            return None, None
        m = None
        for m in re.finditer(r'\((\d+) total, (\d+) crashes saved', text):
            pass
        return (int(m.group(1)), int(m.group(2))) if m else (None, None)

    @staticmethod
    def _num(st, key):
        try:
            v = float(st[key].rstrip('%'))
            return v if v == v and v not in (float('inf'), float('-inf')) else 0.0
        except (KeyError, ValueError):
            return 0.0

    def snapshot(self):
        now = time.time()
        execs = rate = 0.0
        edges = corpus = 0
        est = False
        for name, _, _ in self.instances():
            st = self._stats(name)
            done, eps = self._num(st, 'execs_done'), self._num(st, 'execs_per_sec')
            upd = self._num(st, 'last_update')
            if self._num(st, 'run_time') < 30 and self.running():
                eps = 0.0       # the first stats hold the calibration's rate
            if upd and eps and self.running() and now - upd > 2:
                done += eps * (now - upd)     # fuzzer_stats is a minute old at worst
                est = True
            execs += done
            rate += eps
            edges = max(edges, int(self._num(st, 'edges_found')))
            total, _ = self._log_tail(name)
            corpus = max(corpus, total or 0, int(self._num(st, 'corpus_count')))
        crashes = sum(len(afl_crash_files(os.path.join(self.out, n)))
                      for n, _, _ in self.instances())
        if rate:
            self.samples.append(rate)
        return {'elapsed': now - self.start_time, 'execs': int(execs), 'estimated': est,
                'rate': rate, 'edges': edges, 'corpus': corpus, 'findings': crashes}

    def interrupt(self):
        for p, _ in self.procs.values():
            try:
                os.killpg(p.pid, signal.SIGINT)
            except ProcessLookupError:
                pass

    def wait(self):
        deadline = self.start_time + self.seconds + 90
        while self.running():
            if time.time() > deadline:
                self.interrupt()
                time.sleep(5)
                for p, _ in self.procs.values():
                    if p.poll() is None:
                        os.killpg(p.pid, signal.SIGKILL)
            time.sleep(0.5)
        for p, log in self.procs.values():
            log.close()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.5)
        kill_strays([self.binary, self.cmplog], self.start_time)
        return max(p.returncode or 0 for p, _ in self.procs.values())

    def collect(self):
        """Crashes and hangs into findings/ (crash-<sha1>, timeout-<sha1>) and the
        queues into the working corpus, so the next run (either engine) goes on."""
        os.makedirs(self.findings, exist_ok=True)
        if not os.path.isdir(self.out):
            return
        for name in os.listdir(self.out):
            inst = os.path.join(self.out, name)
            for kind, files in (('crash-', afl_crash_files(inst)),
                                ('timeout-', afl_crash_files(inst, 'hangs'))):
                for f in files:
                    dst = os.path.join(self.findings, kind + sha1_file(f))
                    if not os.path.exists(dst):
                        shutil.copyfile(f, dst)
            q = os.path.join(inst, 'queue')
            if os.path.isdir(q):
                for n in os.listdir(q):
                    p = os.path.join(q, n)
                    if n.startswith('id:') and os.path.isfile(p):
                        dst = os.path.join(self.corpus, sha1_file(p))
                        if not os.path.exists(dst):
                            shutil.copyfile(p, dst)

    def new_findings(self):
        return [f for f in finding_files(self.findings) if f not in self.findings_before]

    def logs(self):
        return [os.path.join(self.workdir, 'afl-%s.log' % n) for n, _, _ in self.instances()]


def kill_strays(binaries, since):
    """Kill what is left of our AFL++ targets: processes running one of these
    binaries, orphaned (parent 1), started after `since`. (AFL++ 4.04c can
    leave a CMPLOG persistent-mode child behind, stopped, in its own session.)"""
    exes = {os.path.realpath(b) for b in binaries if b}
    try:
        with open('/proc/stat') as f:
            btime = int(re.search(r'^btime (\d+)', f.read(), re.M).group(1))
        hz = os.sysconf('SC_CLK_TCK')
    except (OSError, AttributeError, ValueError):
        return
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            if os.path.realpath('/proc/%s/exe' % d) not in exes:
                continue
            with open('/proc/%s/stat' % d) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            ppid, start = int(fields[1]), btime + int(fields[19]) / hz
            if ppid == 1 and start >= since - 1:
                os.kill(int(d), signal.SIGKILL)
        except (OSError, IndexError, ValueError):
            continue


def afl_crash_files(inst_dir, sub='crashes'):
    d = os.path.join(inst_dir, sub)
    try:
        return sorted(os.path.join(d, n) for n in os.listdir(d) if n.startswith('id:'))
    except OSError:
        return []


# ---- the live status line ---------------------------------------------------

class StatusLine:
    """One line, rewritten in place on a terminal; a line every `every` s otherwise."""

    def __init__(self, every=10):
        self.tty = sys.stdout.isatty()
        self.every = every
        self.last = 0
        self.width = shutil.get_terminal_size((120, 24)).columns

    def show(self, text, force=False):
        now = time.time()
        if self.tty:
            sys.stdout.write('\r' + text[:self.width - 1] + '\x1b[K')
            sys.stdout.flush()
        elif force or now - self.last >= self.every:
            print(text, flush=True)
            self.last = now

    def done(self):
        if self.tty:
            sys.stdout.write('\n')
            sys.stdout.flush()


def format_status(target, engine, snap, seconds):
    parts = ['%s [%s] %4d/%ds' % (target, engine, min(snap['elapsed'], 9999), seconds),
             'execs %s%s' % ('~' if snap.get('estimated') else '', human(snap['execs'])),
             '%s/s' % (human(snap['rate']) if snap['rate'] or not snap['execs'] else '-')]
    if 'edges' in snap:
        parts.append('edges %d' % snap['edges'])
    else:
        parts.append('cov %s ft %s' % (snap['cov'] if snap['cov'] is not None else '-',
                                       snap['ft'] if snap['ft'] is not None else '-'))
    parts.append('corpus %d' % snap['corpus'])
    parts.append('findings %d' % snap['findings'])
    return '  '.join(parts)


def interesting_crash_lines(lines):
    """The crash report without the engine's own frames and build ids; for a
    finding of the target (abort after ==dmalab==), just the finding."""
    starts = [i for i, x in enumerate(lines) if x.startswith('==dmalab==')]
    if starts:
        out = []
        for x in lines[starts[0]:]:
            if 'ERROR: libFuzzer' in x:
                break
            out.append(x)
        return out
    out = []
    for x in lines:
        if not x.strip() or re.search(r' in (fuzzer::|__libc_start|_start |main |abort )', x) \
                or re.search(r'#\d+ 0x[0-9a-f]+ in (raise|abort|__pthread_kill)', x):
            continue
        out.append(re.sub(r' \(BuildId: [0-9a-f]+\)', '', x))
    return out


# ---- make fuzz --------------------------------------------------------------

def run_fuzz(args):
    target, engine, seconds = args.target, args.engine, args.seconds
    known = all_targets()
    if not target:
        die('TARGET is required: make fuzz TARGET=<target>; targets: %s' % ' '.join(known))
    check_targets([target])
    if engine not in ('libfuzzer', 'afl'):
        die('ENGINE=%s: expected libfuzzer or afl' % engine)
    if seconds <= 0:
        die('SECONDS=%d: expected a number of seconds > 0' % seconds)

    workdir = os.path.join(ROOT, 'results', 'fuzz', 'local', target)
    corpus = os.path.join(workdir, 'corpus')
    findings_dir = os.path.join(workdir, 'findings')
    dictionary = dict_path(target)

    if engine == 'libfuzzer':
        obj = build_fuzz('libfuzzer', [target])
        binary = os.path.join(obj, 'fuzz', target)
    else:
        obj = build_fuzz('afl', [target])
        binary = os.path.join(obj, 'fuzz', target)
        cmplog = None
        if ncpu() >= 2:
            cobj = build_fuzz('afl-cmplog', [target])
            cmplog = os.path.join(cobj, 'fuzz', target)
    ok, why = target_status(binary)
    if not ok:
        die(not_built_message(target) + ('' if 'not built in' in why else ': ' + why))

    nseeds = seed_corpus(target, corpus)
    say('%s with %s for %d s; working corpus %s (%d inputs), dictionary %s' %
        (target, engine, seconds, rel(corpus), nseeds, rel(dictionary) if dictionary else 'none'))
    if engine == 'libfuzzer':
        runner = LibFuzzer(target, binary, corpus, findings_dir,
                           os.path.join(workdir, 'libfuzzer.log'), seconds,
                           keep_going=args.keep_going, dictionary=dictionary)
    else:
        if args.keep_going:
            say('AFL++ never stops at a finding; KEEP_GOING changes nothing for it')
        runner = Afl(target, binary, cmplog, workdir, seconds, dictionary)
        say('AFL++ main instance%s; output %s' %
            (' and a CMPLOG secondary (-S cmplog -c ...)' if cmplog else '', rel(runner.out)))

    status = StatusLine(every=10)
    runner.start()
    try:
        while runner.running():
            status.show(format_status(target, engine, runner.snapshot(), seconds))
            time.sleep(0.5 if status.tty else 1)
    except KeyboardInterrupt:
        status.done()
        say('interrupted: stopping the fuzzer')
        runner.interrupt()
    rc = runner.wait()
    snap = runner.snapshot()
    status.show(format_status(target, engine, snap, seconds), force=True)
    status.done()
    if engine == 'afl':
        runner.collect()
    return report_local(target, engine, runner, rc, snap, corpus, findings_dir)


def report_local(target, engine, runner, rc, snap, corpus, findings_dir):
    new = runner.new_findings()
    logs = [runner.log_path] if engine == 'libfuzzer' else runner.logs()
    if engine == 'libfuzzer':
        r = runner.result()
        say('%s: %.0f s, %s execs (%s/s average), cov %s ft %s, corpus %d -> %d inputs in %s' %
            (target, r['seconds'], human(r['execs']), human(r['execs_per_sec']['final_average']),
             r['cov'], r['ft'], r['corpus']['start'], r['corpus']['end'], rel(corpus)))
    else:
        say('%s: %.0f s, %s execs (%s/s at the end), %d edges, corpus %d -> %d inputs in %s' %
            (target, snap['elapsed'], human(snap['execs']), human(snap['rate']), snap['edges'],
             runner.corpus_start, count_files(corpus), rel(corpus)))
    say('engine log%s: %s' % ('s' if len(logs) > 1 else '', ' '.join(rel(x) for x in logs)))
    if not new:
        if engine == 'libfuzzer' and rc not in (0, None) and not runner.interrupted:
            warn('libFuzzer exited with status %s and saved nothing; the end of %s:' %
                 (rc, rel(runner.log_path)))
            with open(runner.log_path, errors='replace') as f:
                sys.stderr.write(''.join(f.readlines()[-15:]))
            return 2
        if engine == 'afl' and rc and not runner.interrupted:
            warn('afl-fuzz exited with status %s; see %s' % (rc, ' '.join(rel(x) for x in logs)))
            return 2
        say('no findings')
        return 0
    if engine == 'libfuzzer' and runner.crash_lines and not runner.keep_going:
        print('---- what the fuzzer saw (first lines; full report in %s) ----' %
              rel(runner.log_path))
        for line in interesting_crash_lines(runner.crash_lines)[:12]:
            print('  ' + line)
        print('----')
    found = examine_findings(new, target)
    print_findings(found, target, findings_dir)
    return 1


def examine_findings(files, target, prog=None, engine_binary=None):
    """Text form and replay of each finding (default ASan+UBSan flavour)."""
    obj = build_tools(prog)
    dmat = os.path.join(obj, 'tools', 'dmat')
    rep = os.path.join(obj, 'tools', 'dmalab-replay')
    out = []
    for f in files:
        txt = write_text_form(dmat, f, target)
        rc, output = replay(rep, f, target)
        if rc == 2:
            why = [l for l in output.splitlines() if re.search(r'line \d+:', l)]
            sig = 'unreadable by dmalab-replay (taken for the text form%s)' % (
                ': ' + why[0].split(': ', 2)[-1][:120] if why else '')
        elif rc == 0:
            sig = 'did not reproduce in dmalab-replay'
        else:
            sig = signature(output)
        out.append({'file': f, 'text': txt, 'size': os.path.getsize(f), 'replay_status': rc,
                    'replay_output': output, 'signature': sig})
    return out


def group_findings(found):
    """[(signature, [finding, ...] smallest first)], the biggest group first."""
    groups = {}
    for x in found:
        groups.setdefault(x['signature'], []).append(x)
    for g in groups.values():
        g.sort(key=lambda x: (x['size'], x['file']))
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def print_findings(found, target, findings_dir):
    groups = group_findings(found)
    say('%d finding%s (%d distinct) in %s:' % (len(found), '' if len(found) == 1 else 's',
                                               len(groups), rel(findings_dir)))
    listed = found if len(found) <= 10 else None
    for i, (sig, items) in enumerate(groups, 1):
        print('  %d. %s  [%d input%s]' % (i, sig, len(items), '' if len(items) == 1 else 's'))
        for x in (items if listed else items[:1]):
            print('     %s  (%d bytes%s%s)' % (rel(x['file']), x['size'],
                                              ', text: %s' % os.path.basename(x['text'])
                                              if x['text'] else ', no text form',
                                              '' if listed or len(items) == 1 else ', the smallest'))
            print('     reproduce: %s' % repro_command(x['file'], target))
            if x['replay_status'] == 2:
                print('     (the tools take this binary input for the text form: see '
                      'docs/fuzzing.md, "Inputs the tools read as text")')
    index = os.path.join(findings_dir, 'README.md')
    with open(index, 'w') as f:
        f.write('# Findings of the last `make fuzz TARGET=%s` run\n\n' % target)
        for sig, items in groups:
            f.write('## %s\n\n' % sig)
            for x in items:
                f.write('- `%s` (%d bytes): `%s`\n' % (os.path.basename(x['file']), x['size'],
                                                      repro_command(x['file'], target)))
            f.write('\n')
    if not listed:
        print('  every input, each with its .txt and its repro command: %s' % rel(index))
    print('  minimize: make minimize FILE=%s TARGET=%s' % (rel(groups[0][1][0]['file']), target))


# ---- make corpus-binaries ---------------------------------------------------

def dmat_binary(dmat, text):
    """The canonical binary form of a text program (str) via dmat -b."""
    with tempfile.TemporaryDirectory() as td:
        src, out = os.path.join(td, 'p.txt'), os.path.join(td, 'p.bin')
        with open(src, 'w') as f:
            f.write(text)
        p = subprocess.run([dmat, '-b', src, '-o', out], stderr=subprocess.PIPE, text=True)
        if p.returncode:
            raise ValueError(p.stderr.strip().replace(src + ': ', ''))
        with open(out, 'rb') as f:
            return f.read()


def dict_escape(b):
    return ''.join(chr(c) if 0x20 <= c < 0x7f and chr(c) not in '"\\' else '\\x%02x' % c
                   for c in b)


_TOKEN_SRC = re.compile(r'^#>(op)?\s+([A-Za-z0-9_]+):\s*(.*?)\s*$')


def regen_dict(dmat, path):
    """Regenerate the byte tokens of a dictionary from its '#> name: text' lines:
    '#> NAME: OP LINE'   the op with its arguments, as the engine sees it
    '#> NAME: config …'  the 17 configuration bytes
    '#>op NAME: OP'      the opcode byte alone.
    Every other line is kept as it is."""
    cfg_len = len(dmat_binary(dmat, 'config\n'))
    with open(path) as f:
        lines = f.read().splitlines()
    out, i, n = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = _TOKEN_SRC.match(line)
        if not m:
            continue
        opcode_only, name, text = m.group(1), m.group(2), m.group(3)
        if i < len(lines) and lines[i].startswith(name + '='):
            i += 1      # the token we regenerate
        try:
            if text.startswith('config'):
                b = dmat_binary(dmat, text + '\n')
            else:
                b = dmat_binary(dmat, 'config\n' + text + '\n')[cfg_len:]
                if opcode_only:
                    b = b[:1]
        except ValueError as e:
            die('%s: token %s: %s' % (rel(path), name, e), 1)
        out.append('%s="%s"' % (name, dict_escape(b)))
        n += 1
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')
    return n


def corpus_binaries(dmat):
    if not os.access(dmat, os.X_OK):
        die('no dmat at %s' % dmat)
    cdir = os.path.join(ROOT, 'corpus')
    nfiles = ntok = 0
    for target in all_targets():
        d = os.path.join(cdir, target)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                if not name.endswith('.txt'):
                    continue
                src, dst = os.path.join(d, name), os.path.join(d, name[:-4])
                p = subprocess.run(converter(dmat, target) + ['-b', src, '-o', dst],
                                   stderr=subprocess.PIPE, text=True)
                if p.returncode:
                    die(p.stderr.strip(), 1)
                print('  %-44s -> %s (%d bytes)' % (rel(src), os.path.basename(dst),
                                                    os.path.getsize(dst)))
                nfiles += 1
        dp = os.path.join(cdir, target + '.dict')
        if os.path.exists(dp):
            k = regen_dict(dmat, dp)
            print('  %-44s %d byte tokens regenerated' % (rel(dp), k))
            ntok += k
    say('%d binary seeds and %d dictionary tokens written' % (nfiles, ntok), 'corpus-binaries')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--target', default='')
    ap.add_argument('--seconds', default='60')
    ap.add_argument('--engine', default='libfuzzer')
    ap.add_argument('--keep-going', action='store_true',
                    help='libFuzzer: do not stop at the first finding (-fork=1 -ignore_crashes=1)')
    ap.add_argument('--corpus-binaries', action='store_true')
    ap.add_argument('--dmat')
    args = ap.parse_args()
    if args.corpus_binaries:
        return corpus_binaries(args.dmat or os.path.join(build_tools(), 'tools', 'dmat'))
    if not re.fullmatch(r'\d+', args.seconds.strip()):
        die('SECONDS=%s: expected a number of seconds > 0' % args.seconds)
    args.seconds = int(args.seconds)
    args.target = args.target.strip()
    return run_fuzz(args)


if __name__ == '__main__':
    sys.exit(main())
