# SPDX-License-Identifier: GPL-2.0-only
"""compare.md and compare.json: the A/B report of `make ab` (two kernel
trees, interleaved rounds) and of `make compare` (two existing runs).

compare.md is the file to attach to a patch. In this order: one paragraph
saying which trees, what changed beyond the noise and what did not; the
table of every timed benchmark (base, new, delta, the 95 % interval of
the ratio of medians, the U test, the noise floor, the verdict); the
exact counters beside it (PTEs, descriptor and page-table bytes, IOTLB
syncs, IOMMU calls, slab operations: counts, which need no statistics);
the plots of NEW against BASE; the harness's share; both trees'
identities; the commands. The statistics are in abstats.py, the plots in
abplots.py.
"""
import hashlib
import json
import os
import statistics

from . import abplots, abstats, gbench, local, shim
from .fmt import fnum, pct
from .gbench import parse_size
from .names import is_empty_loop, sort_key

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# counters derived from the time (judged by the time) or from the harness's set-up
SKIP_COUNTERS = {'ns_per_4k', 'bytes_per_second', 'items_per_second', 'batch'}
# the counters shown beside the table, in this order, with their words
KEY_COUNTERS = [('ptes', 'PTEs'), ('desc_bytes', 'descriptor bytes'),
                ('pt_bytes', 'page-table bytes'), ('iotlb_syncs', 'IOTLB syncs'),
                ('iommu_calls', 'IOMMU calls'), ('slab_ops', 'slab ops')]
COUNTERS_ONLY = ('density',)
HARNESS = ('shim',)
VERDICT_WORD = {'slower': '**SLOWER**', 'faster': '**FASTER**', 'isolated': 'isolated',
                'within noise': 'within noise', 'no change': 'no change',
                'untested': 'untested', 'empty loop': 'empty loop'}


def load_side(d):
    """One side of a make ab folder (d/base or d/new) or a make bench run:
    {'by', 'errors', 'ctx', 'env', 'dir'}."""
    docs = gbench.load_docs(gbench.run_files(d))
    benches = [b for _, doc in docs for b in doc['benchmarks']]
    by, errors, _ = gbench.collect(benches)
    return {'by': by, 'errors': errors, 'ctx': dict(docs[0][1].get('context', {})) if docs
            else {}, 'env': read_env_json(d), 'dir': d}


def read_env_json(d):
    """env.json of a run (with the kernel files' sha256), else env.txt."""
    p = os.path.join(d, 'env.json')
    if os.path.isfile(p):
        try:
            with open(p) as fh:
                return json.load(fh)
        except (OSError, ValueError):
            pass
    return gbench.read_env(d)[0] if os.path.isdir(d) else {}


def per_unit(b):
    """(scale, unit): map/unmap figures in ns per 4 KiB, the rest per op."""
    sz = parse_size(b.size) if b.group in ('map', 'unmap') else None
    if sz:
        return 4096.0 / sz, 'ns/4 KiB'
    return 1.0, 'ns/op'


def analyse(base, new, alpha=0.05, threshold=0.05):
    """Every benchmark of both sides: rows (timed), counter changes,
    benchmarks on one side only."""
    bb, nb = base['by'], new['by']
    names = sorted(set(bb) & set(nb))
    rows, counters = [], []
    for name in names:
        b, n = bb[name], nb[name]
        kb, kn = b.counters.get('batch'), n.counters.get('batch')
        same_batch = kb is None or kn is None or sorted(set(kb)) == sorted(set(kn))
        changed, same = abstats.exact_counters(b, n, SKIP_COUNTERS)
        if not same_batch:
            # per-op averages over a batch of K: comparable only as whole numbers
            changed = [c for c in changed if c[1] == int(c[1]) and c[2] == int(c[2])]
        counters.append({'name': name, 'changed': changed, 'same': dict(same),
                         'batch': (sorted(set(kb or [])), sorted(set(kn or []))),
                         'base': {k: statistics.median(v) for k, v in b.counters.items()},
                         'new': {k: statistics.median(v) for k, v in n.counters.items()}})
        if b.group in COUNTERS_ONLY:
            continue
        basis = 'real' if b.tags & gbench.REAL_TIME_TAGS else 'cpu'
        sb, sn = getattr(b, basis), getattr(n, basis)
        scale, unit = per_unit(b)
        mb, mn = statistics.median(sb), statistics.median(sn)
        fb, kind = abstats.noise_floor(sb, b.rounds)
        fn, _ = abstats.noise_floor(sn, n.rounds)
        floors = [f for f in (fb, fn) if f is not None]
        row = {'name': name, 'group': b.group, 'basis': 'wall' if basis == 'real' else 'CPU',
               'unit': unit, 'nb': len(sb), 'nn': len(sn),
               'rounds_b': len(set(b.rounds)), 'rounds_n': len(set(n.rounds)),
               'base': mb * scale, 'new': mn * scale, 'delta': mn / mb - 1.0 if mb > 0 else 0.0,
               'ci': abstats.boot_ci(sb, sn), 'p': abstats.utest(sb, sn),
               'floor': max(floors) if floors else None, 'floor_kind': kind,
               'max_ns': max(mb, mn), 'samples_b': [x * scale for x in sb],
               'samples_n': [x * scale for x in sn], 'rounds_of_b': list(b.rounds),
               'rounds_of_n': list(n.rounds), 'harness': b.group in HARNESS,
               'threads': b.threads,
               'empty': is_empty_loop(b.group, b.path, max(mb, mn))}
        row['verdict'] = abstats.judge(row, alpha, threshold)
        rows.append(row)
    abstats.confirm_families([r for r in rows if not r['harness']], threshold)
    return rows, counters, sorted(set(bb) - set(nb)), sorted(set(nb) - set(bb))


