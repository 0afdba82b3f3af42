# SPDX-License-Identifier: GPL-2.0-only
"""report.md of a bench run, section by section: the run in one sentence,
the headline (1 GiB buffers), the harness overhead, cost against buffer
size, descriptor density, P2P BAR ranges, the IOVA allocator, the
environment, every benchmark, how to reproduce. The plots are drawn on the
way (plots.py), the tables come from tables.py.
"""
import os

from . import shim
from .callers import callers_section
from .fmt import fbytes, fcount, fnum
from .names import (ANCHOR_SOURCE, ANCHOR_URL, BASE_PATHS, HEADLINE_SIZE, KERNEL_256X4K_NS,
                    STORE_FLOOR_NS, WORKLOAD_TEXT, path_sort_key, workload_sort_key)
from .plots import (Plotter, plot_cost_vs_size, plot_density, plot_iova_live,
                    plot_iova_threads)
from .tables import (NOTE_MARKS, all_table, cell, density_data, env_section, headline,
                     iova_data, p2p_section, short_sha)


def intro(run, ctx, env, by, errors, reps):
    """The title, the run in one sentence, and the benchmarks that failed."""
    kernel = env.get('kernel') or ctx.get('kernel') or ctx.get('kernel_source') or '?'
    sha = short_sha(env, ctx)
    multi = sum(1 for b in by.values() if b.reps > 1)
    if reps == 1:
        runs = 'one run each (no spread)'
    elif multi == len(by):
        runs = '%d repetitions each: figures are medians, (min–max) the spread' % reps
    else:
        runs = ('%d of them with %d repetitions (the headline set: medians, (min–max) the '
                'spread), the other %d once' % (multi, reps, len(by) - multi))
    L = ['# dmalab benchmarks: %s' % os.path.basename(os.path.abspath(run)), '',
         'Kernel %s; dmalab %s; %s; %d benchmarks, %s.' % (
             kernel, sha, ctx.get('date') or env.get('date') or '?', len(by), runs), '']
    if errors:
        L += ['**%d benchmark(s) reported an error:**' % len(errors), '']
        L += ['- `%s`: %s' % (n, m) for n, m in errors[:20]] + ['']
    return L


