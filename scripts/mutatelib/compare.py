# SPDX-License-Identifier: GPL-2.0-only
"""
What one make mutate run kills that another does not (make mutate-compare):
typically a CHECK=fuzz run against the CHECK=test run of the same file.
Only the mutants both runs recorded (same file, same id) are compared, each
by its last record; compare.md is written into the second run's folder.
"""
import os

from .report import last_records


def _line(a, b):
    return '- `%s:%d` %s, %s: %s (%s: %s; %s: %s)' % (
        a['file'], a['line'], a['func'], a['op'], a['what'],
        a['status'], a.get('by') or '-', b['status'], b.get('by') or '-')


def write(base, new):
    """compare.md in new: what new kills that base does not, and the reverse."""
    A, B = last_records(base), last_records(new)
    names = (os.path.basename(base.rstrip('/')), os.path.basename(new.rstrip('/')))
    both = [k for k in sorted(A) if k in B and A[k]['status'] != 'equivalent'
            and B[k]['status'] != 'equivalent']
    killed = {k: (A[k]['status'] == 'killed', B[k]['status'] == 'killed') for k in both}
    only_new = [k for k in both if killed[k] == (False, True)]
    only_base = [k for k in both if killed[k] == (True, False)]
    L = ['# make mutate-compare: %s against %s' % (names[1], names[0]), '',
         'Mutants both runs checked (by their last record; equivalent ones left out): '
         '%d. Killed by both: %d; by neither: %d.' % (
             len(both), sum(1 for k in both if killed[k] == (True, True)),
             sum(1 for k in both if killed[k] == (False, False))),
         'Each record names the harness commit that checked it (`harness` in '
         'mutants.jsonl): the two runs may have checked with different suites or targets.',
         '', '## Killed by %s only (%d)' % (names[1], len(only_new)), '']
    L += [_line(B[k], A[k]) for k in only_new] or ['(none)']
    L += ['', '## Killed by %s only (%d)' % (names[0], len(only_base)), '']
    L += [_line(A[k], B[k]) for k in only_base] or ['(none)']
    out = os.path.join(new, 'compare.md')
    with open(out, 'w') as fh:
        fh.write('\n'.join(L) + '\n')
    return out, len(both), len(only_new), len(only_base)
