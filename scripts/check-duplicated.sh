#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Compare every block of the shim marked DUPLICATED with the tree it was
# taken from, so the copy cannot drift from the kernel being tested.
#   check-duplicated.sh TREE
# Output in the test suites' format (KTAP): a line per block, then
# "N passed, N failed".
set -u
tree=$1
passed=0 failed=0
results=()

# struct_body FILE NAME: the struct's definition, whitespace and comments removed
struct_body() {
	sed -n "/^struct $2 {/,/^};/p" "$1" | sed 's|/\*.*\*/||g' | tr -s ' \t\n' ' '
}

check_struct() { # shim-header tree-header struct
	local ours theirs
	ours=$(struct_body "$1" "$3")
	theirs=$(struct_body "$tree/$2" "$3")
	local n=$((${#results[@]} + 1))
	if [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
		results+=("ok $n struct_$3")
		passed=$((passed + 1))
	else
		results+=("# ours ($1): $ours
# tree ($2): ${theirs:-<not found>}
not ok $n struct_$3")
		failed=$((failed + 1))
	fi
}

# func_body FILE NAME [PREFIX]: a static inline function's definition (from
# its name's line to the closing brace), comments and whitespace removed;
# PREFIX "^static" takes a plain static function
func_body() {
	awk -v n="$2" -v pre="${3:-^static inline}" '
		!on && $0 ~ pre && $0 ~ ("[ *]" n "\\(") { on = 1 }
		!on && $0 ~ pre { hdr = $0; next }
		!on && hdr != "" && $0 ~ ("^" n "\\(") { print hdr; on = 1 }
		!on { hdr = ""; next }
		{ print }
		on && /^}/ { exit }
	' "$1" | perl -0777 -pe 's{/\*.*?\*/}{}gs' | tr -s ' \t\n' ' '
}

check_func() { # shim-header tree-header function [prefix]
	local ours theirs
	ours=$(func_body "$1" "$3" "${4:-}")
	theirs=$(func_body "$tree/$2" "$3" "${4:-}")
	local n=$((${#results[@]} + 1))
	if [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
		results+=("ok $n func_$3")
		passed=$((passed + 1))
	else
		results+=("# ours ($1): $ours
# tree ($2): ${theirs:-<not found>}
not ok $n func_$3")
		failed=$((failed + 1))
	fi
}

# check_first_member TREE-FILE STRUCT 'DECLARATION': the one fact of a
# private struct our code relies on (a pointer to it is a pointer to its
# first member)
check_first_member() {
	local first n=$((${#results[@]} + 1))
	first=$(sed -n "/^struct $2 {/,/^};/p" "$tree/$1" | sed -n '2p' | tr -s ' \t' ' ' | sed 's/^ //')
	if [ "$first" = "$3" ]; then
		results+=("ok $n $2_first_member")
		passed=$((passed + 1))
	else
		results+=("# expected struct $2 ($1) to start with: $3
# found: ${first:-<struct not found>}
not ok $n $2_first_member")
		failed=$((failed + 1))
	fi
}

# define_value FILE NAME: the value of a #define, whitespace squeezed
define_value() {
	sed -n "s/^#define[[:space:]]\+$2[[:space:]]\+//p" "$1" | head -n 1 | tr -s ' \t' ' '
}

# check_first_enum OURS TREE-FILE FIRST: the enum (anonymous or not) whose
# first constant is FIRST, from "enum" to "};", whitespace squeezed
enum_body() {
	awk -v f="$2" '/^enum/ { buf = $0; on = 1; next }
		on { buf = buf "\n" $0 } on && /^};/ { if (buf ~ ("[{\n\t ]" f ",")) { print buf; exit } on = 0 }' \
		"$1" | tr -s ' \t\n' ' '
}
check_enum() {
	local ours theirs n=$((${#results[@]} + 1))
	ours=$(enum_body "$1" "$3")
	theirs=$(enum_body "$tree/$2" "$3")
	if [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
		results+=("ok $n enum_$3")
		passed=$((passed + 1))
	else
		results+=("# ours ($1): $ours
# tree ($2): ${theirs:-<not found>}
not ok $n enum_$3")
		failed=$((failed + 1))
	fi
}

check_define() { # shim-header tree-header macro
	local ours theirs
	ours=$(define_value "$1" "$3")
	theirs=$(define_value "$tree/$2" "$3")
	local n=$((${#results[@]} + 1))
	if [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
		results+=("ok $n define_$3")
		passed=$((passed + 1))
	else
		results+=("# ours ($1): $ours
# tree ($2): ${theirs:-<not found>}
not ok $n define_$3")
		failed=$((failed + 1))
	fi
}

cd "$(dirname "$0")/.."
check_struct kernel-shim/include/linux/types.h include/linux/types.h phys_vec
check_struct kernel-shim/runtime/dma_arch.c kernel/dma/swiotlb.c io_tlb_slot
check_struct kernel-shim/runtime/dma_arch.c kernel/dma/swiotlb.c io_tlb_area
# oracle/checker_verify.c's V9 reads dma-iommu's IOVA allocator through the cookie
check_first_member drivers/iommu/dma-iommu.c iommu_dma_cookie 'struct iova_domain iovad;'
# the block layer (block/blk-mq-dma.c)
check_struct kernel-shim/include/linux/bio-integrity.h include/linux/bio-integrity.h bio_integrity_payload
check_struct kernel-shim/include/linux/blkdev.h include/linux/blkdev.h blk_integrity
check_func kernel-shim/include/linux/bio-integrity.h include/linux/bio-integrity.h bio_integrity
check_func kernel-shim/include/linux/blk-mq.h include/linux/blk-mq.h req_phys_gap_mask
check_func kernel-shim/include/linux/blk-mq.h include/linux/blk-mq.h blk_rq_payload_bytes
check_func kernel-shim/include/linux/blk-integrity.h include/linux/blk-integrity.h bio_integrity_intervals
check_func kernel-shim/include/linux/blk-integrity.h include/linux/blk-integrity.h bio_integrity_bytes
check_func kernel-shim/include/block/blk.h block/blk.h biovec_phys_mergeable
check_func kernel-shim/include/block/blk.h block/blk.h get_max_segment_size

check_func kernel-shim/include/linux/seq_buf.h include/linux/seq_buf.h seq_buf_used
# bench/rdma.c tells the path rw.c took by its private context types
check_enum bench/rdma.c drivers/infiniband/core/rw.c RDMA_RW_SINGLE_WR
# the RDMA core (drivers/infiniband/core/rw.c): ib_verbs.h sizes a name array with it
check_define kernel-shim/include/linux/netdevice.h include/uapi/linux/if.h IFNAMSIZ
check_define tests/dma_iommu/devices.c drivers/iommu/dma-iommu.c IOVA_DEFAULT_FQ_TIMEOUT
check_define tests/dma_iommu/devices.c drivers/iommu/dma-iommu.c IOVA_SINGLE_FQ_TIMEOUT
check_define kernel-shim/runtime/iommu_core.c drivers/iommu/intel/iommu.c IOAPIC_RANGE_START
check_define kernel-shim/runtime/iommu_core.c drivers/iommu/intel/iommu.c IOAPIC_RANGE_END

# net/core/tso.c: what it maps is read through these skb accessors
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_frag_page
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_frag_address
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_frag_phys
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_headlen
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_has_frag_list
check_func kernel-shim/include/linux/skbuff.h include/linux/skbuff.h skb_is_gso_tcp

# GPU SVM migration (tests/gpu, fuzz gpu-sparse): drm_pagemap.c's two mapping
# functions are extracted from the tree and compiled on their own
# (fuzz/drm_pagemap_repro.[ch]); what they need from around them:
check_func kernel-shim/include/linux/mm.h include/linux/mm.h page_size
check_func kernel-shim/include/linux/migrate.h include/linux/migrate.h migrate_pfn_to_page
check_func kernel-shim/include/linux/migrate.h include/linux/migrate.h migrate_pfn
for m in MIGRATE_PFN_VALID MIGRATE_PFN_MIGRATE MIGRATE_PFN_WRITE MIGRATE_PFN_COMPOUND \
	 MIGRATE_PFN_SHIFT; do
	check_define kernel-shim/include/linux/migrate.h include/linux/migrate.h $m
done
check_define fuzz/drm_pagemap_repro.h include/drm/drm_pagemap.h "NR_PAGES(order)"
check_struct fuzz/drm_pagemap_repro.h include/drm/drm_pagemap.h drm_pagemap_addr
check_func fuzz/drm_pagemap_repro.h include/drm/drm_pagemap.h drm_pagemap_addr_encode
check_struct fuzz/drm_pagemap_repro.h drivers/gpu/drm/drm_pagemap.c drm_pagemap_iova_state

printf 'KTAP version 1\n# Subtest: duplicated\n1..%d\n' "${#results[@]}"
printf '%s\n' "${results[@]}"
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
