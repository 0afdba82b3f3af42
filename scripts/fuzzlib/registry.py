# SPDX-License-Identifier: GPL-2.0-only
"""The fuzz targets as their registry (fuzz/targets.def, fuzz/target.h)
describes them. The scripts keep no copy of any target fact:

  names       DMALAB_ALL_TARGETS (the Makefile reads fuzz/targets.def), or
              fuzz/targets.def itself: needed before anything is built
  max_len, timeout, codec, misuse, summary
              dmalab-replay --list-targets --json
  .options    dmalab-replay --options NAME
  inputs      dmalab-replay --list-inputs [--engine] DIR: which files of a
              corpus folder are inputs (the engines': the binary forms only)
  conversion  dmat --target NAME: text <-> binary in the target's codec
"""
import json
import os
import re
import subprocess
import tempfile

from .build import build_tools
from .common import ROOT, die


def all_targets():
    """Every fuzz target's name, in the registry's order."""
    env = os.environ.get('DMALAB_ALL_TARGETS', '').split()
    if env:
        return env
    with open(os.path.join(ROOT, 'fuzz', 'targets.def')) as f:
        return re.findall(r'^TARGET\([a-z0-9_]+,\s*"([^"]+)"\)', f.read(), re.M)


def check_targets(names, prog=None):
    """Stop with the list of targets if one of names is not a target."""
    known = all_targets()
    bad = [t for t in names if t not in known]
    if bad:
        die('unknown target%s %s; targets: %s' % ('s' if len(bad) > 1 else '',
                                                   ' '.join(bad), ' '.join(known)), prog=prog)


def target_from_path(path):
    """Which target a path names, as target_from_path() in fuzz/registry.c:
    the last folder of the path named exactly as a target; the file's own
    name never counts."""
    known = set(all_targets())
    found = None
    for part in path.split('/')[:-1]:
        if part in known:
            found = part
    return found


class Registry:
    """The registry as one build's dmalab-replay and dmat answer for it."""

    def __init__(self, tools_dir, prog=None):
        self.replay = os.path.join(tools_dir, 'dmalab-replay')
        self.dmat = os.path.join(tools_dir, 'dmat')
        self.prog = prog
        self._targets = None

    def _ask(self, args, what):
        """stdout of dmalab-replay ARGS; stop with its stderr if it fails."""
        p = subprocess.run([self.replay] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, errors='replace', cwd=ROOT)
        if p.returncode:
            die('%s: dmalab-replay %s failed: %s' % (what, ' '.join(args),
                                                     p.stderr.strip()[:500]), prog=self.prog)
        return p.stdout

    def targets(self):
        """{name: descriptor}: name, codec, max_len, timeout, misuse, summary."""
        if self._targets is None:
            out = self._ask(['--list-targets', '--json'], 'the target registry')
            try:
                self._targets = {d['name']: d for d in json.loads(out)}
            except (ValueError, KeyError, TypeError) as e:
                die('dmalab-replay --list-targets --json: %s' % e, prog=self.prog)
        return self._targets

    def descriptor(self, target):
        """One target's descriptor; stop if the registry does not have it."""
        d = self.targets().get(target)
        if d is None:
            die("target '%s' is not in the registry of %s (targets: %s)" %
                (target, self.replay, ' '.join(self.targets())), prog=self.prog)
        return d

    def max_len(self, target):
        """The longest input worth trying (libFuzzer -max_len)."""
        return int(self.descriptor(target)['max_len'])

    def timeout(self, target):
        """Seconds one input of the target may take."""
        return int(self.descriptor(target)['timeout'])

    def options(self, target):
        """The libFuzzer .options file of a target, as text."""
        return self._ask(['--options', target], 'options of %s' % target)

    def inputs(self, folder, engine=False, recurse=False):
        """The inputs of a corpus folder, sorted: every form a replay runs, or
        (engine) the binary forms only, what an engine's corpus takes. Files
        directly in the folder unless recurse (regressions/ is no seed)."""
        args = ['--list-inputs'] + (['--engine'] if engine else []) + [folder]
        out = [x for x in self._ask(args, 'inputs of %s' % folder).splitlines() if x]
        if not recurse:
            top = os.path.normpath(folder)
            out = [x for x in out if os.path.dirname(os.path.normpath(x)) == top]
        return out

    def text_forms(self, folder):
        """The inputs of a folder kept in their text form (NAME.txt beside NAME)."""
        binary = set(self.inputs(folder, engine=True))
        return [x for x in self.inputs(folder) if x not in binary]

    def to_binary(self, src, dst, target):
        """Write the canonical binary form of input src (either form) to dst;
        '' on success, dmat's complaint otherwise."""
        p = subprocess.run([self.dmat, '--target', target, '-b', src, '-o', dst],
                           stderr=subprocess.PIPE, text=True, errors='replace')
        if p.returncode:
            return p.stderr.strip() or 'dmat failed'
        return ''

    def write_text_form(self, path, target):
        """path.txt, the text form of input path; None if dmat cannot print it."""
        out = path + '.txt'
        with open(out, 'w') as f:
            p = subprocess.run([self.dmat, '--target', target, path], stdout=f,
                               stderr=subprocess.PIPE, text=True)
        if p.returncode:
            os.unlink(out)
            return None
        return out

    def program_bytes(self, text):
        """The canonical binary form of a text program (str): dictionary
        tokens are program text, whichever codec their target's inputs have.
        Raises ValueError with dmat's complaint."""
        with tempfile.TemporaryDirectory() as td:
            out = os.path.join(td, 'p.bin')
            # from standard input: no path, so no target, so the program codec
            p = subprocess.run([self.dmat, '-b', '-', '-o', out], input=text.encode(),
                               stderr=subprocess.PIPE)
            if p.returncode:
                raise ValueError(p.stderr.decode(errors='replace').strip()
                                 .replace('-: ', '', 1))
            with open(out, 'rb') as f:
                return f.read()


_default = {}


def registry(prog=None):
    """The registry of the default flavour's tools (built if needed): the
    build `make repro` replays with."""
    if 'r' not in _default:
        _default['r'] = Registry(os.path.join(build_tools(prog), 'tools'), prog)
    return _default['r']
