#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fuzz every target for a fixed time with libFuzzer and write a report.

    make fuzz-ci FUZZ_SECONDS=N [FUZZ_TARGETS="..."] [FUZZ_JOBS=J] [KEEP_GOING=1]
                 [FUZZ_CORPUS_IN=DIR] [FUZZ_COVERAGE=0] [FUZZ_COVERAGE_TIMEOUT=S] [KERNEL_SRC=...]
    scripts/fuzz_ci.py --seconds N [--targets "..."] [--jobs J] [--keep-going]
                       [--corpus-in DIR] [--no-coverage] [--coverage-timeout S]

Runs the targets J at a time (default: one per CPU), each for N seconds, with
a corpus seeded from corpus/<t>/ and DIR/<t>/ (the corpus folder of an
earlier run), then merges and minimises each final corpus (libFuzzer
-merge=1) and replays it through the coverage build, one process per target
(fuzzlib/replay.py). Writes results/fuzz/<UTC date-time>-<kernel version>-<git sha>/
(and the link results/fuzz/latest to it): summary.json, report.md, <t>/
(findings, each with its .txt), corpus/<t>/ (merged), logs/<t>.log and
logs/<t>.merge.log, coverage/ (profiles, html/index.html).
Exit status: 0 no findings, 1 findings, 2 bad usage or an engine/build failure.
A target that is not built in is reported as "not built"; it is not a finding.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coverage  # noqa: E402
from fuzzlib.build import (build_fuzz, git_info, make_cmd, make_env, make_vars,  # noqa: E402
                           not_built_message, read_manifest, target_status)
from fuzzlib.common import ROOT, count_files, die, human, ncpu, rel, say, warn  # noqa: E402
from fuzzlib.corpus import carry_corpus, corpus_inputs, dict_path, seed_corpus  # noqa: E402
from fuzzlib.findings import examine_findings, group_findings, repro_command  # noqa: E402
from fuzzlib.libfuzzer import LibFuzzer, merge_corpus  # noqa: E402
from fuzzlib.registry import all_targets, check_targets, registry  # noqa: E402

PROG = 'fuzz-ci'
PROGRESS_EVERY = 15


def make_info(targets):
    """compiler and flags of the libFuzzer flavour (make -s FUZZ=libfuzzer info)."""
    p = subprocess.run(make_cmd(['-s'] + make_vars('libfuzzer', targets) + ['info']),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                       env=make_env())
    info = {}
    for key in ('compiler', 'flags', 'build'):
        m = re.search(r'^%s:\s+(.*)$' % key, p.stdout, re.M)
        if m:
            info[key] = m.group(1).strip()
    return info


def machine():
    """The machine the run is on: host, CPUs, OS, kernel, Python."""
    model = ''
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            model = m.group(1).strip() if m else ''
    except OSError:
        pass
    osname = ''
    try:
        with open('/etc/os-release') as f:
            m = re.search(r'^PRETTY_NAME="?(.*?)"?$', f.read(), re.M)
            osname = m.group(1) if m else ''
    except OSError:
        pass
    return {'hostname': platform.node(), 'cpus': ncpu(), 'cpu_model': model,
            'os': osname, 'kernel': platform.release(), 'python': platform.python_version()}


def progress_line(r, seconds):
    """The progress line of one running target."""
    s = r.snapshot()
    return '%-12s %4d/%ds  execs %s%s  %s/s  cov %s ft %s  corpus %d  findings %d' % (
        r.target, min(s['elapsed'], 99999), seconds, '~' if s['estimated'] else '',
        human(s['execs']), human(s['rate']), s['cov'] if s['cov'] is not None else '-',
        s['ft'] if s['ft'] is not None else '-', s['corpus'], s['findings'])