def files_identity(env):
    """(files {path: sha256}, digest of them all: 16 hex digits)."""
    files = env.get('kernel_files_sha256') or {}
    h = hashlib.sha256(''.join('%s  %s\n' % (files[f], f) for f in sorted(files)).encode())
    return files, h.hexdigest()[:16] if files else ''


def tree_line(label, side):
    """One side's identity: package, tree (placeholder), git, files digest."""
    env, ctx = side['env'], side['ctx']
    files, digest = files_identity(env)
    parts = ['kernel %s' % (env.get('kernel') or ctx.get('kernel') or '?')]
    if env.get('kernel_tree'):
        parts.append('tree `%s`' % local.scrub(env['kernel_tree'], ROOT))
    if env.get('kernel_git'):
        parts.append('git describe `%s`' % env['kernel_git'])
    if env.get('kernel_package_sha256'):
        parts.append('package %s' % env['kernel_package_sha256'].split(' (')[0])
    if digest:
        parts.append('%d compiled kernel files, digest of their sha256 `%s`' % (len(files),
                                                                               digest))
    dm = env.get('git_sha', ctx.get('git', '?'))[:12]
    parts.append('dmalab %s%s' % (dm, '-dirty' if env.get('git_dirty') == 'yes' else ''))
    return '- **%s**: %s.' % (label, '; '.join(parts))


def fmt_ci(ci):
    """'[+1.2%, +3.4%]'"""
    return '[%s, %s]' % (pct(ci[0]), pct(ci[1])) if ci else '–'


def fmt_p(p):
    """A p-value in the report's one format: 3 significant digits."""
    return '–' if p is None else ('%.3g' % p if p >= 1e-4 else '<0.0001')


def counter_cell(c, key):
    """A counter beside the table: 'v' when equal, 'a → b' when it changed."""
    ch = {k: (a, b) for k, a, b in c['changed']}
    if key in ch:
        a, b = ch[key]
        return '**%s → %s**' % (fnum(a), fnum(b))
    if key in c['same']:
        return fnum(c['same'][key])
    if key in c['base'] and key in c['new']:
        return '≈%s' % fnum(c['base'][key])   # a per-op average that varies
    return ''


