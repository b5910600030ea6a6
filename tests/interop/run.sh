#!/bin/bash
# Run the interop tests (ecmpd against bird2, frr, gobgpd, openbgpd and
# exabgp, each in its own network namespaces), one after the other, and
# print the totals over all their checks: "N passed, N failed".
#
# Usage (as root): bash tests/interop/run.sh [bird frr gobgp openbgpd exabgp]
# Environment: ECMPD (the binary; default build/plain/bgpd/ecmpd),
# KEEP_LOGS=1 (keep each test's temp dir), VERBOSE=1 (print the daemons'
# logs), ECMPD_ARGS=-d (ecmpd's debug log).
#
# A test whose peer daemon is not installed is skipped (exit 77; install the
# peers with: sh contrib/deps.sh --peers).  A test that ends without its
# totals line counts as one failure.  Afterwards, any namespace or process
# a test left behind counts as one failure too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tests=${*:-bird frr gobgp openbgpd exabgp}
passed=0
failed=0
skipped=""
summary=""
t0=$SECONDS

for t in $tests; do
	script=$here/test_$t.sh
	if [ ! -f "$script" ]; then
		echo "run.sh: no test $t ($script)" >&2
		failed=$((failed + 1))
		continue
	fi
	echo "==== $t"
	start=$SECONDS
	out=$(mktemp)
	bash "$script" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	secs=$((SECONDS - start))
	if [ "$rc" = 77 ]; then
		skipped="$skipped $t"
		summary="$summary$(printf '%-9s skipped (%s)' "$t" "$(grep -m1 '^SKIP' "$out")")\n"
		rm -f "$out"
		continue
	fi
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
	rm -f "$out"
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		summary="$summary$(printf '%-9s no totals line (exit %s), %ss' "$t" "$rc" "$secs")\n"
		continue
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed}
	passed=$((passed + p))
	failed=$((failed + f))
	summary="$summary$(printf '%-9s %s (exit %s), %ss' "$t" "$line" "$rc" "$secs")\n"
done

# nothing may be left behind: namespaces named after the tests' NS_PREFIX
# (iab iaf iag iao iax), processes started from their temp dirs
left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^ia[bfgox]-' || true)
if [ -n "$left" ]; then
	echo "FAIL - namespaces left behind: $(echo "$left" | tr "\n" " ")"
	failed=$((failed + 1))
fi
procs=$(pgrep -af '/tmp/ia[bfgox]\.' || true)
if [ -n "$procs" ]; then
	echo "FAIL - processes left behind:"
	echo "$procs"
	failed=$((failed + 1))
fi

echo "==== interop summary ($((SECONDS - t0)) s)"
printf "%b" "$summary"
[ -n "$skipped" ] && echo "skipped:$skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
