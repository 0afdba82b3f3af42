#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A/B of two kernel trees on one machine: `make ab BASE_SRC=dir NEW_SRC=dir [RUNS=N]`.

    bench_ab.py --base-bin BIN --new-bin BIN --base-make CMD --new-make CMD
                [--runs N] [--reps R] [--filter REGEX] [--min-time S]
                [--set headline|all] [--out-root results] [--command TEXT] [--tag T]
    bench_ab.py --report DIR      (compare.md and compare.json again)

Why interleaved: two `make bench` runs one after the other differ by
10-20 % on a shared machine (results/spread-20261121-9325902.md), more than
most patches change. Here the two trees' benchmark programs run in rounds,
A B, then B A, then A B, ... (neither side always second), each round R
repetitions of the headline set, so drift over the minutes hits both sides
alike, and the rounds of one side tell how far the machine moves by itself
(the noise floor of compare.md). RUNS rounds x R repetitions pool to at
least 9 repetitions a side (R defaults to ceil(9 / RUNS)): enough for a
Mann-Whitney U test to reach p < 0.05.

Writes results/ab-<UTC date>-<kernel>-<dmalab sha>[-<tag>]/:

  base/, new/      each side's benchmarks.json (every repetition, tagged
                   with its round: "dmalab_round"), env.txt, env.json,
                   manifest.txt (`make info`: sha256 of every compiled file)
  console.txt      what the programs printed, round by round
  compare.json     every figure: medians, delta, bootstrap CI, U test p,
                   noise floor, verdict; the exact counters
  compare.md       the file to attach to a patch (benchlib/abreport.py)
  plots/           NEW against BASE, gnuplot scripts and SVG

Machine-local paths are written relative to the repository or as
placeholders (benchlib/local.py). Exit status: 0; 1 if a benchmark
failed; 2 on a usage or build problem.
"""
import argparse
import datetime
import json
import math
import os
import shlex
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (its environment and make-info readers)
from benchlib import gbench, local  # noqa: E402

ROOT = bench.ROOT
PROG = 'ab'
MIN_POOLED = 9


def die(msg, code=2):
    """Print "ab: msg" to stderr and exit with code."""
    print('%s: %s' % (PROG, msg), file=sys.stderr)
    sys.exit(code)


def run_side(args, side, binpath, rnd, console):
    """One round of one side: the program's iteration entries, tagged."""
    out = os.path.join(args.tmp, '%s-%d.json' % (side, rnd))
    cmd = [binpath, '--set=' + args.set, '--benchmark_repetitions=%d' % args.reps,
           '--benchmark_min_time=%g' % args.min_time,
           '--benchmark_out=' + out, '--benchmark_out_format=json',
           '--benchmark_context=dmalab_side=%s' % side]
    if args.filter:
        cmd.append('--benchmark_filter=' + args.filter)
    line = '$ %s   # round %d, %s' % (' '.join(shlex.quote(c) for c in cmd), rnd + 1, side)
    print(local.scrub(line, ROOT), flush=True)
    console.write(line + '\n')
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       cwd=ROOT)
    console.write(p.stdout)
    if p.returncode != 0:
        sys.stdout.write(p.stdout[-2000:])
        die('%s exited with %d (round %d, %s)' % (binpath, p.returncode, rnd + 1, side), 1)
    if not os.path.isfile(out) or not os.path.getsize(out):
        die('no benchmark ran (filter %r?)' % args.filter)
    doc = gbench.load_doc(out)
    os.unlink(out)
    its = []
    for b in doc['benchmarks']:
        if b.get('run_type', 'iteration') != 'iteration':
            continue
        b['dmalab_round'] = rnd
        its.append(b)
    print('%s: round %d/%d %-4s %d benchmark repetitions' % (PROG, rnd + 1, args.runs, side,
                                                            len(its)), flush=True)
    return doc.get('context', {}), its


def argv_shown():
    """Our arguments without --command (compare.md shows that one apart)."""
    out, skip = [], False
    for a in sys.argv[1:]:
        if skip:
            skip = False
        elif a == '--command':
            skip = True
        elif not a.startswith('--command='):
            out.append(a)
    return out


def side_env(args, side, info, started):
    """env of one side, as make bench writes it."""
    ns = argparse.Namespace(full=False, bin=getattr(args, side + '_bin'))
    sha, full_sha, dirty = bench.git_state()
    env = bench.environment(ns, info, sha, full_sha, dirty, started)
    env['mode'] = 'ab %s: --set=%s, %d rounds x %d repetitions, min_time %g s' % (
        side, args.set, args.runs, args.reps, args.min_time)
    return env