def headline_section(by, paths):
    """The headline table (1 GiB buffers) and how it compares with the anchors."""
    L = []
    rows = headline(by, paths)
    L += ['## Headline: 1 GiB buffers', '']
    if rows:
        L += ['ns per 4 KiB of buffer mapped or unmapped (the CPU time of one map or unmap of '
              'the whole buffer divided by the number of 4 KiB in it), and bytes of mapping '
              'descriptors per 4 KiB: what the caller keeps to describe the mapping (sg: the '
              '`sg_table`; iova: the `phys_vec` array and the `dma_iova_state`; phys: the '
              '`phys_vec` array and a `dma_addr_t` per range). Lower is better everywhere.', '',
              '| path | map, 4 KiB pages<br>ns/4 KiB | map, 2 MiB folios<br>ns/4 KiB '
              '| unmap, 4 KiB pages<br>ns/4 KiB | unmap, 2 MiB folios<br>ns/4 KiB '
              '| descriptors, 4 KiB pages<br>B/4 KiB | descriptors, 2 MiB folios<br>B/4 KiB |',
              '| --- | ---: | ---: | ---: | ---: | ---: | ---: |']
        for p, cells in rows:
            L.append('| %s | %s |' % (p, ' | '.join(cells)))
        L += ['', NOTE_MARKS]
        L.append('')
        ref = by.get('map/sg/4k/%s' % HEADLINE_SIZE)
        notes = []
        for p in ('iova', 'phys'):
            b = by.get('map/%s/4k/%s' % (p, HEADLINE_SIZE))
            if ref and b and ref.per_4k() and b.per_4k():
                notes.append('`map/%s` takes %s× the time of `map/sg`' % (
                    p, fnum(b.per_4k()[0] / ref.per_4k()[0])))
        best = min((by['map/%s/4k/%s' % (p, HEADLINE_SIZE)].per_4k()[0], p) for p in paths
                   if 'map/%s/4k/%s' % (p, HEADLINE_SIZE) in by
                   and by['map/%s/4k/%s' % (p, HEADLINE_SIZE)].per_4k()
                   and 'direct' not in p) if any(
            'map/%s/4k/%s' % (p, HEADLINE_SIZE) in by and 'direct' not in p for p in paths) \
            else None
        if best:
            notes.append('the fastest IOMMU path with 4 KiB pages (%s, %s ns/4 KiB) is %s× '
                         'a plain loop storing 8-byte PTEs on this kind of machine (%s ns per '
                         'PTE, measured) and %s× the published in-kernel iommu_map() of 256 x '
                         '4 KiB in one call on generic_pt\'s x86-64 format (392 ns, %s ns per '
                         '4 KiB: [%s](%s)); ours includes the IOVA allocation, the descriptors '
                         'and the mock IOMMU, so the ratio, not the gap, is the figure to watch '
                         'from one run to the next' % (
                             best[1], fnum(best[0]), fnum(best[0] / STORE_FLOOR_NS),
                             fnum(STORE_FLOOR_NS), fnum(best[0] / KERNEL_256X4K_NS),
                             fnum(KERNEL_256X4K_NS), ANCHOR_SOURCE, ANCHOR_URL))
        if notes:
            L += ['With 4 KiB pages: ' + '; '.join(notes) + '.', '']
    else:
        L += ['No `map|unmap/<path>/{4k,2m}/%s` benchmarks in this run.' % HEADLINE_SIZE, '']
    return L


def overhead_text(run, by):
    """The harness-overhead paragraph of the report."""
    sh = shim.of_run(run, by)
    shims = sorted(b.name for b in by.values() if b.group == 'shim')
    if not sh:
        if shims:
            return ['**Harness overhead:** the `shim/*` benchmarks ran (%s) but not all of '
                    '%s: no estimate.' % (', '.join('`%s`' % n for n in shims),
                                          ', '.join('`%s`' % n for n in shim.NEED)), '']
        return ['Harness overhead: no `shim/*` benchmarks in this run.', '']
    rows = {r['name']: r for r in sh['benchmarks']}
    head = []
    for p in BASE_PATHS[:3]:
        r = rows.get('map/%s/4k/%s' % (p, HEADLINE_SIZE))
        if r:
            head.append('%s %.1f%%' % (p, 100 * r['share']))
    u = sh['unit_costs_ns']
    L = ['**Harness overhead** (%s, estimated from the `shim/*` benchmarks on CPU time): '
         'the userspace stand-ins take a median **%.1f%%** of a map/unmap figure, at most '
         '%.1f%% (`%s`)%s. Unit costs: the timer\'s pause+resume %.0f ns per batch, the shim\'s '
         'kmalloc+kfree %.1f ns more than glibc\'s per slab or page operation, %s '
         '%.1f ns per IOMMU call or IOTLB sync.' % (
             '`shim-overhead.txt`' if sh['source'] == 'shim-overhead.json'
             else 'computed by this report',
             100 * (sh['median_share'] or 0), 100 * (sh['max_share'] or 0),
             sh['max_share_benchmark'],
             ('; map of 1 GiB of 4 KiB pages: ' + ', '.join(head)) if head else '',
             u.get('timer_per_batch_ns', 0), 2 * u.get('slab_per_op_ns', 0),
             'the mock IOMMU\'s statistics (per-thread counters)'
             if 'iommu_stats_per_call_ns' in u else
             'a spinlock pair (the mock IOMMU\'s statistics)',
             u.get('iommu_stats_per_call_ns', u.get('spinlock_pair_ns', 0))), '']
    return L


