# SPDX-License-Identifier: GPL-2.0-only
"""The report's plots: gnuplot scripts with their data inline (plots/*.gp),
rendered to SVG (plots/*.svg). Cost against buffer size per path,
descriptor density per workload, the IOVA allocator against live IOVAs and
against threads.
"""
import math
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

from .fmt import fcount, fnum
from .gbench import parse_size
from .names import (KERNEL_256X4K_NS, STORE_FLOOR_NS, WORKLOAD_TEXT, path_sort_key,
                    split_path, workload_sort_key)

BASE_COLOUR = {'sg': '#1f77b4', 'iova': '#d62728', 'phys': '#2ca02c',
               'sg-direct': '#9467bd', 'phys-direct': '#8c564b',
               'sg-p2p': '#6baed6', 'iova-p2p': '#fc8d59', 'phys-p2p': '#74c476',
               'sg-p2pbus': '#08519c', 'iova-p2pbus': '#99000d', 'phys-p2pbus': '#006d2c'}
EXTRA_COLOURS = ['#ff7f0e', '#17becf', '#e377c2', '#7f7f7f', '#bcbd22']
POINTS = {'sg': 7, 'iova': 5, 'phys': 9, 'sg-direct': 11, 'phys-direct': 13,
          'sg-p2p': 7, 'iova-p2p': 5, 'phys-p2p': 9, 'sg-p2pbus': 15, 'iova-p2pbus': 15,
          'phys-p2pbus': 15}
FONT = 'DejaVu Sans,12'


def path_style(path, extra_idx):
    """colour by base path, dash type and open/filled points by domain flavour"""
    base, suf = split_path(path)
    colour = BASE_COLOUR.get(base) or EXTRA_COLOURS[extra_idx.setdefault(base, len(extra_idx))
                                                    % len(EXTRA_COLOURS)]
    dash = {'': 1, '-fq': 2, '-cold': 3, '-fq-cold': 5}.get(suf, 1)
    pt = POINTS.get(base, 7) - (1 if suf else 0)
    return colour, dash, pt


def gp_quote(s):
    """s as a gnuplot string."""
    return "'" + str(s).replace("'", "''") + "'"


class Plotter:
    """Draws plots into one folder and keeps what went wrong."""

    def __init__(self, outdir):
        self.outdir = outdir
        self.gnuplot = shutil.which('gnuplot')
        self.made = []
        self.problems = []

    def run(self, name, script, size=(900, 540)):
        """Write plots/<name>.gp and render plots/<name>.svg; the relative path or None."""
        os.makedirs(self.outdir, exist_ok=True)
        gp = os.path.join(self.outdir, name + '.gp')
        svg = os.path.join(self.outdir, name + '.svg')
        header = ("# regenerate: gnuplot %s.gp (in this directory)\n"
                  "set terminal svg size %d,%d dynamic noenhanced font %s "
                  "background rgb 'white'\nset output '%s.svg'\n" % (
                      name, size[0], size[1], gp_quote(FONT), name))
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
    """x tics at the buffer sizes measured."""
    return 'set xtics (%s)\n' % ', '.join('"%s" %d' % (s, parse_size(s)) for s in sizes)


def series_data(tag, pts, allx):
    """Three inline data blocks of one line: $<tag>l the medians, broken by a
    blank line where a value of allx was not measured (no line across a
    size nobody measured), $<tag>m the points with repetitions (median, min,
    max), $<tag>s the single runs (one measurement: no bar)."""
    got = {x: (v, reps) for x, v, reps in pts}
    line, multi, single = '', '', ''
    for x in allx:
        if x not in got:
            line += '\n'
            continue
        (med, lo, hi), reps = got[x]
        line += '%.10g %.6g\n' % (x, med)
        if reps > 1:
            multi += '%.10g %.6g %.6g %.6g\n' % (x, med, lo, hi)
        else:
            single += '%.10g %.6g\n' % (x, med)
    out = ''
    for suffix, body in (('l', line), ('m', multi), ('s', single)):
        out += '$%s%s << EOD\n%sEOD\n' % (tag, suffix, body or 'NaN NaN NaN NaN\n')
    return out


MARK_KEYS = ("NaN with points pt 7 ps 0.8 lc rgb '#444444' "
             "title 'filled: median, bar: min-max of the repetitions', \\\n"
             "     NaN with points pt 6 ps 1.1 lc rgb '#444444' "
             "title 'open: one run (no spread)'")


