# SPDX-License-Identifier: GPL-2.0-only
"""Findings: replay each with dmalab-replay (ASan+UBSan, the default
flavour), name it by what it hits (its signature), group inputs that hit
the same thing, and print them with the commands that reproduce them.
"""
import os
import re
import subprocess

from .common import ROOT, rel, say
from .registry import registry


def repro_command(path, target):
    """The make command that replays one input."""
    return 'make repro FILE=%s TARGET=%s' % (rel(path), target)


def replay(reg, path, target):
    """Run dmalab-replay on one input (the target's own timeout); (exit status, output)."""
    timeout = reg.timeout(target)
    try:
        p = subprocess.run([reg.replay, '--target', target, rel(path)],
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


def examine_findings(files, target, prog=None):
    """Text form and replay of each finding (default ASan+UBSan flavour)."""
    reg = registry(prog)
    out = []
    for f in files:
        txt = reg.write_text_form(f, target)
        rc, output = replay(reg, f, target)
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
    """The findings of `make fuzz`, grouped, with their repro commands; and
    findings/README.md listing every input."""
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
