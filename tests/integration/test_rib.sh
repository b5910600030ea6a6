#!/bin/sh
# Routes into the RIB: a raw test peer (tests/lib/bgp_peer.py) announces
# prefixes, ecmpctl shows them held for that neighbor, they leave with the
# session, an AS loop is refused, and max-prefix closes the session with
# Cease / Maximum Number of Prefixes Reached (RFC 4486), data AFI/SAFI/limit.
# Run as root: tests/integration/test_rib.sh   (ECMPD=... to choose the binary)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ECMPD=${ECMPD:-$top/build/plain/bgpd/ecmpd}
ECMPCTL=${ECMPCTL:-$(dirname "$ECMPD")/ecmpctl}
PYTHON=${PYTHON:-/usr/bin/python3}
PEER=$top/tests/lib/bgp_peer.py
NS_PREFIX=$(echo "erb$$" | cut -c1-8)
. "$top/tests/lib/netns.sh"
T=$NS_TMP

ns_add d; ns_add m
ns_link d vd 10.249.1.1/24 m vm 10.249.1.2/24
ip -n "$NS_PREFIX-m" addr add 10.249.1.3/24 dev vm
cat > "$T/d.yaml" <<YAML
router-id: 10.249.1.1
as: 65000
listen: [ { address: 10.249.1.1, port: 179 } ]
control: { socket: $T/d.sock }
neighbors:
  - { address: 10.249.1.2, as: 65001, passive: true }
  - { address: 10.249.1.3, as: 65001, passive: true, max-prefix: { limit: 5, restart: 0 } }
YAML
# systemd's notification socket, played by a small listener that records each datagram
"$PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
with open(sys.argv[2], "a") as f:
    while True:
        try:
            msg = s.recv(4096)
        except socket.timeout:
            break
        f.write(msg.decode(errors="replace") + "\n")
        f.flush()' "$T/notify.sock" "$T/notify.log" &
NS_PIDS="$NS_PIDS $!"
wait_for 5 test -S "$T/notify.sock"
ns_spawn d "$T/d.log" env NOTIFY_SOCKET="$T/notify.sock" "$ECMPD" -f -d -c "$T/d.yaml"
PID_D=$LAST_PID
wait_for 5 test -S "$T/d.sock"

ATTRS="40010100 4002060201 0000fde9 400304 0af90102"
held() {	# held ADDR: paths of that neighbor in the Adj-RIB-In
	"$ECMPCTL" -s "$T/d.sock" show neighbor "$1" --json |
		"$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["neighbor"]["prefixes_received"])'
}

# three prefixes, then the session stays up 4 s
ns_exec m "$PYTHON" "$PEER" probe --connect 10.249.1.1 --source 10.249.1.2 --as 65001 \
	--id 10.249.1.2 --send "update::$ATTRS:180a0101 180a0102 180a0103" --expect-up 4 \
	> "$T/p1.out" 2>&1 &
P1=$!
NS_PIDS="$NS_PIDS $P1"
wait_for 4 sh -c "[ \"\$(\"$ECMPCTL\" -s $T/d.sock show neighbor 10.249.1.2 --json 2>/dev/null | $PYTHON -c 'import json,sys; print(json.load(sys.stdin)[\"neighbor\"][\"prefixes_received\"])')\" = 3 ]"
n=$(held 10.249.1.2)
check "three announced prefixes are held for the neighbor ($n)" test "$n" = 3
"$ECMPCTL" -s "$T/d.sock" show rib 10.1.1.0/24 --json > "$T/rib.json"
check "show rib PREFIX --json: the path is best, from the neighbor, next hop as sent" "$PYTHON" -c '
import json, sys
p = json.load(open(sys.argv[1]))["paths"]
sys.exit(0 if len(p) == 1 and p[0]["best"] and p[0]["neighbor"] == "10.249.1.2"
         and p[0]["next_hop"] == "10.249.1.2" and p[0]["as_path"] == "65001" else 1)' "$T/rib.json"
check "show rib lists all three prefixes" sh -c "[ \$('$ECMPCTL' -s '$T/d.sock' show rib | grep -c '^10\.1\.[123]\.0/24') -eq 3 ]"
wait "$P1"
check "the session stayed up (no NOTIFICATION)" grep -q 'result: established, .* no NOTIFICATION' "$T/p1.out"
check "the paths left with the session" wait_for 5 sh -c "grep -q 'neighbor 10.249.1.2 .*3 paths withdrawn with the session' $T/d.log"

# our own AS in the path of an eBGP route: refused
ns_exec m "$PYTHON" "$PEER" probe --connect 10.249.1.1 --source 10.249.1.2 --as 65001 \
	--id 10.249.1.2 --send "update::40010100 400206020200 00fde9 0000fde8 400304 0af90102:180a0109" \
	--expect-up 2 > "$T/p2.out" 2>&1 &
P2=$!
NS_PIDS="$NS_PIDS $P2"
sleep 1
n=$(held 10.249.1.2)
check "a route with our AS in its AS_PATH is refused ($n held)" test "$n" = 0
wait "$P2"

# six prefixes against a limit of five
ns_exec m "$PYTHON" "$PEER" probe --connect 10.249.1.1 --source 10.249.1.3 --as 65001 \
	--id 10.249.1.3 --send "update::40010100 4002060201 0000fde9 400304 0af90103:180a0201 180a0202 180a0203 180a0204 180a0205 180a0206" \
	--expect-notification 6/1 --expect-data 00010100000005 > "$T/p3.out" 2>&1
check "max-prefix: Cease / Maximum Number of Prefixes Reached, data AFI SAFI limit" test $? -eq 0
check "max-prefix is logged with the neighbor" grep -q 'neighbor 10.249.1.3 .*max-prefix 5 exceeded (6 paths)' "$T/d.log"
check "the neighbor stays down (restart 0)" sh -c "'$ECMPCTL' -s '$T/d.sock' show summary | grep -q '^10.249.1.3 .*Idle'"

check "ecmpd logged no error" sh -c "! grep -q '^<3>' '$T/d.log'"
check "sd_notify: READY=1 once started" grep -qx 'READY=1' "$T/notify.log"
check "sd_notify: a STATUS= summary" grep -q '^STATUS=[0-9]* peers, [0-9]* established' "$T/notify.log"
kill -TERM "$PID_D"
check "sd_notify: STOPPING=1 on SIGTERM" wait_for 5 grep -qx 'STOPPING=1' "$T/notify.log"

finish