def main():
    """make ab: build nothing (make did), run the rounds, write the folder."""
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split('\n')[0])
    ap.add_argument('--report', metavar='DIR', help='write compare.md/.json of DIR again')
    ap.add_argument('--base-bin')
    ap.add_argument('--new-bin')
    ap.add_argument('--base-make', default='', help='make command of the BASE build (info)')
    ap.add_argument('--new-make', default='', help='make command of the NEW build (info)')
    ap.add_argument('--runs', type=int, default=3, help='rounds (each side once per round)')
    ap.add_argument('--reps', type=int, default=0,
                    help='repetitions per round (default ceil(9 / runs))')
    ap.add_argument('--filter', default='', help='--benchmark_filter regex')
    ap.add_argument('--set', default='headline', choices=('headline', 'all'))
    ap.add_argument('--min-time', type=float, default=0.05)
    ap.add_argument('--out-root', default=os.path.join(ROOT, 'results'))
    ap.add_argument('--command', default='', help='the make command line, for compare.md')
    ap.add_argument('--tag', default='', help='appended to the folder name (make ab AB_TAG=)')
    args = ap.parse_args()
    if args.report:
        d = args.report.rstrip('/')
        if not os.path.isdir(os.path.join(d, 'base')):
            die('%s: not a make ab folder (no base/)' % d)
        from benchlib import abreport
        res = abreport.write_ab(d)
        print('%s: %s' % (PROG, local.scrub(os.path.join(d, 'compare.md'), ROOT)))
        print(res['result_line'])
        return 0
    for side in ('base', 'new'):
        b = getattr(args, side + '_bin')
        if not b or not os.access(b, os.X_OK):
            die('--%s-bin %s: not built (make bench-bin KERNEL_SRC=...)' % (side, b))
    if args.runs < 1:
        die('RUNS=%d: at least 1' % args.runs)
    args.reps = args.reps or int(math.ceil(MIN_POOLED / float(args.runs)))

    started = datetime.datetime.now(datetime.timezone.utc)
    infos = {s: bench.make_info(getattr(args, s + '_make')) for s in ('base', 'new')}
    sha, _, dirty = bench.git_state()
    kver = infos['base'].get('version', 'unknown')
    name = 'ab-%s-%s-%s%s' % (started.strftime('%Y%m%dT%H%MZ'), kver, sha,
                              '-' + args.tag if args.tag else '')
    outdir = os.path.join(args.out_root, name)
    n = 2
    while os.path.exists(outdir):
        outdir = os.path.join(args.out_root, '%s.%d' % (name, n))
        n += 1
    for s in ('base', 'new'):
        os.makedirs(os.path.join(outdir, s))
    args.tmp = outdir
    envs = {s: side_env(args, s, infos[s], started) for s in ('base', 'new')}
    for s in ('base', 'new'):
        bench.write_env(os.path.join(outdir, s), envs[s], infos[s])
    if infos['base'].get('files') == infos['new'].get('files'):
        print('%s: warning: both trees compile byte-identical kernel files: an A/A run'
              % PROG)
    print('%s: %d rounds x %d repetitions a side (%s), order A B, B A, ...; load %s'
          % (PROG, args.runs, args.reps, args.filter or 'set ' + args.set, bench.loadavg()),
          flush=True)

    pooled = {'base': [], 'new': []}
    ctxs = {}
    order = []
    with open(os.path.join(outdir, 'console.txt'), 'w') as console:
        for rnd in range(args.runs):
            sides = ('base', 'new') if rnd % 2 == 0 else ('new', 'base')
            for s in sides:
                ctx, its = run_side(args, s, getattr(args, s + '_bin'), rnd, console)
                ctxs.setdefault(s, ctx)
                pooled[s].extend(its)
                order.append(s)
    finished = datetime.datetime.now(datetime.timezone.utc)
    for s in ('base', 'new'):
        ctx = dict(ctxs[s])
        ctx.update({'dmalab_ab': '%s of %s' % (s, os.path.basename(outdir)),
                    'dmalab_rounds': args.runs, 'dmalab_reps_per_round': args.reps,
                    'dmalab_order': ' '.join('A' if x == 'base' else 'B' for x in order),
                    'dmalab_passes': '--set=%s --benchmark_repetitions=%d x %d rounds, '
                                     'min_time %g s' % (args.set, args.reps, args.runs,
                                                        args.min_time),
                    'load_end': bench.loadavg()})
        envs[s]['load_end'] = bench.loadavg()
        envs[s]['finished'] = finished.strftime('%Y-%m-%dT%H:%M:%SZ')
        bench.write_env(os.path.join(outdir, s), envs[s], infos[s])
        with open(os.path.join(outdir, s, 'benchmarks.json'), 'w') as f:
            json.dump({'context': ctx, 'benchmarks': pooled[s]}, f, indent=1)
            f.write('\n')
    meta = {'command': args.command,
            'argv': ' '.join(shlex.quote(a) for a in ['scripts/bench_ab.py'] + argv_shown()),
            'runs': args.runs, 'reps': args.reps,
            'set': args.set, 'filter': args.filter, 'min_time': args.min_time,
            'order': ' '.join('A' if x == 'base' else 'B' for x in order),
            'started': started.strftime('%Y-%m-%dT%H:%M:%SZ'),
            'finished': finished.strftime('%Y-%m-%dT%H:%M:%SZ'),
            'load_start': envs['base'].get('load_start', ''),
            'load_end': envs['base'].get('load_end', ''),
            'dirty': dirty}
    with open(os.path.join(outdir, 'ab.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    local.scrub_dir(outdir, ROOT)
    rel = os.path.relpath(outdir, ROOT)
    try:
        from benchlib import abreport
        res = abreport.write_ab(outdir)
    except Exception:   # the runs are saved: the report can be written again
        import traceback
        traceback.print_exc()
        die('compare.md not written; the runs are in %s: scripts/bench_ab.py --report %s'
            % (rel, rel), 1)
    print()
    print(res['result_line'])
    print('%s: %s/compare.md (attach it), compare.json, plots/, base/ and new/' % (PROG, rel))
    return 1 if res['errors'] else 0


if __name__ == '__main__':
    sys.exit(main())
