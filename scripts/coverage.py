#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Line and branch coverage of the compiled kernel files by a fuzz corpus.

    make coverage [TARGETS="iova diff"] [CORPUS=dir] [FUZZ_COVERAGE_TIMEOUT=S]
    scripts/coverage.py [--targets "..."] [--corpus DIR] [--jobs N] [--timeout S]

Builds FUZZ=coverage (clang-14 source-based coverage) and replays each
target's corpus (corpus/<target>/, or CORPUS) through it in one process
(batches as long as a command line may be; a crash or a hang is isolated by
splitting its batch, fuzzlib/replay.py), the targets --jobs at a time, each
with one profile. Merges the profiles with llvm-profdata-14 and reports,
with llvm-cov-14, the line and branch coverage of each kernel file in
kernel-shim/kernel-files.txt and of the kernel headers that hold code (the
generic_pt templates and formats, kernel/dma/direct.h, ...; include/
headers where reached). A target's totals count the files it drives: the
files its corpus covers more lines of than an empty input does (start-up
code, which every target runs, is not driving a file).
Writes results/coverage/<run>/: summary.txt (the table printed), coverage.json,
llvm-cov-report.txt, html/index.html. CORPUS may hold one folder per target
(as results/fuzz/<run>/corpus) or be a folder of one target's inputs.
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzlib.build import build_fuzz, git_info, read_manifest, target_status  # noqa: E402
from fuzzlib.common import ROOT, die, ncpu, rel, say, warn  # noqa: E402
from fuzzlib.corpus import corpus_inputs  # noqa: E402
from fuzzlib.registry import all_targets, check_targets, registry, target_from_path  # noqa: E402
from fuzzlib.replay import DEFAULT_DEADLINE_S, CorpusReplay  # noqa: E402

PROG = 'coverage'
MEASURES = ('lines', 'branches', 'functions', 'regions')


def kernel_files():
    """The kernel .c files compiled (kernel-shim/kernel-files.txt)."""
    out = []
    with open(os.path.join(ROOT, 'kernel-shim', 'kernel-files.txt')) as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if line:
                out.append(line[0])
    return out