def run_all(runners, jobs, seconds):
    """Run the runners `jobs` at a time; a progress line per running target
    every PROGRESS_EVERY seconds."""
    pending, running, done = list(runners), [], []
    last = time.time()
    try:
        while pending or running:
            while pending and len(running) < jobs:
                r = pending.pop(0)
                say('%s: started (%d s, corpus %d inputs)' %
                    (r.target, seconds, r.corpus_start), PROG)
                r.start()
                running.append(r)
            for r in [x for x in running if not x.running()]:
                r.wait()
                running.remove(r)
                done.append(r)
                res = r.result()
                say('%s: finished after %.0f s: %s execs, cov %s ft %s, corpus %d, '
                    'findings %d' % (r.target, res['seconds'], human(res['execs']), res['cov'],
                                     res['ft'], res['corpus']['end'],
                                     len(r.new_findings())), PROG)
            now = time.time()
            if running and now - last >= PROGRESS_EVERY:
                for r in running:
                    print('  ' + progress_line(r, seconds), flush=True)
                last = now
            time.sleep(0.5)
    except KeyboardInterrupt:
        say('interrupted: stopping the fuzzers', PROG)
        for r in running:
            r.interrupt()
        for r in running:
            r.wait()
            done.append(r)
        for r in pending:
            r.skipped = True
    return done


def finding_entry(x, target, rundir):
    """A finding as summary.json has it (paths relative to the run folder)."""
    lines = [l for l in x['replay_output'].splitlines() if l.strip()]
    return {
        'file': os.path.relpath(x['file'], rundir),
        'text': os.path.relpath(x['text'], rundir) if x['text'] else None,
        'bytes': x['size'],
        'signature': x['signature'],
        'reproduced': x['replay_status'] == 1,
        'repro': repro_command(x['file'], target),
        'replay_head': lines[:12],
    }


def cov_brief(rows):
    """{file: {lines, branches, functions}} without the source paths."""
    out = {}
    for kp, r in sorted(rows.items()):
        if r:
            out[kp] = {k: r[k] for k in ('lines', 'branches', 'functions') if k in r}
        else:
            out[kp] = None
    return out


def pct(x):
    """A coverage figure as a percentage, '-' when there is nothing to cover."""
    return '%.1f%%' % x['percent'] if x and x['count'] else '-'


def corpus_cell(c):
    """'seeds + carried → fuzzed → merged' of a target's corpus counts."""
    if 'fuzzed' not in c:
        return '%d → %d' % (c['start'], c['end'])
    return '%d + %d → %d → %s' % (c.get('seeds', c['start']), c.get('carried', 0), c['fuzzed'],
                                  c['end'] if c.get('merged') else '%d (not merged)' % c['end'])


def coverage_section(s):
    """report.md's coverage table: every kernel file and every header of the
    tree with code, a column per target (· where the target does not drive
    the file) and one for all targets together."""
    fuzzed = [t for t, e in s['targets'].items() if e.get('coverage', {}).get('lines')]
    if not fuzzed:
        return []
    covs = {t: s['targets'][t]['coverage'] for t in fuzzed}
    allc = s.get('coverage_all', {})
    files, empty, headers = set(), set(), set()
    for c in covs.values():
        for k, v in c['lines'].items():
            (files if v and v['lines']['count'] else empty).add(k)
        headers |= set(c.get('headers', {}))
    empty -= files
    tree_h = sorted(h for h in headers if coverage.is_tree_header(h))
    inc_h = sorted(h for h in headers if not coverage.is_tree_header(h) and
                   (allc.get('headers', {}).get(h) or {}).get('lines', {}).get('covered'))

    def row(f):
        cells = []
        for t in fuzzed:
            c = covs[t]
            r = c['lines'].get(f) or c.get('headers', {}).get(f)
            cells.append(pct(r['lines']) if r and f in c.get('drives', ()) else '·')
        a = allc.get('files', {}).get(f) or allc.get('headers', {}).get(f)
        cells.append(pct(a['lines']) if a else '-')
        return '| %s | %s |' % (f, ' | '.join(cells))
    L = ['', '## Kernel line coverage of the final corpora', '',
         'Each target\'s final corpus (after the merge) replayed through the coverage build '
         '(clang source-based coverage, one process per target); % of the lines of each '
         'kernel file. `·`: a file the target does not drive (its corpus covers no line of it '
         'beyond what an empty input covers: start-up code). A target\'s "kernel lines" above '
         'count the files it drives.', '',
         '| kernel file | ' + ' | '.join(fuzzed) + ' | all |',
         '|---|' + '--:|' * (len(fuzzed) + 1)]
    L += [row(f) for f in sorted(files)]
    if tree_h:
        L.append('| *headers of the tree with code* |' + ' |' * (len(fuzzed) + 1))
        L += [row(f) for f in tree_h]
    if empty:
        L.append('')
        L.append('No lines of their own (their code is counted in the headers above): %s.' %
                 ', '.join('`%s`' % f for f in sorted(empty)))
    if inc_h:
        L += ['', '<details><summary>include/ headers reached (%d)</summary>' % len(inc_h), '',
              '| header | ' + ' | '.join(fuzzed) + ' | all |',
              '|---|' + '--:|' * (len(fuzzed) + 1)]
        L += [row(f) for f in inc_h]
        L += ['', '</details>']
    if s.get('coverage_html'):
        L.append('')
        L.append('Line by line: `%s`.' % s['coverage_html'])
    return L


