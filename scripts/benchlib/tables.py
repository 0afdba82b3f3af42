# SPDX-License-Identifier: GPL-2.0-only
"""The report's data and tables: the headline rows, descriptor density, the
IOVA allocator's figures, the P2P section, the environment table and the
table of every benchmark.
"""
import os
import statistics

from .fmt import fbytes, fnum, fspread, ftime, md_escape
from .gbench import parse_size
from .names import HEADLINE_SIZE, path_sort_key, workload_sort_key
from .names import is_empty_loop as names_empty_loop


def density_data(by):
    """{path: {workload: (median, min, max) bytes per 4 KiB}} and where it came from."""
    def pick(group):
        out = {}
        for b in by.values():
            # host memory only: the p2p workload has its own section
            if b.group != group or len(b.plain) != 4 or b.threads != 1 or b.workload == 'p2p':
                continue
            st = b.stat('bytes_per_4k')
            if not st:
                continue
            cur = out.setdefault(b.path, {}).get(b.workload)
            # the headline size, else the largest size measured
            rank = (b.size == HEADLINE_SIZE, parse_size(b.size) or 0)
            if cur is None or rank > cur[0]:
                out[b.path][b.workload] = (rank, b.size, st)
        return out
    for group in ('density', 'map'):
        d = pick(group)
        if d:
            sizes = sorted({v[1] for w in d.values() for v in w.values()},
                           key=lambda s: parse_size(s) or 0)
            return {p: {w: v[2] for w, v in ws.items()} for p, ws in d.items()}, group, sizes
    return {}, None, []


def iova_data(by):
    """{alloc: {(live, threads): Bench}}; threads 0: registered without threads"""
    out = {}
    for b in by.values():
        if b.group != 'iova' or 'live' not in b.params:
            continue
        try:
            live = int(float(b.params['live']))
        except ValueError:
            continue
        alloc = '/'.join(b.plain[1:]) or '?'
        th = b.threads if 'threads' in b.params else 0
        out.setdefault(alloc, {})[(live, th)] = b
    return out


def is_empty_loop(b):
    """The benchmark times an empty loop (names.is_empty_loop)."""
    st = b.primary() if b else None
    return bool(st) and names_empty_loop(b.group, b.path, st[0])


def cell(b, st):
    """A timing cell: median (min–max) over the repetitions; '¹' marks a
    single run (no spread: not a median), '†' an empty loop."""
    if not b or not st:
        return '–'
    return fspread(st) + ('¹' if b.reps == 1 else '') + (' †' if is_empty_loop(b) else '')


NOTE_MARKS = ('¹ one run, no repetitions: a single measurement, not a median, no spread. '
              '† the benchmark times an empty loop, not the kernel: iova and phys keep P2P '
              'bus addresses in an array and have nothing to unmap (the few ns per operation '
              'are the benchmark\'s own loop; per 4 KiB they come out sub-ns).')


def headline(by, paths):
    """Rows of the headline table: one per path, at HEADLINE_SIZE."""
    rows = []
    def get(group, path, wl):
        return by.get('%s/%s/%s/%s' % (group, path, wl, HEADLINE_SIZE))
    def dens(path, wl):
        for g in ('density', 'map'):
            b = get(g, path, wl)
            if b and b.stat('bytes_per_4k'):
                return b.stat('bytes_per_4k')
        return None
    for p in paths:
        cells = []
        for group in ('map', 'unmap'):
            for wl in ('4k', '2m'):
                b = get(group, p, wl)
                cells.append(cell(b, b.per_4k()) if b else '–')
        for wl in ('4k', '2m'):
            d = dens(p, wl)
            cells.append(fnum(d[0]) if d else '–')
        if any(c != '–' for c in cells):
            rows.append((p, cells))
    return rows


