# SPDX-License-Identifier: GPL-2.0-only
"""Corpora and dictionaries: the seeds of corpus/<t>/ (which files are
inputs is the registry's rule, dmalab-replay --list-inputs), copying them
into a working corpus, the findings an engine saved, and `make
corpus-binaries`: every binary seed again from its text form with dmat, and
the dictionaries' byte tokens from their '#>' lines.
"""
import concurrent.futures
import os
import re
import shutil
import tempfile

from .common import ROOT, count_files, die, ncpu, rel, say, sha1_file, warn

FINDING_PREFIXES = ('crash-', 'leak-', 'timeout-', 'oom-')


def corpus_dir(target):
    """corpus/<target>/ of the repository."""
    return os.path.join(ROOT, 'corpus', target)


def seed_files(reg, target):
    """The binary seeds of corpus/<target>/: the engine's inputs directly in
    it (regressions/ and other subfolders are not seeds)."""
    d = corpus_dir(target)
    return reg.inputs(d, engine=True) if os.path.isdir(d) else []


def stale_seeds(reg, target):
    """corpus/<t>/X.txt whose binary form X is missing or is not what dmat
    makes of X.txt now (contents, not file times: a checkout sets those)."""
    d = corpus_dir(target)
    if not os.path.isdir(d):
        return []
    texts = reg.text_forms(d)

    def stale(t):
        b = t[:-len('.txt')]
        if not os.path.exists(b):
            return True
        with tempfile.TemporaryDirectory(prefix='dmalab-seed-') as td:
            out = os.path.join(td, 'x')
            if reg.to_binary(t, out, target):
                return True     # dmat cannot encode it: make corpus-binaries says why
            with open(out, 'rb') as f1, open(b, 'rb') as f2:
                return f1.read() != f2.read()
    with concurrent.futures.ThreadPoolExecutor(max_workers=ncpu()) as ex:
        flags = list(ex.map(stale, texts))
    return [t for t, f in zip(texts, flags) if f]


def seed_corpus(reg, target, dest, prog=None):
    """Copy the seeds of corpus/<target>/ into dest (named by sha1, like libFuzzer).
    Returns how many files dest holds."""
    os.makedirs(dest, exist_ok=True)
    stale = stale_seeds(reg, target)
    if stale:
        warn('%d seed(s) of corpus/%s have no up-to-date binary form (%s...): '
             'run `make corpus-binaries`' % (len(stale), target, rel(stale[0])), prog)
    for s in seed_files(reg, target):
        h = sha1_file(s)
        d = os.path.join(dest, h)
        if not os.path.exists(d):
            shutil.copyfile(s, d)
    return count_files(dest)


def carry_corpus(reg, src, dest):
    """Copy the inputs of an earlier corpus folder src (an engine's: the
    binary forms directly in it) into dest, named by sha1. Returns how many
    were not there yet."""
    os.makedirs(dest, exist_ok=True)
    n = 0
    for s in reg.inputs(src, engine=True):
        d = os.path.join(dest, sha1_file(s))
        if not os.path.exists(d):
            shutil.copyfile(s, d)
            n += 1
    return n


def corpus_inputs(reg, d):
    """What an engine binary runs of a corpus folder (or the file itself):
    the binary forms directly in it."""
    if os.path.isfile(d):
        return [d]
    return reg.inputs(d, engine=True)


def dict_path(target):
    """corpus/<target>.dict, or None."""
    p = os.path.join(ROOT, 'corpus', target + '.dict')
    return p if os.path.exists(p) else None


def finding_files(d):
    """The inputs an engine saved as findings in folder d (not their .txt)."""
    try:
        return sorted(os.path.join(d, n) for n in os.listdir(d)
                      if n.startswith(FINDING_PREFIXES) and not n.endswith('.txt'))
    except OSError:
        return []


# ---- make corpus-binaries ---------------------------------------------------

def dict_escape(b):
    """Bytes as a dictionary token's quoted value."""
    return ''.join(chr(c) if 0x20 <= c < 0x7f and chr(c) not in '"\\' else '\\x%02x' % c
                   for c in b)


_TOKEN_SRC = re.compile(r'^#>(op)?\s+([A-Za-z0-9_]+):\s*(.*?)\s*$')


def regen_dict(reg, path):
    """Regenerate the byte tokens of a dictionary from its '#> name: text' lines:
    '#> NAME: OP LINE'   the op with its arguments, as the engine sees it
    '#> NAME: config …'  the configuration's bytes
    '#>op NAME: OP'      the opcode byte alone.
    Every other line is kept as it is. Returns how many tokens it wrote."""
    with open(path) as f:
        lines = f.read().splitlines()
    cfg_len = None
    out, i, n = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = _TOKEN_SRC.match(line)
        if not m:
            continue
        opcode_only, name, text = m.group(1), m.group(2), m.group(3)
        if i < len(lines) and lines[i].startswith(name + '='):
            i += 1      # the token we regenerate
        try:
            if text.startswith('config'):
                b = reg.program_bytes(text + '\n')
            else:
                if cfg_len is None:
                    cfg_len = len(reg.program_bytes('config\n'))
                b = reg.program_bytes('config\n' + text + '\n')[cfg_len:]
                if opcode_only:
                    b = b[:1]
        except ValueError as e:
            die('%s: token %s: %s' % (rel(path), name, e), 1)
        out.append('%s="%s"' % (name, dict_escape(b)))
        n += 1
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')
    return n


def corpus_binaries(reg, targets):
    """Write corpus/<t>/X from every corpus/<t>/X.txt (dmat --target t), then
    the byte tokens of corpus/<t>.dict. Returns the exit status."""
    if not os.access(reg.dmat, os.X_OK):
        die('no dmat at %s' % reg.dmat)
    nfiles = ntok = 0
    for target in targets:
        d = corpus_dir(target)
        if os.path.isdir(d):
            for src in reg.text_forms(d):
                dst = src[:-len('.txt')]
                err = reg.to_binary(src, dst, target)
                if err:
                    die(err, 1)
                print('  %-44s -> %s (%d bytes)' % (rel(src), os.path.basename(dst),
                                                    os.path.getsize(dst)))
                nfiles += 1
        dp = dict_path(target)
        if dp:
            k = regen_dict(reg, dp)
            print('  %-44s %d byte tokens regenerated' % (rel(dp), k))
            ntok += k
    say('%d binary seeds and %d dictionary tokens written' % (nfiles, ntok), 'corpus-binaries')
    return 0
