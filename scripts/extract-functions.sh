#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# extract-functions.sh TREE FILE OUT NAME...: write the definitions of the
# named static functions of the tree's FILE (a path in TREE), as they are
# there (from the line with their return type to the closing brace), to OUT, with
# a #line before each so that compiler messages and coverage name the tree's
# file and line. For code dmalab must compile but cannot reach through the
# file's own entry points (fuzz/drm_pagemap_repro.c): the text comes from
# the tree at build time, none is committed. A name not found is an error.
set -euo pipefail
rel=$2 src=$1/$2 out=$3
shift 3
[ -r "$src" ] || { echo "extract-functions.sh: $src: no such file in the tree" >&2; exit 1; }
tmp=$out.tmp
: >"$tmp"
for name in "$@"; do
	# the function's first line: "static ... name(" or a "name(" line
	# after a "static ..." line (kernel style splits long declarations)
	start=$(awk -v n="$name" '
		$0 ~ ("^static.*[ *]" n "\\(") { print NR; exit }
		$0 ~ ("^" n "\\(") && prev ~ /^static/ { print NR - 1; exit }
		{ prev = $0 }' "$src")
	if [ -z "$start" ]; then
		echo "extract-functions.sh: $src: no static function $name" >&2
		rm -f "$tmp"
		exit 1
	fi
	printf '#line %d "%s"\n' "$start" "$rel" >>"$tmp"
	awk -v s="$start" 'NR >= s { print } NR > s && /^}/ { exit }' "$src" >>"$tmp"
	echo >>"$tmp"
done
mv "$tmp" "$out"
