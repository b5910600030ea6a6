#!/bin/sh
# The FIB writer against the real kernel, in network namespaces, driven by
# fib/fibctl-test (FIB commands on stdin, no BGP):
#  - the seed papers' Table 6.2: 10.1.1.0/24 via 1, then 3 load balancers,
#    10.1.2.0/24 via 2, withdrawals, the IPv6 equivalent; resilient groups
#    (type and buckets in `ip nexthop show`), hash-threshold groups, and the
#    RTA_MULTIPATH fallback;
#  - refusals: a next hop off-link (with the reason), a nexthop object and a
#    route the kernel refuses (reported; the other routes still go in);
#  - the monitor: a route, a group, a replaced route restored; a next hop
#    whose interface goes down leaves its group and comes back;
#  - reconciliation: routes retained over a restart without a flap, stale
#    routes and nexthops of our protocol removed after sync, all removed at exit;
#  - flow stability: 2,000 flows probed with `ip route get` before and after
#    removing, then adding, a next hop (resilient vs hash-threshold);
#  - the LB change at scale: 100,000 prefixes on one 4-way set, one next hop
#    removed: netlink messages counted.
# Run as root: tests/integration/test_fib.sh   (FIBCTL=... to choose the binary)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${FIBCTL:-}" ]; then
	FIBCTL=$top/build/plain/fib/fibctl-test
	[ -n "${ECMPD:-}" ] && [ -x "$(dirname "$(dirname "$ECMPD")")/fib/fibctl-test" ] &&
		FIBCTL=$(dirname "$(dirname "$ECMPD")")/fib/fibctl-test
fi
NS_PREFIX="efib$$"
NS_PREFIX=$(echo "$NS_PREFIX" | cut -c1-9)
. "$top/tests/lib/netns.sh"
T=$NS_TMP
R="$NS_PREFIX-r"
trap '' PIPE	# a driver that died makes its checks fail, not this script
if [ ! -x "$FIBCTL" ]; then
	check "the test driver is built ($FIBCTL)" false
	finish; exit
fi
SCALE=${FIB_SCALE:-100000}

# r (the router) -- l (the load balancers): 10.254.0.0/24 and fd00:254::/64 on
# vr/vl, .105-.108 on l; a second link vr2/vl2 (10.254.1.0/24) for link-down.
ns_add r; ns_add l
ns_link r vr 10.254.0.1/24 l vl 10.254.0.105/24
ns_link r vr2 10.254.1.1/24 l vl2 10.254.1.2/24
for i in 106 107 108; do ip -n "$NS_PREFIX-l" addr add 10.254.0.$i/24 dev vl; done
ip -n "$R" addr add fd00:254::1/64 dev vr nodad
for i in 105 106 107 108; do ip -n "$NS_PREFIX-l" addr add fd00:254::$i/64 dev vl nodad; done
ns_exec r sysctl -qw net.ipv4.fib_multipath_hash_policy=0 net.ipv6.fib_multipath_hash_policy=0

# ---- the driver ----
# fc_start NAME ARGS...: start fibctl-test in r, commands through a FIFO on fd 3
fc_start() {
	FC=$1; shift
	FC_LOG=$T/$FC.log
	FC_WAITS=0
	rm -f "$T/$FC.in"; mkfifo "$T/$FC.in"
	ns_spawn r "$FC_LOG" sh -c "exec $FIBCTL $* < $T/$FC.in"
	FC_PID=$LAST_PID
	exec 3> "$T/$FC.in"
	fc_until '^ready' 10
}
fc() { echo "$*" >&3 2>/dev/null; }
# fc_until PATTERN SECONDS: until the driver printed PATTERN; at once false if it died
fc_until() {
	i=0
	while ! grep -q "$1" "$FC_LOG"; do
		kill -0 "$FC_PID" 2>/dev/null || { echo "     the driver is gone: $(tail -n 3 "$FC_LOG" | tr '\n' ' ')"; return 1; }
		i=$((i + 1))
		[ "$i" -ge $(($2 * 20)) ] && return 1
		sleep 0.05
	done
}
# fc_wait [SECONDS]: until the FIB is idle
fc_wait() {
	FC_WAITS=$((FC_WAITS + 1))
	fc wait
	fc_until "^idle $FC_WAITS " "${1:-20}"
}
fc_idle_ms() { grep "^idle $FC_WAITS " "$FC_LOG" | cut -d' ' -f3; }
# fc_show [PREFIX]: the output of a fresh show (groups and routes) in $OUT
# (not in a subshell: FC_WAITS must count in this one)
fc_show() {
	FC_WAITS=$((FC_WAITS + 1))
	fc "echo --- $FC_WAITS"; fc "show $*"; fc wait
	fc_until "^idle $FC_WAITS " 20
	OUT=$(sed -n "/^--- $FC_WAITS\$/,/^end\$/p" "$FC_LOG" | sed '1d;$d')
}
# fc_stats: the counters line in $OUT
fc_stats() {
	FC_WAITS=$((FC_WAITS + 1))
	fc "echo --- $FC_WAITS"; fc stats; fc wait
	fc_until "^idle $FC_WAITS " 20
	OUT=$(sed -n "/^--- $FC_WAITS\$/,/^idle $FC_WAITS /p" "$FC_LOG" | grep '^stats')
}
stat_of() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
fc_stop() {
	fc quit
	exec 3>&-
	for _ in $(seq 100); do kill -0 "$FC_PID" 2>/dev/null || break; sleep 0.1; done
	ns_stop "$FC_PID"
}

