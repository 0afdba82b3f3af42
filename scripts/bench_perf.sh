#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Hardware counters, or instruction counts, for dmalab benchmarks:
# `make perf [BENCH_FILTER=regex] [DIR=results/<run>]`.
#
#   bench_perf.sh --bin BENCH_BINARY [--out DIR] [--filter REGEX] [--ktree TREE]
#                 [--min-time SECONDS]
#
# Each benchmark matching REGEX runs in a process of its own:
#  * under `perf stat -e cycles,instructions,cache-misses,branch-misses`
#    when this machine counts them (checked with `perf stat -e instructions
#    true`; VMs often answer "<not supported>") -> DIR/perf.txt;
#  * otherwise under `valgrind --tool=callgrind` with a small
#    --benchmark_min_time -> DIR/callgrind.<benchmark>.out, and a summary in
#    DIR/callgrind.txt: total instructions (Ir), the kernel functions the
#    harness calls with their inclusive Ir per call (exact and repeatable:
#    the number to compare between two kernel trees), and the top functions
#    by their own Ir (callgrind_annotate).
# DIR defaults to the newest results/<run>/ that holds a benchmark JSON.
# PERF_EVENTS=... overrides the event list; PERF_MODE=callgrind forces the
# fallback.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
bin='' out='' filter='' ktree='' min_time=0.01
DEFAULT_FILTER='^(map|unmap)/(sg|iova|phys)/4k/1GiB$'
events=${PERF_EVENTS:-cycles,instructions,cache-misses,branch-misses}

die() { echo "bench_perf: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case $1 in
	--bin) bin=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--filter) filter=$2; shift 2 ;;
	--ktree) ktree=$2; shift 2 ;;
	--min-time) min_time=$2; shift 2 ;;
	-h|--help) sed -n '3,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

[ -n "$bin" ] || die "--bin BENCH_BINARY is required"
[ -x "$bin" ] || die "no benchmark binary at $bin: build it first (make bench, or make SAN=0 $bin)"
[ -n "$filter" ] || filter=$DEFAULT_FILTER

