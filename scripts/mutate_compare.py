#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make mutate-compare BASE=results/mutate/<run> NEW=results/mutate/<run>:
what NEW kills that BASE does not, and the reverse (NEW/compare.md)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutatelib import compare  # noqa: E402


def main():
    if len(sys.argv) != 3 or not all(sys.argv[1:]):
        sys.exit('mutate-compare: error: give BASE=results/mutate/<run> NEW=results/mutate/<run>')
    for run in sys.argv[1:]:
        if not os.path.isfile(os.path.join(run, 'mutants.jsonl')):
            sys.exit('mutate-compare: error: %s: not a make mutate run (no mutants.jsonl)' % run)
    out, n, only_new, only_base = compare.write(sys.argv[1], sys.argv[2])
    print('mutate-compare: %d mutants in both runs; %d killed by %s only, %d by %s only: %s' % (
        n, only_new, os.path.basename(sys.argv[2].rstrip('/')), only_base,
        os.path.basename(sys.argv[1].rstrip('/')), out))


if __name__ == '__main__':
    main()
