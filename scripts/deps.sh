#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Make sure the Debian packages dmalab needs are installed.
#   deps.sh [--check-only] GROUP...
# Groups: test (build and run the tests), fuzz, bench, mutate, all.
# As root, missing packages are installed with apt-get; otherwise the exact
# command is printed and the script fails.
set -euo pipefail

check_only=false
if [ "${1:-}" = --check-only ]; then
	check_only=true
	shift
fi

declare -A group=(
	[test]="gcc libc6-dev make xz-utils debian-archive-keyring apt dpkg"
	[fuzz]="clang-14 libclang-rt-14-dev llvm-14 afl++ python3"
	[bench]="g++ libbenchmark-dev libbenchmark-tools python3-scipy gnuplot-nox valgrind linux-perf"
	[mutate]="python3 python3-clang-14 libclang1-14"
)
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(test)
[ "${groups[0]}" = all ] && groups=(test fuzz bench mutate)

wanted=()
for g in "${groups[@]}"; do
	[ -n "${group[$g]+x}" ] || { echo "deps: unknown group '$g' (test, fuzz, bench, mutate, all)" >&2; exit 2; }
	wanted+=(${group[$g]})
done

if ! command -v dpkg-query >/dev/null; then
	echo "deps: no dpkg-query (not Debian?): cannot check the ${groups[*]} packages; going on" >&2
	exit 0
fi

missing=()
for p in "${wanted[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: ${groups[*]}: all packages present" >&2
	exit 0
fi
if $check_only; then
	echo "deps: missing: ${missing[*]}" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
	echo "deps: install failed, refreshing package lists and retrying" >&2
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
		{ echo "deps: error: could not install ${missing[*]}" >&2; exit 1; }
fi
echo "deps: installed ${missing[*]}" >&2