def write_report(summary, rundir):
    """report.md of the run, from its summary."""
    s = summary
    k = s['kernel']
    tm = s.get('timing', {})
    L = []
    L.append('# dmalab fuzz run `%s`' % s['run'])
    L.append('')
    L.append('- kernel: **%s** from %s%s' % (k.get('version', '?'), k.get('source', '?'),
                                             ' (package sha256 `%s`)' % k['package_sha256']
                                             if k.get('package_sha256') else ''))
    L.append('- dmalab git: `%s`%s' % (s['git']['sha'], ' (with uncommitted changes)'
                                       if s['git']['dirty'] else ''))
    L.append('- engine: libFuzzer%s, %s; %d s per target, %d at a time' %
             (' (-fork=1, keeps going after findings)' if s['keep_going'] else '',
              s['compiler'].get('compiler', '?'), s['seconds_per_target'], s['jobs']))
    L.append('- corpus: seeded from `corpus/<target>/`%s; merged and minimised at the end '
             '(libFuzzer `-merge=1`)' % (' and carried from `%s/<target>/`' % s['corpus_in']
                                         if s.get('corpus_in') else ''))
    L.append('- machine: %s, %d CPUs, %s' % (s['machine']['cpu_model'] or '?',
                                             s['machine']['cpus'], s['machine']['os']))
    L.append('- started %s, finished %s' % (s['started'], s['finished']))
    if tm:
        L.append('- time: %s' % timing_text(tm))
    L.append('')
    nf = s['findings_total']
    ng = sum(len(e.get('finding_groups', [])) for e in s['targets'].values())
    L.append('**Result: %s.**' % ('%d finding%s (%d distinct)' % (nf, '' if nf == 1 else 's', ng)
                                  if nf else 'no findings'))
    nb = [t for t, e in s['targets'].items() if e['status'] == 'not built']
    if nb:
        L.append('')
        L.append('Not built in this tree (not fuzzed, not counted as findings): %s.' %
                 ', '.join('`%s`' % t for t in nb))
    L.append('')
    L.append('| target | status | execs | execs/s median | execs/s average | cov | ft | '
             'corpus: seeds + carried → fuzzed → merged | kernel lines | kernel branches | '
             'findings |')
    L.append('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
    for t, e in s['targets'].items():
        if e['status'] in ('not built', 'skipped'):
            L.append('| %s | %s | | | | | | | | | |' % (t, e['status']))
            continue
        c = e.get('coverage', {})
        L.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |' % (
            t, e['status'], '{:,}'.format(e['execs']),
            '{:,}'.format(e['execs_per_sec']['median'] or 0),
            '{:,}'.format(e['execs_per_sec']['final_average'] or 0),
            c.get('cov', '-'), c.get('ft', '-'), corpus_cell(e['corpus']),
            pct(c.get('lines_total')), pct(c.get('branches_total')), len(e['findings'])))
    if s.get('coverage') == 'off':
        L.append('')
        L.append('Coverage not measured (`FUZZ_COVERAGE=0`).')
    L.extend(coverage_section(s))
    left = [(t, x) for t, e in s['targets'].items()
            for x in e.get('coverage', {}).get('left_out', [])]
    if left:
        L.append('')
        L.append('Left out of the coverage replay (the coverage build crashed or hung on '
                 'them, or the replay reached its deadline): ' +
                 ', '.join('%s `%s` (%s)' % (t, x['input'], x['why']) for t, x in left[:20]))
    L.append('')
    L.append('## Findings')
    L.append('')
    if not nf:
        L.append('None.')
    for t, e in s['targets'].items():
        for g in e.get('finding_groups', []):
            first = g['inputs'][0]
            L.append('### %s: %s' % (t, g['signature']))
            L.append('')
            L.append('%d input%s; the smallest: `%s` (%d bytes%s).' % (
                len(g['inputs']), '' if len(g['inputs']) == 1 else 's', first['file'],
                first['bytes'], ', text form `%s`' % first['text'] if first['text'] else ''))
            L.append('')
            L.append('Reproduce: `%s`' % first['repro'])
            L.append('')
            if first['replay_head']:
                L.append('```')
                L.extend(first['replay_head'])
                L.append('```')
                L.append('')
            if len(g['inputs']) > 1:
                L.append('Others: ' + ', '.join('`%s`' % x['file'] for x in g['inputs'][1:20])
                         + (' …' if len(g['inputs']) > 20 else ''))
                L.append('')
    L.append('## Files')
    L.append('')
    L.append('- `summary.json`: everything above, for machines')
    L.append('- `<target>/`: the findings, each with its text form `.txt`')
    L.append('- `corpus/<target>/`: the final corpora, merged (seed the next run: `make fuzz-ci '
             'FUZZ_CORPUS_IN=results/fuzz/%s/corpus`; or `make coverage CORPUS=...`)' % s['run'])
    L.append('- `logs/<target>.log`: libFuzzer\'s output; `logs/<target>.merge.log`: the merge\'s')
    L.append('- `coverage/`: profiles, `llvm-cov-report.txt`, `html/index.html`')
    with open(os.path.join(rundir, 'report.md'), 'w') as f:
        f.write('\n'.join(L) + '\n')


