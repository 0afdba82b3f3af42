#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# check-bad-inputs.sh OBJ: run every tool on the bad-input corpus
# (tests/bad-inputs/cases) and check each refusal: a nonzero exit and
# exactly one line of output that gives the reason. Also that a CRLF text
# program is taken. KTAP, like the suites.
set -uo pipefail
obj=$1
cases=tests/bad-inputs/cases
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c $((2 << 20)) /dev/zero | tr '\0' 'a' >"$tmp/big"

n=0 passed=0 failed=0
out=()
ok() { n=$((n + 1)); passed=$((passed + 1)); out+=("ok $n $1"); }
bad() { n=$((n + 1)); failed=$((failed + 1)); out+=("# $2" "not ok $n $1"); }

while IFS='|' read -r tool args want; do
	trim() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<<"$1"; }
	tool=$(trim "$tool")
	{ [ -z "$tool" ] || [ "${tool:0:1}" = "#" ]; } && continue
	args=$(trim "$args")
	want=$(trim "$want")
	args=${args//@BIG@/$tmp/big}
	name="$tool ${args//$tmp\//}"
	# shellcheck disable=SC2086
	res=$(timeout 60 "$obj/tools/$tool" $args 2>&1)
	rc=$?
	lines=$(printf '%s' "$res" | grep -c '')
	if [ $rc -eq 0 ] || [ $rc -ge 124 ]; then
		bad "$name" "exit status $rc, expected a refusal: $(printf '%s' "$res" | head -3 | tr '\n' '|')"
	elif [ "$lines" -ne 1 ]; then
		bad "$name" "$lines lines, expected one: $(printf '%s' "$res" | head -4 | tr '\n' '|')"
	elif [[ "$res" != *"$want"* ]]; then
		bad "$name" "'$res' does not say '$want'"
	else
		ok "$name"
	fi
done <"$cases"

# the other side: a CRLF program is a program
res=$(timeout 60 "$obj/tools/dmalab-replay" -q tests/bad-inputs/dma-map/crlf-ok.txt 2>&1)
if [ $? -eq 0 ]; then ok "dmalab-replay takes CRLF text"
else bad "dmalab-replay takes CRLF text" "$(printf '%s' "$res" | head -2 | tr '\n' '|')"; fi

echo "KTAP version 1"
echo "# Subtest: bad-inputs"
echo "1..$n"
printf '%s\n' "${out[@]}"
echo "# Totals: pass:$passed fail:$failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
