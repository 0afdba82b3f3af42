#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Line and branch coverage of the compiled kernel files by a fuzz corpus.

    make coverage [TARGETS="iova diff"] [CORPUS=dir]
    scripts/coverage.py [--targets "..."] [--corpus DIR] [--jobs N]

Builds FUZZ=coverage (clang-14 source-based coverage), replays every input of
corpus/<target>/ (or CORPUS) through each target, one process per input,
merges the profiles with llvm-profdata-14 and reports, with llvm-cov-14, the
line and branch coverage of each kernel file in kernel-shim/kernel-files.txt
(and of the kernel headers with code, such as the generic_pt templates).
Writes results/coverage/<run>/: summary.txt (the table printed), coverage.json,
html/index.html. CORPUS may hold one folder per target (as
results/fuzz/<run>/corpus) or be a folder of one target's inputs.
"""
import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzlib.build import build_fuzz, git_info, read_manifest, target_status  # noqa: E402
from fuzzlib.common import ROOT, die, ncpu, rel, say, warn  # noqa: E402
from fuzzlib.corpus import corpus_inputs  # noqa: E402
from fuzzlib.registry import all_targets, check_targets, registry, target_from_path  # noqa: E402

PROG = 'coverage'


def kernel_files():
    """The kernel .c files compiled (kernel-shim/kernel-files.txt)."""
    out = []
    with open(os.path.join(ROOT, 'kernel-shim', 'kernel-files.txt')) as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if line:
                out.append(line[0])
    return out


def replay_corpus(binary, inputs, profile_dir, name, jobs, timeout):
    """Run each input in its own process (at most timeout s) with
    LLVM_PROFILE_FILE set; profiles merge online into a pool of files (%4m).
    Returns {ok, failed, timeout}."""
    env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(profile_dir, '%s-%%4m.profraw' % name))
    counts = {'ok': 0, 'failed': 0, 'timeout': 0}

    def one(path):
        try:
            p = subprocess.run([binary, path], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env, timeout=timeout)
            return 'ok' if p.returncode == 0 else 'failed'
        except subprocess.TimeoutExpired:
            return 'timeout'
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for r in ex.map(one, inputs):
            counts[r] += 1
    return counts


def merge_profiles(profraws, out):
    """llvm-profdata merge of raw profiles into out (None without profiles)."""
    if not profraws:
        return None
    p = subprocess.run(['llvm-profdata-14', 'merge', '-sparse', '-o', out] + profraws,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        die('llvm-profdata-14 merge failed:\n' + p.stdout, prog=PROG)
    return out


def objects_args(binaries):
    """llvm-cov's object arguments: the first binary, then -object each other."""
    args = [binaries[0]]
    for b in binaries[1:]:
        args += ['-object', b]
    return args


