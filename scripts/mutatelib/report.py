# SPDX-License-Identifier: GPL-2.0-only
"""
summary.json and report.md of a make mutate run (results/mutate/<run>/).

Survivors are triaged in results/mutate/triage.tsv (committed; one line a
survivor: file, mutant id, class, why), classes:
  equivalent   the change cannot alter behaviour (say why)
  unreachable  no API dmalab drives reaches it (say which path would)
  gap          an oracle gap, not closed yet
  closed       an oracle gap closed since (the test or check that kills it)
A survivor without a line is "untriaged". The score is
killed / (generated - equivalent - not compiled).
"""
import collections
import json
import os

CLASSES = ('equivalent', 'unreachable', 'gap', 'closed')


def load_triage(root):
    out = {}
    path = os.path.join(root, 'results', 'mutate', 'triage.tsv')
    if not os.path.exists(path):
        return out
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith('#'):
                continue
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 4 or parts[2] not in CLASSES:
                raise SystemExit('mutate: error: %s:%d: expected file<TAB>id<TAB>%s<TAB>why'
                                 % (path, n, '|'.join(CLASSES)))
            out[(parts[0], parts[1])] = (parts[2], parts[3])
    return out


# Files scored on part of their driven functions as well: the part named,
# and the functions left out of it (the whole file's score is kept too).
SCOPES = {
    'kernel/dma/swiotlb.c': ('map, unmap and sync paths (boot-time set-up left out)', {
        'swiotlb_init', 'swiotlb_init_remap', 'swiotlb_init_io_tlb_pool', 'swiotlb_memblock_alloc',
        'round_up_default_nslabs', 'swiotlb_adjust_nareas', 'limit_nareas', 'swiotlb_print_info',
        'swiotlb_size_or_default', 'swiotlb_adjust_size', 'setup_io_tlb_npages', 'swiotlb_dev_init',
        'swiotlb_update_mem_attributes', 'swiotlb_init_late', 'swiotlb_exit'}),
}


def score(c):
    denom = c['generated'] - c['equivalent'] - c['not compiled']
    return round(100.0 * c['killed'] / denom, 1) if denom > 0 else None


def last_records(run):
    """{(file, id): record} of a run: a mutant checked again (RERUN=1) counts
    by its last record, kept in the order of those last records."""
    last = {}
    with open(os.path.join(run, 'mutants.jsonl')) as fh:
        for line in fh:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            last.pop((r['file'], r['id']), None)
            last[(r['file'], r['id'])] = r
    return last


