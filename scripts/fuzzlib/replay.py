# SPDX-License-Identifier: GPL-2.0-only
"""A corpus through the coverage build, in as few processes as possible.

The coverage flavour's engine binary (fuzz/engine/afl_main.c built by a
plain compiler) replays every file named on its command line in one
process, goes on after a finding, writes one coverage profile at exit
(LLVM_PROFILE_FILE) and exits 1 if an input gave a finding. So a corpus is
replayed in batches as long as a command line may be, each batch one
process with a profile of its own.

A batch that dies of a signal (a crash, no profile written) or outlives
its time is split and its parts replayed again, down to the single input
that crashes or hangs, which is counted and left out. A single input gets
the target's own timeout (the registry's); a batch of n inputs gets
BATCH_BASE_S + n * BATCH_PER_INPUT_S (the coverage build replays a typical
input in about a millisecond). The whole replay of one target stops at its
deadline: the inputs left are counted as not replayed.
"""
import os
import re
import signal
import subprocess
import time

from .common import ROOT

BATCH_ARG_BYTES = 128 * 1024    # command-line bytes of file names per process
BATCH_BASE_S = 10.0
BATCH_PER_INPUT_S = 0.05
DEFAULT_DEADLINE_S = 300        # a target's whole replay (FUZZ_COVERAGE_TIMEOUT)
_FINDING = re.compile(r'^==dmalab== target \S+, input (.*)$')


def batches(paths, limit=BATCH_ARG_BYTES):
    """paths cut into lists whose names take at most limit bytes."""
    out, cur, size = [], [], 0
    for p in paths:
        n = len(os.fsencode(p)) + 1
        if cur and size + n > limit:
            out.append(cur)
            cur, size = [], 0
        cur.append(p)
        size += n
    if cur:
        out.append(cur)
    return out


class CorpusReplay:
    """One target's corpus through one coverage binary.

    run() returns the counts {ok, failed, crashed, timeout, skipped}
    (failed: an input that gave a finding or could not be read; crashed:
    the process died on it; skipped: not replayed before the deadline) and
    leaves one .profraw per successful process in profile_dir, named
    <name>-<n>.profraw (profiles() lists them)."""

    def __init__(self, binary, inputs, profile_dir, name, input_timeout,
                 deadline=DEFAULT_DEADLINE_S, log=None):
        self.binary, self.inputs, self.profile_dir = binary, list(inputs), profile_dir
        self.name, self.input_timeout, self.deadline_s = name, input_timeout, deadline
        self.log = log or (lambda msg: None)
        self.counts = {'ok': 0, 'failed': 0, 'crashed': 0, 'timeout': 0, 'skipped': 0}
        self.processes = 0
        self.problems = []      # (kind, input) of the inputs left out
        self._seq = 0
        self._end = None

    def profiles(self):
        """The profiles the replay wrote."""
        pre = self.name + '-'
        return sorted(os.path.join(self.profile_dir, f) for f in os.listdir(self.profile_dir)
                      if f.startswith(pre) and f.endswith('.profraw')
                      and f[len(pre):-len('.profraw')].isdigit())

    def run(self):
        """Replay every input; the counts."""
        os.makedirs(self.profile_dir, exist_ok=True)
        self._end = time.time() + self.deadline_s
        work = batches([os.path.relpath(p, ROOT) if os.path.isabs(p) else p
                        for p in self.inputs])
        while work:
            batch = work.pop(0)
            if time.time() >= self._end:
                self.counts['skipped'] += len(batch) + sum(len(b) for b in work)
                self.log('replay stopped at its deadline (%d s): %d inputs not replayed' %
                         (self.deadline_s, self.counts['skipped']))
                break
            status, failed = self._one(batch)
            if status == 'ok':
                self.counts['failed'] += len(failed)
                self.counts['ok'] += len(batch) - len(failed)
                continue
            if len(batch) == 1:
                self.counts[status] += 1
                self.problems.append((status, batch[0]))
                self.log('%s: %s' % ('a crash' if status == 'crashed' else 'a timeout',
                                     batch[0]))
                continue
            # split: halves after a crash, quarters after a timeout (each part
            # of a hang may wait its whole time again)
            parts = 2 if status == 'crashed' else 4
            step = (len(batch) + parts - 1) // parts
            work[:0] = [batch[i:i + step] for i in range(0, len(batch), step)]
        return self.counts

    def _one(self, batch):
        """One process on a batch: ('ok', [inputs with a finding]) when it
        exited (0 or 1: its profile is written), 'crashed' or 'timeout'."""
        self._seq += 1
        prof = os.path.join(self.profile_dir, '%s-%d.profraw' % (self.name, self._seq))
        env = dict(os.environ, LLVM_PROFILE_FILE=prof)
        limit = (self.input_timeout if len(batch) == 1 else
                 BATCH_BASE_S + BATCH_PER_INPUT_S * len(batch))
        limit = max(1.0, min(limit, self._end - time.time()))
        self.processes += 1
        p = subprocess.Popen([self.binary] + batch, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                             env=env, start_new_session=True)
        try:
            _, err = p.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            p.communicate()
            self._drop(prof)
            return 'timeout', []
        if p.returncode < 0 or p.returncode > 2:
            self._drop(prof)    # a signal, or a sanitizer's exit: no or half a profile
            return 'crashed', []
        if not os.path.exists(prof):
            return 'crashed', []
        failed = set()
        for line in err.decode('utf-8', 'replace').splitlines():
            m = _FINDING.match(line)
            if m:
                failed.add(m.group(1))
        if p.returncode == 2:       # unreadable inputs (perror): not named in a finding line
            for line in err.decode('utf-8', 'replace').splitlines():
                name = line.split(': ', 1)[0]
                if name in batch:
                    failed.add(name)
        return 'ok', sorted(failed & set(batch))

    @staticmethod
    def _drop(path):
        try:
            os.unlink(path)
        except OSError:
            pass
