#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# check-repro-c.sh OBJ DIR INPUT...: each input's standalone C reproducer
# (dmalab-replay --c, fuzz/c_emit.h) written to DIR, built with the
# flavour's flags against its libraries (REPRO_CC, REPRO_LD, REPRO_LIBS
# from mk/tests.mk) and run; it must fail the way `dmalab-replay -v`
# shows the input failing, or pass where the replay is clean:
#   a known kernel bug the replay names: the C program's failing assert()
#     stands under the comment naming that bug;
#   a sanitizer report: the same report kind, in the same function;
#   a WARN or BUG: the same file:line;
#   a checker finding: the same message ("checker: ...");
#   a leak: the run's leak assertion;
#   clean: exit status 0.
# KTAP, one case per input.
set -u
obj=$1 dir=$2
shift 2
n=0 passed=0 failed=0
out=()
mkdir -p "$dir" || exit 1

# why the C program's failure is not the replay's, or nothing
compare() {
	local input=$1 src=$2 rrc=$3 rlog=$4 crc=$5 clog=$6
	local bug kind where detail asan fn line from text
	bug=$(grep -oE 'known kernel bug [a-z0-9-]+' "$rlog" | head -n 1 | cut -d' ' -f4)
	asan=$(grep -oE 'ERROR: AddressSanitizer: [a-z-]+' "$rlog" | head -n 1)
	kind=$(sed -n 's/^FINDING (\([a-z]*\)).*/\1/p' "$rlog" | head -n 1)
	if [ -n "$asan" ]; then
		grep -qF "$asan" "$clog" || { echo "the replay shows '$asan', the C program not"; return; }
		fn=$(grep -m1 -oE '#0 0x[0-9a-f]+ in [A-Za-z0-9_]+' "$rlog" | awk '{print $4}')
		grep -m1 -oE '#0 0x[0-9a-f]+ in [A-Za-z0-9_]+' "$clog" | grep -qw -- "$fn" ||
			echo "the sanitizer report is not in $fn() as in the replay"
		return
	fi
	if [ -n "$kind" ]; then
		where=$(sed -n 's/^FINDING ([a-z]*) .* at \(.*\)$/\1/p' "$rlog" | head -n 1)
		detail=$(grep -A1 -m1 '^FINDING' "$rlog" | tail -n 1 | sed 's/^  //')
		[ "$crc" -ne 0 ] || { echo "the replay finds ($kind), the C program exits 0"; return; }
		case $kind in
		warn|bug)
			grep -qF "${where%% *}" "$clog" ||
				echo "the replay's $kind at ${where%% *} is not in the C program's output" ;;
		checker)
			grep -qF "checker: ${detail:0:60}" "$clog" ||
				echo "the C program does not print the replay's checker message" ;;
		leak)
			grep -qF 'res.leaked == 0' "$clog" ||
				echo "the replay finds a leak, the C program fails otherwise" ;;
		*)	echo "a finding of kind $kind: no rule to compare it" ;;
		esac
		return
	fi
	if [ -n "$bug" ]; then
		[ "$crc" -ne 0 ] || { echo "the replay sees known bug $bug, the C program exits 0"; return; }
		line=$(sed -n 's/.*\.c:\([0-9]*\): main: Assertion .* failed\.$/\1/p' "$clog" | head -n 1)
		warn=$(grep -m1 -oE 'kernel WARNING: [^ ]+:[0-9]+' "$clog" | cut -d' ' -f3)
		if [ -n "$line" ]; then
			from=$((line > 20 ? line - 20 : 1))
			text=$(sed -n "${from},${line}p" "$src" | sed 's/^[[:space:]]*\*//' |
			       tr -s ' \n\t' ' ')
			[[ $text == *"Known kernel bug $bug "* ]] ||
				echo "the failing assertion (line $line) is not under the comment naming $bug"
		elif [ -n "$warn" ]; then
			# the bug shows as a kernel WARN, which aborts the C program: the
			# C file names the bug, and a WARN the replay saw is at that site
			text=$(sed 's/^[[:space:]]*\*//' "$src" | tr -s ' \n\t' ' ')
			[[ $text == *"Known kernel bug $bug "* ]] ||
				echo "the C program WARNs at $warn, but no comment in it names $bug"
			# (a run that leaves the call out for the bug shows no WARN)
			! grep -q 'WARNING: ' "$rlog" || grep -qF "$warn" "$rlog" ||
				echo "the C program WARNs at $warn, the replay of the input elsewhere"
		else
			echo "known bug $bug: the C program failed without an assertion or a WARN"
		fi
		return
	fi
	[ "$rrc" -eq 0 ] || { echo "the replay fails (status $rrc) without a finding line"; return; }
	[ "$crc" -eq 0 ] || echo "the replay is clean, the C program fails (status $crc)"
}

for input in "$@"; do
	n=$((n + 1))
	# corpus/rdma/pages-iova -> rdma_pages-iova: inputs of two targets may share a name
	name=${input#corpus/}
	name=${name%.txt}
	name=${name//\//_}
	src=$dir/$name.c bin=$dir/$name
	rlog=$dir/$name.replay.log clog=$dir/$name.run.log
	why=
	"$obj/tools/dmalab-replay" -v "$input" >"$rlog" 2>&1
	rrc=$?
	if ! "$obj/tools/dmalab-replay" --c "$input" >"$src" 2>"$clog"; then
		why="not written: $(tail -n 1 "$clog")"
	# shellcheck disable=SC2086 # the flavour's flags, word-split as make would
	elif ! $REPRO_CC -I. -Werror -c "$src" -o "$bin.o" >"$clog" 2>&1; then
		why="does not compile: $(grep -m1 -E 'error|warning' "$clog")"
	# shellcheck disable=SC2086
	elif ! $REPRO_LD "$bin.o" $REPRO_LIBS -o "$bin" >"$clog" 2>&1; then
		why="does not link: $(head -n 1 "$clog")"
	else
		# in a subshell that waits (no exec): its "Aborted" line goes to /dev/null
		( "$bin" >"$clog" 2>&1; exit $? ) 2>/dev/null
		crc=$?
		why=$(compare "$input" "$src" "$rrc" "$rlog" "$crc" "$clog")
	fi
	rm -f "$bin.o"
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		line=$(grep -m1 -E 'Assertion|ERROR: AddressSanitizer|WARNING|checker:|no failure' "$clog")
		# the C file named by its own name, not its path
		line=$(printf "%s" "$line" | sed -E "s|^([^ ]+: )?[^ ]*/([^/ ]+\.c:)|\2|")
		out+=("# $name: $line" "ok $n repro_c_$name")
	else
		failed=$((failed + 1))
		out+=("# $input: $why" "not ok $n repro_c_$name")
	fi
done
echo "KTAP version 1"
echo "# Subtest: c-reproducers"
echo "1..$n"
printf '%s\n' "${out[@]}"
echo "# Totals: pass:$passed fail:$failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
