# SPDX-License-Identifier: GPL-2.0-only
"""Messages, paths and small formatting helpers for the fuzz scripts."""
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# the name messages start with, unless a caller passes its own
PROG = 'fuzz'


def say(msg, prog=None):
    """Print 'prog: msg' to stdout."""
    print('%s: %s' % (prog or PROG, msg), flush=True)


def warn(msg, prog=None):
    """Print 'prog: WARNING: msg' to stderr."""
    print('%s: WARNING: %s' % (prog or PROG, msg), file=sys.stderr, flush=True)


def die(msg, code=2, prog=None):
    """Print 'prog: error: msg' to stderr and exit with code."""
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
    """The CPUs this process may run on."""
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
    """The sha1 of a file's bytes, in hex (libFuzzer names inputs so)."""
    with open(path, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()


def count_files(d):
    """How many regular, non-hidden files folder d holds (0 if it is missing)."""
    try:
        return sum(1 for e in os.scandir(d) if e.is_file() and not e.name.startswith('.'))
    except OSError:
        return 0
