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
import fuzz  # noqa: E402
from fuzz import rel  # noqa: E402

PROG = 'minimize'


def run_once(binary, path, env):
    p = subprocess.run([binary, '-runs=1', path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors='replace', env=env,
                       timeout=fuzz.TIMEOUT * 4)
    return p.returncode, p.stdout


def finding_line(output):
    """The finding as the target or a sanitizer named it (without the op index),
    as fuzz.signature() names findings in reports."""
    sig = fuzz.signature(output)
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
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('file')
    ap.add_argument('--target', default='')
    ap.add_argument('--seconds', type=int,
                    default=int(os.environ.get('MINIMIZE_SECONDS', '60') or 60))
    args = ap.parse_args()

    path = args.file
    if not os.path.isfile(path):
        fuzz.die('FILE=%s: no such file' % path, prog=PROG)
    target = args.target.strip() or fuzz.target_from_path(os.path.abspath(path))
    if not target:
        fuzz.die('cannot tell the target from %s; pass TARGET=<t> (targets: %s)' %
                 (path, ' '.join(fuzz.all_targets())), prog=PROG)
    fuzz.check_targets([target], PROG)

    obj = fuzz.build_fuzz('libfuzzer', [target], PROG)
    binary = os.path.join(obj, 'fuzz', target)
    ok, why = fuzz.target_status(binary)
    if not ok:
        fuzz.die(fuzz.not_built_message(target), prog=PROG)
    tobj = fuzz.build_tools(PROG)
    dmat = os.path.join(tobj, 'tools', 'dmat')

    base = path[:-4] if path.endswith('.txt') else path
    out_bin, out_txt = base + '.min', base + '.min.txt'
    env = dict(os.environ)
    env['ASAN_OPTIONS'] = ':'.join(x for x in (env.get('ASAN_OPTIONS', ''),
                                               'dedup_token_length=3') if x)
    with tempfile.TemporaryDirectory(prefix='dmalab-min-') as td:
        src = os.path.abspath(path)
        if fuzz.is_text_program(path):
            # the engines read bytes: minimize the binary form of the program
            src = os.path.join(td, 'input')
            p = subprocess.run([dmat, '-b', path, '-o', src], stderr=subprocess.PIPE, text=True)
            if p.returncode:
                fuzz.die(p.stderr.strip(), prog=PROG)
            fuzz.say('%s is the text form; minimizing its binary form' % path, PROG)
        rc, out = run_once(binary, src, env)
        if rc == 0:
            fuzz.say('%s does not crash the %s target: nothing to minimize' % (path, target), PROG)
            return 1
        before = finding_line(out)
        fuzz.say('%s (%d bytes) crashes %s: %s' % (path, os.path.getsize(src), target,
                                                   before or 'exit status %d' % rc), PROG)
        work = os.path.join(td, 'min')
        cmd = [binary, '-minimize_crash=1', '-runs=100000', '-max_total_time=%d' % args.seconds,
               '-timeout=%d' % fuzz.TIMEOUT, '-exact_artifact_path=' + work, src]
        fuzz.say('libFuzzer -minimize_crash=1 for at most %d s' % args.seconds, PROG)
        log = os.path.join(td, 'log')
        with open(log, 'w') as lf:
            subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=td)
        with open(log, errors='replace') as lf:
            tail = [l for l in lf.read().splitlines() if l.startswith('CRASH_MIN')]
        for l in tail[-3:]:
            print('  ' + l)
        if not os.path.exists(work) or os.path.getsize(work) >= os.path.getsize(src):
            shutil.copyfile(src, work)
            fuzz.say('no smaller input crashes the same way; FILE.min is the input itself', PROG)
        rc2, out2 = run_once(binary, work, env)
        after = finding_line(out2)
        if rc2 == 0:
            fuzz.die('the minimized input does not crash on its own (flaky finding?)', prog=PROG)
        shutil.copyfile(work, out_bin)
    txt = fuzz.write_text_form(dmat, out_bin, target)
    if not txt:
        fuzz.warn('dmat cannot print %s (the tools read it as text); no .min.txt' % out_bin, PROG)
    elif txt != out_txt:
        os.replace(txt, out_txt)
    fuzz.say('%d -> %d bytes; finding: %s' % (os.path.getsize(path), os.path.getsize(out_bin),
                                              after or 'exit status %d' % rc2), PROG)
    if before and after and before != after:
        fuzz.warn('the finding changed while minimizing: was "%s"' % before, PROG)
    print(rel(out_bin))
    if txt:
        print(rel(out_txt))
    print('reproduce: %s' % fuzz.repro_command(out_bin, target))
    return 0


if __name__ == '__main__':
    sys.exit(main())
