# SPDX-License-Identifier: GPL-2.0-only
"""The statistics of an A/B comparison (compare.md, compare.json): for each
benchmark the change of the median, a bootstrap 95 % confidence interval
of the ratio of medians, the Mann-Whitney U test, the noise floor, and a
verdict.

Why these: a patch author needs "how much slower, and how sure": the ratio
of medians with its interval says both in the figure's own terms, where a
p-value alone says neither. The U test stays beside it because reviewers
know it (Google Benchmark's compare.py prints it) and it makes no
assumption about the shape of the timings. Neither knows about the drift
of a shared machine between rounds, which moves every repetition of a
round together: the noise floor (how far the medians of the rounds of one
tree lie apart) is that, measured in the same run, and a change must clear
it too. Needs numpy and scipy (python3-scipy, run by /usr/bin/python3).
"""
import statistics

import numpy as np
from scipy.stats import mannwhitneyu

BOOT = 4000             # bootstrap resamples: the 2.5 % tails rest on 100 each
SEED = 20261206         # fixed: the same data give the same compare.md
TIME_FLOOR_NS = 1.0     # below this per op, the benchmark times an empty loop


def boot_ci(base, new, level=0.95, nboot=BOOT, seed=SEED):
    """(low, high) of median(new) / median(base) - 1 by the percentile
    bootstrap, each side resampled by itself; None with fewer than 2 a side."""
    b, n = np.asarray(base, float), np.asarray(new, float)
    if len(b) < 2 or len(n) < 2 or np.median(b) <= 0:
        return None
    rng = np.random.default_rng(seed)
    mb = np.median(rng.choice(b, (nboot, len(b))), axis=1)
    mn = np.median(rng.choice(n, (nboot, len(n))), axis=1)
    ok = mb > 0
    r = mn[ok] / mb[ok] - 1.0
    a = (1.0 - level) / 2.0
    return float(np.quantile(r, a)), float(np.quantile(r, 1.0 - a))


def utest(base, new):
    """Two-sided Mann-Whitney U test p; None with fewer than 2 a side."""
    if len(base) < 2 or len(new) < 2:
        return None
    if len(set(base) | set(new)) == 1:
        return 1.0
    return float(mannwhitneyu(new, base, alternative='two-sided').pvalue)


def min_p(nb, nn):
    """The smallest two-sided p the exact U test can give with nb, nn samples."""
    from math import comb
    return min(1.0, 2.0 / comb(nb + nn, nb)) if nb and nn else 1.0


def noise_floor(values, rounds):
    """How far one tree's figure moves by itself, relative: the range of
    the medians of its rounds over their median ('rounds'); with one
    round, the range of its repetitions ('repetitions', an underestimate:
    repetitions in a row share the machine's state). (floor, kind)."""
    by = {}
    for v, r in zip(values, rounds):
        by.setdefault(r, []).append(v)
    if len(by) >= 2:
        meds = [statistics.median(v) for v in by.values()]
        kind = 'rounds'
    else:
        meds, kind = list(values), 'repetitions'
    m = statistics.median(meds) if meds else 0
    if len(meds) < 2 or m <= 0:
        return None, kind
    return (max(meds) - min(meds)) / m, kind


def judge(row, alpha, threshold):
    """The verdict of one timed benchmark (row: 'nb', 'nn', 'delta', 'ci',
    'p', 'floor', 'max_ns'):
      untested       fewer than 3 repetitions a side: no interval worth the name
      empty loop     both medians under 1 ns per operation, or an unmap with
                     nothing to do (names.is_empty_loop): the timer's loop
      slower/faster  the interval excludes 0, p < alpha, and the change is
                     beyond both the threshold and the noise floor
      within noise   the interval excludes 0 and p < alpha, but the change is
                     inside the noise floor (or the threshold): the rounds
                     of one tree move as much by themselves
      no change      otherwise
    """
    if row.get('empty') or row['max_ns'] < TIME_FLOOR_NS:
        return 'empty loop'
    if min(row['nb'], row['nn']) < 3 or row['ci'] is None:
        return 'untested'
    lo, hi = row['ci']
    bar = max(threshold, row['floor'] or 0.0)
    sig = (lo > 0 or hi < 0) and row['p'] is not None and row['p'] < alpha
    if not sig:
        return 'no change'
    if abs(row['delta']) <= bar:
        return 'within noise'
    return 'slower' if row['delta'] > 0 else 'faster'


def family_key(name, names):
    """A benchmark's family: <group>/<path>/<workload>/* when that has 3 or
    more members among names, else <group>/<path>/*."""
    parts = name.split('/')
    fam = [n for n in names if n.split('/')[:3] == parts[:3]]
    if len(fam) >= 3:
        return '/'.join(parts[:3]) + '/*', fam
    return '/'.join(parts[:2]) + '/*', [n for n in names if n.split('/')[:2] == parts[:2]]


def confirm_families(rows, threshold):
    """A change in the kernel moves a family (the sizes and workloads of a
    path); the noise of a shared machine moves one benchmark here and
    there. A slower/faster verdict stands when at least half of its family
    moved the same way beyond the threshold; else it becomes 'isolated'.
    Sets row['family'], row['family_same'], row['family_n']."""
    timed = {r['name']: r for r in rows if r['verdict'] not in ('untested', 'empty loop')}
    for r in rows:
        if r['verdict'] not in ('slower', 'faster'):
            continue
        key, fam = family_key(r['name'], list(timed))
        up = r['delta'] > 0
        same = sum(1 for n in fam if (timed[n]['delta'] > threshold if up
                                      else timed[n]['delta'] < -threshold))
        r['family'], r['family_same'], r['family_n'] = key, same, len(fam)
        if 2 * same < len(fam):
            r['verdict'] = 'isolated'


def exact_counters(b, n, skip):
    """[(counter, base, new)] of the counters constant over the repetitions
    of both sides that differ (an exact count: a change of behaviour, not of
    speed), and [(counter, value)] of those equal."""
    changed, same = [], []
    for k in sorted(set(b.counters) & set(n.counters)):
        if k in skip:
            continue
        bv, nv = b.counters[k], n.counters[k]
        if max(bv) != min(bv) or max(nv) != min(nv):
            continue
        if abs(bv[0] - nv[0]) > 1e-9 * max(abs(bv[0]), abs(nv[0]), 1e-300):
            changed.append((k, bv[0], nv[0]))
        else:
            same.append((k, bv[0]))
    return changed, same