rt() { ip -n "$R" route show "$@"; }
rt6() { ip -n "$R" -6 route show "$@"; }
vias() { rt "$1" | grep -o 'via [0-9a-f.:]*' | sort | tr '\n' ' '; }
vias6() { rt6 "$1" | grep -o 'via [0-9a-f.:]*' | sort | tr '\n' ' '; }
nhid_of() { rt "$1" | sed -n 's/.* nhid \([0-9]*\).*/\1/p'; }
nhid6_of() { rt6 "$1" | sed -n 's/.* nhid \([0-9]*\).*/\1/p'; }
eq() { [ "$1" = "$2" ] || { echo "     got '$1', want '$2'"; return 1; }; }
has() { echo "$1" | grep -q -- "$2" || { echo "     '$2' not in: $1"; return 1; }; }

# ==== 1. the papers' Table 6.2, resilient groups ====
fc_start res -g resilient -b 64
check "warns at start: fib_multipath_hash_policy is 0" grep -q 'fib_multipath_hash_policy is 0' "$FC_LOG"
check "the probe found nexthop objects and resilient groups" grep -q '^ready mode resilient' "$FC_LOG"
fc set 10.1.1.0/24 10.254.0.105; fc_wait
check "10.1.1.0/24 via 1 announcer: one next hop" eq "$(vias 10.1.1.0/24)" "via 10.254.0.105 "
G=$(nhid_of 10.1.1.0/24)
check "the route points at a nexthop group, proto 186 metric 20" \
	sh -c "ip -n $R route show 10.1.1.0/24 proto 186 | grep -q 'nhid $G.*metric 20'"
fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107; fc_wait
check "10.1.1.0/24 via 3 announcers: exactly those three" \
	eq "$(vias 10.1.1.0/24)" "via 10.254.0.105 via 10.254.0.106 via 10.254.0.107 "
check "its group was replaced in place (same id $G)" eq "$(nhid_of 10.1.1.0/24)" "$G"
check "ip nexthop show: resilient group with 3 members and 64 buckets" \
	sh -c "ip -n $R nexthop show id $G | grep -Eq 'group [0-9]+/[0-9]+/[0-9]+ type resilient buckets 64'"
fc set 10.1.2.0/24 10.254.0.106 10.254.0.105; fc_wait
check "10.1.2.0/24 via 2 of them" eq "$(vias 10.1.2.0/24)" "via 10.254.0.105 via 10.254.0.106 "
check "one nexthop object per next hop (3 of ours)" \
	eq "$(ip -n "$R" nexthop show | grep -c 'via 10.254.0.10[5-8] dev vr scope link proto bgp')" 3
fc set 10.1.1.0/24 10.254.0.105 10.254.0.107; fc_wait
check "a withdrawal removes its next hop" eq "$(vias 10.1.1.0/24)" "via 10.254.0.105 via 10.254.0.107 "
fc set 2001:db8:1::/64 fd00:254::105 fd00:254::106 fd00:254::107; fc_wait
check "IPv6: 2001:db8:1::/64 via 3 announcers" \
	eq "$(vias6 2001:db8:1::/64)" "via fd00:254::105 via fd00:254::106 via fd00:254::107 "
