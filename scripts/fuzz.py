#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fuzz one dmalab target with libFuzzer or AFL++ and show a live status line.

    make fuzz TARGET=<t> [SECONDS=60] [ENGINE=libfuzzer|afl] [KEEP_GOING=1]
    scripts/fuzz.py --target T [--seconds N] [--engine libfuzzer|afl] [--keep-going]
    scripts/fuzz.py --corpus-binaries --dmat PATH     (make corpus-binaries)

The working corpus is results/fuzz/local/<t>/corpus, seeded (copied) from the
binary seeds in corpus/<t>/; findings go to results/fuzz/local/<t>/findings/
with a text form (.txt) beside each. Exit status: 0 nothing found, 1 findings,
2 bad usage, a target that is not built in, or a build/engine failure.

What this shares with fuzz_ci.py, coverage.py and minimize.py is in the
fuzzlib package beside it. Python standard library only. docs/fuzzing.md
has more.
"""
import argparse
import os
import re
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fuzzlib.afl import Afl  # noqa: E402
from fuzzlib.build import (build_fuzz, build_tools, make_obj, not_built_message,  # noqa: E402
                           target_status)
from fuzzlib.common import ROOT, count_files, die, human, ncpu, rel, say, warn  # noqa: E402
from fuzzlib.corpus import corpus_binaries, dict_path, seed_corpus  # noqa: E402
from fuzzlib.findings import examine_findings, print_findings  # noqa: E402
from fuzzlib.libfuzzer import LibFuzzer  # noqa: E402
from fuzzlib.registry import Registry, all_targets, check_targets, registry  # noqa: E402
from fuzzlib.status import StatusLine, format_status, interesting_crash_lines  # noqa: E402


def run_fuzz(args):
    """make fuzz: build, seed, run the engine with a status line, report."""
    target, engine, seconds = args.target, args.engine, args.seconds
    known = all_targets()
    if not target:
        die('TARGET is required: make fuzz TARGET=<target>; targets: %s' % ' '.join(known))
    check_targets([target])
    if engine not in ('libfuzzer', 'afl'):
        die('ENGINE=%s: expected libfuzzer or afl' % engine)
    if seconds <= 0:
        die('SECONDS=%d: expected a number of seconds > 0' % seconds)

    # DMALAB_FUZZ_WORKDIR: a private working corpus and findings folder
    # (scripts/known-mutants.py --fuzz: a mutant's run starts from the
    # seeds and leaves the user's local corpus alone)
    workdir = (os.environ.get('DMALAB_FUZZ_WORKDIR') or
               os.path.join(ROOT, 'results', 'fuzz', 'local', target))
    corpus = os.path.join(workdir, 'corpus')
    findings_dir = os.path.join(workdir, 'findings')
    dictionary = dict_path(target)

    if engine == 'libfuzzer':
        obj = build_fuzz('libfuzzer', [target])
        binary = os.path.join(obj, 'fuzz', target)
    else:
        obj = build_fuzz('afl', [target])
        binary = os.path.join(obj, 'fuzz', target)
        cmplog = None
        if ncpu() >= 2:
            cobj = build_fuzz('afl-cmplog', [target])
            cmplog = os.path.join(cobj, 'fuzz', target)
    ok, why = target_status(binary)
    if not ok:
        die(not_built_message(target) + ('' if 'not built in' in why else ': ' + why))
    reg = registry()
    desc = reg.descriptor(target)

    nseeds = seed_corpus(reg, target, corpus)
    say('%s with %s for %d s; working corpus %s (%d inputs), dictionary %s' %
        (target, engine, seconds, rel(corpus), nseeds, rel(dictionary) if dictionary else 'none'))
    if engine == 'libfuzzer':
        runner = LibFuzzer(desc, binary, corpus, findings_dir,
                           os.path.join(workdir, 'libfuzzer.log'), seconds,
                           keep_going=args.keep_going, dictionary=dictionary)
    else:
        if args.keep_going:
            say('AFL++ never stops at a finding; KEEP_GOING changes nothing for it')
        runner = Afl(desc, binary, cmplog, workdir, seconds, dictionary)
        say('AFL++ main instance%s; output %s' %
            (' and a CMPLOG secondary (-S cmplog -c ...)' if cmplog else '', rel(runner.out)))

    status = StatusLine(every=10)
    runner.start()
    try:
        while runner.running():
            status.show(format_status(target, engine, runner.snapshot(), seconds))
            time.sleep(0.5 if status.tty else 1)
    except KeyboardInterrupt:
        status.done()
        say('interrupted: stopping the fuzzer')
        runner.interrupt()
    rc = runner.wait()
    snap = runner.snapshot()
    status.show(format_status(target, engine, snap, seconds), force=True)
    status.done()
    if engine == 'afl':
        runner.collect()
    return report_local(target, engine, runner, rc, snap, corpus, findings_dir)


def report_local(target, engine, runner, rc, snap, corpus, findings_dir):
    """The end of `make fuzz`: the run's figures, then its findings; the exit status."""
    new = runner.new_findings()
    logs = [runner.log_path] if engine == 'libfuzzer' else runner.logs()
    if engine == 'libfuzzer':
        r = runner.result()
        say('%s: %.0f s, %s execs (%s/s average), cov %s ft %s, corpus %d -> %d inputs in %s' %
            (target, r['seconds'], human(r['execs']), human(r['execs_per_sec']['final_average']),
             r['cov'], r['ft'], r['corpus']['start'], r['corpus']['end'], rel(corpus)))
    else:
        say('%s: %.0f s, %s execs (%s/s at the end), %d edges, corpus %d -> %d inputs in %s' %
            (target, snap['elapsed'], human(snap['execs']), human(snap['rate']), snap['edges'],
             runner.corpus_start, count_files(corpus), rel(corpus)))
    say('engine log%s: %s' % ('s' if len(logs) > 1 else '', ' '.join(rel(x) for x in logs)))
    if not new:
        if engine == 'libfuzzer' and rc not in (0, None) and not runner.interrupted:
            warn('libFuzzer exited with status %s and saved nothing; the end of %s:' %
                 (rc, rel(runner.log_path)))
            with open(runner.log_path, errors='replace') as f:
                sys.stderr.write(''.join(f.readlines()[-15:]))
            return 2
        if engine == 'afl' and rc and not runner.interrupted:
            warn('afl-fuzz exited with status %s; see %s' % (rc, ' '.join(rel(x) for x in logs)))
            return 2
        say('no findings')
        return 0
    if engine == 'libfuzzer' and runner.crash_lines and not runner.keep_going:
        print('---- what the fuzzer saw (first lines; full report in %s) ----' %
              rel(runner.log_path))
        for line in interesting_crash_lines(runner.crash_lines)[:12]:
            print('  ' + line)
        print('----')
    found = examine_findings(new, target)
    print_findings(found, target, findings_dir)
    return 1


