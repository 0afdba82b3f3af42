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

# func_body FILE NAME: a static inline function's definition (from its
# name's line to the closing brace), comments and whitespace removed
func_body() {
	awk -v n="$2" '
		!on && $0 ~ "^static inline" && $0 ~ ("[ *]" n "\\(") { on = 1 }
		!on && $0 ~ "^static inline" { hdr = $0; next }
		!on && hdr != "" && $0 ~ ("^" n "\\(") { print hdr; on = 1 }
		!on { hdr = ""; next }
		{ print }
		on && /^}/ { exit }
	' "$1" | perl -0777 -pe 's{/\*.*?\*/}{}gs' | tr -s ' \t\n' ' '
}

check_func() { # shim-header tree-header function
	local ours theirs
	ours=$(func_body "$1" "$3")
	theirs=$(func_body "$tree/$2" "$3")
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

# the RDMA core (drivers/infiniband/core/rw.c): ib_verbs.h sizes a name array with it
check_define kernel-shim/include/linux/netdevice.h include/uapi/linux/if.h IFNAMSIZ

printf 'KTAP version 1\n# Subtest: duplicated\n1..%d\n' "${#results[@]}"
printf '%s\n' "${results[@]}"
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
