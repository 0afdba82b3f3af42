#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write report.md and SVG plots for one dmalab benchmark run.

    bench_report.py DIR [--json FILE]... [--out FILE]

DIR is a results directory written by `make bench`
(results/<date>-<kernel version>-<git sha>/): the Google Benchmark JSON
(every *.json in DIR with a "benchmarks" array, merged) and the env file
(key=value lines). Writes DIR/report.md and DIR/plots/*.svg; each plot's
gnuplot script, with its data inline, is kept beside it as plots/*.gp.

Benchmark names follow <group>/<path>/<workload>/<size> (map/sg/4k/1GiB,
unmap/iova-fq/2m/1GiB, density/phys/mix/1GiB, map/iova-p2pbus/p2p/1GiB,
shim/...), and
iova/<allocator>/live:<N>[/threads:T]. Counters read: ns_per_4k,
bytes_per_4k, desc_bytes, pt_bytes, ptes, iotlb_syncs, flush_all,
bytes_per_second. With repetitions, every figure is the median over the
repetitions, with the min-max spread beside it.
"""
import argparse
import glob
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

UNIT_NS = {'ns': 1.0, 'us': 1e3, 'ms': 1e6, 's': 1e9}
STD_KEYS = {'name', 'family_index', 'per_family_instance_index', 'run_name', 'run_type',
            'repetitions', 'repetition_index', 'threads', 'iterations', 'real_time',
            'cpu_time', 'time_unit', 'aggregate_name', 'aggregate_unit', 'label',
            'error_occurred', 'error_message', 'big_o', 'rms', 'complexity'}
BASE_PATHS = ['sg', 'iova', 'phys', 'sg-direct', 'phys-direct']
# the p2p workload's: through the host bridge (IOMMU), by bus addresses
P2P_PATHS = ['sg-p2p', 'iova-p2p', 'phys-p2p', 'sg-p2pbus', 'iova-p2pbus', 'phys-p2pbus']
BASE_PATHS += P2P_PATHS
PATH_SUFFIXES = ['', '-fq', '-cold', '-fq-cold']
PATH_ORDER = [b + x for b in BASE_PATHS for x in PATH_SUFFIXES]
# Google Benchmark's own name parts, not ours
GB_NAME_TAGS = {'real_time', 'manual_time', 'process_time'}
BASE_COLOUR = {'sg': '#1f77b4', 'iova': '#d62728', 'phys': '#2ca02c',
               'sg-direct': '#9467bd', 'phys-direct': '#8c564b',
               'sg-p2p': '#6baed6', 'iova-p2p': '#fc8d59', 'phys-p2p': '#74c476',
               'sg-p2pbus': '#08519c', 'iova-p2pbus': '#99000d', 'phys-p2pbus': '#006d2c'}
EXTRA_COLOURS = ['#ff7f0e', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22']
POINTS = {'sg': 7, 'iova': 5, 'phys': 9, 'sg-direct': 11, 'phys-direct': 13,
          'sg-p2p': 7, 'iova-p2p': 5, 'phys-p2p': 9, 'sg-p2pbus': 15, 'iova-p2pbus': 15,
          'phys-p2pbus': 15}
WORKLOAD_ORDER = ['4k', '2m', '1g', 'mix', 'unaligned', 'sparse', 'p2p']
WORKLOAD_TEXT = {'4k': '4 KiB pages', '2m': '2 MiB folios', '1g': '1 GiB folios',
                 'mix': 'mixed sizes', 'unaligned': 'unaligned', 'sparse': 'sparse',
                 'p2p': 'P2P BAR, 64 KiB chunks'}
SIZE_ORDER = ['4KiB', '64KiB', '1MiB', '16MiB', '256MiB', '1GiB', '4GiB']
HEADLINE_SIZE = '1GiB'
# /work/shared/notes: a plain loop storing 8-byte PTEs, and the published
# in-kernel iommu_map of 256 x 4K in one call (392 ns, generic_pt, x86-64)
STORE_FLOOR_NS = 0.5
KERNEL_256X4K_NS = 392.0 / 256
FONT = 'DejaVu Sans,12'


# ---- loading -----------------------------------------------------------------

def is_gbench(d):
    """A Google Benchmark JSON document (not env.json, shim-overhead.json, ...)."""
    if not isinstance(d, dict) or not isinstance(d.get('context'), dict):
        return False
    b = d.get('benchmarks')
    return (isinstance(b, list) and bool(b) and isinstance(b[0], dict)
            and 'name' in b[0] and ('real_time' in b[0] or 'run_type' in b[0]))


def load(dirpath, json_files):
    main_file = os.path.join(dirpath, 'benchmarks.json')   # what make bench writes
    files = json_files or ([main_file] if os.path.isfile(main_file) else
                           sorted(glob.glob(os.path.join(dirpath, '*.json'))))
    docs = []
    for f in files:
        try:
            with open(f) as fh:
                d = json.load(fh)
        except (OSError, ValueError) as e:
            if json_files:
                sys.exit('bench_report: %s: %s' % (f, e))
            continue
        if is_gbench(d):
            docs.append((f, d))
    if not docs:
        sys.exit('bench_report: %s: no Google Benchmark JSON (*.json with a "benchmarks" '
                 'array) in it' % dirpath)
    ctx = dict(docs[0][1].get('context', {}))
    benches = [b for _, d in docs for b in d['benchmarks']]
    return [f for f, _ in docs], ctx, benches


def read_env(dirpath):
    env, path = {}, None
    for name in ('env', 'env.txt', 'environment', 'environment.txt', 'env.sh'):
        p = os.path.join(dirpath, name)
        if os.path.isfile(p):
            path = p
            break
    if not path:
        return env, None
    for line in open(path, errors='replace'):
        if line.lstrip().startswith('#'):
            continue
        m = re.match(r'\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*[=:]\s*(.*?)\s*$', line)
        if m:
            env.setdefault(m.group(1).lower(), m.group(2).strip('"\''))
    return env, path


class Bench:
    """All repetitions of one benchmark: times in ns, counters."""

    def __init__(self, name):
        self.name = name
        self.real, self.cpu = [], []
        self.counters = {}
        self.threads = 1
        self.iterations = []
        self.error = None
        self.agg = {}           # aggregate_name -> entry (when only aggregates exist)
        parts = name.split('/')
        self.params = {}
        plain = []
        self.tags = set()
        for p in parts:
            if ':' in p:
                k, v = p.split(':', 1)
                self.params[k] = v
            elif p in GB_NAME_TAGS:
                self.tags.add(p)
            else:
                plain.append(p)
        self.plain = plain
        self.group = plain[0] if plain else ''
        self.path = plain[1] if len(plain) > 1 else ''
        self.workload = plain[2] if len(plain) > 2 else ''
        self.size = plain[3] if len(plain) > 3 else ''
        if 'threads' in self.params:
            self.threads = int(self.params['threads'])

    def add(self, b):
        u = UNIT_NS.get(b.get('time_unit', 'ns'), 1.0)
        self.real.append(b['real_time'] * u)
        self.cpu.append(b['cpu_time'] * u)
        self.iterations.append(b.get('iterations', 0))
        self.threads = b.get('threads', self.threads)
        for k, v in b.items():
            if k not in STD_KEYS and isinstance(v, (int, float)) and not isinstance(v, bool):
                self.counters.setdefault(k, []).append(float(v))

    @property
    def reps(self):
        return len(self.real)

    def stat(self, key):
        """(median, min, max) of 'real', 'cpu' or a counter; None when absent."""
        v = self.real if key == 'real' else self.cpu if key == 'cpu' else self.counters.get(key)
        if not v:
            return None
        return statistics.median(v), min(v), max(v)

    def primary(self):
        """The time Google Benchmark judges this benchmark by: wall time for
        /real_time ones, else CPU time (as the rate counters ns_per_4k and
        bytes_per_second)."""
        return self.stat('real' if self.tags & {'real_time', 'manual_time'} else 'cpu')

    def primary_name(self):
        return 'wall' if self.tags & {'real_time', 'manual_time'} else 'CPU'

    def per_4k(self):
        """ns per 4 KiB mapped: the ns_per_4k counter, else time / (size / 4 KiB)."""
        s = self.stat('ns_per_4k')
        if s:
            return s
        sz = parse_size(self.size)
        if not sz or not self.real:
            return None
        n = sz / 4096.0
        return tuple(x / n for x in self.primary())


def collect(benches):
    by = {}
    errors = []
    only_aggregates = not any(b.get('run_type', 'iteration') == 'iteration' for b in benches)
    for b in benches:
        if b.get('error_occurred'):
            errors.append((b['name'], b.get('error_message', '')))
            continue
        rt = b.get('run_type', 'iteration')
        if rt == 'iteration' and 'real_time' in b:
            name = b['name']
            by.setdefault(name, Bench(name)).add(b)
        elif only_aggregates and b.get('aggregate_name') == 'median':
            name = b.get('run_name') or re.sub(r'_median$', '', b['name'])
            by.setdefault(name, Bench(name)).add(b)
    return by, errors, only_aggregates


def parse_size(s):
    m = re.fullmatch(r'(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?', s or '', re.I)
    if not m:
        return None
    mult = {'': 1, 'B': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40}
    unit = (m.group(2) or '').upper()[:1]
    return float(m.group(1)) * mult.get(unit, 1)


# ---- formatting ------------------------------------------------------------------

def fnum(v, digits=3):
    """A number for a table: 3 significant digits, no exponent for everyday values."""
    if v is None:
        return '–'
    if v == 0:
        return '0'
    a = abs(v)
    if a >= 1e6:
        return '{:,.0f}'.format(v)
    if a >= 10 ** digits:
        return '%.0f' % v
    if a >= 1e-3:
        s = '%.*g' % (digits, v)
        return s
    return '%.2e' % v


def fspread(st, digits=3):
    """median (min–max), or the median alone when there is one sample."""
    if st is None:
        return '–'
    med, lo, hi = st
    m, a, b = fnum(med, digits), fnum(lo, digits), fnum(hi, digits)
    if lo == hi or a == b:
        return m
    return '%s (%s–%s)' % (m, a, b)


def fcount(n):
    """1048576 -> 1Mi, 1024 -> 1Ki"""
    for unit, div in (('Gi', 1 << 30), ('Mi', 1 << 20), ('Ki', 1 << 10)):
        if n >= div and n % div == 0:
            return '%d%s' % (n // div, unit)
    return '%d' % n


def ftime(ns):
    if ns is None:
        return '–'
    for unit, div in (('s', 1e9), ('ms', 1e6), ('µs', 1e3)):
        if ns >= div:
            return '%.3g %s' % (ns / div, unit)
    return '%.3g ns' % ns


def fbytes(n):
    if n is None:
        return '–'
    for unit, div in (('GiB', 1 << 30), ('MiB', 1 << 20), ('KiB', 1 << 10)):
        if n >= div:
            return '%.3g %s' % (n / div, unit)
    return '%d B' % n


def md_escape(s):
    return str(s).replace('|', '\\|')


# ---- plots -------------------------------------------------------------------

def path_sort_key(p):
    if p in PATH_ORDER:
        return (PATH_ORDER.index(p), p)
    return (len(PATH_ORDER), p)


def split_path(path):
    """'iova-fq-cold' -> ('iova', '-fq-cold')"""
    for suf in sorted(PATH_SUFFIXES, key=len, reverse=True):
        if suf and path.endswith(suf):
            return path[:-len(suf)], suf
    return path, ''


def path_style(path, extra_idx):
    """colour by base path, dash type and open/filled points by domain flavour"""
    base, suf = split_path(path)
    colour = BASE_COLOUR.get(base) or EXTRA_COLOURS[extra_idx.setdefault(base, len(extra_idx))
                                                    % len(EXTRA_COLOURS)]
    dash = {'': 1, '-fq': 2, '-cold': 3, '-fq-cold': 5}.get(suf, 1)
    pt = POINTS.get(base, 7) - (1 if suf else 0)
    return colour, dash, pt


def gp_quote(s):
    return "'" + str(s).replace("'", "''") + "'"


class Plotter:
    def __init__(self, outdir):
        self.outdir = outdir
        self.gnuplot = shutil.which('gnuplot')
        self.made = []
        self.problems = []

    def run(self, name, script):
        """Write plots/<name>.gp and render plots/<name>.svg; the relative path or None."""
        os.makedirs(self.outdir, exist_ok=True)
        gp = os.path.join(self.outdir, name + '.gp')
        svg = os.path.join(self.outdir, name + '.svg')
        header = ("# regenerate: gnuplot %s.gp (in this directory)\n"
                  "set terminal svg size 900,540 dynamic noenhanced font %s "
                  "background rgb 'white'\nset output '%s.svg'\n" % (name, gp_quote(FONT), name))
        with open(gp, 'w') as fh:
            fh.write(header + script)
        if not self.gnuplot:
            self.problems.append('gnuplot not found: %s.svg not drawn (apt-get install '
                                 'gnuplot-nox)' % name)
            return None
        p = subprocess.run([self.gnuplot, name + '.gp'], cwd=self.outdir,
                           capture_output=True, text=True)
        if p.returncode != 0 or not os.path.isfile(svg):
            self.problems.append('gnuplot failed on %s.gp: %s' % (name, p.stderr.strip()[-300:]))
            return None
        if p.stderr.strip():
            self.problems.append('gnuplot warnings for %s.gp: %s'
                                 % (name, ' / '.join(p.stderr.strip().splitlines()[-3:])))
        try:
            ET.parse(svg)
        except ET.ParseError as e:
            self.problems.append('%s.svg is not well-formed XML: %s' % (name, e))
            return None
        self.made.append(svg)
        return 'plots/%s.svg' % name


def log_tics(axis, lo, hi):
    """Tics at 1-2-5 x 10^k on a log axis (decades only when it spans many)."""
    k0, k1 = int(math.floor(math.log10(lo))), int(math.ceil(math.log10(hi)))
    steps = (1, 2, 5) if k1 - k0 <= 4 else (1,) if k1 - k0 <= 8 else None
    if steps is None:
        return "set %stics\n" % axis
    vals = [m * 10 ** k for k in range(k0, k1 + 1) for m in steps if lo <= m * 10 ** k <= hi]
    def label(v):
        if v >= 1e6 or v < 1e-3:
            return '%.0e' % v
        return '%g' % v
    return 'set %stics (%s)\n' % (axis, ', '.join('"%s" %.10g' % (label(v), v) for v in vals))


def size_tics(sizes):
    return 'set xtics (%s)\n' % ', '.join('"%s" %d' % (s, parse_size(s)) for s in sizes)


def plot_cost_vs_size(plotter, by, group, workload):
    """ns per 4 KiB against buffer size, one line per path (log-log)."""
    series = {}
    for b in by.values():
        if b.group == group and b.workload == workload and parse_size(b.size) \
                and b.threads == 1 and len(b.plain) == 4:
            st = b.per_4k()
            if st:
                series.setdefault(b.path, []).append((parse_size(b.size), b.size, st))
    series = {p: sorted(v) for p, v in series.items() if len(v) >= 1}
    if not series:
        return None
    sizes = sorted({(x[0], x[1]) for v in series.values() for x in v})
    data, plots, extra = '', [], {}
    allv = [x[2][0] for v in series.values() for x in v if x[2][0] > 0]
    for i, path in enumerate(sorted(series, key=path_sort_key)):
        colour, dash, pt = path_style(path, extra)
        data += '$d%d << EOD\n' % i
        for sz, _, (med, lo, hi) in series[path]:
            if med > 0:
                data += '%d %.6g %.6g %.6g\n' % (sz, med, max(lo, med * 1e-6), hi)
        data += 'EOD\n'
        plots.append("$d%d using 1:2:3:4 with yerrorlines lw 2 dt %d pt %d ps 0.8 "
                     "lc rgb '%s' title %s" % (i, dash, pt, colour, gp_quote(path)))
    refs = ''
    if group == 'map' and workload == '4k':
        # reference lines, labelled on the plot (they would crowd the key)
        for v, dt, colour, text in (
                (KERNEL_256X4K_NS, 3, '#555555',
                 'in-kernel iommu_map, 256 x 4K per call: %.2f ns' % KERNEL_256X4K_NS),
                (STORE_FLOOR_NS, 4, '#888888', 'raw PTE store floor: %.1f ns' % STORE_FLOOR_NS)):
            plots.append("%g with lines lw 1.5 dt %d lc rgb '%s' notitle" % (v, dt, colour))
            refs += ("set label %s at graph 0.98, first %g right offset 0,0.6 "
                     "textcolor rgb '%s' font ',10'\n" % (gp_quote(text), v, colour))
        allv += [STORE_FLOOR_NS]
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    what = {'map': 'map', 'unmap': 'unmap'}.get(group, group)
    title = '%s: ns per 4 KiB against buffer size, %s (lower is better)' % (
        what, WORKLOAD_TEXT.get(workload, workload))
    xmin, xmax = sizes[0][0], sizes[-1][0]
    script = data + refs + (
        "set title %s\n"
        "set xlabel 'buffer size (log scale)'\n"
        "set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'\n"
        "set logscale x 2\nset logscale y 10\n%s"
        "set xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4' lw 1\n"
        "set key outside right top vertical title 'path' Left reverse samplen 3 width -2\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\n"
        "set bars small\n"
        "plot %s\n" % (gp_quote(title), size_tics([s for _, s in sizes]),
                       xmin / 1.6, xmax * 1.6, ylo, yhi, log_tics('y', ylo, yhi),
                       ', \\\n     '.join(plots)))
    return plotter.run('%s-%s' % (group, workload), script)


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


def workload_sort_key(w):
    return (WORKLOAD_ORDER.index(w) if w in WORKLOAD_ORDER else len(WORKLOAD_ORDER), w)


def plot_density(plotter, dens):
    if not dens:
        return None
    paths = sorted(dens, key=path_sort_key)
    wls = sorted({w for p in paths for w in dens[p]}, key=workload_sort_key)
    vals = [dens[p][w][0] for p in paths for w in dens[p] if dens[p][w][0] > 0]
    if not vals:
        return None
    data = '$d << EOD\n'
    for w in wls:
        row = []
        for p in paths:
            v = dens[p].get(w)
            row.append('%.6g' % v[0] if v and v[0] > 0 else 'NaN')
        data += '"%s" %s\n' % (WORKLOAD_TEXT.get(w, w), ' '.join(row))
    data += 'EOD\n'
    extra, plots = {}, []
    for i, p in enumerate(paths):
        colour, dash, _ = path_style(p, extra)
        fill = 'fs pattern 2 border rgb \'%s\'' % colour if p.endswith('-fq') else \
            'fs solid 0.85 border rgb \'#333333\''
        plots.append("$d using %d%s %s lc rgb '%s' title %s"
                     % (i + 2, ':xtic(1)' if i == 0 else '', fill, colour, gp_quote(p)))
    ylo = 10 ** math.floor(math.log10(min(vals)))
    yhi = 10 ** math.ceil(math.log10(max(vals)))
    if yhi <= max(vals):
        yhi *= 10
    script = data + (
        "set title 'descriptor bytes per 4 KiB mapped, by workload (lower is better; log scale)'\n"
        "set ylabel 'bytes of descriptors per 4 KiB'\n"
        "set style data histogram\nset style histogram clustered gap 1.5\n"
        "set boxwidth 0.92\nset datafile missing 'NaN'\n"
        "set logscale y 10\nset yrange [%g:%g]\nset format y '%%g'\n"
        "set grid ytics lc rgb '#e0e0e0'\n"
        "set key outside right top vertical title 'path' Left reverse samplen 2 width -1\n"
        "set border 3\nset xtics nomirror scale 0\nset ytics nomirror\n"
        "set xrange [-0.6:%g]\n"
        "plot %s\n" % (ylo, yhi, len(wls) - 0.4, ', \\\n     '.join(plots)))
    return plotter.run('density', script)


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


def plot_iova_live(plotter, iova):
    lines = {}
    for alloc, d in iova.items():
        single = 0 if any(th == 0 for (_, th) in d) else 1
        pts = sorted(((live, b) for (live, th), b in d.items() if th == single),
                     key=lambda x: x[0])
        if pts:
            lines[alloc] = pts
    if not lines:
        return None
    data, plots = '', []
    colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#ff7f0e']
    lives = sorted({lv for v in lines.values() for lv, _ in v})
    allv = []
    for i, alloc in enumerate(sorted(lines)):
        data += '$d%d << EOD\n' % i
        for live, b in lines[alloc]:
            med, lo, hi = b.primary()
            allv.append(med)
            data += '%d %.6g %.6g %.6g\n' % (max(live, 1), med, lo, hi)
        data += 'EOD\n'
        plots.append("$d%d using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.8 lc rgb '%s' title %s"
                     % (i, colours[i % len(colours)], gp_quote(alloc)))
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    script = data + (
        "set title 'IOVA allocator: ns per alloc+free against live IOVAs, one thread'\n"
        "set xlabel 'IOVAs already allocated (log scale)'\n"
        "set ylabel 'CPU ns per alloc+free, median'\n"
        "set logscale x 10\nset logscale y 10\nset format y '%%g'\n"
        "set xtics (%s)\nset xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4'\n"
        "set key outside right top vertical title 'allocator' Left reverse samplen 3 width -2\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\nset bars small\n"
        "plot %s\n" % (', '.join('"%s" %d' % (fcount(lv), max(lv, 1)) for lv in lives),
                       max(lives[0], 1) / 2.0, lives[-1] * 2.0, ylo, yhi,
                       log_tics('y', ylo, yhi), ', \\\n     '.join(plots)))
    return plotter.run('iova-live', script)


def plot_iova_threads(plotter, iova):
    # for each allocator, the live counts measured with more than one thread count
    lines = []
    for alloc in sorted(iova):
        d = {k: v for k, v in iova[alloc].items() if k[1] > 0}
        lives = sorted({lv for (lv, th) in d})
        lives = [lv for lv in lives if len({th for (l2, th) in d if l2 == lv}) > 1]
        if len(lives) > 2:
            lives = [lives[0], lives[-1]]
        for lv in lives:
            pts = sorted(((th, b) for (l2, th), b in d.items() if l2 == lv),
                         key=lambda x: x[0])
            lines.append((alloc, lv, pts))
    if not lines:
        return None
    colours = {a: c for a, c in zip(sorted(iova), ['#1f77b4', '#d62728', '#2ca02c', '#9467bd',
                                                   '#8c564b', '#ff7f0e'])}
    data, plots, allv, ths = '', [], [], set()
    for i, (alloc, lv, pts) in enumerate(lines):
        data += '$d%d << EOD\n' % i
        for th, b in pts:
            real, cpu = b.stat('real'), b.stat('cpu')
            allv += [real[0], cpu[0]]
            ths.add(th)
            data += '%d %.6g %.6g %.6g %.6g\n' % (th, real[0], real[1], real[2], cpu[0])
        data += 'EOD\n'
        first_live = [l for a, l, _ in lines if a == alloc][0]
        dt = 1 if lv == first_live else 2
        plots.append("$d%d using 1:2:3:4 with yerrorlines lw 2 dt %d pt 7 ps 0.8 lc rgb '%s' "
                     "title %s" % (i, dt, colours[alloc], gp_quote('%s, %d live: wall' % (alloc, lv))))
        plots.append("$d%d using 1:5 with linespoints lw 1 dt %d pt 6 ps 0.8 lc rgb '%s' "
                     "title %s" % (i, dt, colours[alloc], gp_quote('%s, %d live: CPU per thread'
                                                                   % (alloc, lv))))
    ths = sorted(ths)
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    script = data + (
        "set title 'IOVA allocator: ns per alloc+free against threads'\n"
        "set xlabel 'threads (log scale)'\n"
        "set ylabel 'ns per op, median'\n"
        "set logscale x 2\nset logscale y 10\nset format y '%%g'\n"
        "set xtics (%s)\nset xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4'\n"
        "set key outside right top vertical Left reverse samplen 3 width -2\n"
        "set label 'wall: per op of all threads together; CPU: per op on its thread' "
        "at graph 0.02, graph 0.04 font ',10' textcolor rgb '#555555'\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\nset bars small\n"
        "plot %s\n" % (', '.join(str(t) for t in ths), ths[0] / 1.25, ths[-1] * 1.25,
                       ylo, yhi, log_tics('y', ylo, yhi), ', \\\n     '.join(plots)))
    return plotter.run('iova-threads', script)


# ---- report ------------------------------------------------------------------

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
                cells.append(b.per_4k() if b else None)
        for wl in ('4k', '2m'):
            cells.append(dens(p, wl))
        if any(c is not None for c in cells):
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
                cells.append(fspread(b.per_4k()) if b and b.per_4k() else '–')
        d = [by.get('%s/%s/p2p/%s' % (g, p, big)) for g in ('density', 'map')]
        d = [b.stat('bytes_per_4k') for b in d if b and b.stat('bytes_per_4k')]
        cells.append(fnum(d[0][0], 4) if d else '–')
        L.append('| %s | %s |' % (p, ' | '.join(cells)))
    return L + ['']


SHIM_NEED = ['shim/loop/cxx', 'shim/loop/c', 'shim/pause-resume/c', 'shim/kmalloc/64',
             'shim/malloc/64', 'shim/spinlock/pair']


def shim_overhead(run, by):
    """
    The harness's share of each map/unmap figure: shim-overhead.json written
    by make bench (scripts/bench.py), or the same estimate made here from the
    shim/ benchmarks (CPU time): per op, the timer's pause/resume pair over
    the batch, the C loop's call over the batch, half the shim kmalloc+kfree
    pair over glibc's per slab/page operation, and a spinlock pair (the mock
    IOMMU's statistics) per IOMMU call and IOTLB sync.
    """
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
    if any(n not in by for n in SHIM_NEED):
        return None
    c = {n: by[n].stat('cpu')[0] for n in SHIM_NEED}
    unit = {
        'timer_per_batch_ns': c['shim/pause-resume/c'],
        'loop_per_call_ns': max(0.0, c['shim/loop/c'] - c['shim/loop/cxx']),
        'slab_per_op_ns': max(0.0, (c['shim/kmalloc/64'] - c['shim/malloc/64']) / 2),
        'spinlock_pair_ns': c['shim/spinlock/pair'],
    }
    rows = []
    for b in by.values():
        if b.group not in ('map', 'unmap') or 'batch' not in b.counters:
            continue
        f = {k: statistics.median(v) for k, v in b.counters.items()}
        cpu = b.stat('cpu')[0]
        k = max(1.0, f['batch'])
        est = {'timer': unit['timer_per_batch_ns'] / k, 'loop': unit['loop_per_call_ns'] / k,
               'slab': f.get('slab_ops', 0.0) * unit['slab_per_op_ns'],
               'iommu': (f.get('iommu_calls', 0.0) + f.get('iotlb_syncs', 0.0))
               * unit['spinlock_pair_ns']}
        total = sum(est.values())
        rows.append({'name': b.name, 'cpu_ns': cpu, 'shim_ns': total,
                     'share': total / cpu if cpu else 0.0, 'parts': est})
    if not rows:
        return None
    top = max(rows, key=lambda r: r['share'])
    return {'unit_costs_ns': unit, 'benchmarks': rows,
            'median_share': statistics.median(r['share'] for r in rows),
            'max_share': top['share'], 'max_share_benchmark': top['name'],
            'source': 'the shim/ benchmarks'}


def overhead_text(run, by):
    """The harness-overhead paragraph of the report."""
    sh = shim_overhead(run, by)
    shims = sorted(b.name for b in by.values() if b.group == 'shim')
    if not sh:
        if shims:
            return ['**Harness overhead:** the `shim/*` benchmarks ran (%s) but not all of '
                    '%s: no estimate.' % (', '.join('`%s`' % n for n in shims),
                                          ', '.join('`%s`' % n for n in SHIM_NEED)), '']
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
         'kmalloc+kfree %.1f ns more than glibc\'s per slab or page operation, a spinlock pair '
         '(the mock IOMMU\'s statistics) %.1f ns per IOMMU call or IOTLB sync.' % (
             '`shim-overhead.txt`' if sh['source'] == 'shim-overhead.json'
             else 'computed by this report',
             100 * (sh['median_share'] or 0), 100 * (sh['max_share'] or 0),
             sh['max_share_benchmark'],
             ('; map of 1 GiB of 4 KiB pages: ' + ', '.join(head)) if head else '',
             u.get('timer_per_batch_ns', 0), 2 * u.get('slab_per_op_ns', 0),
             u.get('spinlock_pair_ns', 0)), '']
    return L


def short_sha(env, ctx):
    """dmalab's commit: 12 hex digits, '-dirty' with uncommitted changes."""
    sha = env.get('git_sha') or ctx.get('git_sha') or ''
    if sha:
        sha = sha[:12] + ('-dirty' if env.get('git_dirty') == 'yes' else '')
    return sha or ctx.get('git') or env.get('git') or '?'


def env_section(ctx, env, env_path, files, by, reps, only_aggregates, run):
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
    counters = ['ns_per_4k', 'bytes_per_4k', 'desc_bytes', 'pt_bytes', 'ptes', 'ranges',
                'entries', 'iommu_calls', 'iotlb_syncs', 'flush_all', 'slab_ops', 'batch']
    present = [c for c in counters if any(c in b.counters for b in by.values())]
    L = ['| benchmark | time per iteration (CPU; wall for /real_time), median (min–max) '
         '| cv | %s |'
         % ' | '.join(present), '| --- | --- | --- |' + ' ---: |' * len(present)]
    def key(b):
        g = ['map', 'unmap', 'density', 'iova', 'shim']
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
            spread if lo != hi and ftime(lo) != ftime(hi) else ''), cv, ' | '.join(cells)))
    return L


def latest_run():
    """The newest results/<run>/ holding a benchmarks.json (run names start with the date)."""
    root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'results')
    runs = sorted(os.path.dirname(p) for p in glob.glob(os.path.join(root, '*', 'benchmarks.json')))
    return os.path.relpath(runs[-1]) if runs else None


def main():
    ap = argparse.ArgumentParser(description='report.md and SVG plots for a dmalab bench run')
    ap.add_argument('dir', nargs='?', default='',
                    help='results/<run>/ written by make bench (default: the newest)')
    ap.add_argument('--json', action='append', default=[],
                    help='the Google Benchmark JSON (default: every *.json in DIR)')
    ap.add_argument('--out', help='the report (default DIR/report.md)')
    a = ap.parse_args()
    run = a.dir.rstrip('/')
    if not run:
        run = latest_run()
        if not run:
            sys.exit('bench_report: no DIR given and no results/<run>/ with a benchmarks.json: '
                     'make bench-report DIR=results/<run>')
        print('bench_report: DIR not given, taking the newest run: %s' % run)
    if not os.path.isdir(run):
        sys.exit('bench_report: %s: no such directory' % run)
    files, ctx, benches = load(run, a.json)
    env, env_path = read_env(run)
    by, errors, only_aggregates = collect(benches)
    if not by:
        sys.exit('bench_report: %s: no benchmark results in %s' % (run, ', '.join(files)))
    out = a.out or os.path.join(run, 'report.md')
    plotter = Plotter(os.path.join(os.path.dirname(os.path.abspath(out)), 'plots'))
    reps = max(b.reps for b in by.values())

    paths = sorted({b.path for b in by.values() if b.group in ('map', 'unmap', 'density')},
                   key=path_sort_key)
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

    # headline
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
            L.append('| %s | %s |' % (p, ' | '.join(fspread(c) for c in cells)))
        L.append('')
        ref = by.get('map/sg/4k/%s' % HEADLINE_SIZE)
        notes = []
        for p in ('iova', 'phys'):
            b = by.get('map/%s/4k/%s' % (p, HEADLINE_SIZE))
            if ref and b and ref.per_4k() and b.per_4k():
                notes.append('`map/%s` takes %.2f× the time of `map/sg`' % (
                    p, b.per_4k()[0] / ref.per_4k()[0]))
        best = min((by['map/%s/4k/%s' % (p, HEADLINE_SIZE)].per_4k()[0], p) for p in paths
                   if 'map/%s/4k/%s' % (p, HEADLINE_SIZE) in by
                   and by['map/%s/4k/%s' % (p, HEADLINE_SIZE)].per_4k()
                   and 'direct' not in p) if any(
            'map/%s/4k/%s' % (p, HEADLINE_SIZE) in by and 'direct' not in p for p in paths) \
            else None
        if best:
            notes.append('the fastest IOMMU path with 4 KiB pages (%s, %s ns/4 KiB) is %.0f× '
                         'the raw PTE store floor (%.1f ns) and %.1f× the published in-kernel '
                         'iommu_map of 256×4K (%.2f ns per 4 KiB)' % (
                             best[1], fnum(best[0]), best[0] / STORE_FLOOR_NS, STORE_FLOOR_NS,
                             best[0] / KERNEL_256X4K_NS, KERNEL_256X4K_NS))
        if notes:
            L += ['With 4 KiB pages: ' + '; '.join(notes) + '.', '']
    else:
        L += ['No `map|unmap/<path>/{4k,2m}/%s` benchmarks in this run.' % HEADLINE_SIZE, '']
    L += overhead_text(run, by)

    # cost vs size
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

    # density
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
            L.append('| %s | %s |' % (p, ' | '.join(fnum(dens[p][w][0], 4) if w in dens[p]
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
                    return fnum(st[0], 6) if st else '–'
                L.append('| %s | %s | %s | %s | %s | %s |' % (
                    p, WORKLOAD_TEXT[wl], c('ptes'),
                    fbytes(b.stat('pt_bytes')[0]) if b.stat('pt_bytes') else '–',
                    c('iotlb_syncs'), c('flush_all')))
            L.append('')
    else:
        L += ['No benchmark of a host-memory workload reported `bytes_per_4k`.', '']

    L += p2p_section(by)

    # iova
    iova = iova_data(by)
    L += ['## IOVA allocator', '']
    if iova:
        r1 = plot_iova_live(plotter, iova)
        r2 = plot_iova_threads(plotter, iova)
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
                            fspread(c.primary()) if c else '–' for c in cells)))
        L += ['', 'ns per alloc+free, median (min–max): CPU time with one thread, wall time '
              'per op of all threads together with `/threads:T`.', '']
    else:
        L += ['No `iova/*/live:N` benchmarks in this run.', '']

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

    with open(out, 'w') as fh:
        fh.write('\n'.join(L))
    print('bench_report: %s (%d benchmarks, %d plots)' % (out, len(by), len(plotter.made)))
    for p in plotter.problems:
        print('bench_report: warning: ' + p, file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
