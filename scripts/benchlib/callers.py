# SPDX-License-Identifier: GPL-2.0-only
"""The report's section on the callers of the phys_vec API (bench/callers.c):
the block layer's request mapping against blk_rq_map_sg + dma_map_sg, and
dma_buf_phys_vec_to_sgt on its IOVA and per-range paths, beside the plain
map/unmap paths of the same workload and device.
"""
from .fmt import fnum
from .gbench import parse_size
from .names import workload_sort_key
from .tables import NOTE_MARKS, cell

# (caller path, map group, unmap group) and the plain paths beside them
BLK_ROWS = [('blk', 'iter'), ('blk', 'sg'), ('', 'iova'), ('', 'sg'),
            ('blk', 'iter-direct'), ('blk', 'sg-direct'), ('', 'phys-direct'), ('', 'sg-direct')]
DMABUF_ROWS = [('dmabuf', 'iova', '1range'), ('dmabuf', 'phys', '1range'),
               ('dmabuf', 'phys', 'p2p'), ('', 'iova-p2p', 'p2p'), ('', 'phys-p2p', 'p2p'),
               ('', 'sg-p2p', 'p2p')]

BLK_TEXT = (
    'A request of the workload\'s pages (one bio, built as blk-merge.c would by '
    '`oracle/blk_model.c`; NVMe-like limits: virt boundary 4 KiB − 1, 4 MiB, 1024 segments), '
    'on the same devices as `map/*` (strict x86_64 IOMMU; `-direct`: none). `blk/iter`: '
    '`blk_rq_dma_map_iter_start()`/`_next()` as NVMe drives them (one IOVA range where '
    'the gaps allow it), unmap `blk_rq_dma_unmap()`; descriptors: the `dma_iova_state` and, '
    'where the device needs an unmap and the IOVA path was not taken, NVMe\'s array of '
    '(address, length) per segment. `blk/sg`: `sg_init_table()` of a preallocated flat '
    'entry array (the old NVMe iod), `blk_rq_map_sg()` + `dma_map_sgtable()`, unmap '
    '`dma_unmap_sgtable()`; descriptors: the `sg_table` and the array. `map/*` rows: the '
    'same workload\'s range list by the plain paths (bench/README.md). Map and unmap are '
    'timed separately (groups `blk`, `blk-unmap`). `blk-unmap/iter-direct` (†) has '
    'nothing to do: `blk_rq_dma_unmap()` returns true where `dma_need_unmap()` is false '
    '(coherent, no swiotlb), so it times the benchmark\'s loop.')

DMABUF_TEXT = (
    '`dma_buf_phys_vec_to_sgt()` of ranges of the GPU\'s P2P BAR, called as an exporter\'s '
    '`map_dma_buf` does (the reservation lock held, taken once outside timing), freed with '
    '`dma_buf_free_sgt()`. Both importers reach the BAR through the host bridge; the helper '
    'picks the path: `dmabuf/iova` on the NVMe client behind a strict IOMMU '
    '(`dma_iova_try_alloc()` + link + sync, one entry), `dmabuf/phys` on a function beside '
    'it behind no IOMMU (`dma_map_phys()` per range). **One range per buffer** (`1range`) '
    'on the IOVA path: known bug `dmabuf-iova-offset-zero` links every range at offset 0, '
    'so a multi-range IOVA map fails; `dmabuf/phys/p2p` is the per-range path on the '
    '`p2p` workload\'s 64 KiB chunks. Known bug `dmabuf-free-sgt-leak`: `dma_buf_free_sgt()` '
    'leaves the entry array allocated; the benchmark frees it with the timer stopped. '
    'Descriptors: the slab bytes a warm map leaves live (the helper\'s `dma_buf_dma`, its '
    '`dma_iova_state`, the entry array; a `struct iova` where the IOVA comes from the tree, '
    'above the rcache sizes). `map/*-p2p` rows: the plain paths on the NVMe client '
    '(`DMA_ATTR_MMIO`).')


def _row(by, group, path, wl, sizes):
    cells = []
    for g in (group or 'map', (group or '') + '-unmap' if group else 'unmap'):
        for sz in sizes:
            b = by.get('%s/%s/%s/%s' % (g, path, wl, sz))
            cells.append(cell(b, b.per_4k()) if b and b.per_4k() else '–')
    for sz in sizes:
        d = [by.get('%s/%s/%s/%s' % (g, path, wl, sz)) for g in (group or 'map', 'density')]
        d = [b.stat('bytes_per_4k') for b in d if b and b.stat('bytes_per_4k')]
        cells.append(fnum(d[0][0]) if d else '–')
    return cells


def _table(by, rows, sizes, wl_of):
    L = ['| path | %s | %s | %s |' % (
        ' | '.join('map, %s<br>ns/4 KiB' % s for s in sizes),
        ' | '.join('unmap, %s<br>ns/4 KiB' % s for s in sizes),
        ' | '.join('descr., %s<br>B/4 KiB' % s for s in sizes)),
        '| --- |' + ' ---: |' * (3 * len(sizes))]
    for r in rows:
        group, path, wl = r[0], r[1], wl_of(r)
        cells = _row(by, group, path, wl, sizes)
        if all(c == '–' for c in cells):
            continue
        L.append('| `%s/%s/%s` | %s |' % (group or 'map', path, wl, ' | '.join(cells)))
    return L


def callers_section(by):
    """## The phys_vec callers: blk and dmabuf beside map/unmap of the same workload."""
    L = ['## The phys_vec callers: block requests and dma-buf', '']
    mine = [b for b in by.values() if b.group in ('blk', 'blk-unmap', 'dmabuf', 'dmabuf-unmap')]
    if not mine:
        return L + ['No `blk/*` or `dmabuf/*` benchmarks in this run.', '']

    def sizes_of(groups):
        return sorted({b.size for b in mine if b.group in groups and parse_size(b.size)},
                      key=parse_size)
    blk_sizes = sizes_of(('blk', 'blk-unmap'))
    if blk_sizes:
        L += ['### Block requests: `blk_rq_dma_map_iter_*` against `blk_rq_map_sg` + '
              '`dma_map_sg`', '', BLK_TEXT, '']
        for wl in sorted({b.workload for b in mine if b.group.startswith('blk')},
                         key=workload_sort_key):
            L += ['Workload `%s`:' % wl, '']
            L += _table(by, BLK_ROWS, blk_sizes, lambda r, wl=wl: wl)
            L.append('')
    buf_sizes = sizes_of(('dmabuf', 'dmabuf-unmap'))
    if buf_sizes:
        L += ['### dma-buf: `dma_buf_phys_vec_to_sgt()`, IOVA path against per-range '
              '`dma_map_phys`', '', DMABUF_TEXT, '']
        L += _table(by, DMABUF_ROWS, buf_sizes, lambda r: r[2])
        L.append('')
    return L + [NOTE_MARKS, '']
