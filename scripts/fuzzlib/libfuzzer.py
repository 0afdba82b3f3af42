# SPDX-License-Identifier: GPL-2.0-only
"""One libFuzzer process on one target, its output parsed as it comes:
execs, rates, coverage, the corpus, the crash report, libFuzzer's final
stats. -max_len and -timeout are the target descriptor's.
"""
import os
import re
import signal
import statistics
import subprocess
import threading
import time

from .common import ROOT, count_files
from .corpus import finding_files

_LF_STATUS = re.compile(r'^#(\d+)\s+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)\s+(.*)$')
_LF_FORK = re.compile(r'^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec/s (\d+) '
                      r'oom/timeout/crash: (\d+)/(\d+)/(\d+) time: (\d+)s')
_LF_STAT = re.compile(r'^stat::(\w+):\s+(\d+)')
_LF_ARTIFACT = re.compile(r'Test unit written to (\S+)')


class LibFuzzer:
    """One libFuzzer process on one target, its output parsed as it comes.
    desc is the target's descriptor (registry.Registry.descriptor)."""

    def __init__(self, desc, binary, corpus, artifacts, log, seconds, keep_going=False,
                 dictionary=None, extra=()):
        self.target, self.desc, self.binary, self.corpus = desc['name'], desc, binary, corpus
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
        """The libFuzzer command line."""
        cmd = [self.binary, '-max_total_time=%d' % self.seconds,
               '-artifact_prefix=%s/' % self.artifacts, '-print_final_stats=1',
               '-timeout=%d' % self.desc['timeout'],
               '-max_len=%d' % self.desc['max_len'], '-rss_limit_mb=2560']
        if self.dictionary:
            cmd.append('-dict=%s' % self.dictionary)
        if self.keep_going:
            cmd += ['-fork=1', '-ignore_crashes=1', '-ignore_timeouts=1', '-ignore_ooms=1']
        return cmd + self.extra + [self.corpus]

    def start(self):
        """Start libFuzzer in its own session, and a thread reading its output."""
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
        """The reader thread: log every line, parse status, stats and crashes."""
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
                    self.cov, self.ft = int(f.group(2)), int(f.group(3))
                    self.units = int(f.group(4))
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
        """One status line (rest: its text after the event, None in fork mode)."""
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
        """Is libFuzzer still running?"""
        return self.proc is not None and self.proc.poll() is None

    def new_findings(self):
        """Findings saved by this run (not the ones there before it)."""
        return [f for f in finding_files(self.artifacts) if f not in self.findings_before]

    def interrupt(self):
        """Ask libFuzzer to stop (SIGINT: it still prints its final stats)."""
        self.interrupted = True
        self.signal(signal.SIGINT)

    def signal(self, sig):
        """Send sig to libFuzzer's process group (fork mode's workers too)."""
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


_MERGE_DONE = re.compile(r'MERGE-OUTER: (\d+) new files with (\d+) new features')


def merge_corpus(desc, binary, into, sources, log_path, artifacts, limit=900):
    """libFuzzer's -merge=1: the inputs of the folders `sources` that add
    coverage (features), smallest first, copied into `into` (an empty
    folder). The target's -max_len and -timeout; a crash on the way is
    libFuzzer's to survive (it restarts past it and saves the input under
    artifacts/). Returns (ok, how many files `into` holds, seconds)."""
    os.makedirs(into, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    cmd = [binary, '-merge=1', '-max_len=%d' % desc['max_len'], '-timeout=%d' % desc['timeout'],
           '-rss_limit_mb=2560', '-artifact_prefix=%s/' % artifacts, into] + list(sources)
    env = dict(os.environ)
    asan = env.get('ASAN_OPTIONS', '')
    env['ASAN_OPTIONS'] = ':'.join(x for x in (asan, 'dedup_token_length=3') if x)
    t0 = time.time()
    ok = False
    with open(log_path, 'w') as log:
        log.write('$ %s\n' % ' '.join(cmd))
        log.flush()
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             cwd=ROOT, env=env, start_new_session=True)
        try:
            ok = p.wait(limit) == 0
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            p.wait()
            log.write('\n(dmalab: merge stopped after %d s)\n' % limit)
    if ok:
        with open(log_path, errors='replace') as f:
            ok = bool(_MERGE_DONE.search(f.read()))
    return ok, count_files(into), round(time.time() - t0, 1)
