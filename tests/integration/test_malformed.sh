#!/bin/sh
# Malformed input: a raw test peer (tests/lib/bgp_peer.py) opens a fresh
# session for each malformed class, sends the bad message at the point where
# it matters, and checks that ecmpd answers with the NOTIFICATION RFC 4271 §6,
# RFC 5492, RFC 6608, RFC 7313 and RFC 7606 prescribe (or treats the UPDATE as
# withdraw, with no NOTIFICATION, where RFC 7606 says so), that its log names
# the neighbor and the reason in words, and that it keeps running with its
# other session Established and exchanging KEEPALIVEs throughout.
#
# Topology (all addresses are assigned here, inside the namespaces):
#   d (ecmpd, 10.250.1.1 and 10.250.2.1)
#   m (the malformed peer: 10.250.1.10.. one address, one neighbor per case)
#   g (a good peer: bgp_peer.py hold on 10.250.2.2, hold time 3)
#
# Run as root: sh tests/integration/test_malformed.sh  (ECMPD=... to choose
# the binary, PYTHON=... the interpreter, KEEP_LOGS=1 to keep the logs).
# Takes about 30 s.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ECMPD=${ECMPD:-$top/build/plain/bgpd/ecmpd}
PEER=$top/tests/lib/bgp_peer.py

# the system's Python 3 (standard library only) unless PYTHON says otherwise:
# version-manager shims cost a shell start per probe
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi

if [ "$(id -u)" -ne 0 ]; then echo "skip: needs root (network namespaces)"; exit 77; fi
for tool in ip "$PYTHON"; do
	command -v "$tool" > /dev/null || { echo "skip: $tool not found"; exit 77; }
done
[ -x "$ECMPD" ] || { echo "FAIL - no ecmpd binary at $ECMPD (build it, or set ECMPD)"; echo "0 passed, 1 failed"; exit 1; }

# interface names are ${NS_PREFIX}xy: at most 15 characters
NS_PREFIX=$(echo "emf$$" | cut -c1-13)
. "$top/tests/lib/netns.sh"
T=$NS_TMP

D=10.250.1.1		# ecmpd, toward the malformed peer
G=10.250.2.2		# the good peer
NCASES=49		# neighbors 10.250.1.10 .. 10.250.1.58, one per case; the last one IPv6 only

ns_add d || exit 1
ns_add m || exit 1
ns_add g || exit 1
ns_link d "${NS_PREFIX}dm" $D/24 m "${NS_PREFIX}md" 10.250.1.2/24 || exit 1
ns_link d "${NS_PREFIX}dg" 10.250.2.1/24 g "${NS_PREFIX}gd" $G/24 || exit 1
i=10
while [ $i -lt $((10 + NCASES)) ]; do
	ip -n "$NS_PREFIX-m" addr add "10.250.1.$i/24" dev "${NS_PREFIX}md" || exit 1
	i=$((i + 1))
done

{
	cat <<YAML
router-id: $D
as: 65000
listen: [ { address: $D, port: 179 } ]
control: { socket: $T/ecmpd.sock }
neighbors:
  - { address: $G, as: 65002, description: good-peer, hold-time: 3, keepalive: 1, connect-retry: 1 }
YAML
	i=10
	while [ $i -lt $((9 + NCASES)) ]; do
		echo "  - { address: 10.250.1.$i, as: 65001, passive: true }"
		i=$((i + 1))
	done
	echo "  - { address: 10.250.1.$i, as: 65001, passive: true, families: [ipv6-unicast] }"
} > "$T/ecmpd.yaml"

"$ECMPD" --check -c "$T/ecmpd.yaml" > "$T/check.out" 2>&1
check "the configuration is valid" test $? -eq 0

# ---- the good session: bgp_peer.py listens, ecmpd connects ----
GOOD_STATUS=$T/good.status
ns_spawn g "$T/good.log" "$PYTHON" "$PEER" hold --listen $G --as 65002 --id $G --hold 3 \
	--timeout 20 --max-time 170 --status "$GOOD_STATUS"
