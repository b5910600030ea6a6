#!/bin/sh
# The router role, as in the seed papers' Table 6.2 but without the
# reflector in between: three LB nodes (ecmpd with `networks:`) announce
# 10.1.1.0/24 with their node address as next hop, two of them also
# 10.1.2.0/24; the router (ecmpd with `fib:` and iBGP multipath) must hold
# one kernel route per service through a nexthop group of exactly those
# nodes, and follow when a node stops and comes back. At exit its routes go.
# Run as root: tests/integration/test_router.sh   (ECMPD=... to choose the binary)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ECMPD=${ECMPD:-$top/build/plain/bgpd/ecmpd}
NS_PREFIX=$(echo "ert$$" | cut -c1-8)
. "$top/tests/lib/netns.sh"
T=$NS_TMP

ns_add sw
ip -n "$NS_PREFIX-sw" link add br0 type bridge
ip -n "$NS_PREFIX-sw" link set br0 up
host() {	# host NAME ADDR
	ns_add "$1"
	ip link add "d-$1" netns "$NS_PREFIX-$1" type veth peer name "b-$1" netns "$NS_PREFIX-sw"
	ip -n "$NS_PREFIX-sw" link set "b-$1" master br0 up
	ip -n "$NS_PREFIX-$1" addr add "$2/24" dev "d-$1"
	ip -n "$NS_PREFIX-$1" link set "d-$1" up
}
host r 10.0.0.110
for i in 5 6 7; do host "lb$i" "10.0.0.10$i"; done

cat > "$T/r.yaml" <<YAML
router-id: 10.0.0.110
as: 65021
listen: [ { address: 10.0.0.110, port: 179 } ]
control: { socket: $T/r.sock }
multipath: { ibgp: 64 }
fib: { table: main, nexthop-groups: resilient, buckets: 64 }
peer-groups:
  lbs: { as: 65021, passive: true }
dynamic-neighbors:
  - { prefix: 10.0.0.0/24, peer-group: lbs, limit: 10 }
YAML
for i in 5 6 7; do
	svc2=""
	[ "$i" -le 6 ] && svc2="  - { prefix: 10.1.2.0/24 }"
	cat > "$T/lb$i.yaml" <<YAML
router-id: 10.0.0.10$i
as: 65021
listen: []
control: { socket: $T/lb$i.sock }
neighbors:
  - { address: 10.0.0.110, as: 65021, connect-retry: 1 }
networks:
  - { prefix: 10.1.1.0/24 }
$svc2
YAML
done

ns_spawn r "$T/r.log" "$ECMPD" -f -d -c "$T/r.yaml"; PID_R=$LAST_PID
for i in 5 6 7; do
	ns_spawn "lb$i" "$T/lb$i.log" "$ECMPD" -f -c "$T/lb$i.yaml"
	eval "PID_LB$i=\$LAST_PID"
done

# members PREFIX: the sorted gateways of the kernel route's nexthop group
members() {
	id=$(ip -n "$NS_PREFIX-r" route show "$1" | sed -n 's/.*nhid \([0-9]*\).*/\1/p')
	[ -n "$id" ] || return 0
	for m in $(ip -n "$NS_PREFIX-r" nexthop show id "$id" | sed -n 's/.*group \([0-9/,]*\).*/\1/p' | tr '/' ' '); do
		ip -n "$NS_PREFIX-r" nexthop show id "${m%%,*}" | sed -n 's/.*via \([0-9.]*\).*/\1/p'
	done | sort | tr '\n' ' '
}
has() { [ "$(members "$1")" = "$2" ]; }

check "10.1.1.0/24 via the three LB nodes (one resilient group)" \
	wait_for 15 has 10.1.1.0/24 "10.0.0.105 10.0.0.106 10.0.0.107 "
check "10.1.2.0/24 via the two that announce it" wait_for 5 has 10.1.2.0/24 "10.0.0.105 10.0.0.106 "
check "the route is ours: proto bgp, metric 20" \
	sh -c "ip -n $NS_PREFIX-r route show 10.1.1.0/24 | grep -q 'proto bgp metric 20'"
check "the group is resilient with 64 buckets" sh -c "ip -n $NS_PREFIX-r nexthop show | grep -q 'type resilient buckets 64'"

"$(dirname "$ECMPD")/ecmpctl" -s "$T/r.sock" show fib --json > "$T/fib.json"
check "ecmpctl show fib --json: installed, its group holds the three nodes in the kernel" "${PYTHON:-/usr/bin/python3}" -c '
import json, sys
f = json.load(open(sys.argv[1]))
r = {x["prefix"]: x for x in f["routes"]}
g = {x["id"]: x for x in f["groups"]}
a = r["10.1.1.0/24"]
ok = a["state"] == "installed" and a["group"] in g and g[a["group"]]["kernel_members"] == 3
ok = ok and sorted(n.split("@")[0] for n in a["next_hops"].split()) == ["10.0.0.105", "10.0.0.106", "10.0.0.107"]
sys.exit(0 if ok and r["10.1.2.0/24"]["state"] == "installed" else 1)' "$T/fib.json"

ns_stop "$PID_LB6"
check "node 106 stops: 10.1.1.0/24 via 105 and 107" wait_for 5 has 10.1.1.0/24 "10.0.0.105 10.0.0.107 "
check "... and 10.1.2.0/24 via 105 only" wait_for 5 has 10.1.2.0/24 "10.0.0.105 "
ns_spawn lb6 "$T/lb6b.log" "$ECMPD" -f -c "$T/lb6.yaml"
check "node 106 comes back: three next hops again" wait_for 15 has 10.1.1.0/24 "10.0.0.105 10.0.0.106 10.0.0.107 "

ns_stop "$PID_LB5"; ns_stop "$PID_LB7"
ip -n "$NS_PREFIX-r" route show > "$T/before-last.txt"
check "with one node left, 10.1.1.0/24 has one next hop" wait_for 10 has 10.1.1.0/24 "10.0.0.106 "
kill -TERM "$PID_R"; wait "$PID_R"
check "at exit the router's routes are gone" sh -c "! ip -n $NS_PREFIX-r route show | grep -q 'proto bgp'"
check "the router logged no error" sh -c "! grep -q '^<3>' '$T/r.log'"

finish
