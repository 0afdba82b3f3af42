#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian's linux-source package into a private apt state under the build
# directory and extract the parts of the tree dmalab compiles. The machine's
# own apt configuration, lists and cache are never read or written.
#
# usage: fetch-kernel.sh BUILD_DIR SERIES [PKG_VERSION]
#   SERIES       kernel series wanted, e.g. 7.3 (package linux-source-7.3)
#   PKG_VERSION  exact Debian version to pin (default: newest served)
# Prints the path of the extracted tree on stdout; progress goes to stderr.
set -euo pipefail

build=$(mkdir -p "$1" && cd "$1" && pwd)	# apt wants absolute paths
series=$2
pin=${3:-}
suites=${KERNEL_APT_SUITES:-trixie-backports trixie}
mirror=${KERNEL_APT_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

say() { echo "fetch-kernel: $*" >&2; }
die() { echo "fetch-kernel: error: $*" >&2; exit 1; }

command -v apt-get >/dev/null || die "apt-get not found: this needs a Debian machine, or pass KERNEL_SRC=/path/to/linux"
[ -r "$keyring" ] || die "$keyring missing: install debian-archive-keyring, or pass KERNEL_SRC=/path/to/linux"

state=$build/apt
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/etc" "$build/kernel"
: >"$state/status"
for s in $suites; do
	echo "deb [signed-by=$keyring] $mirror $s main"
done >"$state/etc/sources.list"

aptopts=(
	-o "Dir::Etc::SourceList=$state/etc/sources.list"
	-o "Dir::Etc::SourceParts=/dev/null"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=/dev/null"
	-o "Dir::State=$state"
	-o "Dir::State::Lists=$state/lists"
	-o "Dir::State::status=$state/status"
	-o "Dir::Cache=$state/cache"
	-o "Debug::NoLocking=1"
	-o "APT::Sandbox::User=$(id -un)"
	-o "Acquire::Languages=none"
)

# The parts of the tree the harness compiles from or includes (under
# linux-source-<series>/). A tree extracted with another list is not
# complete for this one: .dmalab-complete records the list it has.
PARTS="Makefile include arch/x86/include tools/include tools/arch/x86/include tools/testing
lib kernel/dma drivers/iommu drivers/pci drivers/dma-buf block mm Documentation/core-api
drivers/vfio drivers/infiniband/core net/core drivers/gpu/drm/drm_pagemap.c"
PARTS=$(echo $PARTS)

# Is tree d complete: extracted whole, with this list of parts?
complete() {
	[ -f "$1/.dmalab-complete" ] && [ "$(cat "$1/.dmalab-complete")" = "$PARTS" ]
}

# The newest complete tree of the series already extracted (the pinned
# version's with PKG_VERSION), or nothing.
extracted_tree() {
	local d
	if [ -n "$pin" ]; then
		d=$build/kernel/linux-source-$series-${pin//[~:]/_}
		complete "$d" && echo "$d"
		return 0
	fi
	for d in "$build/kernel/linux-source-$series-"*/; do
		complete "${d%/}" && echo "${d%/}"
	done | sort -V | tail -n 1
}

# A pinned version never changes: its tree, once extracted, is used as it is,
# without asking the archive (which may have moved on, or be out of reach).
if [ -n "$pin" ]; then
	tree=$(extracted_tree)
	if [ -n "$tree" ]; then
		echo "$tree"
		exit 0
	fi
fi

# Refresh the package lists at most once a day. When they cannot be
# refreshed (no network) but a complete tree is already extracted, use it.
if [ -z "$(find "$state/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
	say "updating private package lists ($suites)"
	updated=0
	apt-get -q "${aptopts[@]}" update >"$state/update.log" 2>&1 || updated=$?
	if [ $updated -ne 0 ] || grep -q '^[EW]: Failed to fetch' "$state/update.log"; then
		tree=$(extracted_tree)
		if [ -n "$tree" ]; then
			say "cannot refresh the package index (no network? see $state/update.log): using the tree already extracted, $tree"
			echo "$tree"
			exit 0
		fi
		[ $updated -eq 0 ] || die "apt-get update failed (see $state/update.log)"
	fi
fi

pkgversions() { # name -> "version" lines, newest first
	apt-cache "${aptopts[@]}" madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}'
}

pkg=linux-source-$series
versions=$(pkgversions "$pkg")
if [ -z "$versions" ]; then
	newest=$(apt-cache "${aptopts[@]}" pkgnames linux-source-7. 2>/dev/null |
		sed -n 's/^linux-source-\(7\.[0-9]*\)$/\1/p' | sort -V | tail -n 1)
	[ -n "$newest" ] || die "the archive serves neither $pkg nor any linux-source-7.x"
	say "WARNING: the archive no longer serves $pkg; using linux-source-$newest instead"
	series=$newest
	pkg=linux-source-$series
	versions=$(pkgversions "$pkg")
fi
if [ -n "$pin" ]; then
	grep -qxF "$pin" <<<"$versions" ||
		die "$pkg version $pin is not served (served: $(echo $versions))"
	version=$pin
else
	version=$(sort -V <<<"$versions" | tail -n 1)
fi

tree=$build/kernel/$pkg-${version//[~:]/_}
if complete "$tree"; then
	echo "$tree"
	exit 0
fi
[ -f "$tree/.dmalab-complete" ] && say "$tree lacks parts the harness now compiles: extracting it again"

say "downloading $pkg=$version (about 170 MB, cached in $state/cache)"
deb=$(ls "$state/cache/archives/${pkg}_${version/:/%3a}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
	(cd "$state/cache/archives" && apt-get -q "${aptopts[@]}" download "$pkg=$version" >&2) ||
		die "downloading $pkg=$version failed"
	deb=$(ls "$state/cache/archives/${pkg}_"*.deb | head -n 1)
fi

# apt verified the package against the signed Release file; extract only the
# directories the harness compiles from or includes.
say "extracting $(basename "$deb")"
rm -rf "$tree.tmp"
mkdir -p "$tree.tmp"
top=linux-source-$series
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO "./usr/src/$top.tar.xz" |
	xz -dc |
	tar -x -C "$tree.tmp" --strip-components=1 $(for p in $PARTS; do echo "$top/$p"; done)
echo "$pkg $version $(sha256sum <"$deb" | cut -c1-64)" >"$tree.tmp/.dmalab-package"
echo "$PARTS" >"$tree.tmp/.dmalab-complete"
rm -rf "$tree"
mv "$tree.tmp" "$tree"
rm -f "$deb"	# the extracted tree is the cache; the .deb is 170 MB
say "kernel tree ready: $tree"
echo "$tree"
