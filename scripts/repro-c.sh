#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make repro-c: a standalone C reproducer (fuzz/c_emit.h).
#
#   FILE=input   scripts/repro-c.sh OBJ DIR [TARGET]   write DIR/<name>.c, build, run
#   SRC=file.c   scripts/repro-c.sh OBJ DIR            build and run an edited one
#
# FILE and SRC come from the environment (make passes its command line
# there), so any path a shell can quote works. REPRO_CC, REPRO_LD and
# REPRO_LIBS are the flavour's compile and link commands (mk/fuzz.mk).
# Exit status: the reproducer's (nonzero: it reproduced), 2 if it could not
# be written or built.
set -u
obj=$1 dir=$2 target=${3:-}
file=${FILE:-} src=${SRC:-}

die() { echo "make repro-c: $*" >&2; exit 2; }

if [ -n "$src" ]; then
	[ -f "$src" ] || die "SRC=$src: no such file"
	case $src in *.c) ;; *) die "SRC=$src: expected a .c file (a reproducer make repro-c wrote)" ;; esac
	name=$(basename "$src" .c)
else
	[ -n "$file" ] || die "needs FILE=<input file> (or SRC=<reproducer.c> to rebuild one)"
	[ -e "$file" ] || die "FILE=$file: no such file"
	name=$(basename "$file")
	name=${name%.txt}
	name=$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' '_')
	mkdir -p "$dir" || exit 2
	src=$dir/$name.c
	args=(--make)
	[ -n "$target" ] && args+=(--target "$target")
	"$obj/tools/dmalab-replay" "${args[@]}" --c "$file" >"$src.tmp" || { rm -f "$src.tmp"; exit 2; }
	mv "$src.tmp" "$src"
	echo "  WROTE    $src"
fi
mkdir -p "$dir" || exit 2
bin=$dir/$name
echo "  CC       $bin"
# shellcheck disable=SC2086 # the flavour's flags, word-split as make would
$REPRO_CC -I. -c "$src" -o "$bin.o" || die "$src: does not compile"
# shellcheck disable=SC2086
$REPRO_LD "$bin.o" $REPRO_LIBS -o "$bin" || die "$src: does not link"
rm -f "$bin.o"
echo "  RUN      $bin   (gdb $bin to step through it)"
"$bin"
status=$?
if [ $status -eq 0 ]; then
	echo "make repro-c: $bin: no failure (the input does not reproduce anything)"
else
	echo "make repro-c: $bin: failed (exit status $status): reproduced"
fi
exit $status
