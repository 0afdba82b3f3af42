# SPDX-License-Identifier: GPL-2.0-only
"""dmalab's benchmark names, <group>/<path>/<workload>/<size>: the paths and
workloads in the order the reports list them, their words, the headline
size, and the published figures the headline is put beside.
"""

BASE_PATHS = ['sg', 'iova', 'phys', 'sg-direct', 'phys-direct']
# the p2p workload's: through the host bridge (IOMMU), by bus addresses
P2P_PATHS = ['sg-p2p', 'iova-p2p', 'phys-p2p', 'sg-p2pbus', 'iova-p2pbus', 'phys-p2pbus']
BASE_PATHS += P2P_PATHS
# the phys_vec callers (bench/callers.c): groups blk, dmabuf (and -unmap)
BASE_PATHS += ['iter', 'iter-direct']
PATH_SUFFIXES = ['', '-fq', '-cold', '-fq-cold']
PATH_ORDER = [b + x for b in BASE_PATHS for x in PATH_SUFFIXES]
WORKLOAD_ORDER = ['4k', '2m', '1g', 'mix', 'unaligned', 'sparse', 'p2p', '1range']
WORKLOAD_TEXT = {'4k': '4 KiB pages', '2m': '2 MiB folios', '1g': '1 GiB folios',
                 'mix': 'mixed sizes', 'unaligned': 'unaligned', 'sparse': 'sparse',
                 'p2p': 'P2P BAR, 64 KiB chunks', '1range': 'P2P BAR, one range'}
SIZE_ORDER = ['4KiB', '64KiB', '1MiB', '16MiB', '256MiB', '1GiB', '4GiB']
HEADLINE_SIZE = '1GiB'
# The published in-kernel figures of generic_pt's x86-64 format: the
# performance table in the commit message of Jason Gunthorpe's "iommupt: Add
# the x86 64 bit page table format" (v7, patch 12/15 of the generic page
# table series, linux-iommu, 23 Oct 2025; the same table since v6, 8 Oct
# 2025): iommu_map() of 256 x 2^12 in one call, 392 ns average (old
# io-pgtable 1360 ns); of one 4 KiB page 71 ns; iommu_unmap() of 256 x 2^12,
# 225 ns. A reference is one of these, with its source: a report cites it.
KERNEL_256X4K_NS = 392.0 / 256
ANCHOR_SOURCE = ('J. Gunthorpe, "[PATCH v7 12/15] iommupt: Add the x86 64 bit page table '
                 'format", 23 Oct 2025, commit message table "iommu_map() pgsz 256*2^12: avg '
                 'new,old ns 392,1360"')
ANCHOR_URL = ('https://lists.linaro.org/archives/list/linux-kselftest-mirror@lists.linaro.org/'
              'message/UD346RQRXUN4FLFYMPS4IXH524YV72YY/')
# A plain loop storing 8-byte PTEs on this kind of machine: 1 GiB of 4 KiB
# pages (262,144 PTEs) in ~131 us. Measured, not published: a floor, not an
# anchor (docs/benchmarks.md says how to measure it again).
STORE_FLOOR_NS = 0.5


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


def sort_key(name):
    """Report order of a benchmark name: group, path, workload, size."""
    from .gbench import parse_size
    p = name.split('/')
    g = ['map', 'unmap', 'blk', 'blk-unmap', 'dmabuf', 'dmabuf-unmap', 'iova', 'density',
         'shim', 'fuzz']
    size = parse_size(p[3]) if len(p) > 3 else None
    return (g.index(p[0]) if p[0] in g else len(g), path_sort_key(p[1]) if len(p) > 1 else (),
            workload_sort_key(p[2]) if len(p) > 2 else (0, ''), size or 0, name)


# unmaps with nothing to do: P2P bus addresses are not mapped (iova and
# phys keep them in an array), so these time the benchmark's own loop
EMPTY_LOOP_PATHS = ('iova-p2pbus', 'phys-p2pbus')


def is_empty_loop(group, path, ns_per_op):
    """The benchmark times an empty loop, not the kernel: an unmap of P2P
    bus addresses (nothing to unmap), or anything under 1 ns per operation."""
    base = path.split('-fq')[0].split('-cold')[0]
    # blk_rq_dma_unmap() on a coherent device behind no IOMMU: nothing to do
    if group == 'blk-unmap' and path == 'iter-direct':
        return True
    return (group == 'unmap' and base in EMPTY_LOOP_PATHS) or \
        (group in ('map', 'unmap') and ns_per_op is not None and ns_per_op < 1.0)
