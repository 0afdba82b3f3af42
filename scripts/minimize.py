#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Shrink a crashing fuzz input with libFuzzer's crash minimizer.

    make minimize FILE=<crash> [TARGET=<t>] [MINIMIZE_SECONDS=60]
    scripts/minimize.py FILE [--target T] [--seconds N]

Writes FILE.min (binary, what the engines read) and FILE.min.txt (text form,
from dmat) and prints both paths; for FILE.txt it writes FILE.min and
FILE.min.txt beside it. The target is --target or the one the path names
(corpus/<t>/..., results/fuzz/.../<t>/...). The minimizer keeps only smaller
inputs that crash the same way (ASAN_OPTIONS=dedup_token_length=3); the
result is then replayed and its finding compared with the original's.
Exit status: 0 written, 1 the input does not crash (nothing to minimize),
2 bad usage, a target that is not built in, or a failure.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzlib.build import build_fuzz, not_built_message, target_status  # noqa: E402
from fuzzlib.common import die, rel, say, warn  # noqa: E402
from fuzzlib.findings import repro_command, signature  # noqa: E402
from fuzzlib.registry import all_targets, check_targets, registry, target_from_path  # noqa: E402

PROG = 'minimize'


def run_once(binary, path, env, timeout):
    """Run the engine binary on one input once; (exit status, output)."""
    p = subprocess.run([binary, '-runs=1', path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors='replace', env=env,
                       timeout=timeout * 4)
    return p.returncode, p.stdout


def looks_like_text(path):
    """Is this input (probably) in its text form? Named .txt, or printable
    text throughout: the codec decides the rest (dmat parses it or not)."""
    if path.endswith('.txt'):
        return True
    try:
        with open(path, 'rb') as f:
            head = f.read(4096)
    except OSError:
        return False
    return bool(head.strip()) and not any(b < 9 or 13 < b < 32 or b > 126 for b in head)


def finding_line(output):
    """The finding as the target or a sanitizer named it (without the op index),
    as fuzzlib.findings.signature() names findings in reports."""
    sig = signature(output)
    if sig != 'no finding on replay':
        return sig
    for line in output.splitlines():
        line = line.strip()
        m = re.match(r'^FINDING \((\S+)\) (?:after op \d+ |)at (.*)$', line)
        if m:
            return 'FINDING (%s) at %s' % (m.group(1), m.group(2))
    for line in output.splitlines():
        m = re.match(r'^SUMMARY: (\w+Sanitizer: .*)$', line.strip())
        if m:
            return m.group(1)
    for line in output.splitlines():
        if 'runtime error:' in line or 'ERROR: libFuzzer' in line:
            return re.sub(r'0x[0-9a-f]{6,}', '0x…', line.strip())
    return None


def main():
    """make minimize: check the input crashes, minimize it, write both forms."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('file')
    ap.add_argument('--target', default='')
    ap.add_argument('--seconds', type=int,
                    default=int(os.environ.get('MINIMIZE_SECONDS', '60') or 60))
    args = ap.parse_args()

    path = args.file
    if not os.path.isfile(path):
        die('FILE=%s: no such file' % path, prog=PROG)
    target = args.target.strip() or target_from_path(os.path.abspath(path))
    if not target:
        die('cannot tell the target from %s; pass TARGET=<t> (targets: %s)' %
            (path, ' '.join(all_targets())), prog=PROG)
    check_targets([target], PROG)

    obj = build_fuzz('libfuzzer', [target], PROG)
    binary = os.path.join(obj, 'fuzz', target)
    ok, why = target_status(binary)
    if not ok:
        die(not_built_message(target), prog=PROG)
    reg = registry(PROG)
    timeout = reg.timeout(target)

    base = path[:-4] if path.endswith('.txt') else path
    out_bin, out_txt = base + '.min', base + '.min.txt'
    env = dict(os.environ)
    env['ASAN_OPTIONS'] = ':'.join(x for x in (env.get('ASAN_OPTIONS', ''),
                                               'dedup_token_length=3') if x)
    with tempfile.TemporaryDirectory(prefix='dmalab-min-') as td:
        src = os.path.abspath(path)
        if looks_like_text(path):
            # the engines read bytes: minimize the binary form of the input
            src = os.path.join(td, 'input')
            err = reg.to_binary(path, src, target)
            if err and path.endswith('.txt'):
                die(err, prog=PROG)
            if err:     # printable, but not the text form: bytes as they are
                src = os.path.abspath(path)
            else:
                say('%s is the text form; minimizing its binary form' % path, PROG)
        rc, out = run_once(binary, src, env, timeout)
        if rc == 0:
            say('%s does not crash the %s target: nothing to minimize' % (path, target), PROG)
            return 1
        before = finding_line(out)
        say('%s (%d bytes) crashes %s: %s' % (path, os.path.getsize(src), target,
                                              before or 'exit status %d' % rc), PROG)
        work = os.path.join(td, 'min')
        cmd = [binary, '-minimize_crash=1', '-runs=100000', '-max_total_time=%d' % args.seconds,
               '-timeout=%d' % timeout, '-exact_artifact_path=' + work, src]
        say('libFuzzer -minimize_crash=1 for at most %d s' % args.seconds, PROG)
        log = os.path.join(td, 'log')
        with open(log, 'w') as lf:
            subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=td)
        with open(log, errors='replace') as lf:
            tail = [l for l in lf.read().splitlines() if l.startswith('CRASH_MIN')]
        for l in tail[-3:]:
            print('  ' + l)
        if not os.path.exists(work) or os.path.getsize(work) >= os.path.getsize(src):
            shutil.copyfile(src, work)
            say('no smaller input crashes the same way; FILE.min is the input itself', PROG)
        rc2, out2 = run_once(binary, work, env, timeout)
        after = finding_line(out2)
        if rc2 == 0:
            die('the minimized input does not crash on its own (flaky finding?)', prog=PROG)
        shutil.copyfile(work, out_bin)
    txt = reg.write_text_form(out_bin, target)
    if not txt:
        warn('dmat cannot print %s (the tools read it as text); no .min.txt' % out_bin, PROG)
    elif txt != out_txt:
        os.replace(txt, out_txt)
    say('%d -> %d bytes; finding: %s' % (os.path.getsize(path), os.path.getsize(out_bin),
                                         after or 'exit status %d' % rc2), PROG)
    if before and after and before != after:
        warn('the finding changed while minimizing: was "%s"' % before, PROG)
    print(rel(out_bin))
    if txt:
        print(rel(out_txt))
    print('reproduce: %s' % repro_command(out_bin, target))
    return 0


if __name__ == '__main__':
    sys.exit(main())
