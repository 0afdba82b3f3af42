# SPDX-License-Identifier: GPL-2.0-only
"""The plots of compare.md: NEW against BASE on the same axes.

  delta.svg        each timed benchmark's change with its 95 % interval
                   (the bar), its noise floor (the grey band around zero)
                   and its verdict (the colour): the table at a glance
  samples-<g>.svg  every repetition of BASE and NEW side by side, per
                   benchmark of group g (map, unmap, ...), on one log axis,
                   the medians marked: the data the table summarises

Each is a gnuplot script with its data inline (plots/*.gp) rendered to SVG
by plots.Plotter; nothing is joined by lines (the benchmarks are
categories, not a continuum).
"""
from .names import sort_key
from .plots import Plotter, gp_quote, log_tics

COLOUR = {'slower': '#d62728', 'faster': '#2ca02c', 'isolated': '#ff7f0e',
          'within noise': '#7f7f7f', 'no change': '#1f77b4', 'untested': '#bbbbbb',
          'empty loop': '#bbbbbb'}
BASE_C, NEW_C = '#1f77b4', '#d62728'


def plot_delta(plotter, rows):
    """Δ% with its bootstrap interval and noise floor, one line per benchmark."""
    rows = [r for r in rows if r['ci'] is not None and r['verdict'] != 'empty loop']
    if not rows:
        return None
    n = len(rows)
    data = '$d << EOD\n'
    for i, r in enumerate(rows):
        y = n - i
        fl = 100 * (r['floor'] or 0)
        data += '%d %.4f %.4f %.4f %.4f %d\n' % (
            y, 100 * r['delta'], 100 * r['ci'][0], 100 * r['ci'][1], fl,
            int(COLOUR[r['verdict']][1:], 16))
    data += 'EOD\n'
    lo = min(min(100 * r['ci'][0], -100 * (r['floor'] or 0)) for r in rows)
    hi = max(max(100 * r['ci'][1], 100 * (r['floor'] or 0)) for r in rows)
    pad = max(2.0, 0.08 * (hi - lo))
    verdicts = sorted({r['verdict'] for r in rows})
    keys = ', \\\n     '.join("NaN with points pt 7 ps 1 lc rgb '%s' title %s" % (
        COLOUR[v], gp_quote(v)) for v in verdicts)
    script = data + (
        "set title 'NEW against BASE: change of the median with its 95%% interval (bar) and "
        "noise floor (grey)'\n"
        "set xlabel 'change of the median, %% (+ = NEW slower; linear)'\n"
        "set ytics (%s) nomirror font ',9'\n"
        "set yrange [0.3:%g]\nset xrange [%g:%g]\n"
        "set grid xtics lc rgb '#e4e4e4'\nset border 3\nset xtics nomirror\n"
        "set key outside right top vertical Left reverse title 'verdict'\n"
        "set style fill solid 0.35 noborder\nset arrow from 0, graph 0 to 0, graph 1 nohead "
        "lc rgb '#333333' lw 1\n"
        "plot $d using (0):1:(-$5):5:($1-0.32):($1+0.32) with boxxyerror lc rgb '#cccccc' "
        "notitle, \\\n"
        "     $d using 2:1:3:4:6 with xerrorbars pt 7 ps 0.9 "
        "lw 1.5 lc rgb variable notitle, \\\n     %s\n" % (
            ', '.join('%s %d' % (gp_quote(r['name']), n - i) for i, r in enumerate(rows)),
            n + 0.7, lo - pad, hi + pad, keys))
    height = max(360, 140 + 22 * n)
    return plotter.run('delta', script, size=(1000, height))


def plot_samples(plotter, rows, group):
    """Every repetition of BASE and NEW for the benchmarks of one group (those
    with 3 or more a side: a single run has no distribution to show)."""
    rows = [r for r in rows if r['group'] == group and min(r['nb'], r['nn']) >= 3]
    allv = [v for r in rows for v in r['samples_b'] + r['samples_n'] if v > 0]
    if not rows or not allv:
        return None
    data, tics = '', []
    for side, key, off in (('b', 'samples_b', -0.2), ('n', 'samples_n', 0.2)):
        data += '$%s << EOD\n' % side
        for i, r in enumerate(rows):
            for j, v in enumerate(r[key]):
                if v > 0:
                    # spread across x so that equal values stay visible
                    data += '%.4f %.6g\n' % (i + 1 + off + 0.05 * ((j % 5) - 2), v)
        data += 'EOD\n$%sm << EOD\n' % side
        for i, r in enumerate(rows):
            data += '%.4f %.6g\n' % (i + 1 + off - 0.15, r['base' if side == 'b' else 'new'])
        data += 'EOD\n'
    for i, r in enumerate(rows):
        tics.append('%s %d' % (gp_quote(r['name'].split('/', 1)[1]), i + 1))
    ylo, yhi = min(allv) / 1.6, max(allv) * 1.6
    script = data + (
        "set title %s\n"
        "set ylabel %s\nset logscale y 10\n%s"
        "set yrange [%g:%g]\nset xrange [0.4:%g]\n"
        "set xtics (%s) rotate by -40 nomirror font ',10'\nset bmargin 6\n"
        "set grid ytics lc rgb '#e4e4e4'\nset border 3\nset ytics nomirror\n"
        "set key outside right top vertical Left reverse\n"
        "plot $bm using 1:2:(0.3):(0) with vectors nohead lw 3 lc rgb '%s' "
        "title 'BASE median', \\\n"
        "     $nm using 1:2:(0.3):(0) with vectors nohead lw 3 lc rgb '%s' "
        "title 'NEW median', \\\n"
        "     $b using 1:2 with points pt 6 ps 0.6 lc rgb '%s' title 'BASE, each repetition', "
        "\\\n     $n using 1:2 with points pt 6 ps 0.6 lc rgb '%s' title 'NEW, each repetition'"
        "\n" % (
            gp_quote('%s: every repetition of BASE and NEW (%s time; log scale; lower is better)'
                     % (group, rows[0]['basis'])),
            gp_quote('%s (log scale)' % rows[0]['unit']), log_tics('y', ylo, yhi), ylo, yhi,
            len(rows) + 0.6, ', '.join(tics), BASE_C, NEW_C, BASE_C, NEW_C))
    return plotter.run('samples-' + group, script, size=(max(900, 60 * len(rows) + 300), 600))


def draw(outdir, rows, base, new):
    """Every plot of compare.md: {'made': [(rel path, alt)], 'problems': [...]}."""
    p = Plotter(outdir)
    made = []
    kern = sorted((r for r in rows if not r['harness']), key=lambda r: sort_key(r['name']))
    rel = plot_delta(p, kern)
    if rel:
        made.append((rel, 'change of each benchmark with its 95% interval and noise floor'))
    for g in ('map', 'unmap', 'iova', 'fuzz'):
        rel = plot_samples(p, kern, g)
        if rel:
            made.append((rel, '%s: every repetition of BASE and NEW' % g))
    return {'made': made, 'problems': p.problems}
