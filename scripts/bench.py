#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run dmalab's benchmarks and keep everything about the run: `make bench [FULL=1]`.

    bench.py --bin BUILD/plain-*/bench/dmalab-bench [--full] [--filter REGEX]
             [--make 'make -s SAN=0 ...'] [--out-root results] [--reps N]
             [--min-time S]

Runs the benchmark program twice: the headline set (map/unmap of 4k and 2m
at 64KiB and 1GiB on sg/iova/phys, and the shim/ overhead benchmarks) with
repetitions (3 quick, 9 FULL: medians, and enough for compare.py's U
test), then the rest once. Writes results/<UTC date>-<kernel version>-<git sha>/:

  benchmarks.json     the Google Benchmark JSON of both passes, merged (one
                      "context", every run and aggregate); the only *.json
                      here with a "benchmarks" array
  env.txt             key=value: CPU, compilers, CFLAGS, kernel package and
                      version, git sha, load average; `make info` (the sha256
                      of every compiled kernel file) as # comment lines
  env.json            the same, structured
  manifest.txt        `make info` as printed
  console.txt         what the benchmark program printed
  shim-overhead.txt   the share of the harness's own costs in each map/unmap
  shim-overhead.json  figure (estimated from the shim/ benchmarks)
  summary.txt         the headline figures
  report.md, plots/   by scripts/bench_report.py, when it is there

and prints where they are. Exit status: 0, 1 if a benchmark failed (its
error is in the JSON and in summary.txt), 2 on a usage or build problem.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import gbench, local, shim  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROG = 'bench'


def die(msg, code=2):
    """Print "bench: msg" to stderr and exit with code."""
    print('%s: %s' % (PROG, msg), file=sys.stderr)
    sys.exit(code)


def run_text(cmd, **kw):
    """stdout of a command run at the top ("" if it fails)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                           cwd=ROOT, **kw)
        return p.stdout if p.returncode == 0 else ''
    except OSError:
        return ''


def first_line(cmd):
    """The first line a command prints ("" if none)."""
    out = run_text(cmd)
    return out.splitlines()[0].strip() if out.strip() else ''


# ---- the environment ---------------------------------------------------------

def cpu_model():
    """The CPU's model name."""
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            return m.group(1).strip() if m else platform.processor()
    except OSError:
        return platform.processor()


def loadavg():
    """The 1, 5 and 15 minute load averages."""
    try:
        with open('/proc/loadavg') as f:
            return ' '.join(f.read().split()[:3])
    except OSError:
        return ''


def make_info(make_cmd):
    """`make -s SAN=0 info`: the manifest of the plain build, compiler and flags."""
    text = run_text(shlex.split(make_cmd) + ['info'])
    if not text:
        die('`%s info` failed' % make_cmd)
    info = {'text': text, 'files': {}, 'headers': {}}
    m = re.search(r'^kernel:\s+(\S+)\s+from\s+(.*)$', text, re.M)
    if m:
        info['version'] = m.group(1)
        info['source'] = m.group(2).strip()
        pm = re.match(r'Debian package (\S+) (\S+)', info['source'])
        if pm:
            info['package'], info['package_version'] = pm.group(1), pm.group(2)
    for key in ('package', 'git', 'tree', 'build', 'compiler', 'flags'):
        m = re.search(r'^%s:\s+(.*)$' % key, text, re.M)
        if m:
            info['line_' + key] = m.group(1).strip()
    section = None
    for line in text.splitlines():
        if line.startswith('compiled kernel files'):
            section = 'files'
        elif line.startswith('kernel headers'):
            section = 'headers'
        elif section and re.match(r'^\s+[0-9a-f]{64}\s+\S', line):
            sha, path = line.split(None, 1)
            info[section][path.strip()] = sha
        elif not line.startswith(' '):
            section = None
    return info


