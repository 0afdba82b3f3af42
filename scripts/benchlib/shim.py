# SPDX-License-Identifier: GPL-2.0-only
"""The shim-overhead model, the one of the bench scripts: how much of each
map/unmap figure is our own machinery (the timer, the C loop, the shim's
slab allocator, the mock IOMMU's statistics lock), estimated from the
shim/* benchmarks. bench.py writes it to shim-overhead.json/.txt;
bench_report.py reads that file, or makes the same estimate itself.
"""
import json
import os
import statistics

# the shim/* benchmarks the estimate needs
NEED = ['shim/loop/cxx', 'shim/loop/c', 'shim/pause-resume/c', 'shim/kmalloc/64',
        'shim/malloc/64', 'shim/spinlock/pair']
# what the mock IOMMU's statistics cost per call: measured directly since
# they are per-thread counters; runs before that took a spinlock pair
IOMMU_STATS = 'shim/iommu-stats/map'


def estimate(by):
    """
    Our machinery's share of each map/unmap figure, from the shim/ benchmarks
    (CPU time, as the figures' ns_per_4k and bytes_per_second):
      timer     the pause/resume pair, once per batch of K operations
      loop      the C loop over the native C++ one (per batch: one call)
      slab      each slab/page allocation or free: half the shim's
                kmalloc+kfree pair over glibc's malloc+free pair (a
                per-thread cached allocator, as SLUB's per-CPU fast path)
      iommu     the mock IOMMU's statistics, per map/unmap call and per
                IOTLB sync (shim/iommu-stats/map; older runs: a spinlock pair)
    """
    if any(n not in by for n in NEED):
        return None
    c = {n: by[n].stat('cpu')[0] for n in NEED}
    unit = {
        'timer_per_batch_ns': c['shim/pause-resume/c'],
        'loop_per_call_ns': max(0.0, c['shim/loop/c'] - c['shim/loop/cxx']),
        'slab_per_op_ns': max(0.0, (c['shim/kmalloc/64'] - c['shim/malloc/64']) / 2),
        'spinlock_pair_ns': c['shim/spinlock/pair'],
    }
    if IOMMU_STATS in by:
        unit['iommu_stats_per_call_ns'] = by[IOMMU_STATS].stat('cpu')[0]
    iommu_ns = unit.get('iommu_stats_per_call_ns', unit['spinlock_pair_ns'])
    if 'shim/loop/c-inline' in by:
        unit['loop_inline_per_iteration_ns'] = max(
            0.0, by['shim/loop/c-inline'].stat('cpu')[0] - c['shim/loop/cxx'])
    rows = []
    for name in sorted(by):
        b = by[name]
        if name.split('/')[0] not in ('map', 'unmap') or 'batch' not in b.counters:
            continue
        f = {k: statistics.median(v) for k, v in b.counters.items()}
        cpu = b.stat('cpu')[0]
        k = max(1.0, f['batch'])
        est = {
            'timer': unit['timer_per_batch_ns'] / k,
            'loop': unit['loop_per_call_ns'] / k,
            'slab': f.get('slab_ops', 0.0) * unit['slab_per_op_ns'],
            'iommu': (f.get('iommu_calls', 0.0) + f.get('iotlb_syncs', 0.0)) * iommu_ns,
        }
        total = sum(est.values())
        rows.append({'name': name, 'cpu_ns': cpu, 'shim_ns': total,
                     'share': total / cpu if cpu else 0.0, 'parts': est})
    shares = [r['share'] for r in rows]
    return {
        'unit_costs_ns': unit,
        'benchmarks': rows,
        'median_share': statistics.median(shares) if shares else None,
        'max_share': max(shares) if shares else None,
        'max_share_benchmark': max(rows, key=lambda r: r['share'])['name'] if rows else None,
    }


def of_run(run, by):
    """The estimate of a run: its shim-overhead.json (written by make bench),
    else estimate() of its benchmarks; None when neither has a map/unmap
    row. 'source' says which."""
    p = os.path.join(run, 'shim-overhead.json')
    if os.path.isfile(p):
        try:
            with open(p) as fh:
                d = json.load(fh)
            if d.get('benchmarks') and d.get('unit_costs_ns'):
                d['source'] = 'shim-overhead.json'
                return d
        except (OSError, ValueError):
            pass
    d = estimate(by)
    if not d or not d['benchmarks']:
        return None
    d['source'] = 'the shim/ benchmarks'
    return d