def timing_text(tm):
    """'build 12 s, fuzzing 181 s, ...' of summary.json's timing."""
    parts = []
    for key, what in (('build_s', 'build'), ('setup_s', 'seeding'), ('fuzz_s', 'fuzzing'),
                      ('merge_s', 'merge'), ('findings_s', 'findings'),
                      ('coverage_s', 'coverage'), ('total_s', 'total')):
        if tm.get(key) is not None:
            parts.append('%s %.1f s' % (what, tm[key]))
    text = ', '.join(parts)
    if tm.get('coverage_budget_s'):
        text += ' (coverage budget, 10%% of the fuzzing: %.0f s)' % tm['coverage_budget_s']
    return text


def merge_final(r, rundir):
    """Merge and minimise a target's final corpus in place (libFuzzer
    -merge=1 into a fresh folder that then takes its place). The corpus
    counts: fuzzed (before), end (after), merged, merge_s."""
    corpus = r.corpus
    before = count_files(corpus)
    tmp = corpus + '.merging'
    shutil.rmtree(tmp, ignore_errors=True)
    ok, n, secs = merge_corpus(r.desc, r.binary, tmp, [corpus],
                               os.path.join(rundir, 'logs', r.target + '.merge.log'),
                               r.artifacts)
    if ok and (n or not before):
        old = corpus + '.unmerged'
        shutil.rmtree(old, ignore_errors=True)
        os.rename(corpus, old)
        os.rename(tmp, corpus)
        shutil.rmtree(old)
        return {'fuzzed': before, 'end': n, 'merged': True, 'merge_s': secs}
    shutil.rmtree(tmp, ignore_errors=True)
    warn('%s: the merge failed (see %s); the corpus stays as fuzzed' %
         (r.target, rel(os.path.join(rundir, 'logs', r.target + '.merge.log'))), PROG)
    return {'fuzzed': before, 'end': before, 'merged': False, 'merge_s': secs}


def link_latest(out, run):
    """results/fuzz/latest -> <run>: the newest run, for scripts and CI caches."""
    link = os.path.join(out, 'latest')
    tmp = link + '.%d' % os.getpid()
    try:
        if os.path.islink(link) or not os.path.exists(link):
            os.symlink(run, tmp)
            os.replace(tmp, link)
    except OSError:
        pass


