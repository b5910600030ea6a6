# tests/lib/netns.sh -- test hosts in network namespaces, sourced by the
# integration and interop tests.
#
# Every namespace and link is named with the test's own prefix ($NS_PREFIX,
# short: interface names have 15 characters), every process started is
# recorded by PID, and an EXIT/INT/TERM trap removes all of it, so a failed
# or interrupted run leaves nothing behind. Traffic stays inside the
# namespaces: addresses come from the test, on veth links between them.

: "${NS_PREFIX:?set NS_PREFIX before sourcing netns.sh}"
NS_LIST=""
NS_PIDS=""
NS_TMP=$(mktemp -d "/tmp/${NS_PREFIX}.XXXXXX")
NS_FAILED=0
NS_PASSED=0

ns_cleanup() {
	for pid in $NS_PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
	sleep 0.2
	for pid in $NS_PIDS; do kill -KILL "$pid" 2>/dev/null || true; done
	for pid in $NS_PIDS; do wait "$pid" 2>/dev/null || true; done
	for ns in $NS_LIST; do ip netns del "$ns" 2>/dev/null || true; done
	if [ "${KEEP_LOGS:-}" ]; then echo "logs kept in $NS_TMP"; else rm -rf "$NS_TMP"; fi
}
trap 'ns_cleanup' EXIT
trap 'exit 130' INT TERM

# ns_add NAME: a namespace with loopback up; the real name is $NS_PREFIX-NAME
ns_add() {
	ip netns add "$NS_PREFIX-$1"
	NS_LIST="$NS_LIST $NS_PREFIX-$1"
	ip -n "$NS_PREFIX-$1" link set lo up
}

# ns_link A IFA ADDR_A B IFB ADDR_B: a veth pair between two namespaces (ADDR with /len)
ns_link() {
	ip link add "$2" netns "$NS_PREFIX-$1" type veth peer name "$5" netns "$NS_PREFIX-$4"
	ip -n "$NS_PREFIX-$1" addr add "$3" dev "$2"
	ip -n "$NS_PREFIX-$4" addr add "$6" dev "$5"
	ip -n "$NS_PREFIX-$1" link set "$2" up
	ip -n "$NS_PREFIX-$4" link set "$5" up
}

# ns_exec NAME CMD...
ns_exec() {
	ns=$1; shift
	ip netns exec "$NS_PREFIX-$ns" "$@"
}

# ns_spawn NAME LOGFILE CMD...: run in the background, remember the PID in $LAST_PID
ns_spawn() {
	ns=$1; log=$2; shift 2
	ip netns exec "$NS_PREFIX-$ns" "$@" > "$log" 2>&1 &
	LAST_PID=$!
	NS_PIDS="$NS_PIDS $LAST_PID"
}

# ns_stop PID: TERM, wait up to 5 s, then KILL
ns_stop() {
	kill -TERM "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# wait_for SECONDS CMD...: poll every 0.1 s until CMD succeeds
wait_for() {
	limit=$(( $1 * 10 )); shift
	i=0
	while ! "$@" > /dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$limit" ] && return 1
		sleep 0.1
	done
	return 0
}

# check NAME CMD...: one named check, counted
check() {
	name=$1; shift
	if "$@"; then
		echo "ok   - $name"
		NS_PASSED=$((NS_PASSED + 1))
	else
		echo "FAIL - $name"
		NS_FAILED=$((NS_FAILED + 1))
	fi
}

# finish: the closing line, and the exit status
finish() {
	echo "$NS_PASSED passed, $NS_FAILED failed"
	[ "$NS_FAILED" -eq 0 ]
}
