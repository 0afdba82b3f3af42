# SPDX-License-Identifier: GPL-2.0-only
"""What `make fuzz` shows while and after it runs: the live status line, and
the interesting lines of a crash report.
"""
import re
import shutil
import sys
import time

from .common import human


class StatusLine:
    """One line, rewritten in place on a terminal; a line every `every` s otherwise."""

    def __init__(self, every=10):
        """every: seconds between lines when stdout is not a terminal."""
        self.tty = sys.stdout.isatty()
        self.every = every
        self.last = 0
        self.width = shutil.get_terminal_size((120, 24)).columns

    def show(self, text, force=False):
        """Show text: now on a terminal; otherwise if `every` s passed (or force)."""
        now = time.time()
        if self.tty:
            sys.stdout.write('\r' + text[:self.width - 1] + '\x1b[K')
            sys.stdout.flush()
        elif force or now - self.last >= self.every:
            print(text, flush=True)
            self.last = now

    def done(self):
        """End the line on a terminal."""
        if self.tty:
            sys.stdout.write('\n')
            sys.stdout.flush()


def format_status(target, engine, snap, seconds):
    """The status line of `make fuzz` from a runner's snapshot()."""
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