def cost_section(plotter, by):
    """ns per 4 KiB against buffer size: the four plots."""
    L = []
    L += ['## Cost against buffer size', '',
          'Median ns per 4 KiB for each path; the bars are the min–max over the repetitions. '
          'Dashed lines: the flush-queue (`-fq`) domains. Log scales on both axes.', '']
    for group in ('map', 'unmap'):
        for wl in ('4k', '2m'):
            rel = plot_cost_vs_size(plotter, by, group, wl)
            if rel:
                L += ['![%s, %s](%s)' % (group, WORKLOAD_TEXT[wl], rel), '']
            else:
                L += ['(no `%s/<path>/%s/<size>` benchmarks)' % (group, wl), '']
    return L


def density_section(plotter, by, paths):
    """Descriptor bytes per 4 KiB by workload and path, and the IOMMU page tables."""
    L = []
    dens, dsrc, dsizes = density_data(by)
    L += ['## Descriptor density', '']
    if dens:
        rel = plot_density(plotter, dens)
        L += ['Bytes of mapping descriptors per 4 KiB mapped (`bytes_per_4k`, from the `%s/*` '
              'benchmarks at %s): a 32-byte `struct scatterlist` per contiguous range plus '
              'chaining for sg, a 16-byte `phys_vec` per range for iova (plus one '
              '`dma_iova_state`), and for phys a `dma_addr_t` per range besides. Fewer, larger '
              'ranges (folios) mean fewer bytes.' % (dsrc, ', '.join(dsizes)), '']
        if rel:
            L += ['![descriptor bytes per 4 KiB](%s)' % rel, '']
        wls = sorted({w for p in dens for w in dens[p]}, key=workload_sort_key)
        L += ['| path | %s |' % ' | '.join(WORKLOAD_TEXT.get(w, w) for w in wls),
              '| --- |' + ' ---: |' * len(wls)]
        for p in sorted(dens, key=path_sort_key):
            L.append('| %s | %s |' % (p, ' | '.join(fnum(dens[p][w][0]) if w in dens[p]
                                                     else '–' for w in wls)))
        L.append('')
        # page tables, from the map benchmarks
        pt = []
        for p in paths:
            for wl in ('4k', '2m'):
                b = by.get('map/%s/%s/%s' % (p, wl, HEADLINE_SIZE))
                if b and (b.stat('ptes') or b.stat('pt_bytes')):
                    pt.append((p, wl, b))
        if pt:
            L += ['IOMMU page tables for a %s buffer (`map/<path>/<workload>/%s`): entries '
                  'written per map, table bytes, IOTLB syncs and full flushes per op.'
                  % (HEADLINE_SIZE, HEADLINE_SIZE), '',
                  '| path | workload | PTEs written | page-table bytes | IOTLB syncs | flush-all |',
                  '| --- | --- | ---: | ---: | ---: | ---: |']
            for p, wl, b in pt:
                def c(k):
                    st = b.stat(k)
                    return fnum(st[0]) if st else '–'
                L.append('| %s | %s | %s | %s | %s | %s |' % (
                    p, WORKLOAD_TEXT[wl], c('ptes'),
                    fbytes(b.stat('pt_bytes')[0]) if b.stat('pt_bytes') else '–',
                    c('iotlb_syncs'), c('flush_all')))
            L.append('')
    else:
        L += ['No benchmark of a host-memory workload reported `bytes_per_4k`.', '']
    return L