def summary(rows, counters, base, new, kdiff, meta, only_b, only_n, threshold):
    """The paragraph at the top: trees, what changed, what did not."""
    kern = [r for r in rows if not r['harness']]
    changed = [r for r in kern if r['verdict'] in ('slower', 'faster')]
    fams = {}
    for r in changed:
        fams.setdefault(r['family'], []).append(r)
    cch = [c for c in counters if c['changed']]
    floors = [r['floor'] for r in kern if r['floor'] is not None]
    counts = {}
    for r in kern:
        counts[min(r['nb'], r['nn'])] = counts.get(min(r['nb'], r['nn']), 0) + 1
    reps = ', '.join('%d (%d benchmarks)' % (n, c) for n, c in sorted(counts.items(),
                                                                     reverse=True))
    how = ('%d interleaved rounds a side (%s), %d repetitions pooled per benchmark' % (
        meta['runs'], meta['order'], min([r['nb'] for r in kern] or [0]))
        if meta.get('runs') else 'repetitions a side: %s' % reps)
    within = any(r['floor_kind'] == 'repetitions' for r in kern if r['floor'] is not None)
    s = ('BASE is %s, NEW %s; the compiled kernel files that differ: %s. %s; the median '
         'noise floor (how far the rounds of one tree move apart%s) is %s. ' % (
             side_name(base), side_name(new),
             ', '.join('`%s`' % f for f in kdiff) if kdiff else
             ('none (the same kernel code: an A/A run)' if kdiff is not None else 'unknown'),
             how, '; where a side is one run, the spread of its repetitions, an underestimate'
             if within else '', pct(statistics.median(floors)).lstrip('+') if floors
             else 'unknown'))
    if changed:
        parts = []
        for fam, rs in sorted(fams.items()):
            up = [r for r in rs if r['delta'] > 0]
            word = 'slower' if len(up) == len(rs) else 'faster' if not up else 'changed'
            parts.append('`%s` %s (%d benchmarks, %s to %s, every 95%% interval clear of '
                         'zero)' % (fam, word, len(rs), pct(min(r['delta'] for r in rs)),
                                    pct(max(r['delta'] for r in rs))))
        s += 'Changed beyond the noise: %s. ' % '; '.join(parts)
        others = sorted({r['family'] if r.get('family') else
                         '/'.join(r['name'].split('/')[:2]) + '/*' for r in kern} - set(fams))
        s += 'Not changed: the other %d timed benchmarks (%s). ' % (
            len(kern) - len(changed), ', '.join('`%s`' % f for f in others[:12]) +
            (' ...' if len(others) > 12 else ''))
    else:
        s += ('Nothing changed beyond the noise: no timed benchmark has a 95%% interval clear '
              'of zero together with p < 0.05 and a change larger than both %s and its noise '
              'floor (%d benchmarks). ' % (pct(threshold).lstrip('+'), len(kern)))
    iso = [r for r in kern if r['verdict'] == 'isolated']
    if iso:
        s += ('%d benchmark(s) passed the test alone in their family (isolated: the machine, '
              'most likely): %s. ' % (len(iso), ', '.join('`%s`' % r['name'] for r in iso)))
    s += ('Exact counters changed: %s.' % ('; '.join('`%s` %s' % (
        c['name'], ', '.join('%s %s → %s' % (k, fnum(a), fnum(b)) for k, a, b in c['changed']))
        for c in cch[:6]) + (' ...' if len(cch) > 6 else '') if cch else 'none'))
    if only_b or only_n:
        s += ' Benchmarks on one side only: %d in BASE, %d in NEW.' % (len(only_b), len(only_n))
    return s


def side_name(side):
    """'the Debian package linux-source-7.3 7.3.4-1~bpo13+1 (tree <local>/x)'"""
    env = side['env']
    tree = local.scrub(env.get('kernel_tree', ''), ROOT)
    pkg = env.get('kernel_package', '')
    if pkg and tree:
        return '`%s` (%s)' % (tree, pkg)
    return '`%s`' % (tree or pkg or side['dir'])


def kernel_diff(base, new):
    """The compiled files whose sha256 differs (None: unknown)."""
    fb, fn = files_identity(base['env'])[0], files_identity(new['env'])[0]
    if not fb or not fn:
        return None
    return sorted(f for f in set(fb) | set(fn) if fb.get(f) != fn.get(f))


def table(rows, counters):
    """The main table and, beside each benchmark, its exact counters."""
    cmap = {c['name']: c for c in counters}
    present = [(k, w) for k, w in KEY_COUNTERS if any(k in c['base'] for c in counters)]
    L = ['| benchmark | unit | base | new | Δ | 95%% CI of the ratio of medians | U-test p '
         '| noise floor | verdict | %s |' % ' | '.join(w for _, w in present),
         '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |' + ' ---: |' * len(present)]
    for r in sorted(rows, key=lambda r: sort_key(r['name'])):
        c = cmap.get(r['name'])
        v = VERDICT_WORD[r['verdict']]
        if r['verdict'] == 'empty loop':
            v = 'empty loop (the benchmark\'s own loop, not judged)'
        L.append('| `%s` | %s%s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            r['name'], r['unit'], ', wall' if r['basis'] == 'wall' else '', fnum(r['base']),
            fnum(r['new']), pct(r['delta']), fmt_ci(r['ci']), fmt_p(r['p']),
            pct(r['floor']).lstrip('+') + ('' if r['floor_kind'] == 'rounds' else '*')
            if r['floor'] is not None else '–', v,
            ' | '.join(counter_cell(c, k) if c else '' for k, _ in present)))
    return L


