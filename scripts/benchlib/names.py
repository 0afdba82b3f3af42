# SPDX-License-Identifier: GPL-2.0-only
"""dmalab's benchmark names, <group>/<path>/<workload>/<size>: the paths and
workloads in the order the reports list them, their words, the headline
size, and the published figures the headline is put beside.
"""

BASE_PATHS = ['sg', 'iova', 'phys', 'sg-direct', 'phys-direct']
# the p2p workload's: through the host bridge (IOMMU), by bus addresses
P2P_PATHS = ['sg-p2p', 'iova-p2p', 'phys-p2p', 'sg-p2pbus', 'iova-p2pbus', 'phys-p2pbus']
BASE_PATHS += P2P_PATHS
PATH_SUFFIXES = ['', '-fq', '-cold', '-fq-cold']
PATH_ORDER = [b + x for b in BASE_PATHS for x in PATH_SUFFIXES]
WORKLOAD_ORDER = ['4k', '2m', '1g', 'mix', 'unaligned', 'sparse', 'p2p']
WORKLOAD_TEXT = {'4k': '4 KiB pages', '2m': '2 MiB folios', '1g': '1 GiB folios',
                 'mix': 'mixed sizes', 'unaligned': 'unaligned', 'sparse': 'sparse',
                 'p2p': 'P2P BAR, 64 KiB chunks'}
SIZE_ORDER = ['4KiB', '64KiB', '1MiB', '16MiB', '256MiB', '1GiB', '4GiB']
HEADLINE_SIZE = '1GiB'
# /work/shared/notes: a plain loop storing 8-byte PTEs, and the published
# in-kernel iommu_map of 256 x 4K in one call (392 ns, generic_pt, x86-64)
STORE_FLOOR_NS = 0.5
KERNEL_256X4K_NS = 392.0 / 256


def path_sort_key(p):
    """Sort key of a path: the order of PATH_ORDER, unknown paths last."""
    if p in PATH_ORDER:
        return (PATH_ORDER.index(p), p)
    return (len(PATH_ORDER), p)


def split_path(path):
    """'iova-fq-cold' -> ('iova', '-fq-cold')"""
    for suf in sorted(PATH_SUFFIXES, key=len, reverse=True):
        if suf and path.endswith(suf):
            return path[:-len(suf)], suf
    return path, ''


def workload_sort_key(w):
    """Sort key of a workload: the order of WORKLOAD_ORDER, unknown ones last."""
    return (WORKLOAD_ORDER.index(w) if w in WORKLOAD_ORDER else len(WORKLOAD_ORDER), w)