GOOD_PID=$LAST_PID
wait_for 5 grep -q '^state=listening' "$GOOD_STATUS"

ns_spawn d "$T/ecmpd.log" "$ECMPD" -f -d -c "$T/ecmpd.yaml"
ECMPD_PID=$LAST_PID
LOG=$T/ecmpd.log

good_fresh() {	# good_fresh: the good session is up and heard from in the last 2.5 s
	kill -0 "$GOOD_PID" 2> /dev/null || return 1
	grep -q '^state=established$' "$GOOD_STATUS" || return 1
	last=$(sed -n 's/^last_rx=//p' "$GOOD_STATUS")
	awk -v l="$last" -v n="$(date +%s.%N)" 'BEGIN { exit !(l > 0 && n - l < 2.5) }'
}
check "the good session is Established" \
	wait_for 10 sh -c "grep -q '^state=established\$' '$GOOD_STATUS' && grep -q 'neighbor $G .*session up' '$LOG'"
if ! kill -0 "$ECMPD_PID" 2> /dev/null || ! grep -q '^state=established$' "$GOOD_STATUS"; then
	echo "ecmpd or the good session did not come up; its log:"; sed 's/^/    /' "$LOG"
	finish; exit 1
fi
check "the good session exchanges KEEPALIVEs" wait_for 3 good_fresh

# ---- one case ----
CASE_N=0
A=""		# the malformed peer's address for the current case
AH=""		# the same in hex
NH=""		# NEXT_HOP attribute for A
GOOD_ATTRS=""	# ORIGIN IGP, AS_PATH 65001 (4-octet), NEXT_HOP A
NLRI=""		# 10.99.N.0/24

next_case() {
	CASE_N=$((CASE_N + 1))
	n=$((9 + CASE_N))
	A=10.250.1.$n
	AH=$(printf '0afa01%02x' $n)
	NH="400304$AH"
	GOOD_ATTRS="40010100 4002060201 0000fde9 $NH"
	NLRI=$(printf '180a63%02x' $n)
	OUT=$T/case$CASE_N.out
	: > "$OUT"
}

probe() {	# probe ARGS...: bgp_peer.py probe from the case's address; @AH@, @NH@,
	# @ATTRS@ and @NLRI@ in ARGS stand for the case's address, NEXT_HOP,
	# good attributes and NLRI
	for arg; do
		shift
		arg=$(printf '%s' "$arg" | sed -e "s/@ATTRS@/$GOOD_ATTRS/g" -e "s/@NH@/$NH/g" \
			-e "s/@NLRI@/$NLRI/g" -e "s/@AH@/$AH/g")
		set -- "$@" "$arg"
	done
	ns_exec m "$PYTHON" "$PEER" probe --connect $D --source "$A" --as 65001 --id "$A" \
		--timeout 4 --name "case $CASE_N ($A)" "$@" >> "$OUT" 2>&1
}

why() { echo "    $*" >> "$OUT"; }

# after_case: ecmpd alive, the good session up and fresh, never down
after_case() {
	ac_ok=0
	kill -0 "$ECMPD_PID" 2> /dev/null || { why "ecmpd is not running any more"; ac_ok=1; }
	good_fresh || { why "the good session is not up and fresh: $(tr '\n' ' ' < "$GOOD_STATUS")"; ac_ok=1; }
	if grep -q "neighbor $G .*session down" "$LOG"; then why "ecmpd logged the good session down"; ac_ok=1; fi
	return $ac_ok
}

show_failure() {
	sed 's/^/    /' "$OUT"
	echo "    ecmpd log for $A:"
	grep "neighbor $A " "$LOG" | sed 's/^/      /'
}