def merge_profiles(profraws, out, prog=PROG):
    """llvm-profdata merge of raw profiles into out (None without profiles)."""
    if not profraws:
        return None
    p = subprocess.run(['llvm-profdata-14', 'merge', '-sparse', '-o', out] + profraws,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        die('llvm-profdata-14 merge failed:\n' + p.stdout, prog=prog)
    return out


def objects_args(binaries):
    """llvm-cov's object arguments: the first binary, then -object each other."""
    args = [binaries[0]]
    for b in binaries[1:]:
        args += ['-object', b]
    return args


def export_summary(binaries, profdata, prog=PROG):
    """llvm-cov export -summary-only, parsed."""
    p = subprocess.run(['llvm-cov-14', 'export', '-summary-only', '-instr-profile=' + profdata]
                       + objects_args(binaries), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode:
        die('llvm-cov-14 export failed: ' + p.stderr.strip(), prog=prog)
    return json.loads(p.stdout)


class Classifier:
    """Maps llvm-cov's file names to kernel-tree paths, sorted into the files
    compiled (kernel-files.txt) and the kernel headers with code."""

    def __init__(self, ktree, obj):
        self.ktree = os.path.abspath(ktree).rstrip('/') + '/'
        self.kinc = os.path.abspath(os.path.join(obj, 'kinc')) + '/'
        self.listed = kernel_files()

    def kernel_path(self, filename):
        """The kernel-tree path of a file llvm-cov names, or None (not kernel code)."""
        f = os.path.abspath(os.path.join(ROOT, filename))
        if f.startswith(self.ktree):
            r = f[len(self.ktree):]
            return None if r.startswith('tools/') else r
        if f.startswith(self.kinc):
            r = f[len(self.kinc):]
            return r if r.startswith(('drivers/', 'kernel/')) else 'include/' + r
        return None

    def rows(self, export):
        """{'files': {path: summary}, 'headers': {path: summary}} from llvm-cov export.
        A header reached by two names (the tree's own path and the kinc/
        link to it) is one file: the name with more lines covered counts."""
        files, headers = {}, {}
        for f in export['data'][0]['files']:
            kp = self.kernel_path(f['filename'])
            if kp is None:
                continue
            s = f['summary']
            entry = {k: {'covered': s[k]['covered'], 'count': s[k]['count'],
                         'percent': round(s[k]['percent'], 2)}
                     for k in MEASURES if k in s}
            entry['source'] = f['filename']
            into = files if kp in self.listed else headers if s['lines']['count'] else None
            if into is None:
                continue
            old = into.get(kp)
            if old is None or (entry['lines']['covered'], entry['lines']['count']) > \
                    (old['lines']['covered'], old['lines']['count']):
                into[kp] = entry
        for kp in self.listed:      # a listed file that no binary holds: 0 of 0
            files.setdefault(kp, None)
        return {'files': files, 'headers': headers}

    def sources(self, export):
        """The kernel source files llvm-cov knows, for llvm-cov show."""
        return [f['filename'] for f in export['data'][0]['files']
                if self.kernel_path(f['filename']) is not None]


def is_tree_header(kp):
    """A header of the tree's own folders (drivers/, kernel/, lib/: the
    generic_pt templates and formats, direct.h, ...), not include/."""
    return not kp.startswith('include/')


def code_rows(classified):
    """{path: row} of the kernel code a total counts: the compiled files with
    lines, and the tree's own headers with code (generic_pt's code is there)."""
    rows = {k: v for k, v in classified.get('files', {}).items() if v and v['lines']['count']}
    rows.update({k: v for k, v in classified.get('headers', {}).items() if is_tree_header(k)})
    return rows


def driven(classified, baseline):
    """The files (and headers) a corpus drives: more lines covered than an
    empty input covers (the start-up every process runs)."""
    out = []
    base = dict(baseline.get('files', {}))
    base.update(baseline.get('headers', {}))
    for section in ('files', 'headers'):
        for kp, r in classified.get(section, {}).items():
            b = base.get(kp)
            if r and r['lines']['covered'] > (b['lines']['covered'] if b else 0):
                out.append(kp)
    return sorted(out)


def total(rows, key):
    """covered/count/percent of one measure (lines, branches, ...) over rows."""
    cov = sum(r[key]['covered'] for r in rows.values() if r)
    cnt = sum(r[key]['count'] for r in rows.values() if r)
    return {'covered': cov, 'count': cnt, 'percent': round(100.0 * cov / cnt, 2) if cnt else 0.0}


def driven_totals(entry):
    """lines_total and branches_total of a target over the code it drives."""
    rows = {k: v for k, v in code_rows(entry).items() if k in set(entry.get('drives', []))}
    return total(rows, 'lines'), total(rows, 'branches')


def fmt_cell(x):
    """'covered/count percent' of one measure, '-' when there is nothing."""
    if not x or not x['count']:
        return '%17s' % '-'
    return '%6d/%-6d %3.0f%%' % (x['covered'], x['count'], x['percent'])


def table(classified, title=None):
    """The table printed: kernel files, then kernel headers with code."""
    lines = []
    if title:
        lines.append(title)
    head = '  %-52s %17s %17s %17s' % ('kernel file', 'lines', 'branches', 'functions')
    for section, label in (('files', None), ('headers', 'kernel headers with code: the '
                                             'generic_pt templates, and include/ where reached')):
        rows = classified[section]
        if section == 'headers':    # the tree's own always, include/ when reached
            rows = {k: v for k, v in rows.items()
                    if is_tree_header(k) or v['lines']['covered']}
        if not rows:
            continue
        if label:
            lines.append('  ' + label + ':')
        lines.append(head)
        for kp in sorted(rows):
            r = rows[kp]
            lines.append('  %-52s %s %s %s' % (kp, fmt_cell(r and r['lines']),
                                               fmt_cell(r and r['branches']),
                                               fmt_cell(r and r['functions'])))
        lines.append('  %-52s %s %s %s' % ('total', fmt_cell(total(rows, 'lines')),
                                           fmt_cell(total(rows, 'branches')),
                                           fmt_cell(total(rows, 'functions'))))
    return '\n'.join(lines)


def baseline(binary, profile_dir, name, cls, prog=PROG):
    """What an empty input covers (start-up and the target's fixed set-up)."""
    raw = os.path.join(profile_dir, '%s-empty.profraw' % name)
    with tempfile.NamedTemporaryFile(prefix='dmalab-empty-') as empty:
        try:
            subprocess.run([binary, empty.name], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
                           env=dict(os.environ, LLVM_PROFILE_FILE=raw))
        except subprocess.TimeoutExpired:
            pass
    if not os.path.exists(raw):
        return {}
    pd = merge_profiles([raw], os.path.join(profile_dir, '%s-empty.profdata' % name), prog)
    return cls.rows(export_summary([binary], pd, prog))


def replay_target(target, binary, inputs, workdir, cls, input_timeout,
                  deadline=DEFAULT_DEADLINE_S, prog=PROG):
    """One target's corpus through its coverage binary: one process (per
    command line's worth of inputs), one profile; then its rows, the files
    it drives and its totals over them. The JSON-able entry, with 'raws'."""
    t0 = time.time()
    prof = os.path.join(workdir, 'profiles')
    os.makedirs(prof, exist_ok=True)
    for old in glob.glob(os.path.join(prof, '%s-*' % target)):
        os.unlink(old)
    rep = CorpusReplay(binary, inputs, prof, target, input_timeout, deadline,
                       log=lambda m: warn('%s: %s' % (target, m), prog))
    counts = rep.run()
    raws = rep.profiles()
    entry = {'status': 'ok', 'inputs': len(inputs), 'replay': counts,
             'processes': rep.processes, 'raws': raws}
    if rep.problems:
        entry['left_out'] = [{'input': p, 'why': k} for k, p in rep.problems]
    if raws:
        pd = merge_profiles(raws, os.path.join(workdir, '%s.profdata' % target), prog)
        entry.update(cls.rows(export_summary([binary], pd, prog)))
        entry['drives'] = driven(entry, baseline(binary, prof, target, cls, prog))
        entry['lines_total'], entry['branches_total'] = driven_totals(entry)
    entry['seconds'] = round(time.time() - t0, 2)
    return entry


def combine(entries, binaries, workdir, cls, tree, prog=PROG, html=True):
    """All targets' profiles together: {'files', 'headers', 'targets'},
    llvm-cov-report.txt and (html) html/index.html; html path or None."""
    allraw = [r for e in entries for r in e.get('raws', [])]
    if not allraw:
        return None, None
    pd = merge_profiles(allraw, os.path.join(workdir, 'all.profdata'), prog)
    export = export_summary(binaries, pd, prog)
    allc = cls.rows(export)
    allc['targets'] = [os.path.basename(b) for b in binaries]
    allc['lines_total'] = total(code_rows(allc), 'lines')
    allc['branches_total'] = total(code_rows(allc), 'branches')
    index = None
    if html:
        out = os.path.join(workdir, 'html')
        p = subprocess.run(['llvm-cov-14', 'show', '-format=html', '-output-dir=' + out,
                            '-instr-profile=' + pd, '-show-branches=count',
                            '-show-line-counts-or-regions', '-show-expansions',
                            '-project-title=dmalab: kernel code covered by %s' %
                            ' '.join(allc['targets'])]
                           + objects_args(binaries) + cls.sources(export),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            warn('llvm-cov-14 show failed: %s' % p.stdout.strip()[:500], prog)
        else:
            index = rel(os.path.join(out, 'index.html'))
    rp = subprocess.run(['llvm-cov-14', 'report', '-instr-profile=' + pd,
                         '-show-region-summary=false'] + objects_args(binaries)
                        + [os.path.join(tree, k) for k in cls.listed],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(os.path.join(workdir, 'llvm-cov-report.txt'), 'w') as f:
        f.write(rp.stdout)
    return allc, index


def measure(targets, corpora, workdir, jobs, prog=PROG, html=True, obj=None,
            deadline=DEFAULT_DEADLINE_S):
    """Coverage of each target's corpus (jobs targets at a time) and of all
    together. corpora: {target: [inputs]}. Returns (the JSON-able result, obj)."""
    reg = registry(prog)
    obj = obj or build_fuzz('coverage', targets, prog, manifest=True)
    man = read_manifest(obj)
    if 'tree' not in man:
        die('no kernel tree in %s/manifest.txt' % rel(obj), prog=prog)
    cls = Classifier(man['tree'], obj)
    os.makedirs(os.path.join(workdir, 'profiles'), exist_ok=True)
    result = {'targets': {}, 'kernel': {k: man.get(k) for k in ('version', 'source', 'tree')}}
    todo = []
    for t in targets:
        binary = os.path.join(obj, 'fuzz', t)
        ok, _ = target_status(binary)
        if not ok:
            result['targets'][t] = {'status': 'not built'}
            continue
        say('%s: replaying %d inputs through %s' % (t, len(corpora.get(t, [])), rel(binary)),
            prog)
        todo.append((t, binary))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        futs = {t: ex.submit(replay_target, t, b, corpora.get(t, []), workdir, cls,
                             reg.timeout(t), deadline, prog) for t, b in todo}
        for t, _ in todo:
            result['targets'][t] = futs[t].result()
    binaries = [b for t, b in todo if result['targets'][t].get('raws')]
    if binaries:
        allc, index = combine([result['targets'][t] for t, _ in todo], binaries, workdir,
                              cls, man['tree'], prog, html)
        result['all'] = allc
        if index:
            result['html'] = index
    for t, _ in todo:
        result['targets'][t].pop('raws', None)
    return result, obj


def main():
    """make coverage: the coverage of corpus/<t>/ (or CORPUS) by each target."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--targets', default='')
    ap.add_argument('--corpus', default='')
    ap.add_argument('--jobs', type=int, default=ncpu())
    ap.add_argument('--timeout', default='',
                    help='seconds a target\'s whole replay may take (default %d)' %
                    DEFAULT_DEADLINE_S)
    ap.add_argument('--out', default=os.path.join(ROOT, 'results', 'coverage'))
    args = ap.parse_args()
    deadline = parse_timeout(args.timeout, PROG)

    targets = args.targets.split()
    corpus = args.corpus.strip()
    if corpus and not os.path.exists(corpus):
        die('CORPUS=%s: no such file or directory' % corpus, prog=PROG)
    if not targets and corpus:
        t = target_from_path(os.path.abspath(corpus) + '/')
        sub = [x for x in all_targets() if os.path.isdir(os.path.join(corpus, x))]
        targets = sub or ([t] if t else [])
        if not targets:
            die('CORPUS=%s names no target and has no <target>/ folders; pass TARGETS=' %
                corpus, prog=PROG)
    targets = targets or all_targets()
    check_targets(targets, PROG)

    reg = registry(PROG)
    corpora = {}
    for t in targets:
        if not corpus:
            d = os.path.join(ROOT, 'corpus', t)
        elif os.path.isdir(os.path.join(corpus, t)):
            d = os.path.join(corpus, t)
        else:
            d = corpus
        corpora[t] = corpus_inputs(reg, d) if os.path.exists(d) else []
        if not corpora[t]:
            warn('%s: no inputs in %s' % (t, rel(d)), PROG)

    obj = build_fuzz('coverage', targets, PROG, manifest=True)
    man = read_manifest(obj)
    git = git_info()
    run = '%s-%s-%s' % (datetime.datetime.utcnow().strftime('%Y%m%dT%H%M%SZ'),
                        man.get('version', 'unknown'), git['sha'])
    workdir = os.path.join(args.out, run)
    os.makedirs(workdir, exist_ok=True)
    t0 = time.time()
    result, _ = measure(targets, corpora, workdir, max(1, args.jobs), obj=obj, deadline=deadline)
    result.update({'run': run, 'git': git, 'corpus': rel(corpus) if corpus else 'corpus/<target>',
                   'created': datetime.datetime.utcnow().isoformat(timespec='seconds') + 'Z',
                   'seconds': round(time.time() - t0, 1)})

    out = ['dmalab coverage %s: kernel %s (%s), git %s%s' %
           (run, man.get('version', '?'), man.get('source', '?'), git['sha'],
            ' (dirty)' if git['dirty'] else ''),
           'corpus: %s' % result['corpus']]
    for t in targets:
        e = result['targets'][t]
        if e['status'] != 'ok':
            out.append('  %-12s not built' % t)
            continue
        out.append('  %-12s %5d inputs in %d process%s, %.1f s (%s)   lines of the code it '
                   'drives %s' % (t, e['inputs'], e['processes'],
                                  '' if e['processes'] == 1 else 'es', e['seconds'],
                                  replay_text(e['replay']),
                                  fmt_cell(e.get('lines_total')).strip()))
        code = [k for k in e.get('drives', []) if is_tree_header(k)]
        if code:
            out.append('  %-12s drives %s' % ('', ', '.join(code)))
    if result.get('all'):
        out.append('')
        out.append(table(result['all'], 'all targets together (%s):' %
                         ' '.join(result['all']['targets'])))
    else:
        out.append('')
        out.append('no coverage: no target is built in, or no input ran')
    out.append('')
    out.append('coverage step: %.1f s' % result['seconds'])
    text = '\n'.join(out) + '\n'
    sys.stdout.write(text)
    with open(os.path.join(workdir, 'summary.txt'), 'w') as f:
        f.write(text)
    with open(os.path.join(workdir, 'coverage.json'), 'w') as f:
        json.dump(result, f, indent=1, sort_keys=True)
    say('written: %s/{summary.txt,coverage.json,llvm-cov-report.txt}' % rel(workdir), PROG)
    if result.get('html'):
        say('HTML: %s' % result['html'], PROG)
    return 0


def replay_text(c):
    """'12 gave a finding, 1 crashed, ...' of replay counts; 'all clean' when none."""
    parts = ['%d %s' % (c[k], what) for k, what in (
        ('failed', 'gave a finding'), ('crashed', 'crashed'), ('timeout', 'timed out'),
        ('skipped', 'not replayed (deadline)')) if c.get(k)]
    return ', '.join(parts) if parts else 'all clean'


def parse_timeout(text, prog):
    """FUZZ_COVERAGE_TIMEOUT: seconds > 0, or the default when empty."""
    text = (text or '').strip()
    if not text:
        return DEFAULT_DEADLINE_S
    if not text.isdigit() or int(text) <= 0:
        die('FUZZ_COVERAGE_TIMEOUT=%s: expected a number of seconds > 0' % text, prog=prog)
    return int(text)


if __name__ == '__main__':
    sys.exit(main())
