#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
#
# ClusterFuzzLite / OSS-Fuzz build of the dmalab fuzz targets: the kernel
# files, the shim, the harness and fuzz/engine/libfuzzer_main.c of each target,
# compiled with $CC $CFLAGS and linked with $LIB_FUZZING_ENGINE into $OUT,
# each with <fuzzer>_seed_corpus.zip, <fuzzer>.dict and <fuzzer>.options.
# The sanitizers are whatever $CFLAGS asks for; nothing is hard-coded.
#
# In the image (Dockerfile) it runs as $SRC/build.sh in $SRC/dmalab. By hand:
#   CC=clang-14 CXX=clang++-14 CFLAGS="-fsanitize=address,fuzzer-no-link -g" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/cflite-out SRC=$PWD \
#   .clusterfuzzlite/build.sh
#
# Kernel tree: $KERNEL_SRC if set; else a tree already fetched under
# $DMALAB_KERNEL_CACHE (the image fetches one there) or the repository's
# build/; else scripts/fetch-kernel.sh fetches Debian's linux-source-7.3.
# Objects go to $WORK/dmalab-build (never into the source tree's build/).

: "${CC:?}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
WORK=${WORK:-/tmp/dmalab-cflite-work}

repo=
for d in "${DMALAB_SRC:-}" "$PWD" "$(dirname "$0")/.." "${SRC:-}/dmalab" "${SRC:-}"; do
	if [ -n "$d" ] && [ -f "$d/fuzz/prog.h" ] && [ -f "$d/Makefile" ]; then
		repo=$(cd "$d" && pwd)
		break
	fi
done
[ -n "$repo" ] || { echo "build.sh: cannot find the dmalab repository (set DMALAB_SRC)" >&2; exit 1; }

complete_tree() {	# the newest complete fetched tree under $1, if any
	local t best=
	for t in "$1"/kernel/linux-source-*/; do
		[ -f "$t/.dmalab-complete" ] && best=${t%/}
	done
	echo "$best"
}
if [ -z "${KERNEL_SRC:-}" ]; then
	cache=${DMALAB_KERNEL_CACHE:-$repo/build}
	KERNEL_SRC=$(complete_tree "$cache")
	if [ -z "$KERNEL_SRC" ]; then
		KERNEL_SRC=$("$repo/scripts/fetch-kernel.sh" "$cache" "${KERNEL_SERIES:-7.3}")
	fi
fi
echo "build.sh: kernel tree $KERNEL_SRC"

# The kernel's own UBSAN semantics (as the Makefile's sanitizer builds):
# signed and unsigned wrap-around are defined (-fno-strict-overflow) and
# unaligned accesses are fine on x86. Only relevant when $CFLAGS enables them.
extra=
case " $CFLAGS " in
*-fsanitize=*undefined*|*-fsanitize=*integer*|*-fsanitize=*alignment*)
	extra="-fno-sanitize=signed-integer-overflow,unsigned-integer-overflow,alignment" ;;
esac

# The Makefile's plain flavour (SAN=0: no sanitizers of its own) with the
# engine's flags; FUZZ_MAIN/FUZZ_LDFLAGS select the libFuzzer entry point.
mk=(make -C "$repo" --no-print-directory BUILD="$WORK/dmalab-build" KERNEL_SRC="$KERNEL_SRC"
    CC="$CC" SAN=0 EXTRA_CFLAGS="$CFLAGS $extra"
    FUZZ_MAIN=fuzz/engine/libfuzzer_main.c FUZZ_LDFLAGS="$CFLAGS $LIB_FUZZING_ENGINE")
"${mk[@]}" -j"$(nproc)" fuzz-bins
obj=$("${mk[@]}" -s print-obj | tail -n 1)
case $obj in /*) ;; *) obj=$repo/$obj ;; esac
targets=$(sed -n 's/^TARGET([a-z0-9_]*, *"\([^"]*\)").*/\1/p' "$repo/fuzz/targets.def")

mkdir -p "$OUT"
empty=$(mktemp)
installed=0
for t in $targets; do
	bin=$obj/fuzz/$t
	if "$bin" "$empty" 2>&1 | grep -q 'is not built in'; then
		echo "build.sh: WARNING: target '$t' is not built in this tree; not installed" >&2
		rm -f "$OUT/$t"
		continue
	fi
	cp "$bin" "$OUT/$t"
	# seeds: the binary forms in corpus/<t>/ (not the .txt, not regressions/)
	seeds=()
	for f in "$repo/corpus/$t"/*; do
		case $f in *.txt|*.md|*.dict|*.options) continue ;; esac
		[ -f "$f" ] && seeds+=("$f")
	done
	rm -f "$OUT/${t}_seed_corpus.zip"
	if [ ${#seeds[@]} -gt 0 ]; then
		if command -v zip >/dev/null; then
			zip -q -j "$OUT/${t}_seed_corpus.zip" "${seeds[@]}"
		else
			python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w") as z:
    [z.write(f, os.path.basename(f)) for f in sys.argv[2:]]' "$OUT/${t}_seed_corpus.zip" "${seeds[@]}"
		fi
	fi
	[ -f "$repo/corpus/$t.dict" ] && cp "$repo/corpus/$t.dict" "$OUT/$t.dict"
	# a program is at most 17 + 256 * 10 bytes, a topology 8192 (p2p);
	# 25 s as dmalab-replay's timeout
	max_len=2600
	[ "$t" = p2p ] && max_len=8192
	printf '[libfuzzer]\nmax_len = %d\ntimeout = 25\n' "$max_len" >"$OUT/$t.options"
	echo "build.sh: $OUT/$t (${#seeds[@]} seeds)"
	installed=$((installed + 1))
done
rm -f "$empty"
[ "$installed" -gt 0 ] || { echo "build.sh: no fuzz target is built in" >&2; exit 1; }
