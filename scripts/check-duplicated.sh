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

cd "$(dirname "$0")/.."
check_struct kernel-shim/include/linux/types.h include/linux/types.h phys_vec
check_struct kernel-shim/runtime/dma_arch.c kernel/dma/swiotlb.c io_tlb_slot
# oracle/checker_verify.c's V9 reads dma-iommu's IOVA allocator through the cookie
check_first_member drivers/iommu/dma-iommu.c iommu_dma_cookie 'struct iova_domain iovad;'

printf 'KTAP version 1\n# Subtest: duplicated\n1..%d\n' "${#results[@]}"
printf '%s\n' "${results[@]}"
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
