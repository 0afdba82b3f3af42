#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# check-kunit-emit.sh OBJ "FAIL-SEEDS" "PASS-SEEDS": the KUnit reproducers
# dmalab-replay --kunit wrote for corpus/scatterlist/<seed>.txt, built
# against the shim's KUnit (mk/tests.mk), run: a known-bug seed's test must
# fail on the tree that has the bug (and its failure is printed), a clean
# program's must pass. KTAP.
set -u
obj=$1
n=0 passed=0 failed=0
out=()
for kind in fail pass; do
	if [ $kind = fail ]; then seeds=$2; else seeds=$3; fi
	for s in $seeds; do
		n=$((n + 1))
		if [ $kind = fail ]; then name=kunit_${s}_fails; else name=kunit_${s}_passes; fi
		res=$("$obj/kunit-emit/${s}_run" 2>&1)
		rc=$?
		if { [ $kind = fail ] && [ $rc -ne 0 ]; } || { [ $kind = pass ] && [ $rc -eq 0 ]; }; then
			passed=$((passed + 1))
			[ $kind = fail ] && while read -r l; do out+=("# $s: $l"); done \
				< <(printf '%s\n' "$res" | grep -E '^# .*(Expected|==)' | head -3)
			out+=("ok $n $name")
		else
			failed=$((failed + 1))
			out+=("# $s: expected the KUnit test to $kind, exit status $rc" \
			      "not ok $n $name")
		fi
	done
done
echo "KTAP version 1"
echo "# Subtest: kunit-reproducers"
echo "1..$n"
printf '%s\n' "${out[@]}"
echo "# Totals: pass:$passed fail:$failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