def write(outdir, base, new, meta, alpha=0.05, threshold=0.05):
    """compare.md, compare.json and plots/ in outdir; a dict with
    'result_line' and 'errors'."""
    rows, counters, only_b, only_n = analyse(base, new, alpha, threshold)
    kdiff = kernel_diff(base, new)
    plots = abplots.draw(os.path.join(outdir, 'plots'), rows, base, new)
    kern = [r for r in rows if not r['harness']]
    changed = [r for r in kern if r['verdict'] in ('slower', 'faster')]
    errors = base['errors'] + new['errors']
    L = ['# A/B: %s' % os.path.basename(os.path.abspath(outdir)), '',
         summary(rows, counters, base, new, kdiff, meta, only_b, only_n, threshold), '',
         '## Every timed benchmark', '',
         'Medians of every repetition of both sides (CPU time; wall time where marked), in ns '
         'per 4 KiB mapped for map/unmap and ns per operation otherwise. Δ: the change of the '
         'median, NEW against BASE (+ is slower). 95%% CI: percentile bootstrap of '
         'median(NEW)/median(BASE) - 1, %d resamples. U-test p: two-sided Mann-Whitney. Noise '
         'floor: the range of the round medians of one tree over their median, the larger of '
         'the two trees (`*`: one round only, the range of its repetitions, an underestimate). '
         'Verdict **SLOWER**/**FASTER**: the interval excludes zero, p < %g, and |Δ| exceeds '
         'both %s and the noise floor, and at least half of the benchmark\'s family (the '
         'sizes and workloads of its path) moved the same way; *isolated*: the same alone in '
         'its family; *within noise*: significant, but no larger than the noise floor. The '
         'counters on the right are exact counts per operation (bold: changed, a → b; ≈: a '
         'per-op average over a timing-sized batch, not compared).' % (
             abstats.BOOT, alpha, pct(threshold).lstrip('+')), '']
    L += table(kern, counters) + ['']
    harness = [r for r in rows if r['harness']]
    if harness:
        hch = [r for r in harness if r['verdict'] in ('slower', 'faster')]
        L += ['The harness\'s own benchmarks (`shim/*`, no kernel code), judged by the same '
              'rule: %s.' % ('%d changed (%s): the machine moved' % (len(hch), ', '.join(
                  '`%s` %s' % (r['name'], pct(r['delta'])) for r in hch)) if hch else
                             'none changed'), '']
        L += table(harness, counters) + ['']
    L += counter_section(counters)
    L += ['## Plots', '']
    for rel, alt in plots['made']:
        L += ['![%s](%s)' % (alt, rel), '']
    for p in plots['problems']:
        L += ['- plot problem: %s' % p]
    L += shim_section(base, new)
    L += ['## The trees', '', tree_line('BASE', base), tree_line('NEW', new), '']
    if kdiff:
        fb, fn = files_identity(base['env'])[0], files_identity(new['env'])[0]
        L += ['| compiled file that differs | BASE sha256 | NEW sha256 |', '| --- | --- | --- |']
        L += ['| `%s` | `%s` | `%s` |' % (f, fb.get(f, '–')[:16], fn.get(f, '–')[:16])
              for f in kdiff] + ['']
    L += machine_section(base, meta)
    L += ['## Commands', '', '```sh']
    if meta.get('command'):
        L.append(local.scrub(meta['command'], ROOT))
    if meta.get('argv'):
        L.append('# which ran: ' + local.scrub(meta['argv'], ROOT))
    if meta.get('regenerate'):
        L.append(meta['regenerate'])
    L += ['```', '', 'BASE and NEW are placeholders where the trees were local directories: '
          'their identity is the package and the sha256 of every compiled file above '
          '(`make info` prints them; `base/manifest.txt`, `new/manifest.txt`).', '']
    if errors:
        L += ['## Benchmarks that failed', ''] + ['- `%s`: %s' % e for e in errors] + ['']
    text = local.scrub('\n'.join(L), ROOT)
    with open(os.path.join(outdir, 'compare.md'), 'w') as fh:
        fh.write(text)
    doc = {'alpha': alpha, 'threshold': threshold, 'bootstrap_resamples': abstats.BOOT,
           'meta': meta, 'kernel_files_differ': kdiff,
           'benchmarks': [{k: v for k, v in r.items()} for r in rows],
           'counters': [{'name': c['name'], 'changed': c['changed'], 'base': c['base'],
                         'new': c['new']} for c in counters],
           'only_base': only_b, 'only_new': only_n, 'errors': errors}
    with open(os.path.join(outdir, 'compare.json'), 'w') as fh:
        fh.write(local.scrub(json.dumps(doc, indent=1), ROOT) + '\n')
    line = ('RESULT: %d of %d timed benchmarks changed beyond the noise%s' % (
        len(changed), len(kern), (': ' + ', '.join('%s %s %s %s' % (
            r['name'], r['verdict'], pct(r['delta']), fmt_ci(r['ci'])) for r in
            sorted(changed, key=lambda r: sort_key(r['name'])))) if changed else ''))
    return {'result_line': line, 'errors': errors, 'rows': rows}


