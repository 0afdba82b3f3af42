#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fuzz throughput: a fixed corpus through each target, as `make compare` reads it.

    make fuzz-bench [FUZZ_TARGETS="..."] [FUZZ_BENCH_REPS=9]
    scripts/fuzz_bench.py [--targets "..."] [--reps N] [--out-root results]
    scripts/fuzz_bench.py --make-corpus results/fuzz/<run>/corpus [--size 200]

For each target, on the committed corpus corpus/bench/<target>/ and with
the libFuzzer flavour's engine binary (ASan+UBSan+SanitizerCoverage: the
binary whose exec/s `make fuzz-ci` reports), N repetitions of

  fuzz/<t>/exec_per_s  one process replays the whole corpus in-process
                       (libFuzzer's individual-file mode, each input once);
                       time per input = (wall - start-up median) / inputs,
                       items_per_second = inputs per second
  fuzz/<t>/startup     one process on one empty input: wall and CPU time
  fuzz/<t>/coverage    the coverage step of fuzz-ci for this corpus: the
                       coverage build's replay in one process, llvm-profdata
                       merge, llvm-cov export, the empty-input baseline;
                       time per input (counter step_s: the whole step)

the repetitions interleaved over the targets. Writes
results/<UTC date>-<kernel version>-<git sha>-fuzz/: fuzz-bench.json (Google
Benchmark JSON: every repetition, and median/mean/stddev aggregates; not
named benchmarks.json, so that `make bench-report` and `make perf`, which
take the newest results/<run>/benchmarks.json, keep finding make bench's),
env.txt, env.json (the sha256 of every compiled kernel file), summary.txt.
`make compare BASE=results/<a> NEW=results/<b>` compares two such runs.

--make-corpus writes corpus/bench/<t>/ anew: the binary seeds of
corpus/<t>/ and, up to --size inputs, the first inputs (by name, that is
by sha1: a fixed pseudo-random sample) of DIR/<t>/, a fuzz-ci run's merged
corpus; and corpus/bench/README.md saying where they came from.
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coverage  # noqa: E402
from fuzzlib.build import build_fuzz, git_info, read_manifest, target_status  # noqa: E402
from fuzzlib.common import ROOT, die, rel, say, sha1_file, warn  # noqa: E402
from fuzzlib.corpus import seed_files  # noqa: E402
from fuzzlib.registry import all_targets, check_targets, registry  # noqa: E402
from fuzzlib.replay import batches  # noqa: E402

PROG = 'fuzz-bench'
BENCH_DIR = os.path.join(ROOT, 'corpus', 'bench')


def child_cpu():
    """CPU seconds (user + system) of the waited-for children so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, timeout):
    """Run cmd quietly: (wall s, CPU s, exit status)."""
    c0, t0 = child_cpu(), time.perf_counter()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=ROOT, timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        rc = 'timeout'
    return time.perf_counter() - t0, child_cpu() - c0, rc


class Target:
    """One target's binaries, bench corpus and samples."""

    def __init__(self, name, lbin, cbin, inputs, desc):
        self.name, self.lbin, self.cbin, self.inputs, self.desc = name, lbin, cbin, inputs, desc
        self.samples = {'startup': [], 'exec_per_s': [], 'coverage': []}
        self.errors = {}

    def startup(self, empty):
        """One process on one empty input."""
        wall, cpu, rc = timed([self.lbin, empty], 120)
        if rc != 0:
            self.errors['startup'] = 'exit status %s on an empty input' % rc
        self.samples['startup'].append({'real': wall, 'cpu': cpu})

    def replay(self):
        """The whole corpus in-process, each input once, net of start-up."""
        st = self.samples['startup']
        s_wall = statistics.median(x['real'] for x in st) if st else 0.0
        s_cpu = statistics.median(x['cpu'] for x in st) if st else 0.0
        wall = cpu = 0.0
        for b in batches(self.inputs):
            w, c, rc = timed([self.lbin, '-timeout=%d' % self.desc['timeout'],
                              '-rss_limit_mb=2560'] + b, 600)
            if rc != 0:
                self.errors['exec_per_s'] = 'exit status %s: an input of corpus/bench/%s ' \
                    'gives a finding (replay it: make repro FILE=corpus/bench/%s)' % (
                        rc, self.name, self.name)
            wall += max(w - s_wall, 1e-6)
            cpu += max(c - s_cpu, 1e-6)
        self.samples['exec_per_s'].append({'real': wall, 'cpu': cpu})

    def coverage_step(self, cls, workdir):
        """fuzz-ci's coverage step for this corpus (the HTML of all targets aside)."""
        c0, t0 = child_cpu(), time.perf_counter()
        e = coverage.replay_target(self.name, self.cbin, self.inputs, workdir, cls,
                                   self.desc['timeout'], prog=PROG)
        wall, cpu = time.perf_counter() - t0, child_cpu() - c0
        bad = {k: v for k, v in e['replay'].items() if k != 'ok' and v}
        if bad:
            self.errors['coverage'] = 'coverage replay: %s' % bad
        self.samples['coverage'].append({'real': wall, 'cpu': cpu})


def gbench_entries(targets, reps):
    """Google Benchmark JSON entries: each repetition, then the aggregates."""
    out = []
    fam = 0
    for t in targets:
        n = len(t.inputs)
        for kind in ('exec_per_s', 'startup', 'coverage'):
            name = 'fuzz/%s/%s' % (t.name, kind)
            per = 1 if kind == 'startup' else n
            rows = []
            for i, s in enumerate(t.samples[kind]):
                e = {'name': name, 'family_index': fam, 'per_family_instance_index': 0,
                     'run_name': name, 'run_type': 'iteration', 'repetitions': reps,
                     'repetition_index': i, 'threads': 1, 'iterations': per,
                     'real_time': s['real'] * 1e9 / per, 'cpu_time': s['cpu'] * 1e9 / per,
                     'time_unit': 'ns', 'inputs': n}
                if kind == 'exec_per_s':
                    e['items_per_second'] = n / s['real']
                if kind == 'coverage':
                    e['step_s'] = s['real']
                if kind in t.errors:
                    e['error_occurred'] = True
                    e['error_message'] = t.errors[kind]
                rows.append(e)
            out += rows
            ok = [r for r in rows if not r.get('error_occurred')]
            if len(ok) > 1:
                for agg in ('mean', 'median', 'stddev'):
                    f = {'mean': statistics.mean, 'median': statistics.median,
                         'stddev': statistics.stdev}[agg]
                    a = {'name': name + '_' + agg, 'family_index': fam,
                         'per_family_instance_index': 0, 'run_name': name,
                         'run_type': 'aggregate', 'repetitions': reps, 'threads': 1,
                         'aggregate_name': agg, 'aggregate_unit': 'time',
                         'iterations': len(ok), 'time_unit': 'ns',
                         'real_time': f([r['real_time'] for r in ok]),
                         'cpu_time': f([r['cpu_time'] for r in ok])}
                    if kind == 'exec_per_s':
                        a['items_per_second'] = f([r['items_per_second'] for r in ok])
                    out.append(a)
            fam += 1
    return out


def fmt_range(vals, fmt):
    """'median (min-max)' of vals."""
    return '%s (%s-%s)' % (fmt % statistics.median(vals), fmt % min(vals), fmt % max(vals))


def summary_text(targets, header):
    """summary.txt: a line per target."""
    L = header + ['', '%-12s %6s %26s %24s %26s %14s' % (
        'target', 'inputs', 'exec/s median (min-max)', 'start-up ms', 'coverage step s',
        'cov us/input')]
    for t in targets:
        n = len(t.inputs)
        ex = [n / s['real'] for s in t.samples['exec_per_s']]
        st = [s['real'] * 1e3 for s in t.samples['startup']]
        cv = [s['real'] for s in t.samples['coverage']]
        L.append('%-12s %6d %26s %24s %26s %14.0f' % (
            t.name, n, fmt_range(ex, '%.0f'), fmt_range(st, '%.1f'), fmt_range(cv, '%.2f'),
            statistics.median(cv) * 1e6 / max(n, 1)))
        for k, v in t.errors.items():
            L.append('    ERROR %s: %s' % (k, v))
    return '\n'.join(L) + '\n'


def environment(man, git, lobj, started, reps):
    """env.txt's keys (bench_compare reads kernel, git_sha, compiler, ...)."""
    def first(cmd):
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True).stdout.splitlines()[0].strip()
        except (OSError, IndexError):
            return ''
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            cpu = m.group(1).strip() if m else ''
    except OSError:
        pass
    env = {
        'date': started.strftime('%Y-%m-%dT%H:%M:%SZ'), 'mode': 'fuzz-bench',
        'repetitions': str(reps), 'cpu': cpu, 'cpus': str(os.cpu_count() or 0),
        'host_kernel': platform.release(), 'compiler': first(['clang-14', '--version']),
        'build': rel(lobj) + ' (libFuzzer flavour: ASan+UBSan, -O1) and the coverage flavour',
        'kernel': '%s (%s)' % (man.get('version', '?'), man.get('source', '?')),
        'kernel_version': man.get('version', ''), 'kernel_tree': man.get('tree', ''),
        'git_sha': git['full_sha'] or git['sha'], 'git_dirty': 'yes' if git['dirty'] else 'no',
        'python': platform.python_version(),
    }
    try:
        with open('/proc/loadavg') as f:
            env['load_start'] = ' '.join(f.read().split()[:3])
    except OSError:
        pass
    return {k: v for k, v in env.items() if v != ''}


def make_corpus(src, targets, size, reg):
    """corpus/bench/<t>/: the seeds and the first inputs of src/<t>/."""
    git = git_info()
    lines = ['# The fixed corpora of `make fuzz-bench`', '',
             'Binary inputs, named by sha1: the binary seeds of `corpus/<target>/` and a '
             'fixed sample (the first by name) of the merged corpus of a `make fuzz-ci` run, '
             'up to %d inputs a target. Not seeds: the fuzzers never read them. Made by '
             '`scripts/fuzz_bench.py --make-corpus %s --size %d` at dmalab %s on %s.' % (
                 size, rel(os.path.realpath(src)), size, git['sha'],
                 datetime.datetime.utcnow().strftime('%Y-%m-%d')), '',
             'Keep them fixed: a new corpus makes `make compare` compare other work. '
             'Regenerate only when the input format changes, and say so.', '',
             '| target | seeds | from the run | inputs |', '|---|--:|--:|--:|']
    for t in targets:
        d = os.path.join(BENCH_DIR, t)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        names = set()
        for s in seed_files(reg, t):
            h = sha1_file(s)
            if h not in names:
                shutil.copyfile(s, os.path.join(d, h))
                names.add(h)
        nseeds = len(names)
        sd = os.path.join(src, t)
        pool = sorted(reg.inputs(sd, engine=True)) if os.path.isdir(sd) else []
        for s in pool:
            if len(names) >= size:
                break
            h = sha1_file(s)
            if h not in names:
                shutil.copyfile(s, os.path.join(d, h))
                names.add(h)
        lines.append('| %s | %d | %d | %d |' % (t, nseeds, len(names) - nseeds, len(names)))
        say('%s: %d seeds + %d from %s -> %s' % (t, nseeds, len(names) - nseeds, rel(sd),
                                                 rel(d)), PROG)
    with open(os.path.join(BENCH_DIR, 'README.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return 0


def main():
    """make fuzz-bench."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--targets', default='')
    ap.add_argument('--reps', default='9')
    ap.add_argument('--out-root', default=os.path.join(ROOT, 'results'))
    ap.add_argument('--make-corpus', default='', metavar='DIR')
    ap.add_argument('--size', type=int, default=200)
    args = ap.parse_args()
    targets = args.targets.split() or all_targets()
    check_targets(targets, PROG)
    if not args.reps.isdigit() or int(args.reps) < 1:
        die('FUZZ_BENCH_REPS=%s: expected a number of repetitions > 0' % args.reps, prog=PROG)
    reps = int(args.reps)
    reg = registry(PROG)
    if args.make_corpus:
        if not os.path.isdir(args.make_corpus):
            die('%s: no such directory' % args.make_corpus, prog=PROG)
        return make_corpus(args.make_corpus, targets, args.size, reg)

    started = datetime.datetime.utcnow()
    git = git_info()
    lobj = build_fuzz('libfuzzer', targets, PROG, manifest=True)
    cobj = build_fuzz('coverage', targets, PROG, manifest=True)
    man = read_manifest(lobj)
    cls = coverage.Classifier(man['tree'], cobj)
    bench = []
    for t in targets:
        d = os.path.join(BENCH_DIR, t)
        inputs = reg.inputs(d, engine=True) if os.path.isdir(d) else []
        lbin, cbin = os.path.join(lobj, 'fuzz', t), os.path.join(cobj, 'fuzz', t)
        if not inputs:
            warn('%s: no corpus/bench/%s/: left out (scripts/fuzz_bench.py --make-corpus)' %
                 (t, t), PROG)
            continue
        if not target_status(lbin)[0]:
            warn('%s: not built in: left out' % t, PROG)
            continue
        bench.append(Target(t, lbin, cbin, [os.path.relpath(p, ROOT) for p in inputs],
                            reg.descriptor(t)))
    if not bench:
        die('no target to measure', prog=PROG)

    base = '%s-%s-%s-fuzz' % (started.strftime('%Y%m%dT%H%MZ'), man.get('version', 'unknown'),
                              git['sha'])
    outdir = os.path.join(args.out_root, base)
    n = 2
    while os.path.exists(outdir):
        outdir = os.path.join(args.out_root, '%s.%d' % (base, n))
        n += 1
    os.makedirs(outdir)
    env = environment(man, git, lobj, started, reps)
    say('%d repetitions of %s; results in %s' % (reps, ' '.join(t.name for t in bench),
                                                 rel(outdir)), PROG)
    with tempfile.TemporaryDirectory(prefix='dmalab-fuzz-bench-') as tmp:
        empty = os.path.join(tmp, 'empty')
        open(empty, 'wb').close()
        for t in bench:             # warm-up: page cache, the binaries' first start
            t.startup(empty)
            t.samples['startup'].clear()
        for i in range(reps):
            for t in bench:
                t.startup(empty)
                t.replay()
                t.coverage_step(cls, os.path.join(tmp, 'cov'))
            say('repetition %d/%d done' % (i + 1, reps), PROG)
    try:
        with open('/proc/loadavg') as f:
            env['load_end'] = ' '.join(f.read().split()[:3])
    except OSError:
        pass
    ctx = {'date': started.isoformat(timespec='seconds') + '+00:00',
           'host_name': platform.node(), 'executable': rel(lobj) + '/fuzz/<target>',
           'num_cpus': os.cpu_count() or 0, 'profile': 'fuzz-bench',
           'kernel': man.get('version', ''), 'git': git['sha'] + ('-dirty' if git['dirty'] else ''),
           'build': 'libFuzzer flavour (clang-14, ASan+UBSan)', 'results': os.path.basename(outdir),
           'repetitions': reps}
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^cpu MHz\s*:\s*([\d.]+)', f.read(), re.M)
            if m:
                ctx['mhz_per_cpu'] = int(float(m.group(1)))
    except OSError:
        pass
    doc = {'context': ctx, 'benchmarks': gbench_entries(bench, reps)}
    with open(os.path.join(outdir, 'fuzz-bench.json'), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    with open(os.path.join(outdir, 'env.txt'), 'w') as f:
        f.write('# dmalab fuzz-bench run: key=value\n')
        for k, v in env.items():
            f.write('%s=%s\n' % (k, v))
    envj = dict(env, kernel_files_sha256=man.get('files_sha256', {}))
    with open(os.path.join(outdir, 'env.json'), 'w') as f:
        json.dump(envj, f, indent=1, sort_keys=True)
        f.write('\n')
    header = ['dmalab fuzz-bench %s: kernel %s, git %s%s, %d repetitions, load %s -> %s' % (
        os.path.basename(outdir), man.get('version', '?'), git['sha'],
        ' (dirty)' if git['dirty'] else '', reps, env.get('load_start', '?'),
        env.get('load_end', '?')),
        'exec/s: corpus/bench/<t>/ replayed in one libFuzzer-flavour process, net of start-up; '
        'start-up: one empty input; coverage step: fuzz-ci\'s, for this corpus']
    text = summary_text(bench, header)
    with open(os.path.join(outdir, 'summary.txt'), 'w') as f:
        f.write(text)
    print()
    sys.stdout.write(text)
    say('results in %s/ (fuzz-bench.json, env.txt, summary.txt); compare two runs: '
        'make compare BASE=results/<a> NEW=%s' % (rel(outdir), rel(outdir)), PROG)
    return 1 if any(t.errors for t in bench) else 0


if __name__ == '__main__':
    sys.exit(main())