# expect_notify C/S DATA REASON-RE PROBE-ARGS...: the NOTIFICATION C/S, with
# DATA exactly (hex, '' for none, '-' for not prescribed: not checked), the
# connection closed, and log lines naming the neighbor: the NOTIFICATION in
# words, and a reason matching REASON-RE (extended regex, any case) in the
# rest of the lines ('-': the NOTIFICATION's name says it all).
expect_notify() {
	want=$1 data=$2 reason=$3; shift 3
	next_case
	en_ok=0
	if [ "$data" = "-" ]; then
		probe "$@" --expect-notification "$want" || en_ok=1
	else
		probe "$@" --expect-notification "$want" --expect-data "$data" || en_ok=1
	fi
	c=${want%/*} s=${want#*/}
	words=$(sed -n 's/^.*: expect: NOTIFICATION [0-9]*\/[0-9]* (\(.*\))$/\1/p' "$OUT")
	if ! wait_for 2 grep -qF "neighbor $A AS 65001: sent NOTIFICATION $words ($c/$s)" "$LOG"; then
		why "no log line 'neighbor $A AS 65001: sent NOTIFICATION $words ($c/$s)'"; en_ok=1
	fi
	# the reason in ecmpd's own words, beside the NOTIFICATION's name
	if [ "$reason" != "-" ] && ! grep "neighbor $A " "$LOG" | grep -v 'sent NOTIFICATION' |
	    awk -v w="$words" '{ while ((i = index($0, w)) > 0) $0 = substr($0, 1, i - 1) substr($0, i + length(w)); print }' |
	    grep -qiE "$reason"; then
		why "no log line naming $A with the reason (/$reason/) besides the NOTIFICATION's name"; en_ok=1
	fi
	after_case || en_ok=1
	[ $en_ok -eq 0 ] || show_failure
	return $en_ok
}

# expect_up LOG-RE PROBE-ARGS...: no NOTIFICATION, the session stays up with
# KEEPALIVEs; ecmpd logs a line naming the neighbor matching LOG-RE ('': the
# message is well-formed, so no RFC 7606 action may be logged) and sends no
# NOTIFICATION.
expect_up() {
	logre=$1; shift
	next_case
	eu_ok=0
	probe "$@" --expect-up 0.5 || eu_ok=1
	if [ -n "$logre" ] && ! wait_for 2 sh -c "grep 'neighbor $A ' '$LOG' | grep -qiE '$logre'"; then
		why "no log line naming $A matching /$logre/"; eu_ok=1
	fi
	if [ -z "$logre" ] && grep "neighbor $A " "$LOG" | grep -qiE 'treated as withdraw|discarded'; then
		why "ecmpd found an error in a well-formed message"; eu_ok=1
	fi
	if grep -q "neighbor $A .*sent NOTIFICATION" "$LOG"; then
		why "ecmpd sent a NOTIFICATION"; eu_ok=1
	fi
	if grep "neighbor $A .*session down" "$LOG" | grep -qv 'received Cease'; then
		why "ecmpd took the session down"; eu_ok=1
	fi
	after_case || eu_ok=1
	[ $eu_ok -eq 0 ] || show_failure
	return $eu_ok
}

MARK=ffffffffffffffffffffffffffffffff

echo "# message header (RFC 4271 §6.1)"
check "bad marker in Established: 1/1" \
	expect_notify 1/1 - 'marker' --send "raw:ffffffffffffffffffffffffffffff fe 0013 04"
check "bad marker as the first message (OpenSent): 1/1" \
	expect_notify 1/1 - 'marker' --at opensent --send "raw:00000000000000000000000000000000 0013 04"
check "length 18 (< 19): 1/2, data 0012" \
	expect_notify 1/2 0012 'length' --send "raw:$MARK 0012 04"
check "length 4097 (> 4096): 1/2, data 1001" \
	expect_notify 1/2 1001 'length' --send "raw:$MARK 1001 02"
check "message type 42: 1/3, data 2a" \
	expect_notify 1/3 2a 'type' --send "msg:42:"
check "KEEPALIVE with a body (length 20): 1/2, data 0014" \
	expect_notify 1/2 0014 'length' --send "msg:4:00"
# 19 + 4 + 20 (attributes) + 4 x 1100 (NLRI) = 4443 octets
BIG="update::@ATTRS@:(180a6301)*1100"
check "a 4443-octet UPDATE, extended message not negotiated: 1/2, data 115b" \
	expect_notify 1/2 115b 'length' --send "$BIG"
