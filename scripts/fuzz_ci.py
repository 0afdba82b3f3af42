#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fuzz every target for a fixed time with libFuzzer and write a report.

    make fuzz-ci FUZZ_SECONDS=N [FUZZ_TARGETS="..."] [FUZZ_JOBS=J] [KEEP_GOING=1] [KERNEL_SRC=...]
    scripts/fuzz_ci.py --seconds N [--targets "..."] [--jobs J] [--keep-going]

Runs the targets J at a time (default: one per CPU), each for N seconds, with
a corpus seeded from corpus/<t>/, then replays each final corpus through the
coverage build. Writes results/fuzz/<UTC date-time>-<kernel version>-<git sha>/:
summary.json, report.md, <t>/ (findings, each with its .txt), corpus/<t>/,
logs/<t>.log, coverage/ (profiles, html/index.html).
Exit status: 0 no findings, 1 findings, 2 bad usage or an engine/build failure.
A target that is not built in is reported as "not built"; it is not a finding.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coverage  # noqa: E402
from fuzzlib.build import (build_fuzz, git_info, make_cmd, make_env, make_vars,  # noqa: E402
                           not_built_message, read_manifest, target_status)
from fuzzlib.common import ROOT, die, human, ncpu, rel, say, warn  # noqa: E402
from fuzzlib.corpus import corpus_inputs, dict_path, seed_corpus  # noqa: E402
from fuzzlib.findings import examine_findings, group_findings, repro_command  # noqa: E402
from fuzzlib.libfuzzer import LibFuzzer  # noqa: E402
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
    """{file: {lines, branches}} without the source paths."""
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