def export_summary(binaries, profdata):
    """llvm-cov export -summary-only, parsed."""
    p = subprocess.run(['llvm-cov-14', 'export', '-summary-only', '-instr-profile=' + profdata]
                       + objects_args(binaries), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode:
        die('llvm-cov-14 export failed: ' + p.stderr.strip(), prog=PROG)
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
        """{'files': {path: summary}, 'headers': {path: summary}} from llvm-cov export."""
        files, headers = {}, {}
        for f in export['data'][0]['files']:
            kp = self.kernel_path(f['filename'])
            if kp is None:
                continue
            s = f['summary']
            entry = {k: {'covered': s[k]['covered'], 'count': s[k]['count'],
                         'percent': round(s[k]['percent'], 2)}
                     for k in ('lines', 'branches', 'functions', 'regions') if k in s}
            entry['source'] = f['filename']
            if kp in self.listed:
                files[kp] = entry
            elif s['lines']['count']:
                headers[kp] = entry
        for kp in self.listed:      # a listed file that no binary holds: 0 of 0
            files.setdefault(kp, None)
        return {'files': files, 'headers': headers}

    def sources(self, export):
        """The kernel source files llvm-cov knows, for llvm-cov show."""
        return [f['filename'] for f in export['data'][0]['files']
                if self.kernel_path(f['filename']) is not None]


def total(rows, key):
    """covered/count/percent of one measure (lines, branches, ...) over rows."""
    cov = sum(r[key]['covered'] for r in rows.values() if r)
    cnt = sum(r[key]['count'] for r in rows.values() if r)
    return {'covered': cov, 'count': cnt, 'percent': round(100.0 * cov / cnt, 2) if cnt else 0.0}


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
        if section == 'headers':    # the templates always, include/ when reached
            rows = {k: v for k, v in rows.items()
                    if not k.startswith('include/') or v['lines']['covered']}
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


def measure(targets, corpora, workdir, jobs, prog=PROG, html=True, obj=None):
    """Coverage of each target's corpus and of all together.
    corpora: {target: [inputs]}. Returns the JSON-able result."""
    reg = registry(prog)
    obj = obj or build_fuzz('coverage', targets, prog, manifest=True)
    man = read_manifest(obj)
    if 'tree' not in man:
        die('no kernel tree in %s/manifest.txt' % rel(obj), prog=prog)
    cls = Classifier(man['tree'], obj)
    prof = os.path.join(workdir, 'profiles')
    os.makedirs(prof, exist_ok=True)
    for old in glob.glob(os.path.join(prof, '*.profraw')):
        os.unlink(old)
    result = {'targets': {}, 'kernel': {k: man.get(k) for k in ('version', 'source', 'tree')}}
    binaries, allraw = [], []
    for t in targets:
        binary = os.path.join(obj, 'fuzz', t)
        ok, why = target_status(binary)
        if not ok:
            result['targets'][t] = {'status': 'not built'}
            continue
        inputs = corpora.get(t, [])
        say('%s: replaying %d inputs through %s' % (t, len(inputs), rel(binary)), prog)
        counts = replay_corpus(binary, inputs, prof, t, jobs, reg.timeout(t))
        raws = sorted(glob.glob(os.path.join(prof, '%s-*.profraw' % t)))
        entry = {'status': 'ok', 'inputs': len(inputs), 'replay': counts}
        if raws:
            pd = merge_profiles(raws, os.path.join(workdir, '%s.profdata' % t))
            entry.update(cls.rows(export_summary([binary], pd)))
            binaries.append(binary)
            allraw += raws
        result['targets'][t] = entry
    if not binaries:
        return result, None
    pd = merge_profiles(allraw, os.path.join(workdir, 'all.profdata'))
    export = export_summary(binaries, pd)
    result['all'] = cls.rows(export)
    result['all']['targets'] = [os.path.basename(b) for b in binaries]
    if html:
        out = os.path.join(workdir, 'html')
        p = subprocess.run(['llvm-cov-14', 'show', '-format=html', '-output-dir=' + out,
                            '-instr-profile=' + pd, '-show-branches=count',
                            '-show-line-counts-or-regions', '-show-expansions',
                            '-project-title=dmalab: kernel code covered by %s' %
                            ' '.join(result['all']['targets'])]
                           + objects_args(binaries) + cls.sources(export),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            warn('llvm-cov-14 show failed: %s' % p.stdout.strip()[:500], prog)
        else:
            result['html'] = rel(os.path.join(out, 'index.html'))
        rp = subprocess.run(['llvm-cov-14', 'report', '-instr-profile=' + pd,
                             '-show-region-summary=false'] + objects_args(binaries)
                            + [os.path.join(man['tree'], k) for k in cls.listed],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        with open(os.path.join(workdir, 'llvm-cov-report.txt'), 'w') as f:
            f.write(rp.stdout)
    return result, obj


def main():
    """make coverage: the coverage of corpus/<t>/ (or CORPUS) by each target."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--targets', default='')
    ap.add_argument('--corpus', default='')
    ap.add_argument('--jobs', type=int, default=ncpu())
    ap.add_argument('--out', default=os.path.join(ROOT, 'results', 'coverage'))
    args = ap.parse_args()

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
    result, _ = measure(targets, corpora, workdir, max(1, args.jobs), obj=obj)
    result.update({'run': run, 'git': git, 'corpus': rel(corpus) if corpus else 'corpus/<target>',
                   'created': datetime.datetime.utcnow().isoformat(timespec='seconds') + 'Z'})

    out = ['dmalab coverage %s: kernel %s (%s), git %s%s' %
           (run, man.get('version', '?'), man.get('source', '?'), git['sha'],
            ' (dirty)' if git['dirty'] else ''),
           'corpus: %s' % result['corpus']]
    for t in targets:
        e = result['targets'][t]
        if e['status'] != 'ok':
            out.append('  %-12s not built' % t)
            continue
        fl = total(e.get('files', {}), 'lines') if e.get('files') else None
        out.append('  %-12s %5d inputs (%d did not exit cleanly, %d timeouts)   '
                   'kernel-file lines %s' % (t, e['inputs'], e['replay']['failed'],
                                             e['replay']['timeout'], fmt_cell(fl).strip()))
    if result.get('all'):
        out.append('')
        out.append(table(result['all'], 'all targets together (%s):' %
                         ' '.join(result['all']['targets'])))
    else:
        out.append('')
        out.append('no coverage: no target is built in, or no input ran')
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


if __name__ == '__main__':
    sys.exit(main())