check "the same UPDATE with extended message negotiated is accepted" \
	expect_up '' --extra-caps 0600 --send "$BIG"

echo "# OPEN (RFC 4271 §6.2, RFC 5492)"
check "version 3: 2/1, data 0004" \
	expect_notify 2/1 0004 'version' --at open --version 3
check "version 5: 2/1, data 0004" \
	expect_notify 2/1 0004 'version' --at open --version 5
check "wrong peer AS (65099, configured 65001): 2/2" \
	expect_notify 2/2 - '65099' --at open --as 65099
check "BGP identifier 0.0.0.0: 2/3" \
	expect_notify 2/3 - 'identifier' --at open --id 0.0.0.0
check "hold time 1: 2/6" \
	expect_notify 2/6 - 'hold time' --at open --hold 1
check "hold time 2: 2/6" \
	expect_notify 2/6 - 'hold time' --at open --hold 2
check "unsupported optional parameter type 3: 2/4" \
	expect_notify 2/4 - 'optional parameter' --at open --opt-params "0302abcd"
check "capability length past its parameter (AS4 says 6, 2 follow): 2/0" \
	expect_notify 2/0 - 'capabilit' --at open --opt-params "0204 4106 0000"
check "4-octet AS capability of length 2: 2/0" \
	expect_notify 2/0 - 'capabilit' --at open --caps "010400010001 4102fde9"
check "Opt Parm Len past the end of the OPEN: 2/0" \
	expect_notify 2/0 - 'optional parameters length' --at opensent \
	--send "msg:1:04 fde9 0003 @AH@ 10 0206 4104 0000fde9"

# a capability ecmpd requires: ecmpd requires none by default; find out
cap_required() {	# 2/7 with the required capabilities as data, and logged
	cr_ok=0
	grep -q 'NOTIFICATION 2/7 .* data=[0-9a-f]' "$OUT" || { why "2/7 without data"; cr_ok=1; }
	grep -q "neighbor $A .*Unsupported Capability" "$LOG" || { why "2/7 not logged"; cr_ok=1; }
	after_case || cr_ok=1
	[ $cr_ok -eq 0 ] || show_failure
	return $cr_ok
}
cap_accepted() {	# Established: no NOTIFICATION, and logged as up
	ca_ok=0
	grep -q "neighbor $A .*session up" "$LOG" || { why "no 'session up' logged"; ca_ok=1; }
	after_case || ca_ok=1
	[ $ca_ok -eq 0 ] || show_failure
	return $ca_ok
}
next_case
probe --at established --caps none --timeout 1 --expect-any
if grep -q 'NOTIFICATION 2/7' "$OUT"; then
	check "an OPEN without capabilities: 2/7 naming what is required" cap_required
elif grep -q 'result: no NOTIFICATION' "$OUT"; then
	check "an OPEN without any capability is accepted" cap_accepted
	echo "skip - missing required capability (2/7): ecmpd requires no capability by default"
else
	check "an OPEN without capabilities: Established, or 2/7 naming what is required" \
		sh -c "sed 's/^/    /' '$OUT'; false"
fi

echo "# unexpected messages (RFC 4271 §8.2.2, RFC 6608)"
check "UPDATE in OpenSent: 5/1, data 02" \
	expect_notify 5/1 02 - --at opensent --send "update::@ATTRS@:@NLRI@"
check "KEEPALIVE in OpenSent: 5/1, data 04" \
	expect_notify 5/1 04 - --at opensent --send keepalive
check "UPDATE in OpenConfirm: 5/2, data 02" \
	expect_notify 5/2 02 - --at openconfirm --send "update::@ATTRS@:@NLRI@"
check "OPEN in Established: 5/3, data 01" \
	expect_notify 5/3 01 - --send open

echo "# UPDATE (RFC 4271 §6.3, RFC 7606)"
check "control: a well-formed UPDATE is accepted" \
	expect_up '' --send "update::@ATTRS@:@NLRI@"