def write_report(summary, rundir):
    """report.md of the run, from its summary."""
    s = summary
    k = s['kernel']
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
    L.append('- machine: %s, %d CPUs, %s' % (s['machine']['cpu_model'] or '?',
                                             s['machine']['cpus'], s['machine']['os']))
    L.append('- started %s, finished %s' % (s['started'], s['finished']))
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
             'corpus start → end | kernel lines | kernel branches | findings |')
    L.append('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
    for t, e in s['targets'].items():
        if e['status'] in ('not built', 'skipped'):
            L.append('| %s | %s | | | | | | | | | |' % (t, e['status']))
            continue
        c = e.get('coverage', {})
        L.append('| %s | %s | %s | %s | %s | %s | %s | %d → %d | %s | %s | %d |' % (
            t, e['status'], '{:,}'.format(e['execs']),
            '{:,}'.format(e['execs_per_sec']['median'] or 0),
            '{:,}'.format(e['execs_per_sec']['final_average'] or 0),
            c.get('cov', '-'), c.get('ft', '-'), e['corpus']['start'], e['corpus']['end'],
            pct(c.get('lines_total')), pct(c.get('branches_total')), len(e['findings'])))
    # line coverage per file and target
    fuzzed = [t for t, e in s['targets'].items() if e.get('coverage', {}).get('lines')]
    if fuzzed:
        L.append('')
        L.append('## Kernel line coverage of the final corpora')
        L.append('')
        L.append('Each target\'s final corpus replayed through the coverage build '
                 '(clang source-based coverage); % of the lines of each compiled kernel file.')
        L.append('')
        L.append('| kernel file | ' + ' | '.join(fuzzed) + ' | all |')
        L.append('|---|' + '--:|' * (len(fuzzed) + 1))
        files = sorted(set().union(*[s['targets'][t]['coverage']['lines'].keys()
                                     for t in fuzzed]))
        allc = s.get('coverage_all', {}).get('files', {})
        for f in files:
            cells = []
            for t in fuzzed:
                r = s['targets'][t]['coverage']['lines'].get(f)
                cells.append(pct(r['lines']) if r else '-')
            a = allc.get(f)
            cells.append(pct(a['lines']) if a else '-')
            L.append('| %s | %s |' % (f, ' | '.join(cells)))
        if s.get('coverage_html'):
            L.append('')
            L.append('Line by line: `%s`.' % s['coverage_html'])
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
    L.append('- `corpus/<target>/`: the final corpora (seed the next run, or `make coverage '
             'CORPUS=results/fuzz/%s/corpus`)' % s['run'])
    L.append('- `logs/<target>.log`: libFuzzer\'s output')
    L.append('- `coverage/`: profiles, `llvm-cov-report.txt`, `html/index.html`')
    with open(os.path.join(rundir, 'report.md'), 'w') as f:
        f.write('\n'.join(L) + '\n')


def main():
    """make fuzz-ci: build, fuzz every target, measure coverage, report."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seconds', default='60')
    ap.add_argument('--targets', default='')
    ap.add_argument('--jobs', default='')
    ap.add_argument('--keep-going', action='store_true')
    ap.add_argument('--out', default=os.path.join(ROOT, 'results', 'fuzz'))
    args = ap.parse_args()
    if not re.fullmatch(r'\d+', args.seconds.strip()) or int(args.seconds) <= 0:
        die('FUZZ_SECONDS=%s: expected a number of seconds > 0' % args.seconds, prog=PROG)
    seconds = int(args.seconds)
    targets = args.targets.split() or all_targets()
    check_targets(targets, PROG)
    if args.jobs and not re.fullmatch(r'\d+', args.jobs.strip()):
        die('FUZZ_JOBS=%s: expected a number' % args.jobs, prog=PROG)

    started = datetime.datetime.utcnow()
    git = git_info()
    lobj = build_fuzz('libfuzzer', targets, PROG, manifest=True)
    cobj = build_fuzz('coverage', targets, PROG, manifest=True)
    reg = registry(PROG)
    man = read_manifest(lobj)
    comp = make_info(targets)
    run = '%s-%s-%s' % (started.strftime('%Y%m%dT%H%M%SZ'), man.get('version', 'unknown'),
                        git['sha'])
    rundir = os.path.join(args.out, run)
    os.makedirs(os.path.join(rundir, 'logs'), exist_ok=True)
    say('run %s: %s, %d s per target' % (rel(rundir), ' '.join(targets), seconds), PROG)

    entries, runners = {}, []
    for t in targets:
        binary = os.path.join(lobj, 'fuzz', t)
        ok, why = target_status(binary)
        if not ok:
            warn('%s: not built: %s' % (t, why or not_built_message(t)), PROG)
            entries[t] = {'status': 'not built', 'reason': why, 'findings': []}
            continue
        corpus = os.path.join(rundir, 'corpus', t)
        seed_corpus(reg, t, corpus, PROG)
        r = LibFuzzer(reg.descriptor(t), binary, corpus, os.path.join(rundir, t),
                      os.path.join(rundir, 'logs', t + '.log'), seconds,
                      keep_going=args.keep_going, dictionary=dict_path(t))
        r.skipped = False
        runners.append(r)
        entries[t] = None
    jobs = int(args.jobs) if args.jobs else ncpu()
    jobs = max(1, min(jobs, len(runners) or 1))
    if runners:
        say('%d target%s, %d at a time; about %d s' %
            (len(runners), '' if len(runners) == 1 else 's', jobs,
             seconds * ((len(runners) + jobs - 1) // jobs)), PROG)
    done = run_all(runners, jobs, seconds)

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

    # coverage of the final corpora
    fuzzed = [t for t in targets if entries[t]['status'] in ('ok', 'findings', 'error')]
    cov_all = {}
    cov_html = None
    if fuzzed:
        say('coverage: replaying the final corpora through the coverage build', PROG)
        corpora = {t: corpus_inputs(reg, os.path.join(rundir, 'corpus', t)) for t in fuzzed}
        result, _ = coverage.measure(fuzzed, corpora, os.path.join(rundir, 'coverage'),
                                     ncpu(), prog=PROG, obj=cobj)
        for t in fuzzed:
            ct = result['targets'].get(t, {})
            c = entries[t]['coverage']
            c['lines'] = cov_brief(ct.get('files', {}))
            c['headers'] = cov_brief(ct.get('headers', {}))
            c['lines_total'] = coverage.total(ct.get('files', {}), 'lines')
            c['branches_total'] = coverage.total(ct.get('files', {}), 'branches')
            c['replay'] = ct.get('replay')
        if result.get('all'):
            cov_all = {'files': cov_brief(result['all']['files']),
                       'headers': cov_brief(result['all']['headers'])}
        cov_html = result.get('html')
        if cov_html:
            cov_html = os.path.relpath(os.path.join(ROOT, cov_html), rundir)

    nfind = sum(len(e['findings']) for e in entries.values())
    summary = {
        'run': run, 'started': started.isoformat(timespec='seconds') + 'Z',
        'finished': datetime.datetime.utcnow().isoformat(timespec='seconds') + 'Z',
        'seconds_per_target': seconds, 'jobs': jobs, 'engine': 'libfuzzer',
        'keep_going': bool(args.keep_going),
        'kernel': {k: man.get(k) for k in ('version', 'source', 'package_sha256', 'git', 'tree')
                   if man.get(k)},
        'kernel_files_sha256': man.get('files_sha256', {}),
        'git': git, 'compiler': comp, 'machine': machine(),
        'targets': entries, 'coverage_all': cov_all, 'coverage_html': cov_html,
        'findings_total': nfind,
        'result': 'findings' if nfind else ('error' if errors else 'ok'),
    }
    with open(os.path.join(rundir, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    write_report(summary, rundir)

    print()
    print('%-12s %-9s %10s %9s %9s %6s %6s %13s %7s %8s' % (
        'target', 'status', 'execs', 'med/s', 'avg/s', 'cov', 'ft', 'corpus', 'lines', 'findings'))
    for t, e in entries.items():
        if e['status'] in ('not built', 'skipped'):
            print('%-12s %-9s' % (t, e['status']))
            continue
        c = e['coverage']
        print('%-12s %-9s %10s %9s %9s %6s %6s %13s %7s %8d' % (
            t, e['status'], human(e['execs']), human(e['execs_per_sec']['median'] or 0),
            human(e['execs_per_sec']['final_average'] or 0), c['cov'], c['ft'],
            '%d -> %d' % (e['corpus']['start'], e['corpus']['end']),
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
    say('report: %s  summary: %s' % (rel(os.path.join(rundir, 'report.md')),
                                     rel(os.path.join(rundir, 'summary.json'))), PROG)
    if nfind:
        say('%d finding%s' % (nfind, '' if nfind == 1 else 's'), PROG)
        return 1
    return 2 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