G6=$(nhid6_of 2001:db8:1::/64)
check "IPv6: a resilient group too" sh -c "ip -n $R nexthop show id $G6 | grep -q 'type resilient'"
fc set 2001:db8:1::/64 fd00:254::107; fc_wait
check "IPv6: withdrawals leave one" eq "$(vias6 2001:db8:1::/64)" "via fd00:254::107 "
LL=$(ip -n "$NS_PREFIX-l" -6 addr show dev vl scope link | sed -n 's/.*inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
fc set 2001:db8:2::/64 "$LL%vr"; fc set 2001:db8:3::/64 "$LL"; fc set 10.1.9.0/24 fd00:254::105; fc_wait
check "IPv6: a link-local next hop with its interface" sh -c "ip -n $R -6 route show 2001:db8:2::/64 | grep -q 'via $LL dev vr'"
fc_show 2001:db8:3::/64; out=$OUT
check "IPv6: a link-local next hop without one is refused, with the reason" \
	has "$out" "reason \"next hop $LL is link-local and needs an interface\""
check "RFC 8950: an IPv4 route via an IPv6 next hop" sh -c "ip -n $R route show 10.1.9.0/24 | grep -q 'via inet6 fd00:254::105'"
fc del 2001:db8:2::/64; fc del 2001:db8:3::/64; fc del 10.1.9.0/24
fc del 10.1.2.0/24; fc del 2001:db8:1::/64; fc_wait
check "withdrawing a prefix removes its route" sh -c "[ -z \"\$(ip -n $R route show 10.1.2.0/24)\" ] && [ -z \"\$(ip -n $R -6 route show 2001:db8:1::/64)\" ]"
fc_show 10.1.1.0/24; out=$OUT
check "show: what we asked for beside what the kernel holds" \
	has "$out" "route 10.1.1.0/24 installed group $G want 10.254.0.105@vr 10.254.0.107@vr kernel 10.254.0.105@vr 10.254.0.107@vr"
check "show: the group as the kernel has it (type, buckets, members)" \
	has "$out" "group $G resilient buckets 64 routes 1 state installed .* kernel: resilient buckets 64 members"

# coalescing: paths arriving one by one in one loop turn are written once
fc_stats; st0=$OUT
fc set 10.1.7.0/24 10.254.0.105; fc set 10.1.7.0/24 10.254.0.105 10.254.0.106
fc set 10.1.7.0/24 10.254.0.105 10.254.0.106 10.254.0.107; fc set 10.1.7.0/24 10.254.0.105 10.254.0.106 10.254.0.107 10.254.0.108
fc_wait
fc_stats; st1=$OUT
check "a prefix whose 4 paths arrive one by one is written once (1 route message)" \
	eq "$(( $(stat_of "$st1" route_msgs) - $(stat_of "$st0" route_msgs) ))" 1
check "... and has its 4 next hops" eq "$(vias 10.1.7.0/24 | wc -w)" 8

# ==== 2. refusals ====
fc set 10.9.0.0/24 10.9.9.9
fc set 2001:db8:9::/64 10.254.0.106
fc set 10.1.3.0/24 10.254.0.106
fc set 10.1.5.0/24 10.254.0.255
fc set 10.1.8.0/24 10.254.0.255 10.254.0.108
fc_wait
fc_show; out=$OUT
check "a next hop off-link is refused, and show says why" \
	has "$out" 'route 10.9.0.0/24 refused want 10.9.9.9(unusable) kernel reason "next hop 10.9.9.9 is not on a connected network"'
check "... it is not in the kernel" eq "$(rt 10.9.0.0/24)" ""
check "a route the kernel refuses is reported with the kernel's words" \
	has "$out" 'route 2001:db8:9::/64 failed .* reason "IPv6 routes can not use an IPv4 nexthop'
check "... and logged with the route" grep -q 'fib: route 2001:db8:9::/64 (nexthop group [0-9]*): IPv6 routes can not use an IPv4 nexthop' "$FC_LOG"
check "... while the other routes of the same batch went in" eq "$(vias 10.1.3.0/24)" "via 10.254.0.106 "
check "a nexthop object the kernel refuses: the route says why" \
	has "$out" 'route 10.1.5.0/24 refused want 10.254.0.255@vr(unusable) kernel reason "next hop 10.254.0.255: the kernel refused it: Nexthop has invalid gateway'
check "... and a set with it installs the rest" eq "$(vias 10.1.8.0/24)" "via 10.254.0.108 "
check "the failed route is retried with back-off" \
	wait_for 5 sh -c "grep -c 'fib: route 2001:db8:9::/64' $FC_LOG | grep -q '^[2-9]'"
fc del 2001:db8:9::/64; fc del 10.1.5.0/24; fc del 10.1.8.0/24; fc del 10.9.0.0/24; fc_wait

# ==== 3. the monitor: changes by others are restored ====
ip -n "$R" route del 10.1.1.0/24 proto 186
check "a route deleted by hand is restored" wait_for 5 sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G'"
check "... and logged" grep -q 'route 10.1.1.0/24 of ours was deleted by someone else' "$FC_LOG"
ip -n "$R" route replace 10.1.1.0/24 via 10.254.0.108 proto static metric 20
check "a route replaced by hand is restored" wait_for 5 sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G.*proto bgp'"
ip -n "$R" route replace 10.1.1.0/24 via 10.254.0.108 proto 186 metric 20
check "a route of our protocol rewritten by hand is restored" wait_for 5 sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G'"
check "... and logged" grep -q 'route 10.1.1.0/24 of ours was changed by someone else' "$FC_LOG"
ip -n "$R" nexthop del id "$G"
check "a group deleted by hand (taking its route) is re-created with its id, route and all" \
	wait_for 5 sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G' && ip -n $R nexthop show id $G | grep -q group"
check "... and logged" grep -q "nexthop group $G of ours was deleted by someone else" "$FC_LOG"

# a next hop whose interface goes down leaves its group, and comes back
fc set 10.1.6.0/24 10.254.0.105 10.254.1.2; fc_wait
G2=$(nhid_of 10.1.6.0/24)
check "10.1.6.0/24 via two links" eq "$(vias 10.1.6.0/24)" "via 10.254.0.105 via 10.254.1.2 "
ip -n "$R" link set vr2 down
check "interface down: its next hop leaves the group" wait_for 5 sh -c "[ \"\$(ip -n $R route show 10.1.6.0/24 | grep -c via)\" = 1 ] && ip -n $R route show 10.1.6.0/24 | grep -q 'nhid $G2'"
fc_show 10.1.6.0/24; out=$OUT
check "... and show says why" has "$out" 'want 10.254.0.105@vr 10.254.1.2(unusable)'
ip -n "$R" link set vr2 up
check "interface up: it comes back" wait_for 5 sh -c "[ \"\$(ip -n $R route show 10.1.6.0/24 | grep -c via)\" = 2 ]"
fc_stop
check "at exit, our routes are removed" eq "$(ip -n "$R" route show proto 186 | wc -l)" 0
check "... and our nexthop objects" eq "$(ip -n "$R" nexthop show | grep -c 'proto bgp')" 0

# ==== 4. hash-threshold groups and the RTA_MULTIPATH fallback ====
fc_start ht -g hash-threshold
ip -n "$R" nexthop add id 186000000 via 10.254.0.108 dev vr proto static
ip -n "$R" nexthop add id 186000001 via 10.254.0.108 dev vr proto static
fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107; fc_wait
check "ids others took in our range are left alone" \
	eq "$(ip -n "$R" nexthop show | grep -c '^id 18600000[01] via 10.254.0.108 dev vr scope link proto static')" 2
G=$(nhid_of 10.1.1.0/24)
check "hash-threshold: 3 next hops, group without type resilient" \
	sh -c "[ \"$(vias 10.1.1.0/24)\" = 'via 10.254.0.105 via 10.254.0.106 via 10.254.0.107 ' ] && ip -n $R nexthop show id $G | grep -v -q resilient"
fc_stop
ip -n "$R" nexthop del id 186000000; ip -n "$R" nexthop del id 186000001
fc_start mp -g none
check "mode none: no nexthop objects" grep -q '^ready mode none' "$FC_LOG"
fc set 10.1.1.0/24 10.254.0.105; fc_wait
check "RTA_MULTIPATH: 1 next hop" eq "$(vias 10.1.1.0/24)" "via 10.254.0.105 "
fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107
fc set 10.1.2.0/24 10.254.0.105 10.254.0.106
fc set 2001:db8:1::/64 fd00:254::105 fd00:254::106 fd00:254::107; fc_wait
check "RTA_MULTIPATH: 3 next hops, no nhid" \
	sh -c "[ \"$(vias 10.1.1.0/24)\" = 'via 10.254.0.105 via 10.254.0.106 via 10.254.0.107 ' ] && ! ip -n $R route show 10.1.1.0/24 | grep -q nhid"
check "RTA_MULTIPATH: 10.1.2.0/24 via 2" eq "$(vias 10.1.2.0/24)" "via 10.254.0.105 via 10.254.0.106 "
check "RTA_MULTIPATH: IPv6 via 3" eq "$(vias6 2001:db8:1::/64)" "via fd00:254::105 via fd00:254::106 via fd00:254::107 "
check "RTA_MULTIPATH: no nexthop objects of ours" eq "$(ip -n "$R" nexthop show | grep -c 'proto bgp')" 0
fc set 10.1.1.0/24 10.254.0.107; fc set 2001:db8:1::/64 fd00:254::106; fc_wait
check "RTA_MULTIPATH: withdrawals" sh -c "[ \"$(vias 10.1.1.0/24)\" = 'via 10.254.0.107 ' ] && [ \"$(vias6 2001:db8:1::/64)\" = 'via fd00:254::106 ' ]"
ip -n "$R" route del 10.1.2.0/24 proto 186
check "RTA_MULTIPATH: a route deleted by hand is restored" \
	wait_for 5 sh -c "[ \"\$(ip -n $R route show 10.1.2.0/24 | grep -c via)\" = 2 ]"
fc_stop

# ==== 5. reconciliation: retain over a restart, stale routes, sync ====
fc_start keep1 -r
fc set 10.1.1.0/24 10.254.0.105 10.254.0.106; fc set 2001:db8:1::/64 fd00:254::105; fc_wait
G=$(nhid_of 10.1.1.0/24)
fc_stop
check "retain: routes kept in the kernel over a restart" sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G'"
ip -n "$R" route add 10.9.8.0/24 via 10.254.0.105 proto 186 metric 20
ip -n "$R" route add 10.9.9.0/24 via 10.254.0.105 proto 186 metric 99
ip -n "$R" nexthop add id 186000999 via 10.254.0.108 dev vr proto 186
ip -n "$R" nexthop add id 7 via 10.254.0.108 dev vr proto static
fc_start keep2
fc set 10.1.1.0/24 10.254.0.106 10.254.0.105; fc set 2001:db8:1::/64 fd00:254::105; fc_wait
fc_stats; st=$OUT
check "restart: the same routes again cost no route message (no flap)" eq "$(stat_of "$st" route_msgs)" 0
check "... and keep their group id" eq "$(nhid_of 10.1.1.0/24)" "$G"
check "before sync, stale routes of ours are kept" sh -c "ip -n $R route show 10.9.8.0/24 | grep -q via"
fc sync; fc_wait
check "after sync, stale routes of our protocol are removed" \
	sh -c "[ -z \"\$(ip -n $R route show 10.9.8.0/24)\" ] && [ -z \"\$(ip -n $R route show 10.9.9.0/24)\" ]"
check "... and stale nexthop objects of ours" sh -c "! ip -n $R nexthop show id 186000999 2>/dev/null | grep -q ."
check "... but not other protocols' objects" sh -c "ip -n $R nexthop show id 7 | grep -q 'proto static'"
check "... and the wanted routes stayed" sh -c "ip -n $R route show 10.1.1.0/24 | grep -q 'nhid $G' && ip -n $R -6 route show 2001:db8:1::/64 | grep -q nhid"
fc_stop
ip -n "$R" nexthop del id 7

# ==== 6. flow stability: 2,000 flows, one next hop removed then added ====
ns_exec r sysctl -qw net.ipv4.fib_multipath_hash_policy=1 net.ipv6.fib_multipath_hash_policy=1
for s in $(seq 10000 11999); do echo "route get 10.1.1.1 ipproto tcp sport $s dport 80"; done > "$T/flows.batch"
probe() { ip netns exec "$R" ip -batch "$T/flows.batch" | grep -o 'via [0-9.]*' | cut -d' ' -f2 > "$1"; }
# moved A B [ONLY]: flows whose next hop changed from A to B [among those A sent to ONLY's complement]
flows_moved() { paste -d' ' "$1" "$2" | awk -v gone="${3:-}" '$1 != gone && $1 != $2 { n++ } END { print n + 0 }'; }
flows_kept_by() { paste -d' ' "$1" "$2" | awk -v gone="$3" '$1 != gone { n++ } END { print n + 0 }'; }
flows_to_new() { paste -d' ' "$1" "$2" | awk -v nw="$3" '$1 != $2 && $2 != nw { n++ } END { print n + 0 }'; }
for mode in resilient hash-threshold; do
	fc_start "flow-$mode" -g "$mode" -b 128 -i 0
	fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107 10.254.0.108; fc_wait
	probe "$T/$mode.4"
	fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107; fc_wait
	probe "$T/$mode.3"
	fc set 10.1.1.0/24 10.254.0.105 10.254.0.106 10.254.0.107 10.254.0.108; fc_wait
	probe "$T/$mode.4b"
	fc_stop
	n4=$(wc -l < "$T/$mode.4")
	stay=$(flows_kept_by "$T/$mode.4" "$T/$mode.3" 10.254.0.108)
	moved=$(flows_moved "$T/$mode.4" "$T/$mode.3" 10.254.0.108)
	back=$(flows_moved "$T/$mode.3" "$T/$mode.4b")
	wrong=$(flows_to_new "$T/$mode.3" "$T/$mode.4b" 10.254.0.108)
	echo "     $mode: $n4 flows; one of 4 next hops removed: $moved of the $stay flows of the 3 others moved ($(awk "BEGIN{printf \"%.1f\", 100*$moved/$stay}") %); added back: $back moved ($(awk "BEGIN{printf \"%.1f\", 100*$back/$n4}") %), $wrong of them not to the newcomer"
	eval "moved_$(echo $mode | tr - _)=$moved back_$(echo $mode | tr - _)=$back wrong_$(echo $mode | tr - _)=$wrong n4_$(echo $mode | tr - _)=$n4"