def iova_section(plotter, by, machine_cpus=0):
    """The IOVA allocator against live IOVAs and threads: plots and a table."""
    L = []
    iova = iova_data(by)
    L += ['## IOVA allocator', '']
    if iova:
        r1 = plot_iova_live(plotter, iova)
        r2 = plot_iova_threads(plotter, iova, machine_cpus)
        L += ['`iova/<allocator>/live:<N>`: one allocation and free with N IOVAs already live '
              'in the domain (`fast`: `alloc_iova_fast` with the per-CPU caches; `tree`: '
              '`alloc_iova` on the rbtree). With `/threads:T`, Google Benchmark runs T threads: '
              'the wall time is per op of all threads together (it halves when two threads '
              'scale perfectly), the CPU time is the cost of one op on its thread.', '']
        for rel, alt in ((r1, 'IOVA allocator against live IOVAs'),
                         (r2, 'IOVA allocator against threads')):
            if rel:
                L += ['![%s](%s)' % (alt, rel), '']
        lives = sorted({lv for d in iova.values() for (lv, _) in d})
        ths = sorted({th for d in iova.values() for (_, th) in d})
        L += ['| allocator | threads | time | %s |' % ' | '.join('%s live' % fcount(lv)
                                                               for lv in lives),
              '| --- | ---: | --- |' + ' ---: |' * len(lives)]
        for alloc in sorted(iova):
            for th in ths:
                cells = [iova[alloc].get((lv, th)) for lv in lives]
                if any(cells):
                    kind = next(c for c in cells if c).primary_name()
                    L.append('| %s | %s | %s | %s |' % (
                        alloc, th or '1 (no /threads)', kind, ' | '.join(
                            cell(c, c.primary()) if c else '–' for c in cells)))
        L += ['', 'ns per alloc+free, median (min–max): CPU time with one thread, wall time '
              'per op of all threads together with `/threads:T`.', '']
    else:
        L += ['No `iova/*/live:N` benchmarks in this run.', '']
    return L


def closing_sections(run, ctx, env, env_path, files, by, reps, only_aggregates, plotter):
    """The environment, every benchmark, how to reproduce, drawing problems."""
    L = []
    L += ['## Environment', ''] + env_section(ctx, env, env_path, files, by, reps,
                                              only_aggregates, run) + ['']
    L += ['## Every benchmark', '', '<details><summary>%d benchmarks: time per iteration and '
          'counters (medians)</summary>' % len(by), ''] + all_table(by) + ['', '</details>', '']
    L += ['## Reproduce', '',
          '```sh',
          'make bench-report DIR=%s   # this report again' % os.path.relpath(run),
          'make compare BASE=%s NEW=results/<other run>   # A/B with a U test' % os.path.relpath(run),
          'make perf BENCH_FILTER=\'map/iova/4k/1GiB\'   # counters or callgrind for one benchmark',
          '```', '', 'Plots: `plots/*.svg`, each drawn by the `plots/*.gp` beside it (gnuplot, '
          'data inline). How to read all this: `docs/benchmarks.md`.', '']
    if plotter.problems:
        L += ['## Problems while drawing', ''] + ['- ' + p for p in plotter.problems] + ['']
    return L


def write_report(run, out, files, ctx, env, env_path, by, errors, only_aggregates):
    """Write report.md (out) and its plots (plots/ beside it); the Plotter,
    which knows the plots made and the problems met."""
    plotter = Plotter(os.path.join(os.path.dirname(os.path.abspath(out)), 'plots'))
    reps = max(b.reps for b in by.values())
    paths = sorted({b.path for b in by.values() if b.group in ('map', 'unmap', 'density')},
                   key=path_sort_key)
    L = intro(run, ctx, env, by, errors, reps)
    L += headline_section(by, paths)
    L += overhead_text(run, by)
    L += cost_section(plotter, by)
    L += density_section(plotter, by, paths)
    L += p2p_section(by)
    L += callers_section(by)
    try:
        cpus = int(ctx.get('num_cpus') or env.get('cpus') or 0)
    except ValueError:
        cpus = 0
    L += iova_section(plotter, by, cpus)
    L += closing_sections(run, ctx, env, env_path, files, by, reps, only_aggregates, plotter)
    with open(out, 'w') as fh:
        fh.write('\n'.join(L))
    return plotter