check "ORIGIN with flags 0xc0, NLRI present: treat-as-withdraw, no NOTIFICATION" \
	expect_up 'treated as withdraw' --send "update::c0010100 4002060201 0000fde9 @NH@:@NLRI@"
check "AS_PATH segment overrunning its attribute, NLRI present: treat-as-withdraw" \
	expect_up 'treated as withdraw' --send "update::40010100 4002060202 0000fde9 @NH@:@NLRI@"
check "NEXT_HOP missing, NLRI present: treat-as-withdraw, no NOTIFICATION" \
	expect_up 'treated as withdraw' --send "update::40010100 4002060201 0000fde9:@NLRI@"
check "NEXT_HOP of length 5, NLRI present: treat-as-withdraw" \
	expect_up 'treated as withdraw' --send "update::40010100 4002060201 0000fde9 400305 @AH@ 00:@NLRI@"
check "MULTI_EXIT_DISC of length 3, NLRI present: treat-as-withdraw" \
	expect_up 'treated as withdraw' --send "update::@ATTRS@ 800403 000001:@NLRI@"
check "ATOMIC_AGGREGATE of length 1: attribute discard, no NOTIFICATION" \
	expect_up 'discarded' --send "update::@ATTRS@ 40060100:@NLRI@"
check "LOCAL_PREF from an external peer: attribute discard, no NOTIFICATION" \
	expect_up 'discarded' --send "update::@ATTRS@ 40050400000064:@NLRI@"
check "unrecognized well-known attribute 99: 3/2, data the attribute" \
	expect_notify 3/2 40630100 'well-known' --send "update::@ATTRS@ 40630100:@NLRI@"
check "withdrawn routes length 256 past the message: 3/1" \
	expect_notify 3/1 - 'withdrawn' --send "msg:2:0100 180a6301 0000"
check "NLRI prefix length 33: 3/10" \
	expect_notify 3/10 - 'prefix|network|NLRI' --send "update::@ATTRS@:21 0a630100 00"
check "MP_REACH_NLRI twice: 3/1" \
	expect_notify 3/1 - 'MP_REACH' --send \
	"update::40010100 4002060201 0000fde9 800e0d 0001 01 04 @AH@ 00 180a6401 800e0d 0001 01 04 @AH@ 00 180a6402:"
check "ORIGIN 3 and no NLRI at all: 3/6 session reset, data the attribute" \
	expect_notify 3/6 40010103 'ORIGIN' --send "update::40010103 4002060201 0000fde9 @NH@:"

echo "# ROUTE-REFRESH (RFC 7313 §5)"
check "BoRR with a 5-octet body: 7/1, data the whole message" \
	expect_notify 7/1 "${MARK}0018050001010100" 'ROUTE-REFRESH' \
	--extra-caps 4600 --send "msg:5:0001 01 01 00"
check "BoRR with a 3-octet body: 7/1, data the whole message" \
	expect_notify 7/1 "${MARK}001605000101" 'ROUTE-REFRESH' \
	--extra-caps 4600 --send "msg:5:0001 01"

echo "# a capability the session needs (RFC 5492): the last neighbor speaks IPv6 only"
while [ "$CASE_N" -lt $((NCASES - 1)) ]; do next_case; done
check "an IPv6-only neighbor whose OPEN lacks MP IPv6: 2/7, data the MP capability" \
	expect_notify 2/7 010400020001 'IPv6|MP|multiprotocol|capabilit' --at open --caps "41040000fde9"

echo "# afterwards"
check "ecmpd is still running" kill -0 "$ECMPD_PID"
check "the good session never went down (ecmpd's log)" sh -c "! grep -q 'neighbor $G .*session down' '$LOG'"
check "the good session is still up and exchanging KEEPALIVEs" good_fresh
ka=$(sed -n 's/^rx_keepalive=//p' "$GOOD_STATUS")
since=$(sed -n 's/^since=//p' "$GOOD_STATUS")
check "the good peer received a KEEPALIVE about every second ($ka)" \
	awk -v k="$ka" -v s="$since" -v n="$(date +%s.%N)" 'BEGIN { exit !(k >= (n - s) * 0.8 - 1) }'

finish