done
check "2,000 flows probed" eq "$n4_resilient" 2000
check "resilient: removing one LB moves no flow of the three others" eq "$moved_resilient" 0
check "resilient: adding one moves at most the newcomer's share (<= 30 %), all to it" \
	sh -c "[ $back_resilient -le 600 ] && [ $back_resilient -gt 0 ] && [ $wrong_resilient -eq 0 ]"
check "hash-threshold (for comparison) moves flows of the others" sh -c "[ $moved_hash_threshold -gt 0 ]"

# ==== 7. the LB change at scale ====
fc_start scale -g resilient
fc mark; fc bulk 20.0.0.0/24 "$SCALE" 10.254.0.105 10.254.0.106 10.254.0.107 10.254.0.108; fc_wait 120
t_install=$(fc_idle_ms)
check "$SCALE prefixes on one 4-way set installed" \
	eq "$(ip -n "$R" route show proto 186 | grep -c 'nhid')" "$SCALE"
G=$(ip -n "$R" route show 20.0.0.0/24 | sed -n 's/.* nhid \([0-9]*\).*/\1/p')
fc_stats; st0=$OUT
fc mark; fc bulk 20.0.0.0/24 "$SCALE" 10.254.0.105 10.254.0.106 10.254.0.107; fc_wait 60
t_change=$(fc_idle_ms)
fc_stats; st1=$OUT
msgs=$(( $(stat_of "$st1" msgs) - $(stat_of "$st0" msgs) ))
echo "     install $SCALE routes: $t_install ms; remove one next hop from all: $msgs netlink messages, $t_change ms (incl. $SCALE calls to fib_route_set)"
check "LB change at scale: a handful of netlink messages ($msgs)" sh -c "[ $msgs -le 5 ]"
check "... and every prefix has 3 next hops (the group, in place)" \
	sh -c "ip -n $R nexthop show id $G | grep -Eq 'group [0-9]+/[0-9]+/[0-9]+ type' && [ \"\$(ip -n $R route show proto 186 | grep -c 'nhid $G')\" = $SCALE ]"
fc_stop
check "at exit, $SCALE routes removed" eq "$(ip -n "$R" route show proto 186 | wc -l)" 0

finish
