#!/bin/sh
# ecmpd with ecmpd in network namespaces: eBGP and iBGP sessions, active and
# passive, TCP MD5 (right and wrong key), a dynamic-neighbors range taking
# 50 sessions and refusing one from outside and one over its limit, the
# hold timer noticing a cut link, and reloads (one that adds a neighbor
# leaves the running session alone; a broken file changes nothing).
# Run as root: tests/integration/test_sessions.sh   (ECMPD=... to choose the binary)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ECMPD=${ECMPD:-$top/build/plain/bgpd/ecmpd}
ECMPCTL=${ECMPCTL:-$(dirname "$ECMPD")/ecmpctl}
NS_PREFIX="ess$$"
NS_PREFIX=$(echo "$NS_PREFIX" | cut -c1-8)
. "$top/tests/lib/netns.sh"

T=$NS_TMP
# topology: r (the system under test) -- a (a peer) on 10.252.1.0/24,
#           r -- c (many clients) on 10.252.2.0/24, clients in 10.252.2.0/25
ns_add r; ns_add a; ns_add c
ns_link r vr 10.252.1.1/24 a va 10.252.1.2/24
ns_link r vrc 10.252.2.1/24 c vc 10.252.2.200/24
for i in $(seq 10 61); do ip -n "$NS_PREFIX-c" addr add "10.252.2.$i/24" dev vc; done

up_in() { grep -q "neighbor $2 .*session up" "$1"; }
down_in() { grep -q "neighbor $2 .*session down$3" "$1"; }

cat > "$T/r.yaml" <<YAML
router-id: 10.252.1.1
as: 65001
listen: [ { address: 0.0.0.0, port: 179 } ]
control: { socket: $T/r.sock, readonly-socket: $T/r-ro.sock }
hold-time: 3
peer-groups:
  clients: { as: 65001, passive: true }
dynamic-neighbors:
  - { prefix: 10.252.2.0/26, peer-group: clients, limit: 50, password: rangekey }
neighbors:
  - { address: 10.252.1.2, as: 65002, description: peer-a, password: s3cret }
YAML
cat > "$T/a.yaml" <<YAML
router-id: 10.252.1.2
as: 65002
listen: [ { address: 10.252.1.2, port: 179 } ]
control: { socket: $T/a.sock }
hold-time: 3
neighbors:
  - { address: 10.252.1.1, as: 65001, password: s3cret }
YAML

"$ECMPD" --check -c "$T/r.yaml" > "$T/check.out" 2>&1
check "config of the system under test is valid" test $? -eq 0

ns_spawn r "$T/r.log" "$ECMPD" -f -d -c "$T/r.yaml"; PID_R=$LAST_PID
ns_spawn a "$T/a.log" "$ECMPD" -f -d -c "$T/a.yaml"; PID_A=$LAST_PID
check "eBGP with TCP MD5: Established on both sides" \
	wait_for 15 sh -c "grep -q 'neighbor 10.252.1.2 .*session up' $T/r.log && grep -q 'neighbor 10.252.1.1 .*session up' $T/a.log"
check "the session negotiated 4-octet AS" grep -q 'session up.*4-octet AS yes' "$T/r.log"

# 50 clients from the range (each an ecmpd with its own local address and the
# range's TCP MD5 key), two too many, one outside
for i in $(seq 10 61); do
	cat > "$T/c$i.yaml" <<YAML
router-id: 10.252.2.$i
as: 65001
listen: []
control: { socket: $T/c$i.sock }
neighbors:
  - { address: 10.252.2.1, as: 65001, local-address: 10.252.2.$i, connect-retry: 1, password: rangekey }
YAML
	ns_spawn c "$T/c$i.log" "$ECMPD" -f -c "$T/c$i.yaml"