def write(run, root):
    recs = list(last_records(run).values())
    meta = json.load(open(os.path.join(run, 'run.json')))
    triage = load_triage(root)
    for r in recs:
        if r['status'] == 'survived':
            r['triage'], r['why'] = triage.get((r['file'], r['id']), ('untriaged', ''))

    def blank():
        return collections.Counter({k: 0 for k in ('generated', 'killed', 'survived',
                                                   'not compiled', 'timed out', 'equivalent')})
    per_file, per_func = collections.defaultdict(blank), collections.defaultdict(blank)
    killers = collections.defaultdict(collections.Counter)
    for r in recs:
        for c in (per_file[r['file']], per_func[(r['file'], r['func'])]):
            c['generated'] += 1
            c[r['status']] += 1
            if r.get('triage') == 'equivalent':
                c['equivalent'] += 1
        if r['status'] == 'killed':
            killers[r['file']][r['by']] += 1
    summary = {'run': os.path.basename(run), 'meta': meta, 'files': {}, 'functions': {}}
    for f, c in sorted(per_file.items()):
        summary['files'][f] = dict(c, score=score(c), killed_by=dict(killers[f]))
    for (f, fn), c in sorted(per_func.items()):
        summary['functions']['%s:%s' % (f, fn)] = dict(c, score=score(c))
    summary['survivors'] = [{k: r.get(k) for k in ('file', 'func', 'line', 'op', 'what', 'id',
                                                   'triage', 'why')}
                            for r in recs if r['status'] == 'survived']

    L = ['# make mutate: %s' % os.path.basename(run), '',
         'Check: `%s`%s; operators: %s; kernel tree: `%s`.' % (
             meta['check'], ' (%s s a target)' % meta['seconds'] if meta.get('seconds') else '',
             ', '.join(meta['ops']), os.path.basename(meta['tree'])),
         'Score = killed / (generated - equivalent - not compiled). Survivors are triaged in '
         '`results/mutate/triage.tsv`.', '',
         '| file | generated | killed | survived | not compiled | timed out | equivalent | score | killed by |',
         '|---|---|---|---|---|---|---|---|---|']
    for f, c in sorted(per_file.items()):
        L.append('| %s | %d | %d | %d | %d | %d | %d | %s | %s |' % (
            f, c['generated'], c['killed'], c['survived'], c['not compiled'], c['timed out'],
            c['equivalent'], '%.1f%%' % score(c) if score(c) is not None else '-',
            ', '.join('%s %d' % kv for kv in killers[f].most_common())))
    scoped = []
    for f, (what, left_out) in SCOPES.items():
        if f not in per_file:
            continue
        c = blank()
        for (ff, fn), fc in per_func.items():
            if ff == f and fn not in left_out:
                c.update(fc)
        summary['files'][f]['scope'] = dict(c, what=what, score=score(c),
                                            left_out=sorted(left_out & {fn for (ff, fn) in per_func
                                                                        if ff == f}))
        scoped.append('| %s: %s | %d | %d | %d | %d | %d | %d | %s |' % (
            f, what, c['generated'], c['killed'], c['survived'], c['not compiled'],
            c['timed out'], c['equivalent'], '%.1f%%' % score(c) if score(c) is not None else '-'))
    if scoped:
        L += ['', '| part of a file | generated | killed | survived | not compiled | timed out '
              '| equivalent | score |', '|---|---|---|---|---|---|---|---|'] + scoped
    L += ['', '## Per function', '',
          '| file | function | generated | killed | survived | not compiled | score | median s to kill |',
          '|---|---|---|---|---|---|---|---|']
    times = collections.defaultdict(list)
    for r in recs:
        if r['status'] == 'killed':
            times[(r['file'], r['func'])].append(r.get('seconds', 0))
    for (f, fn), c in sorted(per_func.items()):
        t = sorted(times[(f, fn)])
        L.append('| %s | %s | %d | %d | %d | %d | %s | %s |' % (
            os.path.basename(f), fn, c['generated'], c['killed'], c['survived'], c['not compiled'],
            '%.0f%%' % score(c) if score(c) is not None else '-',
            '%.1f' % t[len(t) // 2] if t else '-'))
    surv = [r for r in recs if r['status'] == 'survived']
    L += ['', '## Survivors (%d)' % len(surv), '']
    for r in surv:
        L.append('- `%s:%d` %s, %s: %s -> **%s**%s' % (
            r['file'], r['line'], r['func'], r['op'], r['what'], r['triage'],
            (': ' + r['why']) if r.get('why') else ''))
        L.append('  ```diff\n  - %s\n  + %s\n  ```' % (r['old'].replace('\n', ' '),
                                                      (r['new'] or '(dropped)').replace('\n', ' ')))
    same = [r for r in recs if r['status'] == 'equivalent']
    if same:
        L += ['', '## Equivalent: the same object code (%d)' % len(same), '',
              'The compiler made the same code of these (stripped of debug sections) as of the '
              'unmutated file, in dmalab\'s x86-64 build: a branch of an `#ifdef` for another '
              'architecture, an argument of a hook the shim makes a no-op (kmemleak, tracing), '
              'a constant folded away. Another configuration may compile them differently.', '']
        for r in same:
            L.append('- `%s:%d` %s, %s: `%s` -> `%s`' % (r['file'], r['line'], r['func'], r['op'],
                                                    r['old'].replace('\n', ' '),
                                                    (r['new'] or '(dropped)').replace('\n', ' ')))
    other = [r for r in recs if r['status'] in ('timed out', 'not compiled')]
    if other:
        L += ['', '## Timed out or not compiled', '']
        for r in other:
            L.append('- `%s:%d` %s, %s: %s: %s (%s)' % (r['file'], r['line'], r['func'], r['op'],
                                                        r['what'], r['status'], r.get('detail', '')))
    with open(os.path.join(run, 'summary.json'), 'w') as fh:
        json.dump(summary, fh, indent=1)
    with open(os.path.join(run, 'report.md'), 'w') as fh:
        fh.write('\n'.join(L) + '\n')
    return summary
