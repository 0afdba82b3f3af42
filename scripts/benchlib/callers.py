# SPDX-License-Identifier: GPL-2.0-only
"""The report's section on the callers of the phys_vec API (bench/callers.c):
the block layer's request mapping against blk_rq_map_sg + dma_map_sg, and
dma_buf_phys_vec_to_sgt on its IOVA and per-range paths, beside the plain
map/unmap paths of the same workload and device; net/core/tso.c
(bench/tso.c), the RDMA R/W API of drivers/infiniband/core/rw.c
(bench/rdma.c) and drm_pagemap's migration mapping (bench/gpu.c).
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


TSO_TEXT = (
    'net/core/tso.c as a NIC driver\'s transmit path drives it: `tso_dma_map_init()`, then per '
    'MSS segment `tso_dma_map_count()` and `tso_dma_map_next()` (map), `tso_dma_map_cleanup()` '
    '(unmap), 64 KiB of payload, headers alone in the head. `tso/iova`: the strict x86_64 '
    'device, every joint on the granule (one IOVA range); `tso/fallback`: the same device, '
    'frag 0 ending 2 KiB short of its page, so the link of frag 1 at an unaligned IOVA is '
    'refused and tso.c maps each region with `dma_map_phys()` after the failed attempt; '
    '`tso/phys-direct`: the device behind no IOMMU (`dma_map_phys()` per region). Shapes: '
    '`sendmsg` (tcp_sendmsg()\'s 32 KiB page_frag folios), `pages` (16 scattered pages). '
    '`tso/shapes/<source>`: a seeded distribution of 256 realistic skbs per source '
    '(bench/tso.c, `shape_gen()`), each checked by the TSO oracle before timing; '
    '`fallback` is the share that fell back, `WARN` the share that reaches '
    '`dma_iova_link()`\'s WARN_ON_ONCE on the way (known bug `tso-iova-no-granule-check`).')


def _tso(by):
    rows = sorted(b for b in by if b.startswith('tso/') or b.startswith('tso-unmap/'))
    if not rows:
        return []
    L = ['### TSO: `tso_dma_map_*`, IOVA path against per-region `dma_map_phys`', '',
         TSO_TEXT, '', '| benchmark | ns per skb | path | fallback | WARN |',
         '| --- | ---: | --- | ---: | ---: |']
    for name in rows:
        b = by[name]
        it, fb, w = b.stat('iova'), b.stat('fallback_pct'), b.stat('warn_pct')
        path = '–' if not it else 'IOVA' if it[0] else 'per region'
        if fb:
            path = 'IOVA' if fb[0] == 0 else 'per region' if fb[0] == 100 else 'mixed'
        L.append('| `%s` | %s | %s | %s | %s |' % (
            name, cell(b, b.primary()), path,
            '%.1f %%' % fb[0] if fb else '–', '%.1f %%' % w[0] if w else '–'))
    return L + ['']


# rw.c's paths and the plain paths beside them
RDMA_ROWS = [('rdma', 'iova'), ('rdma', 'bvec-direct'), ('rdma', 'sg'), ('rdma', 'sg-direct'),
             ('', 'iova'), ('', 'phys'), ('', 'sg'), ('', 'phys-direct'), ('', 'sg-direct')]

RDMA_TEXT = (
    'drivers/infiniband/core/rw.c as its ULPs drive it, on a mock InfiniBand HCA '
    '(`dmalab/rdma.h`: one RC QP of 30 send SGEs, as a ConnectX; no MR pool) whose DMA device '
    'is one of the `map/*` devices: one RDMA WRITE context of the workload\'s pages. Map '
    '(group `rdma`): init, then `rdma_rw_ctx_wrs()` and a walk of the chain it returns (what '
    '`ib_post_send()` would get); unmap (`rdma-unmap`): `rdma_rw_ctx_destroy_bvec()` or '
    '`rdma_rw_ctx_destroy()`. `rdma/iova`: `rdma_rw_ctx_init_bvec()` of a bvec per page (as '
    'svcrdma builds them) on the strict x86_64 device: more than one bvec, so rw.c tries its '
    'IOVA path first and `dma_iova_try_alloc()` succeeds: one reservation, a `dma_iova_link()` '
    'per bvec, one `dma_iova_sync()`, one SGE in one WR. `rdma/bvec-direct`: the same call on '
    'the device behind no IOMMU; what forces the per-bvec path is rw.c\'s own test: '
    '`dma_iova_try_alloc()` says no for a device that does not use dma-iommu, and rw.c falls '
    'back to `dma_map_phys()` per bvec, an SGE each, 30 SGEs a WR (WRs / SGEs column). On a '
    'device behind dma-iommu rw.c never takes the per-bvec path for more than one bvec (IB '
    'port, `force_mr` off), so `map/phys` (`dma_map_phys()` per range on the same device) is '
    'that cost there. `rdma/sg`, `rdma/sg-direct`: `rdma_rw_ctx_init()` of an sg list of an '
    'entry per page (the NVMe-oF target\'s `sgl_alloc()` pages; svcrdma\'s before it moved to '
    'bvecs), built before the clock runs: '
    '`dma_map_sgtable()` (the IOMMU makes it one segment: one SGE; directly, a segment per '
    'entry). Descriptors: the caller\'s `rdma_rw_ctx` and bvec or sg array, and what init '
    'leaves allocated (the per-bvec path\'s SGE and WR arrays; a `struct iova` above the '
    'rcache sizes), not the page tables. WRITE only: on an IB port without `max_sgl_rd` a READ '
    'takes the same paths. Note the bvecs are pages: the IOVA path links each one, so a 2 MiB '
    'folio costs as many links and 4 KiB PTEs as scattered pages (`2m` as `4k`), where '
    '`dma_map_sgtable()` maps the folio at once. `map/*` rows: the plain paths on the same '
    'workload\'s ranges.')

GPU_TEXT = (
    'drivers/gpu/drm/drm_pagemap.c\'s mapping of the system pages of one GPU SVM migration, '
    'its two functions extracted from the tree at build time (fuzz/drm_pagemap_repro.c, '
    'docs/gpu.md) over the compiled DMA API. One timed operation: '
    '`drm_pagemap_migrate_map_system_pages()` then `drm_pagemap_migrate_unmap_pages()` of a '
    'migrate_pfn array of the workload\'s folios (a large folio at its head entry, a hole '
    'after each). `gpu/iova`: the strict x86_64 device: one IOVA reservation of npages × 4 KiB, '
    'a `dma_iova_link()` per folio, one `dma_iova_sync()`, `dma_iova_destroy()`. `gpu/direct`: '
    'the device behind no IOMMU: `dma_map_page()` and `dma_unmap_page()` per folio. Map and '
    'unmap in one figure, per 4 KiB migrated.')


def _rdma_wrs(by, wl, sizes):
    cells = []
    for sz in sizes:
        b = by.get('rdma/%s/%s' % (wl, sz))
        w, s = (b.stat('wrs'), b.stat('sges')) if b else (None, None)
        cells.append('%s / %s' % (fnum(w[0]), fnum(s[0])) if w and s else '–')
    return cells


def _rdma(by):
    mine = [b for b in by.values() if b.group in ('rdma', 'rdma-unmap')]
    if not mine:
        return []
    sizes = sorted({b.size for b in mine if parse_size(b.size)}, key=parse_size)
    L = ['### RDMA R/W: `rdma_rw_ctx_init_bvec()`, IOVA path against per-bvec `dma_map_phys`, '
         'and `rdma_rw_ctx_init()` of an sg list', '', RDMA_TEXT, '']
    for wl in sorted({b.workload for b in mine}, key=workload_sort_key):
        L += ['Workload `%s`:' % wl, '',
              '| path | %s | %s | %s | %s |' % (
                  ' | '.join('map, %s<br>ns/4 KiB' % s for s in sizes),
                  ' | '.join('unmap, %s<br>ns/4 KiB' % s for s in sizes),
                  ' | '.join('WRs / SGEs, %s' % s for s in sizes),
                  ' | '.join('descr., %s<br>B/4 KiB' % s for s in sizes)),
              '| --- |' + ' ---: |' * (4 * len(sizes))]
        for group, path in RDMA_ROWS:
            cells = _row(by, group, path, wl, sizes)
            if all(c == '–' for c in cells):
                continue
            n = 2 * len(sizes)
            wrs = _rdma_wrs(by, '%s/%s' % (path, wl), sizes) if group else ['–'] * len(sizes)
            L.append('| `%s/%s/%s` | %s |' % (group or 'map', path, wl,
                                              ' | '.join(cells[:n] + wrs + cells[n:])))
        L.append('')
    return L


def _gpu(by):
    mine = [b for b in by.values() if b.group == 'gpu' and b.path in ('iova', 'direct')]
    if not mine:
        return []
    L = ['### GPU SVM: drm_pagemap\'s migration mapping, IOVA path against `dma_map_page` '
         'per folio', '', GPU_TEXT, '',
         '| workload | size | folios | holes | `gpu/iova`<br>ns/4 KiB | `gpu/direct`<br>ns/4 KiB '
         '| IOVA / direct |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |']
    keys = sorted({(b.workload, b.size) for b in mine},
                  key=lambda k: (workload_sort_key(k[0]), parse_size(k[1]) or 0))
    for wl, sz in keys:
        io, di = (by.get('gpu/%s/%s/%s' % (p, wl, sz)) for p in ('iova', 'direct'))
        any_b = io or di
        fo, ho = any_b.stat('folios'), any_b.stat('holes')
        ratio = '–'
        if io and di and io.per_4k() and di.per_4k() and di.per_4k()[0]:
            ratio = '%.1f×' % (io.per_4k()[0] / di.per_4k()[0])
        L.append('| `%s` | %s | %s | %s | %s | %s | %s |' % (
            wl, sz, fnum(fo[0]) if fo else '–', fnum(ho[0]) if ho else '–',
            cell(io, io.per_4k()) if io and io.per_4k() else '–',
            cell(di, di.per_4k()) if di and di.per_4k() else '–', ratio))
    return L + ['']


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
    more = _tso(by) + _rdma(by) + _gpu(by)
    if not mine:
        return L + ['No `blk/*` or `dmabuf/*` benchmarks in this run.', ''] + more + \
            ([NOTE_MARKS, ''] if more else [])

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
    return L + more + [NOTE_MARKS, '']
