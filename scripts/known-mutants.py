#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""
The mutations earlier issues showed caught, rerun on demand: each is one
small change to one kernel file, applied to a private copy of the tree
(hard links, the mutated file replaced, never edited in place); `make test`
runs against it and the script reports whether anything failed.

  scripts/known-mutants.py --tree build/kernel/<tree> [--only NAME] [--out DIR]
  scripts/known-mutants.py --tree ... --fuzz SECONDS [--only NAME]

A mutant is "caught" when `make test` exits non-zero; the failing lines are
kept in DIR/<name>.log. With --fuzz, each mutant is instead fuzzed by the
targets earlier notes showed finding it (`make fuzz TARGET=t SECONDS=S`
on the mutated tree, the same seeds): "FOUND" when the run reports a
finding, with the seconds it took; this is the check that a change to a
target or the checker kept its finding power. This is the before/after check for refactors; the
general tool is `make mutate` (a later issue).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

MUTANTS = [
    # (name, kernel file, what it models, old text, new text, fuzz targets
    # shown finding it); old must occur once
    ("iova-pfn-hi-off-by-one", "drivers/iommu/iova.c",
     "__alloc_and_insert_iova_range: the range ends one pfn late",
     "new->pfn_hi = new->pfn_lo + size - 1;",
     "new->pfn_hi = new->pfn_lo + size;", ("iova",)),
    ("dma-iommu-sg-iova-off", "drivers/iommu/dma-iommu.c",
     "iommu_dma_map_sg: the segment's offset in its granule is dropped from its length",
     "s_length = iova_align(iovad, s_length + s_iova_off);",
     "s_length = iova_align(iovad, s_length);", ("dma-map", "diff")),
    ("p2pdma-b-path-acs", "drivers/pci/p2pdma.c",
     "calc_map_type_and_dist: ACS redirect on the client's path is not counted",
     re.compile(r"(check_b_path_acs:.*?)\n\t\tif \(pci_bridge_has_acs_redir\(bb\)\) \{\n"
                r"\t\t\tseq_buf_print_bus_devfn\(&acs_list, bb\);\n\t\t\tacs_cnt\+\+;\n\t\t\}\n",
                re.S),
     r"\1\n", ("p2p",)),
    ("blk-merge-ignores-next-len", "block/blk-mq-dma.c",
     "blk_map_iter_next: joining the next bvec checks the segment's length alone, "
     "not with the next one's: segments grow past max_segment_size",
     "if (bv.bv_len + next.bv_len > max_size ||",
     "if (bv.bv_len > max_size ||", ("blk",)),
    ("dmabuf-sg-entry-limit", "drivers/dma-buf/dma-buf-mapping.c",
     "MAX_SG_ENT_SZ: the sg entry limit is not rounded down to a page: a range past "
     "4 GiB gets a 0xffffffff-byte entry and the next one starts off a page",
     "#define MAX_SG_ENT_SZ ALIGN_DOWN(UINT_MAX, PAGE_SIZE)",
     "#define MAX_SG_ENT_SZ UINT_MAX", ("dmabuf",)),
    ("vfio-dmabuf-range-end", "drivers/vfio/pci/vfio_pci_dmabuf.c",
     "vfio_pci_core_fill_phys_vec: a range is checked to start inside the BAR, not "
     "to end inside it: userspace exports MMIO past the BAR",
     "\t\tif (end > max_addr)\n",
     "\t\tif (phys_vec[i].paddr > max_addr)\n", ("dmabuf",)),
    ("rdma-iova-destroy-length", "drivers/infiniband/core/rw.c",
     "rdma_rw_init_iova_wrs_bvec: the context records the first bvec's length as the "
     "linked length, so rdma_rw_ctx_destroy_bvec() unlinks only that much and leaves "
     "the rest of the IOVA range mapped after freeing it",
     "ctx->iova.mapped_len = mapped_len;",
     "ctx->iova.mapped_len = first_bv.bv_len;", ("rdma",)),
]


