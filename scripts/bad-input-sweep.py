#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""bad-input-sweep.py OBJ [--count N] [--seed S]: feed N generated bad
inputs to each tool (dmalab-replay, dmat, dmalab-topo) and count what
happens. Inputs are the committed corpus's text programs and topologies,
broken the ways people and tools break files: truncated, a byte flipped or
NUL, a line duplicated, a key repeated, a number made negative, huge or
empty, CRLF, junk lines, or random bytes. Each run must end in one of:
taken (exit 0), or refused (the tool's refusal status, exactly one line,
with a reason after the file name). Anything else is counted and its
input kept: a finding (a program that runs and reproduces something: a
kernel bug or ours, to look at), crash (a signal, a sanitizer report),
hang (timeout), bad message (no reason, or more than one line).
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys
import tempfile

# the exit statuses of a refusal, per tool (replay: 1 is a finding)
REFUSE = {'dmalab-replay': (2,), 'dmat': (1, 2), 'dmalab-topo': (1, 2)}
TOOLS = {
    'dmalab-replay': lambda path, t: ['--target', t, path],
    'dmat': lambda path, t: ['--target', t, path],
    'dmalab-topo': lambda path, t: ['-c', path],
}


def mutate(rng, text):
    lines = text.split('\n')
    k = rng.randrange(11)
    if k == 0:
        return text[:rng.randrange(len(text) + 1)]
    if k == 1:
        i = rng.randrange(max(1, len(text)))
        return text[:i] + chr(rng.randrange(256)) + text[i + 1:]
    if k == 2:
        i = rng.randrange(max(1, len(text)))
        return text[:i] + '\0' + text[i:]
    if k == 3 and lines:
        i = rng.randrange(len(lines))
        return '\n'.join(lines[:i] + [lines[i]] + lines[i:])
    if k == 4:
        m = list(re.finditer(r'(\w+)=(\S+)', text))
        if m:
            x = rng.choice(m)
            return text[:x.end()] + ' ' + x.group(0) + text[x.end():]
    if k == 5:
        m = list(re.finditer(r'=(0x[0-9a-f]+|\d+)', text))
        if m:
            x = rng.choice(m)
            new = rng.choice(['=-1', '=-0x10', '=' + '9' * rng.randrange(20, 40),
                              '=0x' + 'f' * 17, '=', '=+3', '=1e3', '=0x'])
            return text[:x.start()] + new + text[x.end():]
    if k == 6:
        return text.replace('\n', '\r\n')
    if k == 7:
        junk = rng.choice(['frob x=1', '=', 'config', 'range range=1', '\t\t', '#', 'a' * 300])
        i = rng.randrange(len(lines) + 1)
        return '\n'.join(lines[:i] + [junk] + lines[i:])
    if k == 8:
        return ''.join(chr(rng.randrange(256)) for _ in range(rng.randrange(1, 200)))
    if k == 9 and len(lines) > 1:
        rng.shuffle(lines)
        return '\n'.join(lines)
    return text + '\n' + rng.choice(lines) * rng.randrange(1, 5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('obj')
    ap.add_argument('--count', type=int, default=10000, help='inputs per tool')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--keep', default='results/bad-input-sweep',
                    help='where inputs that crash, hang or get a bad message go')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    seeds = {}
    for t in os.listdir('corpus'):
        for f in sorted(glob.glob('corpus/%s/*.txt' % t) + glob.glob('corpus/%s/regressions/*.txt' % t)):
            seeds.setdefault(t, []).append(open(f, encoding='latin-1').read())
    tmp = tempfile.mkdtemp()
    summary = {}
    for tool, argv in TOOLS.items():
        targets = ['p2p'] if tool == 'dmalab-topo' else sorted(seeds)
        res = {'taken': 0, 'refused': 0, 'finding': 0, 'crash': 0, 'hang': 0,
               'bad message': 0}
        for n in range(a.count):
            t = rng.choice(targets)
            data = mutate(rng, rng.choice(seeds[t])).encode('latin-1')
            ext = '.txt' if rng.random() < 0.5 else ''
            path = os.path.join(tmp, 'in%s' % ext)
            with open(path, 'wb') as f:
                f.write(data)
            try:
                p = subprocess.run([os.path.join(a.obj, 'tools', tool)] + argv(path, t),
                                   capture_output=True, timeout=60)
                out = (p.stdout + p.stderr).decode('latin-1')
                rc = p.returncode
                if rc < 0 or 'Sanitizer' in out or 'CRASH' in out or 'runtime error' in out:
                    kind = 'crash'
                elif rc in REFUSE[tool]:
                    lines = out.strip('\n').split('\n')
                    reason = lines[0].split('%s: ' % path, 1)[1] if '%s: ' % path in lines[0] else ''
                    kind = 'refused' if len(lines) == 1 and reason.strip() else 'bad message'
                elif rc == 0:
                    kind = 'taken'
                else:
                    kind = 'finding'	# a program that runs and reproduces something
            except subprocess.TimeoutExpired:
                kind, out = 'hang', ''
            res[kind] += 1
            if kind not in ('taken', 'refused'):
                os.makedirs(a.keep, exist_ok=True)
                keep = os.path.join(a.keep, '%s-%s-%d%s' % (tool, kind.replace(' ', '-'), n, ext))
                with open(keep, 'wb') as f:
                    f.write(data)
                print('%s: %s: %s (kept: %s)' % (tool, kind, out.strip()[:200], keep))
            if (n + 1) % 1000 == 0:
                print('%s: %d/%d %s' % (tool, n + 1, a.count, res), flush=True)
        summary[tool] = res
    for tool, res in summary.items():
        print('%-14s %s' % (tool, ', '.join('%s %d' % kv for kv in res.items())))
    bad = sum(r['crash'] + r['hang'] + r['bad message'] + r['finding']
              for r in summary.values())
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
