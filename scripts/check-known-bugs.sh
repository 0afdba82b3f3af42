#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The known-bug registry (oracle/known_bugs.c) is the one description of
# each known kernel bug. Check, in KTAP, that
#  - the README's list is the registry's (between its known-bugs markers,
#    exactly what `dmalab-replay --known-bugs` prints), and
#  - every entry's evidence test exists in its suite (`<suite>_test -l`),
#  - every entry has its page, docs/findings/<id>.md, naming its file and
#    function, and every page there is an entry's.
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

# every entry has its finding page (docs/findings/<id>.md) with the
# registry's file and function, and every page is an entry's
while read -r id file func; do
	page=docs/findings/$id.md
	if [ ! -f "$page" ]; then
		record not-ok "finding_page_$id" "no $page (docs/findings/TEMPLATE.md)"
	elif ! grep -qxF -- "- **File:** \`$file\`" "$page" ||
	     ! grep -qxF -- "- **Function:** \`$func\`" "$page"; then
		record not-ok "finding_page_$id" "$page does not say - **File:** \`$file\` and - **Function:** \`$func\` as the registry does"
	else
		record ok "finding_page_$id"
	fi
done < <(printf '%s\n' "$want" | sed -n 's/^- \[`\([^`]*\)`\]([^)]*) (\([^,]*\), `\([^`]*\)`).*/\1 \2 \3/p')
for page in docs/findings/*.md; do
	id=$(basename "$page" .md)
	case $id in TEMPLATE|README) continue ;; esac
	if printf '%s\n' "$want" | grep -qF -- "- [\`$id\`]"; then
		record ok "finding_page_${id}_is_registered"
	else
		record not-ok "finding_page_${id}_is_registered" "$page names no entry of oracle/known_bugs.c"
	fi
done

printf 'KTAP version 1\n# Subtest: known-bugs\n1..%d\n' "${#results[@]}"
printf '%s\n' "${results[@]}"
echo "# Totals: pass:$passed fail:$failed xfail:0 xpass:0 skip:0 error:0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
