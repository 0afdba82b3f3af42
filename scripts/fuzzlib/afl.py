# SPDX-License-Identifier: GPL-2.0-only
"""AFL++ on one target: a main instance and, given a second CPU, a CMPLOG
secondary, sharing one output folder; their statistics for the status line;
at the end their crashes and hangs copied to findings/ and their queues to
the working corpus. -t is the target descriptor's timeout.
"""
import os
import re
import shutil
import signal
import subprocess
import time

from .common import ROOT, count_files, sha1_file
from .corpus import finding_files


class Afl:
    """AFL++ instances on one target: a main (-M) and, given a second core,
    a secondary (-S) with the CMPLOG binary (-c), sharing one output dir.
    desc is the target's descriptor (registry.Registry.descriptor)."""

    def __init__(self, desc, binary, cmplog, workdir, seconds, dictionary=None):
        self.target, self.desc, self.binary, self.cmplog = desc['name'], desc, binary, cmplog
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
        """The instances: (name, afl-fuzz options, binary)."""
        inst = [('main', ['-M', 'main'], self.binary)]
        if self.cmplog:
            inst.append(('cmplog', ['-S', 'cmplog', '-c', self.cmplog], self.binary))
        return inst

    def start(self):
        """Start the instances, each in its own session, with its log."""
        if os.path.isdir(self.out):     # an earlier run: keep what it found
            self.collect()
            shutil.rmtree(self.out)
        os.makedirs(self.out)
        if not count_files(self.corpus):    # AFL wants one seed at least: any bytes
            with open(os.path.join(self.corpus, 'afl-seed'), 'wb') as f:
                f.write(b'\0')
        env = dict(os.environ, AFL_NO_UI='1', AFL_SKIP_CPUFREQ='1', AFL_NO_AFFINITY='1',
                   AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES='1', AFL_SKIP_CRASHES='1',
                   AFL_NO_WARN_INSTABILITY='1')
        # AFL++ sets the sanitizer options it needs when none are given
        for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'AFL_AUTORESUME'):
            env.pop(k, None)
        self.start_time = time.time()
        for name, opts, binary in self.instances():
            cmd = ['afl-fuzz'] + opts + ['-i', self.corpus, '-o', self.out,
                                         '-V', str(self.seconds),
                                         '-t', str(self.desc['timeout'] * 1000)]
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
        """Is an instance still running?"""
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
        """A number of fuzzer_stats (0.0 when missing or not finite)."""
        try:
            v = float(st[key].rstrip('%'))
            return v if v == v and v not in (float('inf'), float('-inf')) else 0.0
        except (KeyError, ValueError):
            return 0.0

    def snapshot(self):
        """The status now, summed over the instances (execs estimated between
        the minutes AFL++ writes fuzzer_stats)."""
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
        """Ask every instance to stop."""
        for p, _ in self.procs.values():
            try:
                os.killpg(p.pid, signal.SIGINT)
            except ProcessLookupError:
                pass

    def wait(self):
        """Wait for the end (a hard stop 90 s past the time limit); the exit status."""
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
        """Findings collected from this run (not the ones there before it)."""
        return [f for f in finding_files(self.findings) if f not in self.findings_before]

    def logs(self):
        """The instances' log files."""
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
    """The inputs an instance saved in its crashes/ (or hangs/) folder."""
    d = os.path.join(inst_dir, sub)
    try:
        return sorted(os.path.join(d, n) for n in os.listdir(d) if n.startswith('id:'))
    except OSError:
        return []