def p2p_section(by):
    """The P2P BAR ranges section: ns per 4 KiB of each p2p path at each size."""
    L = ['## P2P BAR ranges', '']
    bs = [b for b in by.values() if b.workload == 'p2p' and len(b.plain) == 4
          and b.group in ('map', 'unmap', 'density') and parse_size(b.size)]
    if not any(b.group != 'density' for b in bs):
        return L + ['No `map|unmap/<path>/p2p/<size>` benchmarks in this run.', '']
    sizes = sorted({b.size for b in bs if b.group != 'density'}, key=parse_size)
    paths = sorted({b.path for b in bs}, key=path_sort_key)
    big = sizes[-1]
    L += ['The `p2p` workload: ranges of a GPU\'s 8 GiB P2P BAR (ZONE_DEVICE pages from '
          '`pci_p2pdma_add_resource()`), 64 KiB chunks, every other one, for two clients of '
          'one PCI topology. `-p2p`: an NVMe function on another root port, which reaches '
          'the BAR through the host bridge (`PCI_P2PDMA_MAP_THRU_HOST_BRIDGE`): its IOMMU '
          'maps it (iova, phys: with `DMA_ATTR_MMIO`); `-p2p-fq` rows, if any, the same on a '
          'flush-queue domain. `-p2pbus`: a NIC below the same PCIe switch as the GPU '
          '(`PCI_P2PDMA_MAP_BUS_ADDR`): bus addresses, no IOMMU work, and for iova and phys '
          'nothing to unmap. iova and phys include the caller\'s `pci_p2pdma_state()` per '
          'range; sg walks the page array as for host memory.', '',
          '| path | %s | %s | descriptors, %s<br>B/4 KiB |' % (
              ' | '.join('map, %s<br>ns/4 KiB' % s for s in sizes),
              ' | '.join('unmap, %s<br>ns/4 KiB' % s for s in sizes), big),
          '| --- |' + ' ---: |' * (2 * len(sizes) + 1)]
    for p in paths:
        cells = []
        for group in ('map', 'unmap'):
            for sz in sizes:
                b = by.get('%s/%s/p2p/%s' % (group, p, sz))
                cells.append(cell(b, b.per_4k()) if b and b.per_4k() else '–')
        d = [by.get('%s/%s/p2p/%s' % (g, p, big)) for g in ('density', 'map')]
        d = [b.stat('bytes_per_4k') for b in d if b and b.stat('bytes_per_4k')]
        cells.append(fnum(d[0][0]) if d else '–')
        L.append('| %s | %s |' % (p, ' | '.join(cells)))
    return L + ['', NOTE_MARKS, '']


def short_sha(env, ctx):
    """dmalab's commit: 12 hex digits, '-dirty' with uncommitted changes."""
    sha = env.get('git_sha') or ctx.get('git_sha') or ''
    if sha:
        sha = sha[:12] + ('-dirty' if env.get('git_dirty') == 'yes' else '')
    return sha or ctx.get('git') or env.get('git') or '?'


