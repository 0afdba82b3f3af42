#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Print the build manifest: where the kernel tree comes from, its version,
# and the sha256 of every kernel file compiled or included as shipped.
#   manifest.sh TREE FILES_LIST HEADERS_LIST
set -euo pipefail
tree=$1 files=$2 headers=$3

kv=$(awk -F' *= *' '/^VERSION/{v=$2} /^PATCHLEVEL/{p=$2} /^SUBLEVEL/{s=$2} /^EXTRAVERSION/{e=$2}
	END {printf "%s.%s.%s%s", v, p, s, e}' "$tree/Makefile")
if [ -f "$tree/.dmalab-package" ]; then
	read -r pkg ver debsum <"$tree/.dmalab-package"
	echo "kernel:   $kv from Debian package $pkg $ver"
	[ -z "$debsum" ] || echo "package:  sha256 $debsum (apt verified it against the signed archive)"
else
	echo "kernel:   $kv from KERNEL_SRC=$tree"
	if git -C "$tree" rev-parse --git-dir >/dev/null 2>&1; then
		echo "git:      $(git -C "$tree" describe --always --dirty 2>/dev/null)"
	fi
fi
echo "tree:     $tree"
echo "compiled kernel files (sha256):"
awk '!/^#/ && NF {print $1}' "$files" | while read -r f; do
	printf '  %s  %s\n' "$(sha256sum <"$tree/$f" | cut -c1-64)" "$f"
done
echo "kernel headers used as shipped (sha256):"
awk '!/^#/ && NF {print $1}' "$headers" | while read -r h; do
	case "$h" in drivers/*|kernel/*) p=$h ;; *) p=include/$h ;; esac
	printf '  %s  %s\n' "$(sha256sum <"$tree/$p" | cut -c1-64)" "$p"
done
