#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare two dmalab benchmark runs: `make compare BASE=dir NEW=dir`.

    bench_compare.py [--alpha 0.05] [--threshold 5] [--filter REGEX]
                     [--full] [--fail-on-change] BASE NEW

BASE and NEW are results directories written by `make bench` (or Google
Benchmark JSON files). The script runs Google Benchmark's own
/usr/share/benchmark/compare.py (Debian's libbenchmark-tools, run by
/usr/bin/python3, which has python3-scipy) on the two JSON files, prints its
per-benchmark table, and ends with a summary that separates

  * SIGNIFICANTLY CHANGED benchmarks: Mann-Whitney U test p < alpha on the
    real time (compare.py's "Time" column) AND the median moved by more than
    the threshold (5 %), grouped by <group>/<path>;
  * noise: everything else, with the largest moves that did not pass the test;
  * deterministic counters (PTEs, descriptor and page-table bytes, IOTLB
    syncs, ...: counters constant over the repetitions of a run) that differ;
  * benchmarks present on one side only.

density/* benchmarks report counters only: their time is not judged.
Exit status: 0 (1 with --fail-on-change when something changed
significantly), 2 on a usage error such as a missing directory.
"""
import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import gbench  # noqa: E402

COMPARE_PY = '/usr/share/benchmark/compare.py'
SYS_PY = '/usr/bin/python3'
# counters derived from the time: compare.py's time columns already judge them
TIME_COUNTERS = {'ns_per_4k', 'bytes_per_second', 'items_per_second'}
# counters that describe the harness's set-up, not the kernel (bench/bench_map.c:
# the batch size is chosen from a timing)
HARNESS_COUNTERS = {'batch'}
COUNTERS_ONLY_GROUPS = ('density',)
# our own machinery (bench/bench_shim.c): judged apart from the kernel's code
HARNESS_GROUPS = ('shim',)
# groups whose every benchmark is a measurement of its own (make fuzz-bench:
# fuzz/<target>/exec_per_s, startup, coverage): no family confirms a change
SELF_FAMILY_GROUPS = ('fuzz',)
# below this a benchmark's time is the timer's noise (an empty loop)
TIME_FLOOR_NS = 1.0


def die(msg):
    """Print "bench_compare: msg" to stderr and exit with status 2."""
    print('bench_compare: ' + msg, file=sys.stderr)
    sys.exit(2)


def find_json(label, arg):
    """The Google Benchmark JSON files of one or more results dirs (or files):
    [(file, doc, run index)]."""
    if not arg.strip():
        die('%s is not set: make compare BASE=results/<run> NEW=results/<run>' % label)
    parts = []
    for i, one in enumerate(arg.split()):
        parts += [(f, d, i) for f, d in find_json_one(label, one)]
    return parts


def find_json_one(label, arg):
    """The Google Benchmark JSON files of a results dir (or the file itself)."""
    if not os.path.isfile(arg) and not os.path.isdir(arg):
        die('%s=%s: no such directory' % (label, arg))
    good = gbench.load_docs(gbench.run_files(arg))
    if not good:
        die('%s=%s: no Google Benchmark JSON (*.json with a non-empty "benchmarks" array) in it'
            % (label, arg))
    return good


def merge(parts):
    """One JSON document from one or more files (compare.py takes one file).
    The repetitions of several runs (results dirs) are pooled: their
    aggregates are dropped and a median aggregate is made again from all."""
    if len(parts) == 1:
        return parts[0][1]
    ctx = dict(parts[0][1].get('context', {}))
    benches = []
    for _, d, i in parts:
        # each run is a round of its own: compare.md's noise floor
        benches.extend(dict(b, dmalab_round=i) for b in d['benchmarks'])
    if len({i for _, _, i in parts}) > 1:
        its = [b for b in benches if b.get('run_type', 'iteration') == 'iteration']
        by = {}
        for b in its:
            by.setdefault(b['name'], []).append(b)
        aggs = []
        for name, bs in by.items():
            if len(bs) < 2 or any(b.get('time_unit') != bs[0].get('time_unit') for b in bs):
                continue
            agg = {k: bs[0][k] for k in ('family_index', 'per_family_instance_index', 'threads',
                                          'time_unit') if k in bs[0]}
            agg.update({'name': name + '_median', 'run_name': name, 'run_type': 'aggregate',
                        'aggregate_name': 'median', 'repetitions': len(bs),
                        'iterations': len(bs),
                        'real_time': statistics.median(b['real_time'] for b in bs),
                        'cpu_time': statistics.median(b['cpu_time'] for b in bs)})
            aggs.append(agg)
        benches = its + aggs
        ctx['dmalab_pooled_runs'] = len({i for _, _, i in parts})
    return {'context': ctx, 'benchmarks': benches}


def runs_of(doc):
    """{name: Bench} of a document (every repetition), and whether the JSON
    had aggregates only (then the median of each is its one sample)."""
    by, _, only_aggregates = gbench.collect(doc['benchmarks'])
    return by, only_aggregates


def min_pvalue(n1, n2):
    """The smallest two-sided p an exact Mann-Whitney U test can give."""
    return min(1.0, 2.0 / math.comb(n1 + n2, n1))


def fmt_ns(ns):
    """ns as '1.23 ms', '456 ns'..."""
    for unit, div in (('s', 1e9), ('ms', 1e6), ('us', 1e3)):
        if ns >= div:
            return '%.3g %s' % (ns / div, unit)
    return '%.3g ns' % ns


def fmt_num(v):
    """A counter: an integer as such, else 6 significant digits."""
    if v == int(v) and abs(v) < 1e15:
        return '%d' % v
    return '%.6g' % v


def pct(x):
    """A relative change as '+1.2%'."""
    return '%+.1f%%' % (100.0 * x)


def group_path(name):
    """<group>/<path> of a benchmark name."""
    parts = name.split('/')
    return '/'.join(parts[:2])


def reps_text(runs):
    """'3 repetitions (33 benchmarks), 1 (236)'"""
    counts = {}
    for r in runs.values():
        counts[r.reps] = counts.get(r.reps, 0) + 1
    parts = ['%d (%d benchmarks)' % (n, c) for n, c in sorted(counts.items(), reverse=True)]
    return 'repetitions: ' + ', '.join(parts)


def kernel_files(d):
    """{kernel file: sha256} from a run's env.json or env.txt (`make info`)."""
    if not os.path.isdir(d):
        return None
    p = os.path.join(d, 'env.json')
    if os.path.isfile(p):
        try:
            with open(p) as fh:
                files = json.load(fh).get('kernel_files_sha256')
            if isinstance(files, dict) and files:
                return files
        except (OSError, ValueError):
            pass
    out = {}
    for name in ('env.txt', 'manifest.txt'):
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            continue
        section = False
        for line in open(p, errors='replace'):
            line = line.lstrip('#').rstrip()
            if line.strip().startswith('compiled kernel files'):
                section = True
                continue
            m = re.match(r'\s+([0-9a-f]{64})\s+(\S+)$', line)
            if section and m:
                out[m.group(2)] = m.group(1)
            elif section and line.strip() and not m:
                section = False
        if out:
            return out
    return None


def kernel_file_diff(base, new):
    """The kernel files whose sha256 differs between two runs (None: unknown)."""
    fb, fn = kernel_files(base), kernel_files(new)
    if not fb or not fn:
        return None
    return sorted(f for f in set(fb) | set(fn) if fb.get(f) != fn.get(f))


def describe(label, path, doc, env, reps):
    """The lines that say what one side of the comparison is."""
    ctx = doc.get('context', {})
    kern = env.get('kernel') or ctx.get('kernel') or ctx.get('kernel_version') or '?'
    sha = ctx.get('git') or env.get('git_sha', '')[:12] or ctx.get('git_sha') or '?'
    if env.get('git_dirty') == 'yes' and not sha.endswith('-dirty'):
        sha += '-dirty'
    cc = env.get('compiler') or ctx.get('compiler') or ''
    host = ctx.get('host_name', '?')
    tree = env.get('kernel_tree', '')
    return ('%-4s %s\n       kernel %s%s\n       dmalab %s | %s | host %s, %s CPUs | %s\n'
            '       %s' % (label, path, kern, ' | tree ' + tree if tree else '', sha,
                          cc or 'compiler ?', host, ctx.get('num_cpus', '?'),
                          ctx.get('date', ''), reps))


def main():
    """make compare: compare.py's table, then the summary of what changed."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` is fine
    ap = argparse.ArgumentParser(description='compare two dmalab benchmark runs')
    ap.add_argument('base')
    ap.add_argument('new')
    ap.add_argument('--alpha', type=float, default=0.05, help='U test significance level')
    ap.add_argument('--threshold', type=float, default=5.0,
                    help='minimum |change| of the median, in percent (default 5)')
    ap.add_argument('--filter', default='', help='only benchmarks whose name matches REGEX')
    ap.add_argument('--full', action='store_true',
                    help="compare.py's whole table: every repetition and aggregate (default: "
                    "the median and U test rows)")
    ap.add_argument('--no-table', action='store_true', help="omit compare.py's table")
    ap.add_argument('--fail-on-change', action='store_true',
                    help='exit 1 when a benchmark changed significantly')
    ap.add_argument('--out', default='',
                    help='where compare.md and compare.json go (default results/compare-'
                    '<BASE>-vs-<NEW>/); "-" for none')
    a = ap.parse_args()
    thr = a.threshold / 100.0

    base_parts = find_json('BASE', a.base)
    new_parts = find_json('NEW', a.new)
    if not os.access(SYS_PY, os.X_OK):
        die('%s not found: compare.py needs Debian\'s python3 with python3-scipy' % SYS_PY)
    if not os.path.isfile(COMPARE_PY):
        die('%s not found: install libbenchmark-tools (make deps)' % COMPARE_PY)
    if subprocess.run([SYS_PY, '-c', 'import scipy'], capture_output=True).returncode:
        die('python3-scipy is missing for %s: install it (make deps)' % SYS_PY)

    base_doc, new_doc = merge(base_parts), merge(new_parts)
    if a.filter:
        try:
            rx = re.compile(a.filter)
        except re.error as e:
            die('--filter %r: %s' % (a.filter, e))
        for d in (base_doc, new_doc):
            d['benchmarks'] = [b for b in d['benchmarks']
                               if rx.search(b.get('run_name') or b['name'])]
        if not base_doc['benchmarks'] or not new_doc['benchmarks']:
            die('--filter %r matches no benchmark in %s' % (
                a.filter, 'BASE' if not base_doc['benchmarks'] else 'NEW'))
    base_runs, base_aggonly = runs_of(base_doc)
    new_runs, new_aggonly = runs_of(new_doc)
    reps_b = max((r.reps for r in base_runs.values()), default=0)
    reps_n = max((r.reps for r in new_runs.values()), default=0)

    with tempfile.TemporaryDirectory(prefix='dmalab-compare-') as tmp:
        files = []
        for tag, parts, doc in (('base', base_parts, base_doc), ('new', new_parts, new_doc)):
            if len(parts) == 1 and not a.filter:
                files.append(parts[0][0])
            else:
                p = os.path.join(tmp, tag + '.json')
                with open(p, 'w') as fh:
                    json.dump(doc, fh)
                files.append(p)
        dump = os.path.join(tmp, 'diff.json')
        cmd = [SYS_PY, COMPARE_PY, '--no-color', '--alpha', str(a.alpha), '-d', dump]
        has_aggregates = any(b.get('run_type') == 'aggregate' for b in base_doc['benchmarks'])
        if has_aggregates and not a.full:
            cmd.append('-a')
        cmd += ['benchmarks'] + files
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            die('compare.py failed (exit %d): %s' % (proc.returncode, ' '.join(cmd)))
        if not a.no_table:
            print('==== Google Benchmark compare.py: %s vs %s ====' % (a.base, a.new))
            print('(Time/CPU: relative change NEW vs BASE, negative = faster; "_pvalue" rows: '
                  'U test, needs 9+ repetitions)')
            out = proc.stdout.splitlines()
            if has_aggregates and not a.full:
                # the median and the U test of each benchmark; --full for all rows
                keep = []
                for line in out:
                    first = line.split(' ', 1)[0]
                    if (not re.search(r'_(mean|stddev|cv)$', first)):
                        keep.append(line)
                out = keep
            print('\n'.join(out))
            print()
        with open(dump) as fh:
            diff = json.load(fh)

    pvals = {}
    for d in diff:
        u = d.get('utest') or {}
        if u.get('time_pvalue') is not None:
            pvals[d['name']] = (u['time_pvalue'], u.get('cpu_pvalue'))

    names = [n for n in base_runs if n in new_runs]
    only_base = sorted(n for n in base_runs if n not in new_runs)
    only_new = sorted(n for n in new_runs if n not in base_runs)

    sig, small_sig, noisy, quiet, untested, counters_only = [], [], [], [], [], []
    few_reps, harness, too_fast = [], [], []
    counter_changes, averaged_changes, batch_differs = [], 0, 0
    for n in names:
        b, w = base_runs[n], new_runs[n]
        # exact counts: constant over the repetitions on both sides, integers,
        # and from the same batch size (bench/bench_map.c averages over a
        # batch of K operations, K chosen from a timing)
        kb, kn = b.counters.get('batch'), w.counters.get('batch')
        same_batch = kb is None or kn is None or sorted(set(kb)) == sorted(set(kn))
        if not same_batch:
            batch_differs += 1
        for k in sorted(set(b.counters) & set(w.counters)) if same_batch else ():
            if k in TIME_COUNTERS or k in HARNESS_COUNTERS:
                continue
            bv, nv = b.counters[k], w.counters[k]
            if max(bv) != min(bv) or max(nv) != min(nv):
                continue
            if bv[0] != nv[0] and abs(bv[0] - nv[0]) > 1e-9 * max(abs(bv[0]), abs(nv[0])):
                if bv[0] == int(bv[0]) and nv[0] == int(nv[0]):
                    counter_changes.append((n, k, bv[0], nv[0]))
                else:
                    averaged_changes += 1
        if n.split('/')[0] in COUNTERS_ONLY_GROUPS:
            counters_only.append(n)
            continue
        # CPU time, the time of the figures (ns_per_4k is a rate on CPU time);
        # wall time for the benchmarks Google Benchmark times so (threads)
        basis = 'real' if set(n.split('/')) & gbench.REAL_TIME_TAGS else 'cpu'
        other = 'cpu' if basis == 'real' else 'real'
        sb, sn = getattr(b, basis), getattr(w, basis)
        mb, mn = statistics.median(sb), statistics.median(sn)
        ob, on = statistics.median(getattr(b, other)), statistics.median(getattr(w, other))
        ch = (mn / mb - 1.0) if mb > 0 else 0.0
        och = (on / ob - 1.0) if ob > 0 else 0.0
        pv = pvals.get(n)
        p = (pv[0] if basis == 'real' else pv[1]) if pv else None
        nb, nn = len(sb), len(sn)
        row = {'name': n, 'ch': ch, 'och': och, 'basis': basis, 'other': other,
               'mb': mb, 'mn': mn, 'p': p, 'nb': nb, 'nn': nn, 'how': 'U'}
        if max(mb, mn) < TIME_FLOOR_NS:
            too_fast.append(row)
            continue
        if (p is None or min_pvalue(nb, nn) >= a.alpha) and min(nb, nn) < 3:
            verdict = 'untested'
        elif p is None or min_pvalue(nb, nn) >= a.alpha:
            # too few repetitions for the U test to ever reach alpha: every
            # NEW sample beyond every BASE sample (the most extreme U) instead
            row['how'] = 'disjoint'
            row['disjoint'] = min(sn) > max(sb) or max(sn) < min(sb)
            few_reps.append(row)
            verdict = ('sig' if row['disjoint'] and abs(ch) > thr else
                       'noisy' if abs(ch) > thr else 'quiet')
        elif p < a.alpha:
            verdict = 'sig' if abs(ch) > thr else 'small'
        else:
            verdict = 'noisy' if abs(ch) > thr else 'quiet'
        row['verdict'] = verdict
        if n.split('/')[0] in HARNESS_GROUPS:
            harness.append(row)
            continue
        {'untested': untested, 'sig': sig, 'small': small_sig, 'noisy': noisy,
         'quiet': quiet}[verdict].append(row)

    kernel_rows = sig + small_sig + noisy + quiet + untested
    judged = len(kernel_rows)
    # A change in the kernel moves a family of benchmarks (every size of a
    # workload on a path); run-to-run noise moves one here and there. A
    # significant benchmark is CONFIRMED when more than half of its family,
    # the single runs included, moved the same way by more than the threshold.
    def family_of(n):
        """(name, rows) of a benchmark's family: its <group>/<path>/<workload>/*,
        or the whole <group>/<path>/* when that has fewer than 3."""
        parts = n.split('/')
        fam = [r for r in kernel_rows if r['name'].split('/')[:3] == parts[:3]]
        if len(fam) >= 3:
            return '/'.join(parts[:3]) + '/*', fam
        return group_path(n) + '/*', [r for r in kernel_rows if group_path(r['name']) ==
                                      group_path(n)]
    for r in sig:
        if r['name'].split('/')[0] in SELF_FAMILY_GROUPS:
            r['family'], r['fam_n'], r['fam_same'], r['confirmed'] = r['name'], 1, 1, True
            continue
        fname, fam = family_of(r['name'])
        same = sum(1 for x in fam if (x['ch'] > thr if r['ch'] > 0 else x['ch'] < -thr))
        r['family'], r['fam_n'], r['fam_same'] = fname, len(fam), same
        r['confirmed'] = 2 * same > len(fam)
    isolated = [r for r in sig if not r['confirmed']]
    sig = [r for r in sig if r['confirmed']]
    W = max([len(r['name']) for r in sig + noisy + untested + harness] + [30])

    print('==== summary: NEW vs BASE ====')
    base_dirs, new_dirs = a.base.split(), a.new.split()
    print(describe('BASE', ' + '.join(base_dirs), base_doc, gbench.read_env(base_dirs[0])[0],
                   reps_text(base_runs)))
    print(describe('NEW', ' + '.join(new_dirs), new_doc, gbench.read_env(new_dirs[0])[0],
                   reps_text(new_runs)))
    kdiff = kernel_file_diff(base_dirs[0], new_dirs[0])
    if kdiff is not None:
        print('kernel files compiled that differ: %s' % (', '.join(kdiff) if kdiff else
                                                        'none (the same kernel code)'))
    cb, cn = base_doc.get('context', {}), new_doc.get('context', {})
    warn = []
    for k in ('host_name', 'num_cpus', 'mhz_per_cpu'):
        if k in cb and k in cn and cb[k] != cn[k]:
            warn.append('%s differs (%s vs %s): timings from different machines' % (k, cb[k], cn[k]))
    if cb.get('library_build_type') != cn.get('library_build_type'):
        warn.append('the Google Benchmark library differs (%s vs %s build)'
                    % (cb.get('library_build_type'), cn.get('library_build_type')))
    if cb.get('profile') and cn.get('profile') and cb['profile'] != cn['profile']:
        warn.append('different sets (%s vs %s): compare runs of the same make bench options'
                    % (cb['profile'], cn['profile']))
    if base_aggonly or new_aggonly:
        warn.append('%s has aggregates only (--benchmark_report_aggregates_only): no U test, '
                    'medians compared as single samples' %
                    ' and '.join(t for t, f in (('BASE', base_aggonly), ('NEW', new_aggonly)) if f))
    if min(reps_b, reps_n) < 9:
        warn.append('at most %d vs %d repetitions: the U test wants 9+ (make bench FULL=1; or '
                    'pool runs: BASE="results/A1 results/A2 ..." NEW="...")' % (reps_b, reps_n))
    for w_ in warn:
        print('warning: ' + w_)
    print('rule: significant = |change of the median| > %g%% AND Mann-Whitney U p < %g '
          '(compare.py\'s U test), on the CPU time ("cpu"; the wall time, "real", for '
          '/real_time benchmarks)' % (a.threshold, a.alpha))
    if few_reps:
        print('      with too few repetitions for the U test to reach p < %g (3 vs 3 gives '
              'at least 0.1): every NEW repetition beyond every BASE repetition ("disjoint") '
              'instead of p; %d benchmarks judged so' % (a.alpha, len(few_reps)))
    if kernel_rows:
        drift = statistics.median(r['ch'] for r in kernel_rows)
        print('median change over all %d timed benchmarks: %s (where most benchmarks run code '
              'the change does not touch, this is the machine\'s drift between the runs)'
              % (judged, pct(drift)))
    print()

    def table(rows, limit=None):
        """Print rows (the `limit` largest moves) as the summary's table."""
        rows = sorted(rows, key=lambda r: (group_path(r['name']), -abs(r['ch'])))
        shown = rows if limit is None else sorted(rows, key=lambda r: -abs(r['ch']))[:limit]
        print('    %-7s %8s %-4s %9s %11s %11s  %-*s  %s' % (
            '', 'change', 'time', 'p-value', 'BASE med', 'NEW med', W, 'benchmark',
            'the other time'))
        for r in shown:
            pcol = '-' if r['p'] is None else '%.4f' % r['p']
            if r['how'] == 'disjoint' and r['nb'] > 1 and r['nn'] > 1:
                pcol = 'disjoint' if r['disjoint'] else 'overlap'
            print('    %-7s %8s %-4s %9s %11s %11s  %-*s  %s %s' % (
                'SLOWER' if r['ch'] > 0 else 'FASTER', pct(r['ch']), r['basis'], pcol,
                fmt_ns(r['mb']), fmt_ns(r['mn']), W, r['name'], r['other'], pct(r['och'])))

    slower = [r for r in sig if r['ch'] > 0]
    print('SIGNIFICANTLY CHANGED: %d of %d benchmarks (%d slower, %d faster): significant, and '
          'more than half of its family moved the same way' % (len(sig), judged, len(slower),
                                                              len(sig) - len(slower)))
    if sig:
        table(sig)
        print('  by <group>/<path> (all its benchmarks, the single runs too):')
        groups = {}
        for r in sig:
            groups.setdefault(group_path(r['name']), []).append(r)
        for g in sorted(groups):
            rs = groups[g]
            allg = [r for r in kernel_rows if group_path(r['name']) == g]
            s_ = [r['ch'] for r in rs if r['ch'] > 0]
            f_ = [r['ch'] for r in rs if r['ch'] <= 0]
            desc = []
            if s_:
                desc.append('%d slower (%s .. %s)' % (len(s_), pct(min(s_)), pct(max(s_))))
            if f_:
                desc.append('%d faster (%s .. %s)' % (len(f_), pct(max(f_)), pct(min(f_))))
            up = sum(1 for r in allg if r['ch'] > thr)
            down = sum(1 for r in allg if r['ch'] < -thr)
            print('    %-22s significant: %s; of its %d benchmarks %d moved > +%g%% and %d < '
                  '-%g%%, median %s' % (g, ', '.join(desc), len(allg), up, a.threshold, down,
                                        a.threshold,
                                        pct(statistics.median(r['ch'] for r in allg))))
    print()
    if isolated:
        print('significant but ISOLATED, most likely run-to-run noise: %d (the rest of their '
              'family, the other sizes of the workload on the path, did not move with them; a '
              'change that shows at one size only looks like this too: pool more runs to tell)'
              % len(isolated))
        table(isolated)
        for r in isolated:
            print('    %s: %d of the %d benchmarks of %s moved the same way'
                  % (r['name'], r['fam_same'], r['fam_n'], r['family']))
        print()
    print('not significantly changed (noise): %d' % (len(quiet) + len(small_sig) + len(noisy)))
    print('  |change| <= %g%%: %d (of which %d with p < %g: real but small)'
          % (a.threshold, len(quiet) + len(small_sig), len(small_sig), a.alpha))
    print('  |change| > %g%% but not significant (noisy): %d' % (a.threshold, len(noisy)))
    if noisy:
        table(noisy, limit=5)
        if len(noisy) > 5:
            print('    ... %d more' % (len(noisy) - 5))
    if untested:
        big = [r for r in untested if abs(r['ch']) > thr]
        print('single runs (no repetitions on a side, no test): %d, of which %d moved by more '
              'than %g%% (UNCONFIRMED, a hint at most):' % (len(untested), len(big), a.threshold))
        if big:
            table(big, limit=12)
            if len(big) > 12:
                print('    ... %d more' % (len(big) - 12))
    hsig = [r for r in harness if r['verdict'] == 'sig']
    if harness:
        print('harness (%s: our own code, no kernel code), judged by the same rule: %d of %d '
              'changed%s' % (', '.join(g + '/*' for g in HARNESS_GROUPS), len(hsig), len(harness),
                             ': ' + ', '.join('%s %s' % (r['name'], pct(r['ch'])) for r in hsig)
                             if hsig else ''))
    if too_fast:
        print('too fast to time (median < %g ns), not judged: %s'
              % (TIME_FLOOR_NS, ', '.join(r['name'] for r in too_fast)))
    if counters_only:
        print('counters only, time not judged: %d (%s)'
              % (len(counters_only), ', '.join(g + '/*' for g in COUNTERS_ONLY_GROUPS)))
    print()
    if counter_changes:
        print('EXACT COUNTERS CHANGED: %d (benchmark counter: BASE -> NEW)' % len(counter_changes))
        for n, k, bv, nv in counter_changes[:40]:
            print('    %-*s %-14s %s -> %s' % (W, n, k, fmt_num(bv), fmt_num(nv)))
        if len(counter_changes) > 40:
            print('    ... %d more' % (len(counter_changes) - 40))
    else:
        print('exact counters (PTEs, bytes, calls, ...) changed: none')
    if averaged_changes or batch_differs:
        print('  (not compared: %d benchmarks whose batch size differs, it comes from a timing; '
              '%d fractional per-op averages that differ)' % (batch_differs, averaged_changes))
    print('only in BASE: %s' % (', '.join(only_base[:10]) + (' ...' if len(only_base) > 10 else '')
                                if only_base else 'none'))
    print('only in NEW:  %s' % (', '.join(only_new[:10]) + (' ...' if len(only_new) > 10 else '')
                                if only_new else 'none'))
    if not names:
        print('warning: no benchmark name is in both runs')
    print()
    tail = []
    if counter_changes:
        tail.append('exact counters changed: %d' % len(counter_changes))
    if sig:
        by = {}
        for r in sig:
            by.setdefault(group_path(r['name']), [0, 0])[0 if r['ch'] > 0 else 1] += 1
        parts = ['%s (%s)' % (g, ', '.join(x for x in (
            '%d slower' % v[0] if v[0] else '', '%d faster' % v[1] if v[1] else '') if x))
            for g, v in sorted(by.items())]
        if isolated:
            tail.append('%d isolated (noise)' % len(isolated))
        print('RESULT: %d significantly changed: %s%s' % (
            len(sig), '; '.join(parts), ''.join('; ' + t for t in tail)))
    else:
        if isolated:
            tail.insert(0, '%d significant but isolated (noise)' % len(isolated))
        if untested:
            tail.insert(0, '%d single-run benchmarks, %d of them moved by more than %g%% '
                        '(unconfirmed)' % (len(untested), sum(1 for r in untested
                                                             if abs(r['ch']) > thr), a.threshold))
        print('RESULT: no significant change%s' % (' (%s)' % '; '.join(tail) if tail else ''))
    if a.out != '-':
        write_files(a, base_doc, new_doc, base_dirs, new_dirs)
    if a.fail_on_change and (sig or counter_changes):
        return 1
    return 0


def write_files(a, base_doc, new_doc, base_dirs, new_dirs):
    """compare.md and compare.json (benchlib/abreport.py), as make ab writes
    them: the file to attach to a patch, for two existing runs."""
    from benchlib import abreport, local
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = a.out or os.path.join(root, 'results', 'compare-%s-vs-%s' % (
        os.path.basename(base_dirs[0].rstrip('/')), os.path.basename(new_dirs[0].rstrip('/'))))
    sides = []
    for doc, dirs in ((base_doc, base_dirs), (new_doc, new_dirs)):
        by, errors, _ = gbench.collect(doc['benchmarks'])
        sides.append({'by': by, 'errors': errors, 'ctx': doc.get('context', {}),
                      'env': abreport.read_env_json(dirs[0]), 'dir': dirs[0]})
    rel = ' '.join(local.scrub(os.path.abspath(d), root) for d in base_dirs)
    reln = ' '.join(local.scrub(os.path.abspath(d), root) for d in new_dirs)
    meta = {'command': 'make compare BASE="%s" NEW="%s"%s' % (
        rel, reln, ' COMPARE_ARGS="%s"' % ' '.join(sys.argv[1:-3]) if len(sys.argv) > 4
        else ''), 'runs': 0}
    res = abreport.write_compare(out, sides[0], sides[1], meta, a.alpha, a.threshold / 100.0)
    print('compare.md: %s/compare.md (and compare.json, plots/): %s'
          % (os.path.relpath(out), res['result_line']))


if __name__ == '__main__':
    sys.exit(main())