def mutate(tree, dst, m):
    name, path, _, old, new = m[:5]
    if os.path.exists(dst):
        shutil.rmtree(dst)
    subprocess.run(["cp", "-al", tree, dst], check=True)
    f = os.path.join(dst, path)
    with open(f) as fh:
        text = fh.read()
    if isinstance(old, str):
        if text.count(old) != 1:
            sys.exit(f"known-mutants: {name}: the text to mutate occurs {text.count(old)} times in {path}")
        text = text.replace(old, new)
    else:
        text, n = old.subn(new, text, count=1)
        if n != 1:
            sys.exit(f"known-mutants: {name}: the pattern to mutate is not in {path}")
    os.unlink(f)            # a hard link: never write through it
    with open(f, "w") as fh:
        fh.write(text)


def fuzz_mutant(a, m, dst):
    """make fuzz on the mutated tree with each target that found m: 0 when all find it."""
    status = 0
    build = os.path.abspath(os.path.join(a.out, "build-" + m[0]))
    for t in m[5]:
        log = os.path.join(a.out, "%s.fuzz-%s.log" % (m[0], t))
        work = os.path.abspath(os.path.join(a.out, "fuzz-%s-%s" % (m[0], t)))
        shutil.rmtree(work, ignore_errors=True)
        cmd = (f"DMALAB_FUZZ_WORKDIR={work} {a.make} fuzz TARGET={t} SECONDS={a.fuzz} "
               f"KERNEL_SRC={dst} BUILD={build}")
        t0 = time.time()
        with open(log, "w") as fh:
            rc = subprocess.run(cmd, shell=True, stdout=fh, stderr=subprocess.STDOUT).returncode
        took = time.time() - t0
        with open(log) as fh:
            text = fh.read()
        # make fuzz exits 1 on findings (make itself then 2) and lists them
        first = re.search(r"^\s*\d+\. FINDING.*$", text, re.M)
        verdict = "FOUND" if rc and first else ("MISSED" if rc == 0 else "ERROR rc=%d" % rc)
        print(f"{m[0]}: {t}: {verdict} ({took:.0f} s wall, build included; log {log})"
              + (f"; {first.group(0).strip()[:160]}" if first else ""))
        sys.stdout.flush()
        if verdict != "FOUND":
            status = 1
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", required=True)
    ap.add_argument("--only")
    ap.add_argument("--out", default="build/mutants")
    ap.add_argument("--make", default="make -j2")
    ap.add_argument("--fuzz", type=int, metavar="SECONDS",
                    help="fuzz each mutant with the targets that found it, instead of make test")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tree = os.path.abspath(a.tree)
    status = 0
    for m in MUTANTS:
        if a.only and a.only != m[0]:
            continue
        dst = os.path.abspath(os.path.join(a.out, "tree-" + m[0]))
        mutate(tree, dst, m)
        if a.fuzz:
            status |= fuzz_mutant(a, m, dst)
            continue
        log = os.path.join(a.out, m[0] + ".log")
        cmd = f"{a.make} test KERNEL_SRC={dst} BUILD={os.path.abspath(a.out)}/build-{m[0]}"
        with open(log, "w") as fh:
            rc = subprocess.run(cmd, shell=True, stdout=fh, stderr=subprocess.STDOUT).returncode
        with open(log) as fh:
            lines = fh.read().splitlines()
        total = [l for l in lines if re.match(r"^\d+ passed, \d+ failed$", l)]
        bad = [l.strip() for l in lines if re.match(r"^\s*(FAIL|not ok)", l)]
        print(f"{m[0]}: {'CAUGHT' if rc else 'MISSED'} ({m[1]}: {m[2]}); "
              f"make test: {total[-1] if total else 'no total'}; {len(bad)} failing lines, "
              f"first: {bad[0] if bad else '-'}")
        sys.stdout.flush()
        if not rc:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