def git_state():
    """dmalab's commit: short sha, full sha, uncommitted changes."""
    sha = first_line(['git', 'rev-parse', '--short=7', 'HEAD']) or 'nogit'
    full = first_line(['git', 'rev-parse', 'HEAD'])
    dirty = bool(run_text(['git', 'status', '--porcelain', '--untracked-files=no']).strip())
    return sha, full, dirty


def environment(args, info, sha, full_sha, dirty, started):
    """env.txt/env.json as a dict: the machine, toolchain, kernel and run."""
    compiler = info.get('line_compiler', '')
    env = {
        'date': started.strftime('%Y-%m-%dT%H:%M:%SZ'),
        'mode': 'full' if args.full else 'quick',
        'cpu': cpu_model(),
        'cpus': str(os.cpu_count() or 0),
        'host_kernel': platform.release(),
        'os': first_line(['sh', '-c', '. /etc/os-release && echo "$PRETTY_NAME"']),
        'compiler': compiler,
        'cxx': first_line(['g++', '--version']),
        'cflags': info.get('line_flags', ''),
        'cxxflags': '-std=c++17 -g -O2 -Wall -Wextra (bench/gbench.cc)',
        'build': info.get('line_build', ''),
        'kernel': '%s (%s)' % (info.get('version', '?'), info.get('source', '?')),
        'kernel_version': info.get('version', ''),
        'kernel_package': ('%s %s' % (info['package'], info['package_version'])
                           if 'package' in info else ''),
        'kernel_package_sha256': info.get('line_package', ''),
        'kernel_tree': info.get('line_tree', ''),
        'kernel_git': info.get('line_git', ''),
        'git_sha': full_sha or sha,
        'git_dirty': 'yes' if dirty else 'no',
        'libbenchmark': first_line(['dpkg-query', '-W', '-f=${Version}', 'libbenchmark-dev']),
        'python': platform.python_version(),
        'load_start': loadavg(),
        'benchmark_binary': local.scrub(os.path.abspath(args.bin), ROOT),
    }
    return {k: v for k, v in env.items() if v != ''}


def write_env(outdir, env, info):
    """env.txt, env.json and manifest.txt of the run."""
    with open(os.path.join(outdir, 'env.txt'), 'w') as f:
        f.write('# dmalab benchmark run: key=value; `make info` below as comments\n')
        for k, v in env.items():
            f.write('%s=%s\n' % (k, str(v).replace('\n', ' ')))
        f.write('#\n# make -s SAN=0 info:\n')
        for line in info['text'].splitlines():
            f.write('#   %s\n' % line)
    doc = dict(env)
    doc['kernel_files_sha256'] = info['files']
    doc['kernel_headers_sha256'] = info['headers']
    with open(os.path.join(outdir, 'env.json'), 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write('\n')
    with open(os.path.join(outdir, 'manifest.txt'), 'w') as f:
        f.write(info['text'])


# ---- running -----------------------------------------------------------------

def run_pass(args, name, extra, outdir, context, console):
    """Run one pass of the benchmark program; its JSON, or None if nothing ran."""
    out = os.path.join(outdir, '.%s.json' % name)
    cmd = [args.bin] + (['--full'] if args.full else []) + extra + [
        '--benchmark_out=' + out, '--benchmark_out_format=json',
        '--benchmark_context=' + context]
    if args.filter:
        cmd.append('--benchmark_filter=' + args.filter)
    line = '$ ' + ' '.join(shlex.quote(c) for c in cmd)
    print(line, flush=True)
    console.write(line + '\n')
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         cwd=ROOT, bufsize=1)
    for l in p.stdout:
        sys.stdout.write(l)
        sys.stdout.flush()
        console.write(l)
    rc = p.wait()
    if rc != 0:
        die('the benchmark program exited with %d (pass %s); see %s/console.txt'
            % (rc, name, os.path.relpath(outdir, ROOT)), 1)
    # a pass whose filter matched nothing writes no file, or an empty one
    if not os.path.exists(out) or not os.path.getsize(out):
        if os.path.exists(out):
            os.unlink(out)
        return None
    doc = gbench.load_doc(out)
    os.unlink(out)
    return doc


