#!/bin/sh
# Run every test of ecmpd (as root on Debian 12): installs what it needs,
# builds three ways and runs the suite in each.
#   1. plain build with -Werror: unit tests, the tshark oracle, ecmpctl decode
#      of every captured peer session, integration tests in namespaces,
#      interop tests against the five peer daemons;
#   2. AddressSanitizer + UndefinedBehaviorSanitizer build: the same tests;
#   3. clang libFuzzer build: each fuzz target for a bounded number of runs
#      over its seed corpus;
#   4. make distcheck.
# Build trees go under build/ (kept for inspection). Set SKIP_DEPS=1 to skip
# the package check, FUZZ_RUNS=N to change the fuzzing budget per target.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_runs=${FUZZ_RUNS:-500000}

step() { printf '\n==== %s\n' "$*"; }

[ -n "${SKIP_DEPS:-}" ] || sh contrib/deps.sh --peers

step "autoreconf"
autoreconf -fi >/dev/null

build() {	# build NAME CONFIGURE-ARGS...
	name=$1; shift
	mkdir -p "build/$name"
	(cd "build/$name" && "$top/configure" -q "$@" && make -s -j"$jobs")
}

check() {	# check NAME: make check, showing the logs of failures
	if ! (cd "build/$1" && make -s -j"$jobs" check); then
		for f in "build/$1"/tests/unit/*.log "build/$1"/tests/oracle/*.log; do
			[ -f "$f" ] && grep -q -E 'FAIL|ERROR' "$f" && { echo "--- $f"; cat "$f"; }
		done
		exit 1
	fi
	cat "build/$1"/test-suite.log 2>/dev/null | sed -n '1,12p'
}

step "plain build (-Werror) and unit tests"
build plain --enable-werror
check plain

step "every captured peer session decodes (ecmpctl decode)"
for f in tests/fixtures/peers/*.txt; do
	[ -e "$f" ] || continue
	if ! build/plain/bgpd/ecmpctl decode < "$f" > /dev/null 2> build/decode.err; then
		cat build/decode.err
		echo "FAIL: $f does not decode"
		exit 1
	fi
	printf '%s: %s\n' "$f" "$(tail -n 1 build/decode.err)"
done

step "integration tests in network namespaces (plain build)"
sh tests/integration/run.sh "$top/build/plain/bgpd/ecmpd"

step "interop tests with BIRD, FRR, GoBGP, OpenBGPD and ExaBGP (plain build)"
ECMPD="$top/build/plain/bgpd/ecmpd" bash tests/interop/run.sh

step "the README's main command (contrib/demo/run.sh)"
SKIP_DEPS=1 sh contrib/demo/run.sh > build/demo.log 2>&1 || { cat build/demo.log; exit 1; }
grep -q '4 of 1000 sessions' build/demo.log || { cat build/demo.log; echo "FAIL: the demo did not show its sessions"; exit 1; }
echo "demo ok"

step "AddressSanitizer + UndefinedBehaviorSanitizer build and unit tests"
build asan --enable-sanitizers
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
check asan

step "integration tests in network namespaces (sanitizer build)"
sh tests/integration/run.sh "$top/build/asan/bgpd/ecmpd"
unset ASAN_OPTIONS UBSAN_OPTIONS

step "fuzz targets (clang libFuzzer, ASan + UBSan), $fuzz_runs runs each"
build fuzz --enable-fuzzing CC=clang
for t in header open update notification route_refresh conf ctl_proto; do
	corpus="$top/tests/fuzz/corpus/$t"
	work="build/fuzz/corpus-$t"
	rm -rf "$work"; mkdir -p "$work"
	[ -d "$corpus" ] && cp "$corpus"/* "$work"/ 2>/dev/null || true
	printf 'fuzz_%s: ' "$t"
	if ! build/fuzz/tests/fuzz/fuzz_$t -runs="$fuzz_runs" -max_len=4200 \
		-print_final_stats=0 "$work" > "build/fuzz/fuzz_$t.log" 2>&1; then
		echo "FAILED"
		tail -n 60 "build/fuzz/fuzz_$t.log"
		exit 1
	fi
	grep -E '^#[0-9]+.*(DONE|INITED)' "build/fuzz/fuzz_$t.log" | tail -n 1
done

step "make distcheck"
(cd build/plain && make -s distcheck >/dev/null 2>&1) || {
	(cd build/plain && make distcheck 2>&1 | tail -n 40); exit 1; }
echo "distcheck ok"

step "all tests passed"
