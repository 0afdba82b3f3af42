#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only
#
# ClusterFuzzLite / OSS-Fuzz build of the dmalab fuzz targets: the kernel
# files, the shim, the harness and fuzz/engine/libfuzzer_main.c of each target,
# compiled with $CC $CFLAGS and linked with $LIB_FUZZING_ENGINE into $OUT,
# each with <fuzzer>_seed_corpus.zip, <fuzzer>.dict and <fuzzer>.options.
# The sanitizers are whatever $CFLAGS asks for; nothing is hard-coded.
# What the targets are is the registry's (fuzz/targets.def), asked of this
# build's dmalab-replay: the names (--list-targets), the seeds
# (--list-inputs --engine: the binary forms in corpus/<t>/, not its
# subfolders such as regressions/), the .options (--options: max_len and
# timeout from the target's descriptor).
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

if [ -z "${KERNEL_SRC:-}" ]; then
	# fetch-kernel.sh reuses a complete extracted tree in the cache (with
	# no network too) and fetches one otherwise
	cache=${DMALAB_KERNEL_CACHE:-$repo/build}
	KERNEL_SRC=$("$repo/scripts/fetch-kernel.sh" "$cache" "${KERNEL_SERIES:-7.3}")
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

# The registry: this build's dmalab-replay, linked with $CFLAGS as its objects
# were compiled (it runs here, so without leak checking and without writing
# profiles). Where that cannot link or run, a plain build of it beside.
replay_bin=$obj/tools/dmalab-replay
replay() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 LLVM_PROFILE_FILE=/dev/null \
		"$replay_bin" "$@"
}
if ! "${mk[@]}" -j"$(nproc)" LDFLAGS="$CFLAGS $extra -pthread" "$replay_bin" ||
   ! replay --list-targets >/dev/null; then
	echo "build.sh: $replay_bin does not link or run with \$CFLAGS; building a plain one" >&2
	tmk=(make -C "$repo" --no-print-directory BUILD="$WORK/dmalab-tools"
	     KERNEL_SRC="$KERNEL_SRC" CC="$CC" SAN=0)
	tobj=$("${tmk[@]}" -s print-obj | tail -n 1)
	case $tobj in /*) ;; *) tobj=$repo/$tobj ;; esac
	"${tmk[@]}" -j"$(nproc)" "$tobj/tools/dmalab-replay"
	replay_bin=$tobj/tools/dmalab-replay
fi
targets=$(replay --list-targets | awk '{print $1}')

mkdir -p "$OUT"
empty=$(mktemp)
installed=0
for t in $targets; do
	bin=$obj/fuzz/$t
	if [ ! -x "$bin" ] || "$bin" "$empty" 2>&1 | grep -q 'is not built in'; then
		echo "build.sh: WARNING: target '$t' is not built in this tree; not installed" >&2
		rm -f "$OUT/$t"
		continue
	fi
	cp "$bin" "$OUT/$t"
	# seeds: the engine's inputs directly in corpus/<t>/ (not regressions/)
	seeds=()
	if [ -d "$repo/corpus/$t" ]; then
		inputs=$(replay --list-inputs --engine "$repo/corpus/$t")
		while IFS= read -r f; do
			case $f in "$repo/corpus/$t"/*/*|'') continue ;; esac
			seeds+=("$f")
		done <<<"$inputs"
	fi
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
	replay --options "$t" >"$OUT/$t.options"
	echo "build.sh: $OUT/$t (${#seeds[@]} seeds)"
	installed=$((installed + 1))
done
rm -f "$empty"
[ "$installed" -gt 0 ] || { echo "build.sh: no fuzz target is built in" >&2; exit 1; }
