# SPDX-License-Identifier: GPL-2.0-only
"""Machine-local paths out of committed reports.

A results folder is committed and read on other machines: a path such as
/tmp/bc/build/kernel/linux-source-7.3-... or /home/me/src/linux says
nothing there and tells where someone keeps their files. scrub() rewrites
them: paths inside the repository become relative to it, a fetched
kernel tree becomes build/kernel/<its name> (where `make` puts it on any
machine), any other absolute path under a home or scratch directory
becomes <local>/<its last component>. The trees' identities stay in the
package name and the sha256 of every compiled file (`make info`).
"""
import os
import re

# absolute paths of the kinds that are machine-local
_LOCAL = re.compile(r'(?<![\w.~/:-])/(?:tmp|home|root|work|srv|scratch|mnt|data|var/tmp|opt)'
                    r'(?![\w.-])(?:/[^\s"\'`|,;:()<>\[\]{}]*)?')
# where a results folder stops being text (Google Benchmark JSON is text too)
TEXT_EXT = ('.txt', '.json', '.md', '.gp', '.svg', '.csv', '')


def scrub_path(p, root):
    """One absolute path as a committed report shows it."""
    root = os.path.abspath(root)
    p = p.rstrip('/')
    if p == root:
        return '.'
    if p.startswith(root + '/'):
        return p[len(root) + 1:]
    m = re.search(r'/(build/kernel/[^/]+)(/.*)?$', p)
    if m:
        return m.group(1) + (m.group(2) or '')
    m = re.search(r'/(results/.*)$', p)
    if m:
        return m.group(1)
    return '<local>/' + os.path.basename(p) if os.path.basename(p) else '<local>'


def scrub(text, root):
    """text with every machine-local absolute path rewritten (scrub_path)."""
    return _LOCAL.sub(lambda m: scrub_path(m.group(0), root), text)


def scrub_file(path, root):
    """Rewrite one text file in place; True if it changed."""
    try:
        with open(path, encoding='utf-8') as fh:
            old = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    new = scrub(old, root)
    if new == old:
        return False
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(new)
    return True


def scrub_dir(d, root):
    """Scrub every text file under d; the files changed."""
    changed = []
    for dirpath, _, files in os.walk(d):
        for f in sorted(files):
            if os.path.splitext(f)[1] in TEXT_EXT:
                p = os.path.join(dirpath, f)
                if scrub_file(p, root):
                    changed.append(p)
    return changed