def main():
    """make fuzz-ci: build, fuzz every target, merge, measure coverage, report."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seconds', default='60')
    ap.add_argument('--targets', default='')
    ap.add_argument('--jobs', default='')
    ap.add_argument('--keep-going', action='store_true')
    ap.add_argument('--corpus-in', default='',
                    help='seed each target from DIR/<target>/ too (FUZZ_CORPUS_IN)')
    ap.add_argument('--no-coverage', action='store_true', help='skip the coverage step')
    ap.add_argument('--coverage-timeout', default='',
                    help='seconds one target\'s coverage replay may take')
    ap.add_argument('--out', default=os.path.join(ROOT, 'results', 'fuzz'))
    args = ap.parse_args()
    t0 = time.time()
    if not re.fullmatch(r'\d+', args.seconds.strip()) or int(args.seconds) <= 0:
        die('FUZZ_SECONDS=%s: expected a number of seconds > 0' % args.seconds, prog=PROG)
    seconds = int(args.seconds)
    targets = args.targets.split() or all_targets()
    check_targets(targets, PROG)
    if args.jobs and not re.fullmatch(r'\d+', args.jobs.strip()):
        die('FUZZ_JOBS=%s: expected a number' % args.jobs, prog=PROG)
    cov_deadline = coverage.parse_timeout(args.coverage_timeout, PROG)
    corpus_in = args.corpus_in.strip()
    if corpus_in:
        if not os.path.isdir(corpus_in):
            die('FUZZ_CORPUS_IN=%s: no such directory' % corpus_in, prog=PROG)
        if not any(os.path.isdir(os.path.join(corpus_in, t)) for t in targets):
            warn('FUZZ_CORPUS_IN=%s has no <target>/ folder for %s (expected the corpus folder '
                 'of an earlier run, e.g. results/fuzz/<run>/corpus): nothing carried' %
                 (corpus_in, ' '.join(targets)), PROG)
    with_cov = not args.no_coverage

    started = datetime.datetime.utcnow()
    git = git_info()
    lobj = build_fuzz('libfuzzer', targets, PROG, manifest=True)
    cobj = build_fuzz('coverage', targets, PROG, manifest=True) if with_cov else None
    reg = registry(PROG)
    man = read_manifest(lobj)
    comp = make_info(targets)
    timing = {'build_s': round(time.time() - t0, 1)}
    t1 = time.time()
    run = '%s-%s-%s' % (started.strftime('%Y%m%dT%H%M%SZ'), man.get('version', 'unknown'),
                        git['sha'])
    rundir = os.path.join(args.out, run)
    os.makedirs(os.path.join(rundir, 'logs'), exist_ok=True)
    say('run %s: %s, %d s per target' % (rel(rundir), ' '.join(targets), seconds), PROG)

    entries, runners, counts = {}, [], {}
    for t in targets:
        binary = os.path.join(lobj, 'fuzz', t)
        ok, why = target_status(binary)
        if not ok:
            warn('%s: not built: %s' % (t, why or not_built_message(t)), PROG)
            entries[t] = {'status': 'not built', 'reason': why, 'findings': []}
            continue
        corpus = os.path.join(rundir, 'corpus', t)
        nseeds = seed_corpus(reg, t, corpus, PROG)
        src = os.path.join(corpus_in, t) if corpus_in else ''
        carried = carry_corpus(reg, src, corpus) if src and os.path.isdir(src) else 0
        counts[t] = {'seeds': nseeds, 'carried': carried}
        r = LibFuzzer(reg.descriptor(t), binary, corpus, os.path.join(rundir, t),
                      os.path.join(rundir, 'logs', t + '.log'), seconds,
                      keep_going=args.keep_going, dictionary=dict_path(t))
        r.skipped = False
        runners.append(r)
        entries[t] = None
    if corpus_in:
        say('carried from %s: %s' % (rel(corpus_in), ', '.join(
            '%s %d' % (t, c['carried']) for t, c in counts.items())), PROG)
    jobs = int(args.jobs) if args.jobs else ncpu()
    jobs = max(1, min(jobs, len(runners) or 1))
    timing['setup_s'] = round(time.time() - t1, 1)
    if runners:
        say('%d target%s, %d at a time; about %d s' %
            (len(runners), '' if len(runners) == 1 else 's', jobs,
             seconds * ((len(runners) + jobs - 1) // jobs)), PROG)
    t2 = time.time()
    done = run_all(runners, jobs, seconds)
    timing['fuzz_s'] = round(time.time() - t2, 1)

    # merge and minimise the final corpora, jobs at a time
    t3 = time.time()
    ran = [r for r in done if not getattr(r, 'skipped', False) and r.start_time is not None]
    merged = {}
    if ran:
        say('merging the final corpora (libFuzzer -merge=1)', PROG)
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            futs = {r.target: ex.submit(merge_final, r, rundir) for r in ran}
            for t, f in futs.items():
                merged[t] = f.result()
                m = merged[t]
                say('%s: corpus %d + %d -> %d fuzzed -> %d merged (%.1f s)' %
                    (t, counts[t]['seeds'], counts[t]['carried'], m['fuzzed'], m['end'],
                     m['merge_s']), PROG)
    timing['merge_s'] = round(time.time() - t3, 1)

    t4 = time.time()
    errors = 0
    for r in done:
        if getattr(r, 'skipped', False) or r.start_time is None:
            entries[r.target] = {'status': 'skipped', 'findings': []}
            continue
        res = r.result()
        new = r.new_findings()
        e = dict(res)
        e['status'] = 'findings' if new else 'ok'
        if not new and res['exit_status'] not in (0, None) and not r.interrupted:
            e['status'] = 'error'
            errors += 1
            warn('%s: libFuzzer exited with status %s and saved nothing; see %s' %
                 (r.target, res['exit_status'], rel(r.log_path)), PROG)
        e['coverage'] = {'cov': res['cov'], 'ft': res['ft']}
        del e['cov'], e['ft']
        e['corpus'] = dict(counts[r.target], start=res['corpus']['start'])
        e['corpus'].update(merged.get(r.target, {'fuzzed': res['corpus']['end'],
                                                 'end': res['corpus']['end'], 'merged': False}))
        e['log'] = os.path.relpath(r.log_path, rundir)
        found = examine_findings(new, r.target, PROG) if new else []
        e['findings'] = [finding_entry(x, r.target, rundir) for x in found]
        e['finding_groups'] = [{'signature': sig, 'inputs': [finding_entry(x, r.target, rundir)
                                                             for x in items]}
                               for sig, items in group_findings(found)]
        entries[r.target] = e
    for r in runners:
        if entries.get(r.target) is None:
            entries[r.target] = {'status': 'skipped', 'findings': []}
    timing['findings_s'] = round(time.time() - t4, 1)

    # coverage of the final corpora: one process per target, jobs at a time
    fuzzed = [t for t in targets if entries[t]['status'] in ('ok', 'findings', 'error')]
    cov_all, cov_html = {}, None
    t5 = time.time()
    if fuzzed and with_cov:
        say('coverage: replaying the final corpora through the coverage build', PROG)
        cman = read_manifest(cobj)
        cls = coverage.Classifier(cman.get('tree') or man['tree'], cobj)
        covdir = os.path.join(rundir, 'coverage')
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            futs = {t: ex.submit(coverage.replay_target, t, os.path.join(cobj, 'fuzz', t),
                                 corpus_inputs(reg, os.path.join(rundir, 'corpus', t)),
                                 covdir, cls, reg.timeout(t), cov_deadline, PROG)
                    for t in fuzzed}
            results = {t: f.result() for t, f in futs.items()}
        for t in fuzzed:
            ct = results[t]
            c = entries[t]['coverage']
            c['lines'] = cov_brief(ct.get('files', {}))
            c['headers'] = cov_brief(ct.get('headers', {}))
            c['drives'] = ct.get('drives', [])
            c['lines_total'] = ct.get('lines_total') or coverage.total({}, 'lines')
            c['branches_total'] = ct.get('branches_total') or coverage.total({}, 'branches')
            c['replay'] = ct.get('replay')
            c['replay_seconds'] = ct.get('seconds')
            c['processes'] = ct.get('processes')
            if ct.get('left_out'):
                c['left_out'] = [{'input': os.path.relpath(os.path.join(ROOT, x['input']),
                                                           rundir), 'why': x['why']}
                                 for x in ct['left_out']]
        binaries = [os.path.join(cobj, 'fuzz', t) for t in fuzzed if results[t].get('raws')]
        if binaries:
            allc, cov_html = coverage.combine([results[t] for t in fuzzed], binaries, covdir,
                                              cls, cman.get('tree') or man['tree'], PROG)
            if allc:
                cov_all = {'files': cov_brief(allc['files']),
                           'headers': cov_brief(allc['headers']),
                           'lines_total': allc['lines_total'],
                           'branches_total': allc['branches_total']}
        if cov_html:
            cov_html = os.path.relpath(os.path.join(ROOT, cov_html), rundir)
        timing['coverage_s'] = round(time.time() - t5, 1)
        timing['coverage_budget_s'] = round(0.1 * seconds * len(ran) / jobs, 1)
        say('coverage: %.1f s (10%% of the fuzzing time: %.0f s)' %
            (timing['coverage_s'], timing['coverage_budget_s']), PROG)

    nfind = sum(len(e['findings']) for e in entries.values())
    timing['total_s'] = round(time.time() - t0, 1)
    summary = {
        'run': run, 'started': started.isoformat(timespec='seconds') + 'Z',
        'finished': datetime.datetime.utcnow().isoformat(timespec='seconds') + 'Z',
        'seconds_per_target': seconds, 'jobs': jobs, 'engine': 'libfuzzer',
        'keep_going': bool(args.keep_going),
        'corpus_in': rel(corpus_in) if corpus_in else None,
        'coverage': 'on' if with_cov else 'off',
        'kernel': {k: man.get(k) for k in ('version', 'source', 'package_sha256', 'git', 'tree')
                   if man.get(k)},
        'kernel_files_sha256': man.get('files_sha256', {}),
        'git': git, 'compiler': comp, 'machine': machine(),
        'targets': entries, 'coverage_all': cov_all, 'coverage_html': cov_html,
        'timing': timing,
        'findings_total': nfind,
        'result': 'findings' if nfind else ('error' if errors else 'ok'),
    }
    with open(os.path.join(rundir, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    write_report(summary, rundir)
    link_latest(args.out, run)

    print()
    print('%-12s %-9s %10s %9s %9s %6s %6s %22s %7s %8s' % (
        'target', 'status', 'execs', 'med/s', 'avg/s', 'cov', 'ft',
        'corpus seeds+carried', 'lines', 'findings'))
    for t, e in entries.items():
        if e['status'] in ('not built', 'skipped'):
            print('%-12s %-9s' % (t, e['status']))
            continue
        c = e['coverage']
        print('%-12s %-9s %10s %9s %9s %6s %6s %22s %7s %8d' % (
            t, e['status'], human(e['execs']), human(e['execs_per_sec']['median'] or 0),
            human(e['execs_per_sec']['final_average'] or 0), c['cov'], c['ft'],
            corpus_cell(e['corpus']).replace('→', '->'),
            pct(c.get('lines_total')), len(e['findings'])))
    for t, e in entries.items():
        for g in e.get('finding_groups', []):
            first = g['inputs'][0]
            print('FINDING %s: %s (%d input%s)' % (t, g['signature'], len(g['inputs']),
                                                  '' if len(g['inputs']) == 1 else 's'))
            print('    %s' % first['repro'])
    nb = [t for t, e in entries.items() if e['status'] == 'not built']
    if nb:
        warn('not built in, so not fuzzed: %s' % ' '.join(nb), PROG)
    say('time: %s' % timing_text(timing), PROG)
    say('report: %s  summary: %s' % (rel(os.path.join(rundir, 'report.md')),
                                     rel(os.path.join(rundir, 'summary.json'))), PROG)
    if nfind:
        say('%d finding%s' % (nfind, '' if nfind == 1 else 's'), PROG)
        return 1
    return 2 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