done
count_up() { n=0; for i in $(seq 10 61); do grep -q "session up" "$T/c$i.log" && n=$((n + 1)); done; echo $n; }
wait_for 20 sh -c "[ \$(grep -c 'dynamic neighbor accepted' $T/r.log) -ge 50 ]"
sleep 2
n_up=$(count_up)
check "50 dynamic neighbors from the range (TCP MD5 key of the range) are Established ($n_up)" test "$n_up" -eq 50
check "the 51st from inside the range is refused: limit" grep -q 'refused: range 10.252.2.0/26 is at its limit of 50' "$T/r.log"
check "the refused client is told: Cease / Connection Rejected" \
	sh -c "grep -q 'received NOTIFICATION Cease / Connection Rejected (6/5)' $T/c60.log $T/c61.log"
# 10.252.2.200 is outside 10.252.2.0/26: a raw connect must be refused and logged
ns_exec c bash -c "exec 3<>/dev/tcp/10.252.2.1/179; sleep 0.5" 2>/dev/null
check "a connection from outside every range is refused and logged" \
	wait_for 5 grep -q 'connection from 10.252.2.200 refused: not a configured neighbor' "$T/r.log"

# ecmpctl: the same facts through the control socket, as text and JSON
ctl() { "$ECMPCTL" -s "$T/r.sock" "$@"; }
jq_py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
ctl show summary > "$T/summary.txt"
check "ecmpctl show summary lists the neighbor Established" grep -q '^10.252.1.2 .*65002 *Established' "$T/summary.txt"
check "ecmpctl show summary shows the range with 50 of 50" grep -q '10.252.2.0/26 (peer group clients): 50 of 50 sessions' "$T/summary.txt"
n=$(ctl show summary --json | jq_py "len(d['dynamic_ranges'][0]['neighbors'])")
check "show summary --json: 50 dynamic neighbors under their range ($n)" test "$n" = 50
st=$(ctl s s json | jq_py "d['neighbors'][0]['state']")
check "abbreviations and a trailing json word: s s json ($st)" test "$st" = Established
as4=$(ctl show neighbor 10.252.1.2 --json | jq_py "d['neighbor']['negotiated']['four_octet_as']")
check "show neighbor --json: 4-octet AS negotiated ($as4)" test "$as4" = True
check "a state-changing command is refused on the read-only socket" \
	sh -c "! '$ECMPCTL' -s '$T/r-ro.sock' neighbor 10.252.1.2 disable 2>&1 | grep -q disabled"
ctl neighbor 10.252.1.2 disable "planned maintenance" > /dev/null
check "neighbor disable sends Cease with the text" \
	wait_for 5 grep -q 'received NOTIFICATION Cease / Administrative Shutdown (6/2): "planned maintenance"' "$T/a.log"
check "a disabled neighbor shows Idle(Admin)" sh -c "'$ECMPCTL' -s '$T/r.sock' show summary | grep -q '^10.252.1.2 .*Idle(Admin)'"
ctl neighbor 10.252.1.2 enable > /dev/null
check "neighbor enable brings the session back" \
	wait_for 15 sh -c "[ \$(grep -c 'neighbor 10.252.1.2 .*session up' $T/r.log) -ge 2 ]"
sed 's/^neighbors:/neighbors:\n  - { address: 10.252.1.98, as: 65098, passive: true }/' "$T/r.yaml" > "$T/r.dry"
cp "$T/r.yaml" "$T/r.keep"; cp "$T/r.dry" "$T/r.yaml"
ctl reload --dry-run > "$T/dry.txt"
cp "$T/r.keep" "$T/r.yaml"
check "reload --dry-run prints the change" grep -q '10.252.1.98' "$T/dry.txt"
check "reload --dry-run changes nothing" sh -c "! '$ECMPCTL' -s '$T/r.sock' show neighbor 10.252.1.98 > /dev/null 2>&1"
ctl log level debug > /dev/null
check "log level through ecmpctl" sh -c "'$ECMPCTL' -s '$T/r.sock' show status | grep -q 'log level: *debug'"

