#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run test suites (each argument is a command line), show their output, and
# close with the total "N passed, N failed". A suite that crashes counts as
# one failed test.
set -u
passed=0 failed=0 xfailed=0
for bin in "$@"; do
	out=$(mktemp)
	bash -c "$bin" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	x=$(sed -n 's/^\([0-9]*\) known kernel bugs reproduced.*/\1/p' "$out" | tail -n 1)
	xfailed=$((xfailed + ${x:-0}))
	rm -f "$out"
	if [ -z "$last" ]; then
		echo "FAIL ${bin##*/}: crashed (exit status $rc) before reporting"
		failed=$((failed + 1))
		continue
	fi
	p=${last%% passed*} f=${last#*, } f=${f%% failed}
	passed=$((passed + p)) failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL ${bin##*/}: exit status $rc after reporting"
		failed=$((failed + 1))
	fi
done
echo
[ "$xfailed" -eq 0 ] || echo "$xfailed known kernel bugs reproduced (xfail lines above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
