# SPDX-License-Identifier: GPL-2.0-only
"""
Which suites and fuzz targets drive each compiled kernel file, and which of
its functions dmalab drives at all.

A mutant is checked by the suites (and their corpus replays) or the fuzz
targets that exercise its file, not by all of `make test`: a killed mutant
costs its first failing suite, a survivor the file's suites. The lists are
ours (what each suite calls, tests/README.md); a suite or target that does
not exist in this checkout is left out with a note.
"""
import fnmatch
import os
import re

# file pattern: (suites, fuzz targets); the first listed run first, so the
# quick suites go first: a killed mutant costs only up to its first failure
DRIVES = [
    ('lib/scatterlist.c', ['scatterlist', 'dma_smoke', 'dma_iommu'], ['scatterlist', 'dma-map']),
    ('lib/rbtree.c', ['iova', 'dma_iommu'], ['iova']),
    ('lib/list_sort.c', ['iommu_core', 'dma_iommu'], ['dma-map']),
    ('drivers/iommu/iova.c', ['iova', 'dma_iommu'], ['iova', 'dma-map']),
    ('drivers/iommu/dma-iommu.c', ['dma_iommu', 'dma_smoke', 'p2p'],
     ['dma-map', 'diff', 'dma-misuse']),
    ('kernel/dma/mapping.c', ['dma_smoke', 'p2p', 'dma_iommu'], ['dma-map', 'diff', 'dma-misuse']),
    ('kernel/dma/direct.c', ['dma_smoke', 'p2p', 'dma_iommu'], ['dma-map', 'p2p']),
    ('kernel/dma/swiotlb.c', ['dma_smoke', 'p2p', 'dma_iommu'], ['dma-map', 'diff']),
    ('kernel/dma/ops_helpers.c', ['dma_smoke', 'dma_iommu'], ['dma-map']),
    ('drivers/iommu/iommu-pages.c', ['iommu_core', 'generic_pt', 'dma_iommu'], ['dma-map']),
    ('drivers/iommu/generic_pt/*', ['generic_pt', 'iommu_core', 'dma_iommu'], ['dma-map']),
    ('drivers/pci/p2pdma.c', ['p2p', 'topology', 'dma_iommu'], ['p2p']),
    ('block/*', ['blk'], ['blk']),
    ('drivers/dma-buf/*', ['dmabuf'], ['dmabuf']),
    ('drivers/vfio/*', ['dmabuf'], ['dmabuf']),
    ('drivers/infiniband/*', ['rdma'], ['rdma']),
    ('net/*', ['tso'], ['tso']),
]


def drives(path):
    """(suites, fuzz targets) for a kernel file, by its path in the tree."""
    for pat, suites, targets in DRIVES:
        if fnmatch.fnmatch(path, pat):
            return list(suites), list(targets)
    return ['dma_iommu'], ['dma-map']


def kernel_files(root):
    """{path: [entry functions]} from kernel-shim/kernel-files.txt."""
    out = {}
    with open(os.path.join(root, 'kernel-shim', 'kernel-files.txt')) as fh:
        for line in fh:
            line = line.split('#', 1)[0].split()
            if line:
                out[line[0]] = line[1:]
    return out


def driven_functions(calls, entries):
    """
    The functions reachable from the harness's entry points: the
    kernel-files.txt functions of every file, then everything their bodies
    name (a call, or a function passed as a callback), across the files.
    calls: {function: identifiers its body names}.
    """
    seen, todo = set(), [f for f in entries if f in calls]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(g for g in calls.get(f, ()) if g in calls and g not in seen)
    return seen


def suite_exists(root, suite):
    return os.path.isdir(os.path.join(root, 'tests', suite))


def target_exists(root, target):
    with open(os.path.join(root, 'fuzz', 'targets.def')) as fh:
        return re.search(r'TARGET\(\w+,\s*"%s"\)' % re.escape(target), fh.read()) is not None