def env_section(ctx, env, env_path, files, by, reps, only_aggregates, run):
    """The environment table: machine, kernel, compilers, the run, its inputs."""
    L = ['| | |', '| --- | --- |']
    used = set()

    def get(*keys, src=None):
        for k in keys:
            for d in ((src,) if src is not None else (env, ctx)):
                if d.get(k) not in (None, '', []):
                    used.add(k)
                    return d[k]
        return None

    def row(k, v):
        if v not in (None, '', []):
            L.append('| %s | %s |' % (k, md_escape(v)))
    cpu = get('cpu', 'cpu_model', 'model_name', src=env)
    cpu_ctx = '%s CPUs' % (ctx.get('num_cpus') or env.get('cpus') or '?')
    if ctx.get('mhz_per_cpu'):
        cpu_ctx += ' at %s MHz' % ctx['mhz_per_cpu']
    if ctx.get('cpu_scaling_enabled'):
        cpu_ctx += ', **CPU frequency scaling enabled** (timings may be noisy)'
    row('CPU', '%s (%s)' % (cpu, cpu_ctx) if cpu else cpu_ctx)
    caches = ctx.get('caches') or []
    if caches:
        row('caches', ', '.join('L%d %s %s%s' % (c.get('level', 0), c.get('type', ''),
                                                  fbytes(c.get('size', 0)),
                                                  ' (shared by %d)' % c['num_sharing']
                                                  if c.get('num_sharing', 1) > 1 else '')
                                for c in caches))
    host = [x for x in (ctx.get('host_name'), get('os', src=env),
                        'Linux ' + env['host_kernel'] if env.get('host_kernel') else None) if x]
    used.add('host_kernel')
    row('host', ', '.join(host))
    start = get('load_start', src=env) or ' '.join('%.2f' % x for x in ctx.get('load_avg', []))
    end = get('load_end', src=env) or ctx.get('load_end')
    row('load average', '%s at the start%s' % (start, ', %s at the end' % end if end else '')
        if start else None)
    row('kernel source', get('kernel', 'kernel_source', 'kernel_package'))
    row('kernel tree', get('kernel_tree', 'tree', 'kernel_src', src=env))
    row('kernel git', get('kernel_git', src=env))
    row('kernel package sha256', get('kernel_package_sha256', src=env))
    used.update({'kernel_version', 'kernel_package', 'git_sha', 'git_dirty', 'git'})
    row('dmalab git', short_sha(env, ctx))
    row('C compiler', get('compiler', 'cc'))
    row('C flags', get('cflags'))
    cxx = get('cxx', src=env)
    row('C++ (Google Benchmark glue)', '%s; %s' % (cxx, get('cxxflags', src=env) or '')
        if cxx else None)
    lib = ctx.get('library_build_type')
    libv = get('libbenchmark', src=env)
    row('Google Benchmark', '%s%s' % ('libbenchmark %s, ' % libv if libv else '',
                                      '%s build%s' % (lib, ' (as Debian builds it, without '
                                                      'NDEBUG; the timed code is ours, at -O2)'
                                                      if lib == 'debug' else ''))
        if lib or libv else None)
    model = ', '.join(x for x in (
        '%s CPUs' % ctx['model_cpus'] if ctx.get('model_cpus') else '',
        '%s page table' % ctx['pt_format'] if ctx.get('pt_format') else '',
        'device: %s' % ctx['device'] if ctx.get('device') else '') if x)
    row('modelled machine', model)
    row('run', ', '.join(x for x in (
        get('mode', 'profile', 'bench_mode') or '',
        ctx.get('dmalab_passes', ''),
        '%s repetitions at most%s' % (reps, ' (the JSON has the aggregates only)'
                                      if only_aggregates else '')) if x))
    row('date', '%s%s' % (ctx.get('date') or env.get('date'),
                          ' to %s' % env['finished'] if env.get('finished') else ''))
    row('executable', '`%s`' % ctx['executable'] if ctx.get('executable') else None)
    skip = used | {'date', 'finished', 'cpus', 'benchmark_binary', 'build', 'python', 'results',
                   'profile', 'bench_mode', 'mode', 'dmalab_passes', 'model_cpus', 'pt_format',
                   'device', 'load_end', 'host_name', 'executable', 'num_cpus', 'mhz_per_cpu',
                   'cpu_scaling_enabled', 'caches', 'load_avg', 'library_build_type',
                   'json_schema_version', 'kernel_package'}
    for k in sorted(env):
        if k not in skip:
            row(k, env[k])
    for k in sorted(ctx):
        if k not in skip and k.lower() not in env and not isinstance(ctx[k], (list, dict)):
            row(k, ctx[k])
    row('inputs', ', '.join('`%s`' % os.path.relpath(f, run) for f in files)
        + (', `%s`' % os.path.relpath(env_path, run) if env_path else ' (no env file)'))
    return L


def all_table(by):
    """Every benchmark: time, spread, coefficient of variation and counters."""
    counters = ['ns_per_4k', 'bytes_per_4k', 'desc_bytes', 'pt_bytes', 'ptes', 'ranges',
                'entries', 'iova', 'iommu_calls', 'iotlb_syncs', 'flush_all', 'slab_ops',
                'batch']
    present = [c for c in counters if any(c in b.counters for b in by.values())]
    L = ['| benchmark | time per iteration (CPU; wall for /real_time), median (min–max) '
         '| cv | %s |'
         % ' | '.join(present), '| --- | --- | --- |' + ' ---: |' * len(present)]
    def key(b):
        g = ['map', 'unmap', 'blk', 'blk-unmap', 'dmabuf', 'dmabuf-unmap', 'density', 'iova',
             'shim']
        return (g.index(b.group) if b.group in g else len(g), b.group, path_sort_key(b.path),
                workload_sort_key(b.workload), parse_size(b.size) or 0, b.name)
    for b in sorted(by.values(), key=key):
        med, lo, hi = b.primary()
        cv = ''
        if b.reps > 1 and med > 0:
            v = b.real if b.primary_name() == 'wall' else b.cpu
            cv = '%.1f%%' % (100 * statistics.pstdev(v) / statistics.mean(v))
        cells = []
        for c in present:
            st = b.stat(c)
            cells.append(fnum(st[0]) if st else '')
        spread = ' (%s–%s)' % (ftime(lo), ftime(hi))
        L.append('| `%s` | %s | %s | %s |' % (b.name, ftime(med) + (
            spread if lo != hi and ftime(lo) != ftime(hi) else '') + (
            '¹' if b.reps == 1 else '') + (' †' if is_empty_loop(b) else ''), cv,
            ' | '.join(cells)))
    return L