def merge(docs, passes):
    """One JSON document of the passes' documents."""
    docs = [d for d in docs if d]
    if not docs:
        return None
    merged = {'context': dict(docs[0].get('context', {})), 'benchmarks': []}
    merged['context']['dmalab_passes'] = '; '.join(passes)
    for d in docs:
        merged['benchmarks'].extend(d.get('benchmarks', []))
    return merged


# ---- what the results say ----------------------------------------------------

def write_shim(outdir, sh, fig):
    """shim-overhead.json and shim-overhead.txt: the model, its unit costs, each row."""
    with open(os.path.join(outdir, 'shim-overhead.json'), 'w') as f:
        json.dump(sh, f, indent=1)
        f.write('\n')
    L = ['# The harness\'s own costs in the map/unmap figures (estimated, CPU time)', '#']
    for line in shim.estimate.__doc__.strip('\n').splitlines():
        L.append('# ' + line.strip())
    L.append('#')
    u = sh['unit_costs_ns']
    L.append('# unit costs (ns): ' + ', '.join('%s %.2f' % (k, v) for k, v in u.items()))
    for n in ('shim/loop/cxx', 'shim/loop/c', 'shim/loop/c-inline', 'shim/pause-resume/cxx',
              'shim/pause-resume/c', 'shim/kmalloc/64', 'shim/malloc/64',
              'shim/alloc-page/4k', 'shim/spinlock/pair'):
        if n in fig:
            L.append('#   %-24s %9.2f ns cpu  %9.2f ns real' % (n, fig[n]['cpu'], fig[n]['real']))
    L.append('# median share %.2f %%, max %.2f %% (%s)' % (
        100 * (sh['median_share'] or 0), 100 * (sh['max_share'] or 0),
        sh['max_share_benchmark']))
    L.append('')
    L.append('%-36s %14s %12s %8s  %s' % ('benchmark', 'cpu ns/op', 'shim ns/op', 'share',
                                           'timer/loop/slab/iommu ns'))
    for r in sh['benchmarks']:
        p = r['parts']
        L.append('%-36s %14.1f %12.2f %7.2f%%  %.2f/%.2f/%.2f/%.2f' % (
            r['name'], r['cpu_ns'], r['shim_ns'], 100 * r['share'],
            p['timer'], p['loop'], p['slab'], p['iommu']))
    with open(os.path.join(outdir, 'shim-overhead.txt'), 'w') as f:
        f.write('\n'.join(L) + '\n')


