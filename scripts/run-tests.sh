#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run test suites (each argument is a command line that prints one KTAP
# document, as tests/ktest.c does) and print them as one KTAP document:
# each suite nested, indented by four spaces, followed by its own result
# line "ok N <suite>" (as KUnit nests suites; `kunit.py parse` reads it).
# A suite that crashes or stops before its plan is complete fails: every
# case it did not report counts as failed.
# Closes with "# Totals: ...", the distinct known kernel bugs reproduced,
# and the plain line "N passed, N failed". Exit status 1 if anything failed.
set -u
passed=0 failed=0 xfailed=0 xpassed=0 skipped=0
declare -A bugs=()
nsuites=$#

echo "KTAP version 1"
echo "1..$nsuites"
i=0
for cmd in "$@"; do
	i=$((i + 1))
	out=$(mktemp)
	bash -c "$cmd" 2>&1 | tee "$out" | sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	name=$(sed -n 's/^# Subtest: //p' "$out" | head -n 1)
	[ -n "$name" ] || { name=${cmd%% *}; name=${name##*/}; }
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
	# result lines of the suite itself (not indented: not of nested tests)
	ok=$(grep -cE '^ok [0-9]+ ' "$out")
	notok=$(grep -cE '^not ok [0-9]+ ' "$out")
	skip=$(grep -cE '^ok [0-9]+ .* # SKIP' "$out")
	xfail=$(grep -cE '^ok [0-9]+ .* # XFAIL' "$out")
	xpass=$(grep -cE '^ok [0-9]+ .* # XPASS' "$out")
	while read -r id; do
		[ -n "$id" ] && bugs[$id]=1
	done < <(sed -n 's/^ok [0-9]* .* # XFAIL \([^:]*\):.*/\1/p' "$out")
	rm -f "$out"

	missing=0
	if [ -z "$plan" ]; then
		missing=1
		echo "# $name: no KTAP plan (exit status $rc): counted as one failure"
	elif [ $((ok + notok)) -lt "$plan" ]; then
		missing=$((plan - ok - notok))
		echo "# $name: stopped after $((ok + notok)) of $plan cases (exit status $rc):" \
		     "the $missing missing count as failed"
	elif [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
		missing=1
		echo "# $name: exit status $rc although every case passed: counted as one failure"
	fi
	passed=$((passed + ok - skip - xfail))
	failed=$((failed + notok + missing))
	skipped=$((skipped + skip))
	xfailed=$((xfailed + xfail))
	xpassed=$((xpassed + xpass))
	if [ $((notok + missing)) -eq 0 ]; then
		echo "ok $i $name"
	else
		echo "not ok $i $name"
	fi
done

echo "# Totals: pass:$((passed - xpassed)) fail:$failed xfail:$xfailed xpass:$xpassed skip:$skipped error:0"
if [ ${#bugs[@]} -gt 0 ]; then
	echo "# ${#bugs[@]} known kernel bugs reproduced ($xfailed xfail cases):" \
	     "$(printf '%s\n' "${!bugs[@]}" | sort | tr '\n' ' ')"
fi
[ "$skipped" -eq 0 ] || echo "# $skipped cases skipped (the reason is on each SKIP line)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
