#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run after every kernel object is compiled (mk/build.mk): no kernel header
# (linux/, asm/, asm-generic/, rdma/, net/, uapi/, trace/, ...) may come
# from the host's /usr/include. A header found in none of the shim, the
# whitelist (kinc) or the tree's tools/include falls through to the host's
# copy without any error from the compiler: this makes it one.
#   check-host-headers.sh OBJECT DEPFILE ALLOWLIST
# DEPFILE must list system headers too (-MD, not -MMD). ALLOWLIST holds the
# host's user-ABI headers that tools/include and the C library reach on
# purpose (kernel-shim/host-headers.txt). On a finding: one line per header,
# the object is removed, exit 1.
set -u
obj=$1 dep=$2 allow=$3
bad=$(tr ' \\' '\n\n' <"$dep" |
	grep -E '^/usr/(local/)?include/([a-z0-9_]+-linux-gnu/)?(linux|asm|asm-generic|rdma|net|uapi|trace|drm|misc|scsi|sound|video|xen|mtd)/' |
	sed -E 's,^/usr/(local/)?include/([a-z0-9_]+-linux-gnu/)?,,; s,:$,,' | sort -u |
	grep -vxF -f <(awk '!/^#/ && NF {print $1}' "$allow"))
[ -z "$bad" ] && exit 0
for h in $bad; do
	echo "error: ${obj#*/kernel/}: <$h> came from the host's /usr/include (add a shim header, or whitelist the tree's in kernel-shim/kernel-headers.txt)" >&2
done
rm -f "$obj"
exit 1
