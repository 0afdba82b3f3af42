#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The known-bug registry (oracle/known_bugs.c) is the one description of
# each known kernel bug. Check, in KTAP, that
#  - the README's list is the registry's (between its known-bugs markers,
#    exactly what `dmalab-replay --known-bugs` prints), and
#  - every entry's evidence test exists in its suite (`<suite>_test -l`).
#   check-known-bugs.sh OBJ-DIR
set -u
obj=$1
cd "$(dirname "$0")/.."
results=() passed=0 failed=0

record() {	# ok|not-ok name [diagnostic]
	local n=$((${#results[@]} + 1))
	if [ "$1" = ok ]; then
		results+=("ok $n $2")
		passed=$((passed + 1))
	else
		results+=("${3:+# $3
}not ok $n $2")
		failed=$((failed + 1))
	fi
}

want=$("$obj/tools/dmalab-replay" --known-bugs)
have=$(sed -n '/<!-- known-bugs begin/,/<!-- known-bugs end/p' README.md | sed '1d;$d')
if [ "$want" = "$have" ]; then
	record ok readme_lists_the_registry
else
	record not-ok readme_lists_the_registry \
		"README.md's known-bugs block differs from 'dmalab-replay --known-bugs': paste its output between the markers"
fi

while read -r test; do
	suite=${test%%/*} case=${test#*/}
	bin=$obj/tests/${suite//-/_}_test
	if [ -x "$bin" ] && "$bin" -l | grep -qxF "$case"; then
		record ok "evidence_${case}"
	else
		record not-ok "evidence_${case}" "the registry names test $test, which $bin does not list"
	fi
done < <(printf '%s\n' "$want" | sed -n 's/.*Test: `\([^`]*\)`\.$/\1/p')

printf 'KTAP version 1\n# Subtest: known-bugs\n1..%d\n' "${#results[@]}"
printf '%s\n' "${results[@]}"
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
