#!/bin/sh
# FIB install figures, in a network namespace (run as root). Prints figures,
# asserts nothing: medians and minima of RUNS runs, interleaved so that a busy
# machine hurts every contestant alike (on a shared machine the minimum is the
# better estimate of what a thing costs).
#
#   N routes with the same 4 next hops:
#     kernel floor   a bare batched libmnl writer (fibctl-test "floor"): the
#                    same messages as the FIB writes, one ACK per batch, no state
#     ip -batch      iproute2 adding the same routes to one nexthop group
#     ecmpd fib      fibctl-test "bulk": N calls to fib_route_set() until the
#                    kernel acknowledged every route (resilient group,
#                    hash-threshold group, RTA_MULTIPATH fallback)
#   the LB change at scale: one next hop removed from all N prefixes
#   (N calls to fib_route_set, then the kernel's ACKs): time and messages.
#
# usage: tests/bench/bench_fib.sh [FIBCTL]     N=100000 RUNS=3 BIG=1 (adds 1,000,000)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
FIBCTL=${1:-$top/build/plain/fib/fibctl-test}
N=${N:-100000}
RUNS=${RUNS:-3}
NS_PREFIX="bfib$$"
NS_PREFIX=$(echo "$NS_PREFIX" | cut -c1-9)
. "$top/tests/lib/netns.sh"
T=$NS_TMP
R="$NS_PREFIX-r"
ns_add r; ns_add l
ns_link r vr 10.254.0.1/24 l vl 10.254.0.105/24
for i in 106 107 108; do ip -n "$NS_PREFIX-l" addr add 10.254.0.$i/24 dev vl; done
ns_exec r sysctl -qw net.ipv4.fib_multipath_hash_policy=1 net.ipv6.fib_multipath_hash_policy=1

clean() {
	ip -n "$R" nexthop flush > /dev/null 2>&1
	ip -n "$R" route show proto 186 | cut -d' ' -f1 | sed 's/^/route del /; s/$/ proto 186/' > "$T/del.batch"
	[ -s "$T/del.batch" ] && ip -n "$R" -batch "$T/del.batch" > /dev/null 2>&1
	sleep 1	# let the kernel free the last run's routes (RCU) before timing the next
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%s", v[int((NR + 1) / 2)]; else printf "-" }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s..%s", lo, hi }'; }

group_by_hand() {
	for i in 1 2 3 4; do ip -n "$R" nexthop add id $i via 10.254.0.$((104 + i)) dev vr; done
	ip -n "$R" nexthop add id 10 group 1/2/3/4 type resilient buckets 128
}

# ip -batch: the group by hand, then one `route add` per prefix
batch_file() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { a = 20 * 16777216 + i * 256;
		printf "route add %d.%d.%d.0/24 nhid 10 proto 186 metric 20\n",
		int(a / 16777216), int(a / 65536) % 256, int(a / 256) % 256 } }' > "$T/routes.$1.batch"
}
t_ipbatch() {
	clean; group_by_hand
	t0=$(now_ms); ip -n "$R" -batch "$T/routes.$1.batch"; t1=$(now_ms)
	echo $((t1 - t0)) >> "$T/ipbatch.$1"
}
t_floor() {
	clean; group_by_hand
	printf 'floor 20.0.0.0/24 %s 10\nquit\n' "$1" > "$T/floor.cmd"
	ip netns exec "$R" "$FIBCTL" -N < "$T/floor.cmd" 2> /dev/null | awk '/^floor/ { print int($3) }' >> "$T/floor.$1"
}
# t_fib MODE N: install, then remove one next hop everywhere
t_fib() {
	clean
	cat > "$T/fib.cmd" <<EOF
mark
bulk 20.0.0.0/24 $2 10.254.0.105 10.254.0.106 10.254.0.107 10.254.0.108
wait
stats
mark
bulk 20.0.0.0/24 $2 10.254.0.105 10.254.0.106 10.254.0.107
wait
stats
quit
EOF
	ip netns exec "$R" "$FIBCTL" -g "$1" < "$T/fib.cmd" > "$T/fib.out" 2> "$T/fib.err"
	awk '/^idle 1 / { print int($3) }' "$T/fib.out" >> "$T/fib-$1.$2"
	awk '/^idle 2 / { print int($3) }' "$T/fib.out" >> "$T/change-$1.$2"
	s1=$(grep '^stats' "$T/fib.out" | sed -n 1p); s2=$(grep '^stats' "$T/fib.out" | sed -n 2p)
	m1=$(echo "$s1" | tr ' ' '\n' | sed -n 's/^msgs=//p'); m2=$(echo "$s2" | tr ' ' '\n' | sed -n 's/^msgs=//p')
	echo $((m2 - m1)) > "$T/msgs-$1.$2"
	echo "$s1" | tr ' ' '\n' | sed -n 's/^rss_kb=//p' >> "$T/rss-$1.$2"
	if [ "$(echo "$s1" | tr ' ' '\n' | sed -n 's/^installed=//p')" != "$2" ]; then
		echo "warning: $1: not every route installed: $s1" >&2
	fi
}

sizes=$N
[ -n "${BIG:-}" ] && sizes="$N 1000000"
echo "FIB install benchmark: $(uname -r), $(nproc) CPUs, $RUNS runs each, medians (range) in ms"
for n in $sizes; do
	batch_file "$n"
	for run in $(seq "$RUNS"); do
		t_floor "$n"
		t_fib resilient "$n"
		[ "$n" -le 200000 ] && t_ipbatch "$n"
		t_fib hash-threshold "$n"
		t_fib none "$n"
	done
	clean
	fl=$(median < "$T/floor.$n")
	flmin=$(sort -n "$T/floor.$n" | head -n 1)
	echo
	echo "$n prefixes, 4 next hops each          median ms (min..max)    x floor: median, min"
	row() {	# row LABEL FILE
		[ -s "$2" ] || return 0
		m=$(median < "$2")
		mn=$(sort -n "$2" | head -n 1)
		printf '  %-42s %6s ms (%s)  %s  %s\n' "$1" "$m" "$(range < "$2")" \
			"$(awk -v a="$m" -v b="$fl" 'BEGIN { printf "%.2f", a / b }')" \
			"$(awk -v a="$mn" -v b="$flmin" 'BEGIN { printf "%.2f", a / b }')"
	}
	row "kernel floor (bare batched libmnl writer)" "$T/floor.$n"
	row "ip -batch, one nexthop group" "$T/ipbatch.$n"
	row "ecmpd fib, resilient group" "$T/fib-resilient.$n"
	row "ecmpd fib, hash-threshold group" "$T/fib-hash-threshold.$n"
	row "ecmpd fib, RTA_MULTIPATH (no objects)" "$T/fib-none.$n"
	echo "  LB change at scale (one of 4 next hops removed from all $n prefixes):"
	for mode in resilient hash-threshold none; do
		printf '    %-16s %7s ms  (%s), %s netlink messages\n' "$mode" \
			"$(median < "$T/change-$mode.$n")" "$(range < "$T/change-$mode.$n")" "$(cat "$T/msgs-$mode.$n")"
	done
	echo "  RSS of the driver with $n routes: $(median < "$T/rss-resilient.$n") kB (resilient), $(median < "$T/rss-none.$n") kB (RTA_MULTIPATH)"
done