def tools_registry(dmat):
    """The registry of the build dmat belongs to (make corpus-binaries passes
    $(OBJ)/tools/dmat): its dmalab-replay is made beside it, always when that
    is the default flavour's build, else only if it is missing."""
    if not dmat:
        return registry()
    tools = os.path.dirname(os.path.abspath(dmat))
    obj = os.path.dirname(tools)
    if obj == make_obj(None) or not os.access(os.path.join(tools, 'dmalab-replay'), os.X_OK):
        build_tools(tools=('dmalab-replay',), obj=obj)
    return Registry(tools)


def main():
    """Parse the command line; fuzz, or regenerate the corpus binaries."""
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--target', default='')
    ap.add_argument('--seconds', default='60')
    ap.add_argument('--engine', default='libfuzzer')
    ap.add_argument('--keep-going', action='store_true',
                    help='libFuzzer: do not stop at the first finding (-fork=1 -ignore_crashes=1)')
    ap.add_argument('--corpus-binaries', action='store_true')
    ap.add_argument('--dmat')
    args = ap.parse_args()
    if args.corpus_binaries:
        return corpus_binaries(tools_registry(args.dmat), all_targets())
    if not re.fullmatch(r'\d+', args.seconds.strip()):
        die('SECONDS=%s: expected a number of seconds > 0' % args.seconds)
    args.seconds = int(args.seconds)
    args.target = args.target.strip()
    return run_fuzz(args)


if __name__ == '__main__':
    sys.exit(main())