def plot_cost_vs_size(plotter, by, group, workload):
    """ns per 4 KiB against buffer size, one line per path (log-log)."""
    series = {}
    for b in by.values():
        if b.group == group and b.workload == workload and parse_size(b.size) \
                and b.threads == 1 and len(b.plain) == 4:
            st = b.per_4k()
            if st:
                series.setdefault(b.path, []).append((parse_size(b.size), b.size, st, b.reps))
    series = {p: sorted(v) for p, v in series.items() if len(v) >= 1}
    if not series:
        return None
    sizes = sorted({(x[0], x[1]) for v in series.values() for x in v})
    allx = [x for x, _ in sizes]
    data, plots, extra = '', [], {}
    allv = [x[2][0] for v in series.values() for x in v if x[2][0] > 0]
    for i, path in enumerate(sorted(series, key=path_sort_key)):
        colour, dash, pt = path_style(path, extra)
        data += series_data('d%d' % i, [(sz, st, reps) for sz, _, st, reps in series[path]
                                        if st[0] > 0], allx)
        plots.append("$d%dl using 1:2 with lines lw 2 dt %d lc rgb '%s' title %s" % (
            i, dash, colour, gp_quote(path)))
        plots.append("$d%dm using 1:2:3:4 with yerrorbars pt %d ps 0.8 lc rgb '%s' notitle"
                     % (i, pt, colour))
        plots.append("$d%ds using 1:2 with points pt 6 ps 1.1 lc rgb '%s' notitle"
                     % (i, colour))
    refs = ''
    if group == 'map' and workload == '4k':
        # reference lines, labelled on the plot (they would crowd the key)
        for v, dt, colour, text in (
                (KERNEL_256X4K_NS, 3, '#555555',
                 'in-kernel iommu_map 256 x 4K, published (iommupt x86-64 '
                 'v7 12/15): %s ns' % fnum(KERNEL_256X4K_NS)),
                (STORE_FLOOR_NS, 4, '#888888', 'plain loop storing PTEs, measured: %s ns'
                 % fnum(STORE_FLOOR_NS))):
            plots.append("%g with lines lw 1.5 dt %d lc rgb '%s' notitle" % (v, dt, colour))
            refs += ("set label %s at graph 0.98, first %g right offset 0,0.6 "
                     "textcolor rgb '%s' font ',10'\n" % (gp_quote(text), v, colour))
        allv += [STORE_FLOOR_NS]
    plots.append(MARK_KEYS)
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    what = {'map': 'map', 'unmap': 'unmap'}.get(group, group)
    title = '%s: ns per 4 KiB against buffer size, %s (lower is better)' % (
        what, WORKLOAD_TEXT.get(workload, workload))
    xmin, xmax = sizes[0][0], sizes[-1][0]
    script = data + refs + (
        "set title %s\n"
        "set xlabel 'buffer size (log scale; lines join measured sizes only)'\n"
        "set ylabel 'ns per 4 KiB (CPU time; log scale)'\n"
        "set logscale x 2\nset logscale y 10\n%s"
        "set xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4' lw 1\n"
        "set key outside right top vertical title 'path' Left reverse samplen 3 width -2\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\n"
        "set bars small\n"
        "plot %s\n" % (gp_quote(title), size_tics([s for _, s in sizes]),
                       xmin / 1.6, xmax * 1.6, ylo, yhi, log_tics('y', ylo, yhi),
                       ', \\\n     '.join(plots)))
    return plotter.run('%s-%s' % (group, workload), script, size=(1000, 560))


def plot_density(plotter, dens):
    """Descriptor bytes per 4 KiB by workload, a bar per path, on a linear
    axis from zero: a bar's height is its bytes (a log axis from an
    arbitrary floor made the heights mean nothing); the table beside it
    has the small values a linear axis cannot show."""
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
    script = data + (
        "set title 'descriptor bytes per 4 KiB mapped, by workload (linear axis: height = "
        "bytes; lower is better)'\n"
        "set ylabel 'bytes of descriptors per 4 KiB (linear)'\n"
        "set style data histogram\nset style histogram clustered gap 1.5\n"
        "set boxwidth 0.92\nset datafile missing 'NaN'\n"
        "set yrange [0:%g]\nset format y '%%g'\n"
        "set grid ytics lc rgb '#e0e0e0'\n"
        "set key outside right top vertical title 'path' Left reverse samplen 2 width -1\n"
        "set border 3\nset xtics nomirror scale 0\nset ytics nomirror\n"
        "set xrange [-0.6:%g]\n"
        "plot %s\n" % (max(vals) * 1.1, len(wls) - 0.4, ', \\\n     '.join(plots)))
    return plotter.run('density', script)


