# SPDX-License-Identifier: GPL-2.0-only
"""make for the fuzz scripts: the engine flavours (FUZZ=libfuzzer|afl|
afl-cmplog|coverage), the default flavour's tools, the build manifest, git.

Sub-makes inherit the parent make's command-line variables (KERNEL_SRC,
CC, BUILD, ...) through MAKEFLAGS, so every flavour builds the same tree.
"""
import os
import re
import subprocess
import sys
import tempfile

from .common import ROOT, die, ncpu, rel, say


def make_env():
    """Our environment for a sub-make, without the parent make's job server."""
    env = dict(os.environ)
    mf = env.get('MAKEFLAGS', '')
    mf = re.sub(r'(^|\s)--jobserver-(auth|fds)=\S+', ' ', mf)
    mf = re.sub(r'(^|\s)-j\d*(?=\s|$)', ' ', mf)
    env['MAKEFLAGS'] = ' '.join(mf.split())
    env.pop('MFLAGS', None)
    return env


def make_cmd(args):
    """The make command line for goals/variables `args`, run at the top."""
    return ['make', '--no-print-directory', '-C', ROOT] + list(args)


def make_vars(fuzz, targets=None):
    """FUZZ= and FUZZ_TARGETS= for a flavour and a set of targets."""
    v = []
    if fuzz:
        v.append('FUZZ=' + fuzz)
    if targets:
        v.append('FUZZ_TARGETS=' + ' '.join(targets))
    return v


_NOISE = re.compile(r"^(deps: .*all packages present|make(\[\d+\])?: Nothing to be done"
                    r"|make(\[\d+\])?: '.*' is up to date)")


def make_build(fuzz, goals, targets=None, prog=None, out=None):
    """Run make for FUZZ=fuzz with the given goals, echoing the build lines."""
    out = out or sys.stdout
    cmd = make_cmd(['-j%d' % ncpu()] + make_vars(fuzz, targets) + list(goals))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors='replace', env=make_env())
    for line in p.stdout:
        if not _NOISE.match(line):
            out.write(line)
            out.flush()
    if p.wait():
        die('the build failed (make %s %s); see above' %
            (' '.join(make_vars(fuzz, targets)), ' '.join(goals)), prog=prog)


_obj_cache = {}
_obj_absolute = set()  # build directories make printed absolute


def make_obj(fuzz=None, prog=None):
    """The build directory of a flavour (make -s print-obj)."""
    if fuzz in _obj_cache:
        return _obj_cache[fuzz]
    p = subprocess.run(make_cmd(['-s'] + make_vars(fuzz) + ['print-obj']),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       env=make_env())
    lines = [x for x in p.stdout.splitlines() if x.strip()]
    if p.returncode or not lines:
        sys.stderr.write(p.stderr)
        die('make %s print-obj failed (see above)' % ' '.join(make_vars(fuzz)), prog=prog)
    _obj_cache[fuzz] = os.path.join(ROOT, lines[-1].strip())
    if os.path.isabs(lines[-1].strip()):
        _obj_absolute.add(_obj_cache[fuzz])
    return _obj_cache[fuzz]


def make_goal(path):
    """A file under a build directory as make spells its rules: relative to
    the tree, or absolute where make printed the build directory so (an
    absolute BUILD=, as make mutate passes)."""
    return path if any(path.startswith(o + os.sep) for o in _obj_absolute) else rel(path)


def build_fuzz(fuzz, targets, prog=None, manifest=False):
    """Build the engine binaries of these targets; returns the obj dir."""
    obj = make_obj(fuzz, prog)
    goals = ['fuzz-bins'] + ([make_goal(os.path.join(obj, 'manifest.txt'))] if manifest else [])
    say('building FUZZ=%s for %s' % (fuzz, ' '.join(targets)), prog)
    make_build(fuzz, goals, targets, prog)
    return obj


TOOLS = ('dmat', 'dmalab-replay')
_tools_built = set()


def build_tools(prog=None, tools=TOOLS, obj=None):
    """The default flavour's dmat and dmalab-replay (ASan+UBSan), built once
    per process (or those of the build directory obj); returns the obj dir."""
    obj = obj or make_obj(None, prog)
    goals = [make_goal(os.path.join(obj, 'tools', t)) for t in tools if (obj, t) not in _tools_built]
    if goals:
        make_build(None, goals, prog=prog)
        _tools_built.update((obj, t) for t in tools)
    return obj


def read_manifest(obj):
    """kernel version/source/package/tree from <obj>/manifest.txt."""
    info = {}
    try:
        with open(os.path.join(obj, 'manifest.txt')) as f:
            text = f.read()
    except OSError:
        return info
    m = re.search(r'^kernel:\s+(\S+)\s+from\s+(.*)$', text, re.M)
    if m:
        info['version'], info['source'] = m.group(1), m.group(2).strip()
    m = re.search(r'^package:\s+sha256\s+([0-9a-f]+)', text, re.M)
    if m:
        info['package_sha256'] = m.group(1)
    m = re.search(r'^git:\s+(.*)$', text, re.M)
    if m:
        info['git'] = m.group(1).strip()
    m = re.search(r'^tree:\s+(.*)$', text, re.M)
    if m:
        info['tree'] = m.group(1).strip()
    files = re.findall(r'^  ([0-9a-f]{64})  (\S+)$', text, re.M)
    if files:
        info['files_sha256'] = {f: h for h, f in files}
    return info


def git_info():
    """dmalab's commit: short and full sha, and whether tracked files changed."""
    def git(*a):
        p = subprocess.run(['git', '-C', ROOT] + list(a), stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
        return p.stdout.strip() if p.returncode == 0 else ''
    sha = git('rev-parse', '--short', 'HEAD') or 'nogit'
    return {'sha': sha, 'full_sha': git('rev-parse', 'HEAD'),
            'dirty': bool(git('status', '--porcelain', '--untracked-files=no'))}


def target_status(binary):
    """(True, '') if the engine binary runs its target; (False, why) if not."""
    if not os.path.exists(binary):
        return False, 'no binary %s' % rel(binary)
    with tempfile.NamedTemporaryFile(prefix='dmalab-empty-') as empty:
        env = dict(os.environ, LLVM_PROFILE_FILE=os.devnull)
        try:
            p = subprocess.run([binary, empty.name], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors='replace', timeout=120, env=env)
        except subprocess.TimeoutExpired:
            return True, ''
    for line in p.stdout.splitlines():
        if 'is not built in' in line:
            return False, line.strip()
    return True, ''


def not_built_message(target):
    """Why a target's engine binary does not run it."""
    return ("target '%s' is not built in: its engine binary says so (it is not in this "
            "tree's registry, fuzz/targets.def)" % target)