# the results directory: given, or the newest results/<run>/ with a JSON in it
if [ -z "$out" ]; then
	out=$(for f in "$ROOT"/results/*/benchmarks.json; do
		[ -f "$f" ] && dirname "$f"; done | sort | tail -n 1)
	if [ -z "$out" ]; then
		out=$ROOT/results/$(date -u +%Y%m%dT%H%M%SZ)-perf
		echo "bench_perf: no results/<run>/ with a benchmarks.json yet: writing to $out"
	fi
fi
mkdir -p "$out" || die "cannot create $out"

mapfile -t benches < <("$bin" --benchmark_list_tests=true --benchmark_filter="$filter" 2>/dev/null)
[ ${#benches[@]} -gt 0 ] ||
	die "BENCH_FILTER='$filter' matches no benchmark of $bin (list them: $bin --benchmark_list_tests=true)"

safe() { printf '%s' "$1" | tr '/:' '_-' | tr -c 'A-Za-z0-9_.=-' '_'; }
rel() {
	local p
	p=$(realpath -m "$1")
	case $p in "$ROOT"/*) echo "${p#"$ROOT"/}" ;; *) echo "$p" ;; esac
}

# ---- which mode --------------------------------------------------------------

mode=${PERF_MODE:-}
why=
if [ -z "$mode" ]; then
	if ! command -v perf >/dev/null; then
		mode=callgrind why="perf is not installed (apt-get install linux-perf)"
	else
		probe=$(perf stat -x, -e "$events" true 2>&1) || true
		unsupported=$(printf '%s\n' "$probe" | awk -F, '$1 ~ /not supported|not counted/ {print $3}' |
			paste -sd, -)
		if printf '%s\n' "$probe" | grep -qiE 'permission|not permitted|perf_event_paranoid|perf not found|error'; then
			mode=callgrind why="perf cannot count here: $(printf '%s\n' "$probe" | grep -iE 'permission|not permitted|paranoid|not found|error' | head -n 1)"
		elif printf '%s\n' "$probe" | awk -F, '$3 == "instructions" && $1 ~ /not supported|not counted/ {f=1} END {exit !f}'; then
			mode=callgrind why="this machine does not count hardware events (perf stat -e instructions: <not supported>; a VM without a virtual PMU)"
		elif ! printf '%s\n' "$probe" | awk -F, '$1 ~ /^[0-9.]+$/ {f=1} END {exit !f}'; then
			mode=callgrind why="perf stat counted nothing: $(printf '%s\n' "$probe" | head -n 1)"
		else
			mode=perf
			if [ -n "$unsupported" ]; then
				why="not supported here, left out: $unsupported"
				events=$(printf '%s' "$events" | tr , '\n' | grep -vxF -f <(printf '%s' "$unsupported" | tr , '\n') | paste -sd, -)
			fi
		fi
	fi
fi

header() {
	echo "# dmalab bench_perf: $mode, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "# binary:  $(rel "$bin")"
	echo "# filter:  $filter (${#benches[@]} benchmarks)"
	echo "# host:    $(hostname), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	[ -n "$why" ] && echo "# note:    $why"
	echo
}

# ---- perf stat -----------------------------------------------------------------

if [ "$mode" = perf ]; then
	report=$out/perf.txt
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	{
		header
		echo "Each benchmark runs in its own process: the counts include its setup and"
		echo "Google Benchmark's search for an iteration count; the ratios (IPC, misses per"
		echo "1000 instructions) are dominated by the timed loop."
		echo
	} | tee "$report"
	summary=()
	for b in "${benches[@]}"; do
		s=$(safe "$b")
		echo "== $b" | tee -a "$report"
		if ! perf stat -e "$events" -o "$tmp/$s.perf" -- "$bin" --benchmark_filter="^$b\$" \
			--benchmark_repetitions=1 --benchmark_out="$tmp/$s.json" \
			--benchmark_out_format=json >"$tmp/$s.log" 2>&1; then
			echo "   FAILED: $(tail -n 3 "$tmp/$s.log")" | tee -a "$report"
			continue
		fi
		grep -vE '^\s*$|^#' "$tmp/$s.perf" | sed 's/^/   /' | tee -a "$report"
		summary+=("$(awk -v name="$b" '
			{ gsub(/,/, "", $1) }
			$2 == "cycles" || $2 ~ /^cycles/ { c = $1 } $2 ~ /^instructions/ { i = $1 }
			$2 ~ /^cache-misses/ { cm = $1 } $2 ~ /^branch-misses/ { bm = $1 }
			END { printf "%-40s %16s %16s %6s %12s %12s\n", name, c == "" ? "-" : c, i == "" ? "-" : i,
				(c > 0 && i > 0) ? sprintf("%.2f", i / c) : "-",
				(i > 0 && cm != "") ? sprintf("%.3f", 1000 * cm / i) : "-",
				(i > 0 && bm != "") ? sprintf("%.3f", 1000 * bm / i) : "-" }' "$tmp/$s.perf")")
	done
	{
		echo
		echo "== summary (whole process per benchmark)"
		printf '%-40s %16s %16s %6s %12s %12s\n' benchmark cycles instructions IPC \
			'cache-m/1k' 'branch-m/1k'
		printf '%s\n' "${summary[@]}"
	} | tee -a "$report"
	echo
	echo "bench_perf: $(rel "$report")"
	exit 0
fi

# ---- callgrind -------------------------------------------------------------------

command -v valgrind >/dev/null || die "$why; and valgrind is not installed either (apt-get install valgrind)"
report=$out/callgrind.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=$(command -v /usr/bin/python3 || command -v python3)

# Valgrind gives its client about 64 GiB of address space; the memory model
# reserves 64 GiB for its direct map (kernel-shim/runtime/mm.c, MAP_NORESERVE,
# touched only where page tables and kernel allocations live, the first GiB).
# A small LD_PRELOAD mmap wrapper cuts such reservations to VG_MMAP_CAP.
vg_env=()
vg_note="none"
cat >"$tmp/vgcap.c" <<'CEOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	const char *e = getenv("DMALAB_VG_MMAP_CAP");
	size_t cap = e ? strtoull(e, NULL, 0) : 0;

	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	if (cap && len > cap && (flags & MAP_NORESERVE) && fd == -1)
		len = cap;
	return real(addr, len, prot, flags, fd, off);
}
CEOF
if ${CC:-gcc} -O2 -shared -fPIC -o "$tmp/vgcap.so" "$tmp/vgcap.c" -ldl 2>"$tmp/vgcap.err"; then
	vg_env=(env "LD_PRELOAD=$tmp/vgcap.so${LD_PRELOAD:+:$LD_PRELOAD}"
		"DMALAB_VG_MMAP_CAP=$(( ${VG_MMAP_CAP_GIB:-40} << 30 ))")
	vg_note="reservations over ${VG_MMAP_CAP_GIB:-40} GiB cut to that (LD_PRELOAD mmap wrapper)"
else
	echo "bench_perf: warning: cannot build the mmap wrapper ($(head -n 1 "$tmp/vgcap.err")):" \
		"the 64 GiB memory model may not fit under valgrind" >&2
fi
{
	header
	echo "HARDWARE COUNTERS NOT AVAILABLE: ${why:-PERF_MODE=callgrind}."
	echo "Falling back to valgrind --tool=callgrind: instruction counts (Ir), exact and"
	echo "repeatable, no cycles or cache misses. --benchmark_min_time=$min_time: under callgrind"
	echo "the code runs ~50x slower, so Google Benchmark times few iterations; the times it"
	echo "prints here mean nothing, the instruction counts do."
	echo "Valgrind's ~64 GiB address-space limit: $vg_note."
	echo
} | tee "$report"
[ "$mode" = callgrind ] && echo "perf: hardware counters not supported on this machine; instruction counts by callgrind are in $(basename "$report")" >"$out/perf.txt"

for b in "${benches[@]}"; do
	s=$(safe "$b")
	cg=$out/callgrind.$s.out
	start=$(date +%s)
	echo "== $b" | tee -a "$report"
	if ! "${vg_env[@]}" valgrind --tool=callgrind --callgrind-out-file="$cg" -- "$bin" \
		--benchmark_filter="^$b\$" --benchmark_repetitions=1 --benchmark_min_time="$min_time" \
		--benchmark_out="$tmp/$s.json" --benchmark_out_format=json \
		>"$tmp/$s.log" 2>&1; then
		cp "$tmp/$s.log" "$out/callgrind.$s.log"
		echo "   FAILED under callgrind ($(rel "$out/callgrind.$s.log")): $(tail -n 3 "$tmp/$s.log")" |
			tee -a "$report"
		continue
	fi
	"$py" - "$cg" "$tmp/$s.json" "$ktree" "$ROOT" <<'EOF' | tee -a "$report"
import json, os, re, sys
cg, js, ktree, root = sys.argv[1:5]
ktree = os.path.realpath(ktree) + '/' if ktree else ''
names = {'fl': {}, 'fn': {}}
def name(kind, rest):
    m = re.match(r'\((\d+)\)(?:\s+(.*))?$', rest)
    if not m:
        return rest.strip()
    if m.group(2) is not None:
        names[kind][m.group(1)] = m.group(2).strip()
    return names[kind].get(m.group(1), '?')
fl = fi = fn = cfl = cfn = None
calls = {}      # callee -> [calls, inclusive Ir] from callers outside the kernel tree
self_ir = {}
fn_file = {}
total = None
pending = None
events = ['Ir']
for line in open(cg, errors='replace'):
    line = line.rstrip('\n')
    if not line:
        continue
    c = line[0]
    if c.isdigit() or c in '+-*':
        parts = line.split()
        costs = [int(x) for x in parts[1:]] if len(parts) > 1 else [0]
        ir = costs[0] if costs else 0
        if pending is not None:
            callee, n = pending
            if not (ktree and (fn_file.get(fn, '') or '').startswith(ktree)):
                e = calls.setdefault(callee, [0, 0])
                e[0] += n
                e[1] += ir
            pending = None
        else:
            self_ir[fn] = self_ir.get(fn, 0) + ir
        continue
    key, _, rest = line.partition('=')
    if key == 'fl':
        fl = fi = name('fl', rest)
    elif key in ('fi', 'fe'):
        fi = name('fl', rest)
    elif key == 'fn':
        fn = name('fn', rest)
        fn_file.setdefault(fn, os.path.realpath(fl) if fl and fl.startswith('/') else (fl or ''))
    elif key in ('cfl', 'cfi'):
        cfl = name('fl', rest)
    elif key == 'cfn':
        cfn = name('fn', rest)
        if cfl:
            fn_file.setdefault(cfn, os.path.realpath(cfl) if cfl.startswith('/') else cfl)
    elif key == 'calls':
        pending = (cfn, int(rest.split()[0]))
        cfl = None
    elif line.startswith('summary:') or line.startswith('totals:'):
        total = int(line.split()[1])
    elif line.startswith('events:'):
        events = line.split()[1:]
if total is None:
    total = sum(self_ir.values())
iters = '?'
try:
    d = json.load(open(js))
    iters = ', '.join(str(b.get('iterations')) for b in d['benchmarks'] if b.get('run_type', 'iteration') == 'iteration')
except Exception:
    pass
print('   Ir total: {:,} (whole process: setup, the iteration-count search, {} timed iterations)'.format(total, iters))
def is_kernel(f):
    f = fn_file.get(f, '') or ''
    return bool(ktree) and f.startswith(ktree)
entry = [(f, v) for f, v in calls.items() if is_kernel(f)]
if ktree:
    entry.sort(key=lambda x: -x[1][1])
    print('   kernel functions called by the harness (inclusive Ir per call):')
    print('   {:>12} {:>14} {:>16}  {}'.format('calls', 'Ir/call', 'Ir inclusive', 'function (file)'))
    for f, (n, ir) in entry[:12]:
        src = os.path.relpath(fn_file.get(f, ''), ktree) if fn_file.get(f) else '?'
        print('   {:>12,} {:>14,.1f} {:>16,}  {} ({})'.format(n, ir / n if n else 0, ir, f, src))
    if not entry:
        print('   (none found: is the binary built with -g from the tree %s?)' % ktree)
EOF
	echo "   top functions by their own Ir (callgrind_annotate):" | tee -a "$report"
	callgrind_annotate --threshold=99 "$cg" 2>/dev/null |
		awk '/^-+$/ {sep++; next} sep >= 3 && NF && !/PROGRAM TOTALS|^ *Ir +(file:function)? *$/ && n < 12 {print "   " $0; n++}' |
		sed -e "s|$ROOT/||g" ${ktree:+-e "s|$(realpath "$ktree")/||g"} | tee -a "$report"
	echo "   ($(($(date +%s) - start)) s; $(rel "$cg"), open with callgrind_annotate or kcachegrind)" |
		tee -a "$report"
done
echo
echo "bench_perf: $(rel "$report")"