def summary(fig, sh, errs):
    """summary.txt: the headline figures, the shim overhead, the failures."""
    L = ['Headline figures (median; ns from CPU time; bytes from the shim\'s slab '
         'accounting with the kernel\'s size classes)', '']
    hdr = '%-6s %-11s %10s %10s %12s %12s %11s %10s %10s %8s %7s' % (
        'wl', 'path', 'map ns/4K', 'unmap', 'map ms/op', 'GiB/s map', 'desc B/4K',
        'desc B', 'pt bytes', 'PTEs', 'syncs')
    for size in ('1GiB', '64KiB'):
        L.append('%s mapped per op:' % size)
        L.append(hdr)
        for wl in ('4k', '2m'):
            for path in ('sg', 'iova', 'phys', 'sg-direct', 'phys-direct'):
                m = fig.get('map/%s/%s/%s' % (path, wl, size))
                u = fig.get('unmap/%s/%s/%s' % (path, wl, size))
                if not m:
                    continue
                L.append('%-6s %-11s %10.4g %10s %12.4g %12.1f %11.4g %10.0f %10.0f %8.0f %7s' % (
                    wl, path, m.get('ns_per_4k', 0),
                    '%.4g' % u['ns_per_4k'] if u and 'ns_per_4k' in u else '-',
                    m['cpu'] / 1e6, m.get('bytes_per_second', 0) / 2**30,
                    m.get('bytes_per_4k', 0), m.get('desc_bytes', 0), m.get('pt_bytes', 0),
                    m.get('ptes', 0),
                    '%.0f' % u['iotlb_syncs'] if u and 'iotlb_syncs' in u else '-'))
        L.append('')
    callers = sorted(n for n in fig if n.split('/')[0] in ('blk', 'dmabuf'))
    if callers:
        L.append('phys_vec callers (bench/callers.c; beside map/unmap in report.md):')
        L.append('%-30s %10s %10s %11s %8s %5s' % ('benchmark', 'map ns/4K', 'unmap',
                                                 'desc B/4K', 'entries', 'iova'))
        for n in callers:
            m, g = fig[n], n.split('/', 1)
            u = fig.get('%s-unmap/%s' % (g[0], g[1]))
            L.append('%-30s %10.4g %10s %11.4g %8.0f %5.0f' % (
                n, m.get('ns_per_4k', 0),
                '%.4g' % u['ns_per_4k'] if u and 'ns_per_4k' in u else '-',
                m.get('bytes_per_4k', 0), m.get('entries', 0), m.get('iova', 0)))
        L.append('')
    if sh:
        L.append('Shim overhead (shim-overhead.txt): median %.2f %% of a map/unmap figure, '
                 'max %.2f %% (%s)' % (100 * (sh['median_share'] or 0),
                                       100 * (sh['max_share'] or 0), sh['max_share_benchmark']))
        u = sh['unit_costs_ns']
        L.append('  empty loop: C %.2f ns/iter, C GB_LOOP %.2f, C++ %.2f; pause+resume %.0f ns; '
                 'kmalloc+kfree %.1f ns vs malloc+free %.1f; spinlock pair %.1f ns; '
                 'IOMMU statistics %.1f ns per call' % (
                     fig['shim/loop/c']['cpu'], fig.get('shim/loop/c-inline', {}).get('cpu', 0),
                     fig['shim/loop/cxx']['cpu'], fig['shim/pause-resume/c']['cpu'],
                     fig['shim/kmalloc/64']['cpu'], fig['shim/malloc/64']['cpu'],
                     fig['shim/spinlock/pair']['cpu'],
                     u.get('iommu_stats_per_call_ns', fig['shim/spinlock/pair']['cpu'])))
        L.append('')
    if errs:
        L.append('FAILED benchmarks:')
        for n, e in errs:
            L.append('  %s: %s' % (n, e))
    return '\n'.join(L) + '\n'


# ---- main --------------------------------------------------------------------