def plot_iova_live(plotter, iova):
    """ns per alloc+free against live IOVAs, a line per allocator, one thread."""
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
    allx = [max(lv, 1) for lv in lives]
    allv = []
    for i, alloc in enumerate(sorted(lines)):
        pts = [(max(live, 1), b.primary(), b.reps) for live, b in lines[alloc]]
        allv += [st[0] for _, st, _ in pts]
        data += series_data('d%d' % i, pts, allx)
        c = colours[i % len(colours)]
        plots.append("$d%dl using 1:2 with lines lw 2 lc rgb '%s' title %s"
                     % (i, c, gp_quote(alloc)))
        plots.append("$d%dm using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '%s' notitle"
                     % (i, c))
        plots.append("$d%ds using 1:2 with points pt 6 ps 1.1 lc rgb '%s' notitle" % (i, c))
    plots.append(MARK_KEYS)
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    script = data + (
        "set title 'IOVA allocator: ns per alloc+free against live IOVAs, one thread'\n"
        "set xlabel 'IOVAs already allocated (log scale)'\n"
        "set ylabel 'CPU ns per alloc+free (log scale)'\n"
        "set logscale x 10\nset logscale y 10\nset format y '%%g'\n"
        "set xtics (%s)\nset xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4'\n"
        "set key outside right top vertical title 'allocator' Left reverse samplen 3 width -2\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\nset bars small\n"
        "plot %s\n" % (', '.join('"%s" %d' % (fcount(lv), max(lv, 1)) for lv in lives),
                       max(lives[0], 1) / 2.0, lives[-1] * 2.0, ylo, yhi,
                       log_tics('y', ylo, yhi), ', \\\n     '.join(plots)))
    return plotter.run('iova-live', script, size=(1000, 540))


def plot_iova_threads(plotter, iova, cpus=0):
    """ns per alloc+free against threads: wall per op of all, CPU per thread.
    Thread counts above the machine's CPUs are shaded: there the threads
    share cores and the host scheduler is measured as much as the kernel."""
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
    ths = sorted({th for _, _, pts in lines for th, _ in pts})
    data, plots, allv = '', [], []
    for i, (alloc, lv, pts) in enumerate(lines):
        wall = [(th, b.stat('real'), b.reps) for th, b in pts]
        cpu = [(th, b.stat('cpu'), b.reps) for th, b in pts]
        allv += [st[0] for _, st, _ in wall + cpu]
        data += series_data('w%d' % i, wall, ths) + series_data('c%d' % i, cpu, ths)
        first_live = [l for a, l, _ in lines if a == alloc][0]
        dt = 1 if lv == first_live else 2
        c = colours[alloc]
        plots.append("$w%dl using 1:2 with lines lw 2 dt %d lc rgb '%s' title %s" % (
            i, dt, c, gp_quote('%s, %d live: wall per op of all threads' % (alloc, lv))))
        plots.append("$w%dm using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '%s' notitle"
                     % (i, c))
        plots.append("$w%ds using 1:2 with points pt 6 ps 1.1 lc rgb '%s' notitle" % (i, c))
        plots.append("$c%dl using 1:2 with lines lw 1 dt %d lc rgb '%s' title %s" % (
            i, dt + 2, c, gp_quote('%s, %d live: CPU per op on its thread' % (alloc, lv))))
        plots.append("$c%ds using 1:2 with points pt 6 ps 1.1 lc rgb '%s' notitle" % (i, c))
        plots.append("$c%dm using 1:2 with points pt 7 ps 0.8 lc rgb '%s' notitle" % (i, c))
    plots.append(MARK_KEYS)
    ylo, yhi = min(allv) / 2.0, max(allv) * 2.0
    over = ''
    if cpus and ths[-1] > cpus:
        over = ("set object 1 rect from %g, graph 0 to graph 1, graph 1 behind "
                "fc rgb '#f6e3e3' fs solid 1.0 noborder\n"
                "set label %s at %g, graph 0.04 font ',9' textcolor rgb '#8b0000'\n" % (
                    cpus * 1.12, gp_quote('more threads than the machine\'s %d CPUs' % cpus),
                    cpus * 1.16))
    script = data + over + (
        "set title 'IOVA allocator: ns per alloc+free against threads'\n"
        "set xlabel 'threads (log scale)'\n"
        "set ylabel 'ns per op (log scale)'\n"
        "set logscale x 2\nset logscale y 10\nset format y '%%g'\n"
        "set xtics (%s)\nset xrange [%g:%g]\nset yrange [%g:%g]\n%s"
        "set grid xtics ytics lc rgb '#e4e4e4'\n"
        "set key outside right top vertical Left reverse samplen 3 width -2\n"
        "set border 3\nset xtics nomirror\nset ytics nomirror\nset bars small\n"
        "plot %s\n" % (', '.join('"%d%s" %d' % (t, '*' if cpus and t > cpus else '', t)
                                 for t in ths), ths[0] / 1.25, ths[-1] * 1.25,
                       ylo, yhi, log_tics('y', ylo, yhi), ', \\\n     '.join(plots)))
    return plotter.run('iova-threads', script, size=(1100, 560))