def counter_section(counters):
    """Every exact counter that changed, benchmark by benchmark."""
    ch = [(c['name'], k, a, b) for c in counters for k, a, b in c['changed']]
    L = ['## Exact counters', '']
    if not ch:
        n = sum(len(c['same']) for c in counters)
        return L + ['None changed: %d exact counts (constant over every repetition of both '
                    'sides) are equal.' % n, '']
    L += ['Counts per operation, constant over every repetition of each side, that differ: a '
          'change of behaviour, whatever the timings say.', '',
          '| benchmark | counter | base | new |', '| --- | --- | ---: | ---: |']
    for n, k, a, b in sorted(ch, key=lambda x: (sort_key(x[0]), x[1])):
        L.append('| `%s` | %s | %s | %s |' % (n, k, fnum(a), fnum(b)))
    return L + ['']


def shim_section(base, new):
    """The harness's share of the map/unmap figures, each side."""
    L = ['## The harness\'s share', '']
    parts = []
    for label, side in (('BASE', base), ('NEW', new)):
        sh = shim.estimate(side['by'])
        if sh and sh['median_share'] is not None:
            parts.append('%s a median %s of a map/unmap figure (at most %s, `%s`)' % (
                label, pct(sh['median_share']).lstrip('+'), pct(sh['max_share']).lstrip('+'),
                sh['max_share_benchmark']))
    if not parts:
        return L + ['No `shim/*` benchmarks in this comparison: no estimate.', '']
    return L + ['The userspace stand-ins (timer pause/resume, the shim\'s slab, the mock '
                'IOMMU\'s statistics lock; `scripts/benchlib/shim.py`) take %s. They are the '
                'same code on both sides: they add to both figures, and the Δ above is the '
                'kernel\'s and this share\'s together.' % '; '.join(parts), '']


def machine_section(base, meta):
    """The machine and how busy it was."""
    ctx, env = base['ctx'], base['env']
    cpus = ctx.get('num_cpus') or env.get('cpus') or '?'
    L = ['## The machine', '',
         '%s, %s CPUs%s; load average %s at the start, %s at the end%s.' % (
             env.get('cpu', '?'), cpus, ' at %s MHz' % ctx['mhz_per_cpu']
             if ctx.get('mhz_per_cpu') else '', meta.get('load_start') or
             env.get('load_start', '?'), meta.get('load_end') or env.get('load_end', '?'),
             '; %s to %s' % (meta['started'], meta['finished']) if meta.get('started')
             else ''), '']
    return L


def write_ab(d):
    """compare.md/.json of a make ab folder (d/base, d/new, d/ab.json)."""
    base, new = load_side(os.path.join(d, 'base')), load_side(os.path.join(d, 'new'))
    meta = {}
    p = os.path.join(d, 'ab.json')
    if os.path.isfile(p):
        with open(p) as fh:
            meta = json.load(fh)
    meta['regenerate'] = ('scripts/bench_ab.py --report %s   # this report again'
                          % os.path.relpath(os.path.abspath(d), ROOT))
    return write(d, base, new, meta)


def write_compare(outdir, base, new, meta, alpha, threshold):
    """compare.md/.json of make compare (two existing runs, or pools of runs)."""
    os.makedirs(outdir, exist_ok=True)
    return write(outdir, base, new, meta, alpha, threshold)

