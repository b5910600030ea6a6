#!/bin/sh
# Run every tests/integration/test_*.sh (as root); sums their closing lines
# into one "N passed, N failed" and fails if any test failed.
#   tests/integration/run.sh [ECMPD-BINARY]
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] && export ECMPD="$1"
passed=0 failed=0 broken=""
for t in "$here"/test_*.sh; do
	echo "== $(basename "$t")"
	out=$(sh "$t" 2>&1); rc=$?
	echo "$out"
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		broken="$broken $(basename "$t")"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
	[ "$rc" -ne 0 ] && [ "$(echo "$line" | cut -d' ' -f3)" -eq 0 ] && { broken="$broken $(basename "$t")"; failed=$((failed + 1)); }
done
[ -n "$broken" ] && echo "tests that did not finish cleanly:$broken"
echo "integration: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
