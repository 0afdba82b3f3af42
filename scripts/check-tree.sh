#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Check that a kernel tree has everything dmalab compiles and includes.
#   check-tree.sh TREE FILES_LIST HEADERS_LIST
# Prints nothing and exits 0 if it does; otherwise prints one line saying
# what is missing and exits 1.
set -u

tree=$1 files=$2 headers=$3
fail() { echo "$*"; exit 1; }

[ -d "$tree" ] || fail "KERNEL_SRC=$tree: no such directory"
[ -f "$tree/Makefile" ] && grep -q '^VERSION *=' "$tree/Makefile" ||
	fail "KERNEL_SRC=$tree: not a Linux source tree (no top-level Makefile with VERSION)"
[ -d "$tree/tools/include/linux" ] || fail "$tree/tools/include/linux: missing (the shim builds on the tree's tools/include)"

while read -r file funcs; do
	case "$file" in ''|\#*) continue ;; esac
	[ -f "$tree/$file" ] || fail "$tree/$file: missing (dmalab compiles it)"
	for f in $funcs; do
		grep -qE "^[a-z_].*[^a-z_0-9]$f\(|^$f\(" "$tree/$file" ||
			fail "$tree/$file: function $f not found (the harness calls it)"
	done
done <"$files"

while read -r h; do
	case "$h" in ''|\#*) continue ;; esac
	case "$h" in drivers/*|kernel/*) p=$h ;; *) p=include/$h ;; esac
	[ -f "$tree/$p" ] || fail "$tree/$p: missing (used as shipped, see kernel-shim/kernel-headers.txt)"
done <"$headers"
exit 0
