#!/bin/sh
# The README's first command (run as root on Debian 12): builds ecmpd, then
# brings up the BGP sessions of the seed papers' topology in network
# namespaces — an upstream router (10.0.0.110), a route reflector
# (10.0.0.109) taking the load balancers' sessions through a dynamic-neighbors
# range of the pod network (172.16.0.0/16, add-path send all), four LB nodes
# (10.0.0.105-108) — shows them with ecmpctl, stops an LB node and shows the
# reflector notice, brings it back, and tears everything down.
#
# The LB nodes announce the services (10.1.1.0/24 from all four,
# 10.1.2.0/24 from two, next hop the node), and the reflector's RIB shows a
# path per node, following them as they stop and start. Not shown yet:
# reflection to the router and its kernel ECMP route (the next issues). `contrib/demo/run.sh --decode` also prints, in words, a BGP
# session captured between real BIRD and FRR daemons (tests/fixtures/peers).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ -n "${SKIP_DEPS:-}" ] || sh contrib/deps.sh
if [ ! -x build/plain/bgpd/ecmpd ] || [ ! -x build/plain/bgpd/ecmpctl ]; then
	echo "building ecmpd ..."
	autoreconf -fi >/dev/null
	mkdir -p build/plain
	(cd build/plain && "$top/configure" -q && make -s -j"$(nproc 2>/dev/null || echo 2)" bgpd/ecmpd bgpd/ecmpctl)
fi
ECMPD=$top/build/plain/bgpd/ecmpd
ECMPCTL=$top/build/plain/bgpd/ecmpctl
NS_PREFIX=edemo
. "$top/tests/lib/netns.sh"
T=$NS_TMP

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "topology: one L2 segment (a bridge), 10.0.0.0/24 for nodes, 172.16.0.0/16 for pods"
ns_add sw
ip -n "$NS_PREFIX-sw" link add br0 type bridge
ip -n "$NS_PREFIX-sw" link set br0 up
host() {	# host NAME NODE-ADDR POD-ADDR
	ns_add "$1"
	ip link add "d-$1" netns "$NS_PREFIX-$1" type veth peer name "b-$1" netns "$NS_PREFIX-sw"
	ip -n "$NS_PREFIX-sw" link set "b-$1" master br0 up
	ip -n "$NS_PREFIX-$1" addr add "$2/24" dev "d-$1"
	[ -n "$3" ] && ip -n "$NS_PREFIX-$1" addr add "$3/16" dev "d-$1"
	ip -n "$NS_PREFIX-$1" link set "d-$1" up
}
host router 10.0.0.110 ""
host rr 10.0.0.109 172.16.0.1
for i in 5 6 7 8; do host "lb$i" "10.0.0.10$i" "172.16.1.$i"; done
echo "router 10.0.0.110, reflector 10.0.0.109 (pods 172.16.0.1), LB nodes 10.0.0.105-108 (pods 172.16.1.5-8)"

cat > "$T/rr.yaml" <<YAML
router-id: 10.0.0.109
as: 65021
cluster-id: 10.0.0.109
control: { socket: $T/rr.sock }
peer-groups:
  lb-pods: { as: 65021, route-reflector-client: true, add-path: { send: all, receive: true } }
dynamic-neighbors:
  - { prefix: 172.16.0.0/16, peer-group: lb-pods, limit: 1000 }
neighbors:
  - { address: 10.0.0.110, as: 65021, description: upstream-router, add-path: { send: all } }
YAML
cat > "$T/router.yaml" <<YAML
router-id: 10.0.0.110
as: 65021
control: { socket: $T/router.sock }
multipath: { ibgp: 64 }
neighbors:
  - { address: 10.0.0.109, as: 65021, description: route-reflector, add-path: { receive: true } }
YAML
for i in 5 6 7 8; do
	# every LB node announces service 10.1.1.0/24; nodes 5 and 6 also 10.1.2.0/24 (Table 6.2)
	svc2=""
	[ "$i" -le 6 ] && svc2="  - { prefix: 10.1.2.0/24, next-hop: 10.0.0.10$i }"
	cat > "$T/lb$i.yaml" <<YAML
router-id: 10.0.0.10$i
as: 65021
listen: []
control: { socket: $T/lb$i.sock }
neighbors:
  - { address: 172.16.0.1, as: 65021, local-address: 172.16.1.$i, description: route-reflector, connect-retry: 2 }
networks:
  - { prefix: 10.1.1.0/24, next-hop: 10.0.0.10$i }
$svc2
YAML
done

say "ecmpd --check on the reflector's configuration"
"$ECMPD" --check -c "$T/rr.yaml" && echo "$T/rr.yaml: ok"

say "starting the reflector, the router and four LB nodes"
ns_spawn rr "$T/rr.log" "$ECMPD" -f -c "$T/rr.yaml"
ns_spawn router "$T/router.log" "$ECMPD" -f -c "$T/router.yaml"
for i in 5 6 7 8; do
	ns_spawn "lb$i" "$T/lb$i.log" "$ECMPD" -f -c "$T/lb$i.yaml"
	eval "PID_LB$i=\$LAST_PID"
done
up_count() { grep -c 'session up' "$T/rr.log" || true; }
wait_for 20 sh -c "[ \$(grep -c 'session up' $T/rr.log) -ge 5 ]" || echo "(not all sessions came up in 20 s)"

say "ecmpctl show summary on the reflector"
"$ECMPCTL" -s "$T/rr.sock" show summary
say "ecmpctl show neighbor 10.0.0.110 on the reflector (negotiated capabilities)"
"$ECMPCTL" -s "$T/rr.sock" show neighbor 10.0.0.110 | sed -n '1,30p'

say "ecmpctl show rib on the reflector: one path per LB node and service"
wait_for 5 sh -c "'$ECMPCTL' -s '$T/rr.sock' show rib | grep -c 10.0.0.10 | grep -qx 6" || true
"$ECMPCTL" -s "$T/rr.sock" show rib

say "LB node 10.0.0.107 stops (SIGTERM): it sends Cease / Administrative Shutdown"
ns_stop "$PID_LB7"
sleep 0.5
grep 'neighbor 172.16.1.7 ' "$T/rr.log" | sed 's/^<[0-9]*>//' | tail -n 3
"$ECMPCTL" -s "$T/rr.sock" show summary | grep 'dynamic neighbors'
"$ECMPCTL" -s "$T/rr.sock" show rib 10.1.1.0/24

say "LB node 10.0.0.107 comes back"
ns_spawn lb7 "$T/lb7b.log" "$ECMPD" -f -c "$T/lb7.yaml"
wait_for 10 grep -q 'session up' "$T/lb7b.log" || true
"$ECMPCTL" -s "$T/rr.sock" show summary | grep 'dynamic neighbors'

say "the reflector's log"
sed 's/^<[0-9]*>//' "$T/rr.log"

if [ "${1:-}" = "--decode" ]; then
	say "a BGP session captured between BIRD and FRR, decoded by ecmpctl decode"
	"$ECMPCTL" decode < tests/fixtures/peers/bird2-frr.txt
fi

say "tearing down (every namespace and process of this demo)"