def main():
    """make bench: run both passes, write the results folder."""
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split('\n')[0])
    ap.add_argument('--bin', required=True, help='the dmalab-bench program')
    ap.add_argument('--full', action='store_true', help='every benchmark (FULL=1)')
    ap.add_argument('--filter', default='', help='--benchmark_filter regex for both passes')
    ap.add_argument('--make', default='make --no-print-directory -s SAN=0',
                    help='make command of the plain build, for `info`')
    ap.add_argument('--out-root', default=os.path.join(ROOT, 'results'))
    ap.add_argument('--reps', type=int, default=0,
                    help='repetitions of the headline set (default 3, FULL 9)')
    ap.add_argument('--no-report', action='store_true',
                    help='do not run scripts/bench_report.py on the results')
    ap.add_argument('--min-time', type=float, default=0,
                    help='--benchmark_min_time (default 0.05 s, FULL 0.2 s)')
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        die('%s: not built (make bench-bin)' % args.bin)
    reps = args.reps or (9 if args.full else 3)
    min_time = args.min_time or (0.2 if args.full else 0.05)

    started = datetime.datetime.now(datetime.timezone.utc)
    info = make_info(args.make)
    sha, full_sha, dirty = git_state()
    kver = info.get('version', 'unknown')
    base = '%s-%s-%s' % (started.strftime('%Y%m%dT%H%MZ'), kver, sha)
    outdir = os.path.join(args.out_root, base)
    n = 2
    while os.path.exists(outdir):
        outdir = os.path.join(args.out_root, '%s.%d' % (base, n))
        n += 1
    os.makedirs(outdir)
    env = environment(args, info, sha, full_sha, dirty, started)
    write_env(outdir, env, info)

    # --benchmark_context: key=value,...; no commas inside values
    ctx = {'kernel': kver, 'kernel_package': env.get('kernel_package', '').replace(' ', ':'),
           'git': sha + ('-dirty' if dirty else ''), 'profile': env['mode'],
           'build': 'plain -O2 (SAN=0)', 'results': os.path.basename(outdir)}
    context = ','.join('%s=%s' % (k, str(v).replace(',', ';').replace('=', ':'))
                       for k, v in ctx.items() if v)
    load = os.cpu_count() or 1
    try:
        if float(env['load_start'].split()[0]) > 0.5 * load:
            print('%s: load average %s on %d CPUs: the figures will be noisy'
                  % (PROG, env['load_start'], load), flush=True)
    except (KeyError, ValueError, IndexError):
        pass

    common = ['--benchmark_min_time=%g' % min_time]
    passes = ['headline: --set=headline --benchmark_repetitions=%d' % reps,
              'rest: --set=rest --benchmark_repetitions=1',
              'min_time %g s' % min_time]
    with open(os.path.join(outdir, 'console.txt'), 'w') as console:
        d1 = run_pass(args, 'headline', ['--set=headline', '--benchmark_repetitions=%d' % reps,
                                         '--benchmark_display_aggregates_only=true'] + common,
                      outdir, context, console)
        d2 = run_pass(args, 'rest', ['--set=rest'] + common, outdir, context, console)
    doc = merge([d1, d2], passes)
    if not doc or not doc['benchmarks']:
        die('no benchmark ran (filter %r?)' % args.filter)
    env['load_end'] = loadavg()
    env['finished'] = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    write_env(outdir, env, info)
    doc['context']['load_end'] = env['load_end']
    with open(os.path.join(outdir, 'benchmarks.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')

    by, errs, _ = gbench.collect(doc['benchmarks'])
    fig = gbench.medians(by)
    sh = shim.estimate(by)
    if sh:
        write_shim(outdir, sh, fig)
    text = summary(fig, sh, errs)
    with open(os.path.join(outdir, 'summary.txt'), 'w') as f:
        f.write(text)
    print()
    print(text, end='')
    # committed results say nothing about where this machine keeps its files
    local.scrub_dir(outdir, ROOT)
    rel = os.path.relpath(outdir, ROOT)
    report = os.path.join(ROOT, 'scripts', 'bench_report.py')
    wrote_report = False
    if os.path.exists(report) and not args.no_report:
        # report.md and plots/ (scripts/bench_report.py); a failure there
        # does not lose the run
        p = subprocess.run([sys.executable, report, outdir], cwd=ROOT)
        wrote_report = p.returncode == 0 and os.path.exists(os.path.join(outdir, 'report.md'))
        if not wrote_report:
            print('%s: bench_report.py failed (%d); the results are complete without '
                  'report.md: make bench-report DIR=%s' % (PROG, p.returncode, rel))
    print('%s: %d benchmarks (%d failed), load average %s -> %s' % (
        PROG, len(fig), len(errs), env['load_start'], env['load_end']))
    print('%s: results in %s/ (benchmarks.json, env.txt, summary.txt, shim-overhead.txt%s)'
          % (PROG, rel, ', report.md' if wrote_report else ''))
    return 1 if errs else 0


if __name__ == '__main__':
    sys.exit(main())