# reload that adds a neighbor: the running session is not touched
sed -i 's/^neighbors:/neighbors:\n  - { address: 10.252.1.99, as: 65099, passive: true }/' "$T/r.yaml"
kill -HUP "$PID_R"
check "reload adding a neighbor is applied" wait_for 5 grep -q 'configuration reloaded.*1 neighbors added, 0 removed, 0 reset' "$T/r.log"
sleep 1
check "reload left the existing session up" sh -c "[ \$(grep -c 'neighbor 10.252.1.2 .*session down' $T/r.log) -eq 1 ]"

# a broken file: error with file:line:column, running config kept
printf 'router-id: 10.252.1.1\nas: 65001\nneighbors:\n  - { address: 10.252.1.300, as: 1 }\n' > "$T/r.yaml"
kill -HUP "$PID_R"
check "a bad reload names file:line:column" wait_for 5 grep -q "r.yaml:4:[0-9]*: " "$T/r.log"
sleep 1
check "a bad reload keeps the session" sh -c "[ \$(grep -c 'neighbor 10.252.1.2 .*session down' $T/r.log) -eq 1 ]"
check "ecmpctl reload with a bad file: exit 1 and file:line:column" \
	sh -c "! '$ECMPCTL' -s '$T/r.sock' reload > $T/badreload.txt 2>&1 && grep -q 'r.yaml:4:' $T/badreload.txt"
check "the daemon survived both reloads" kill -0 "$PID_R"

# a cut link, no FIN: the hold timer (3 s) notices
ip -n "$NS_PREFIX-a" link set va down
check "hold timer expiry detected after a cut link" \
	wait_for 8 grep -q 'neighbor 10.252.1.2 .*session down.*Hold Timer Expired' "$T/r.log"
check "the dynamic sessions stayed up meanwhile" test "$(grep -c 'session down' "$T/r.log")" -eq 2

# a wrong MD5 key: no session
ns_stop "$PID_A"
ip -n "$NS_PREFIX-a" link set va up
sed -i 's/password: s3cret/password: wrong/' "$T/a.yaml"
: > "$T/a2.log"
ns_spawn a "$T/a2.log" "$ECMPD" -f -d -c "$T/a.yaml"
sleep 6
check "a wrong TCP MD5 key gives no session" sh -c "! grep -q 'session up' $T/a2.log"

# IPv6 on a high port with GTSM (RFC 5082) on both ends
ns_add x; ns_add y
ns_link x vx fd00:ec5::1/64 y vy fd00:ec5::2/64
cat > "$T/x.yaml" <<YAML
router-id: 10.252.9.1
as: 65010
listen: [ { address: "::", port: 1179 } ]
control: { socket: $T/x.sock }
neighbors:
  - { address: "fd00:ec5::2", as: 65011, port: 1179, ttl-security: true, families: [ipv6-unicast] }
YAML
sed -e 's/10.252.9.1/10.252.9.2/; s/65010/65011/; s/65011, port/65010, port/; s/fd00:ec5::2/fd00:ec5::1/; s/x.sock/y.sock/' \
	"$T/x.yaml" > "$T/y.yaml"
ns_exec x ip -6 addr show dev vx | grep -q tentative && sleep 2
ns_spawn x "$T/x.log" "$ECMPD" -f -d -c "$T/x.yaml"
ns_spawn y "$T/y.log" "$ECMPD" -f -d -c "$T/y.yaml"
check "IPv6 session on port 1179 with GTSM: Established on both sides" \
	wait_for 15 sh -c "grep -q 'neighbor fd00:ec5::2 .*session up' $T/x.log && grep -q 'neighbor fd00:ec5::1 .*session up' $T/y.log"

# SIGTERM: Cease / Administrative Shutdown to every peer, exit 0
kill -TERM "$PID_R"
wait "$PID_R"; rc=$?
check "SIGTERM: exit status 0" test "$rc" -eq 0
check "SIGTERM: the clients got Cease / Administrative Shutdown with the text" \
	grep -q 'received NOTIFICATION Cease / Administrative Shutdown (6/2): "ecmpd shutting down"' "$T/c10.log"

finish
