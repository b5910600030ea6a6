#!/bin/bash
# ecmpd against ExaBGP (exabgp 4.2), in network namespaces.
#
#   p1  eBGP, ecmpd active (ExaBGP passive, listening); ExaBGP AS 4200000001
#       (4-octet); add-path: ExaBGP send/receive (two paths for
#       10.252.1.0/24), ecmpd receives
#   p2  iBGP, ecmpd passive (ExaBGP active); add-path both ways
#   p3  eBGP + TCP MD5 (md5-password), same key, ecmpd active (ExaBGP passive)
#   p4  eBGP + TCP MD5, same key, ecmpd passive (ExaBGP active)
#   p5  eBGP + TCP MD5, ExaBGP has a wrong key, ecmpd passive (ExaBGP
#       active): never Established
#   p6  eBGP + TCP MD5, ExaBGP has a wrong key, ecmpd active (ExaBGP
#       passive): never Established (ExaBGP listens only when passive, so
#       "both active" is two sessions here)
# Then ecmpd gets SIGTERM.  ExaBGP's view comes from its API
# (tests/interop/exabgp-api.py logs it): state changes, the OPEN it got
# from ecmpd, "show neighbor extensive", and the raw NOTIFICATION.
#
# ExaBGP 4.2.21 cannot decode a Cease / Administrative Shutdown that carries
# an RFC 8203/9003 message from anyone (Notification.__init__ formats a str
# into bytes: TypeError), so it answers with NOTIFICATION 1/0 "can not
# decode update message of type "3"" and never shows the text itself.  The
# shutdown checks therefore read the NOTIFICATION as ExaBGP received it
# (API "packets": code 6, subcode 2, length, "ecmpd shutting down").
#
# Run as root: bash tests/interop/test_exabgp.sh  (KEEP_LOGS=1, VERBOSE=1)
NS_PREFIX=iax
IA_NET=5
. "$(dirname "$0")/lib.sh"
ia_require exabgp

MY_AS=65000
ia_topo 6

ia_log "starting exabgp x6"
exa_start 1 LOCAL_AS=4200000001 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 ADDPATH=1
exa_start 2 LOCAL_AS=$MY_AS PEER_AS=$MY_AS HOLD=30 ADDPATH=1 IBGP=1
exa_start 3 LOCAL_AS=4200000003 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 MD5=1 PASSWORD=md5-key-p3
exa_start 4 LOCAL_AS=4200000004 PEER_AS=$MY_AS HOLD=30 MD5=1 PASSWORD=md5-key-p4
exa_start 5 LOCAL_AS=4200000005 PEER_AS=$MY_AS HOLD=30 MD5=1 PASSWORD=not-the-key
exa_start 6 LOCAL_AS=4200000006 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 MD5=1 PASSWORD=not-the-key
ia_ready_all

{
	ecmpd_conf_head $MY_AS
	cat << EOT
  - address: $(ia_p4 1)
    as: 4200000001
    description: "exabgp p1 ebgp"
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { receive: true }
  - address: $(ia_p4 2)
    as: $MY_AS
    description: "exabgp p2 ibgp"
    passive: true
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { send: all, receive: true }
  - address: $(ia_p4 3)
    as: 4200000003
    password: md5-key-p3
  - address: $(ia_p4 4)
    as: 4200000004
    passive: true
    password: md5-key-p4
  - address: $(ia_p4 5)
    as: 4200000005
    passive: true
    password: md5-key-p5
  - address: $(ia_p4 6)
    as: 4200000006
    password: md5-key-p6
EOT
} > "$NS_TMP/ecmpd.yaml"
ia_log "starting ecmpd"
ecmpd_start "$NS_TMP/ecmpd.yaml"

# (1) eBGP, ecmpd active
ia_check_up 1 "ebgp/ecmpd-active" outgoing
check "ebgp/ecmpd-active: exabgp reports state up" ia_wait "$(ia_left 25)" exa_established 1
# (2) iBGP, ecmpd passive
ia_check_up 2 "ibgp/ecmpd-passive" incoming
check "ibgp/ecmpd-passive: exabgp reports state up" ia_wait "$(ia_left 25)" exa_established 2
ia_log "p1 p2 up"

# (3) capabilities, ecmpd's view ...
ia_check_caps 1 "caps ebgp" "ipv4 rx ipv6 rx"
ia_check_caps 2 "caps ibgp" "ipv4 rxtx ipv6 rxtx"
# ... and ExaBGP's: the OPEN it parsed from ecmpd
open_cap='m["type"] == "open" and m["neighbor"]["direction"] == "receive" and m["neighbor"]["open"]["capabilities"]'
check "caps ebgp: exabgp: ecmpd's OPEN has asn4 65000, My AS 65000" \
	exa_json 1 "${open_cap}['65']['asn4'] == 65000 and m['neighbor']['open']['asn'] == 65000"
check "caps ebgp: exabgp: ecmpd's OPEN has multiprotocol ipv4/unicast ipv6/unicast" \
	exa_json 1 "${open_cap}['1']['families'] == ['ipv4/unicast', 'ipv6/unicast']"
check "caps ebgp: exabgp: ecmpd's OPEN has addpath ipv4/unicast receive, ipv6/unicast receive" \
	exa_json 1 "${open_cap}['69']['ipv4/unicast'] == 'receive' and ${open_cap}['69']['ipv6/unicast'] == 'receive'"
check "caps ebgp: exabgp: ecmpd's OPEN has route-refresh" exa_json 1 "${open_cap}['2']['name'] == 'route-refresh'"
check "caps ibgp: exabgp: ecmpd's OPEN has asn4 65000" exa_json 2 "${open_cap}['65']['asn4'] == 65000"
check "caps ibgp: exabgp: ecmpd's OPEN has addpath ipv4/unicast send/receive, ipv6/unicast send/receive" \
	exa_json 2 "${open_cap}['69']['ipv4/unicast'] == 'send/receive' and ${open_cap}['69']['ipv6/unicast'] == 'send/receive'"
# ... and what ExaBGP negotiated (show neighbor extensive: Local / Remote;
# its Add-Path column says "enabled" only when both directions are in use)
exa_show 1 "$NS_TMP/p1/show.txt" || echo "# exabgp p1 did not answer show neighbor extensive"
exa_show 2 "$NS_TMP/p2/show.txt" || echo "# exabgp p2 did not answer show neighbor extensive"
# xshow I REGEX: a line of ExaBGP's answer (runs of blanks squeezed)
xshow() {
	local f=$NS_TMP/p$1/show.txt re
	shift
	for re in "$@"; do tr -s ' ' < "$f" | grep -qE "$re" || return 1; done
}
check "caps ebgp: exabgp: state ESTABLISHED, AS 4200000001 / 65000" \
	xshow 1 '^ state ESTABLISHED' '^ AS 4200000001 65000'
check "caps ebgp: exabgp: asn4 enabled enabled" xshow 1 '^ asn4: enabled enabled'
check "caps ebgp: exabgp: add-path enabled enabled" xshow 1 '^ add-path: enabled enabled'
check "caps ebgp: exabgp: ipv4 and ipv6 unicast enabled both sides, add-path one way only (disabled)" \
	xshow 1 '^ ipv4 unicast: enabled enabled disabled' '^ ipv6 unicast: enabled enabled disabled'
check "caps ibgp: exabgp: asn4 enabled enabled" xshow 2 '^ asn4: enabled enabled'
check "caps ibgp: exabgp: ipv4 and ipv6 unicast add-path both ways (enabled)" \
	xshow 2 '^ ipv4 unicast: enabled enabled enabled' '^ ipv6 unicast: enabled enabled enabled'

# (4) TCP MD5
check "md5 same key, ecmpd active: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 3
check "md5 same key, ecmpd active: exabgp reports state up" ia_wait "$(ia_left 25)" exa_established 3
check "md5 same key, ecmpd passive: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 4
check "md5 same key, ecmpd passive: exabgp reports state up" ia_wait "$(ia_left 25)" exa_established 4
ia_log "md5 sessions up"
ia_log "waiting for the wrong-key session (10 s after ecmpd's start)"
ia_wait_until 11
check "md5 wrong key, ecmpd passive: ecmpd never logs session up (10 s)" ecmpd_never_up 5
# exa_never_up I: ExaBGP never told its API the session was up
exa_never_up() { ! grep -q '"state": "up"' "$NS_TMP/p$1/api.log"; }
check "md5 wrong key, ecmpd passive: exabgp never reported state up" exa_never_up 5
check "md5 wrong key, ecmpd passive: the kernel dropped bad-MD5 segments (ecmpd's side)" \
	ia_md5_failures_seen e
check "md5 wrong key, ecmpd active: ecmpd never logs session up (10 s)" ecmpd_never_up 6
check "md5 wrong key, ecmpd active: exabgp never reported state up" exa_never_up 6
check "md5 wrong key, ecmpd active: the kernel dropped bad-MD5 segments (exabgp's side)" \
	ia_md5_failures_seen p6

check "ecmpd logged no warning or error so far (every UPDATE decoded, path ids included)" \
	ecmpd_quiet

# (5) SIGTERM: Cease / Administrative Shutdown "ecmpd shutting down"
all_established() { local k; for k in "$@"; do exa_established "$k" || return 1; done; }
check "before SIGTERM: p1 p2 p3 p4 still up in exabgp" all_established 1 2 3 4
ia_log "SIGTERM to ecmpd"
ecmpd_stop
ia_log "ecmpd exited: $ECMPD_RC"
check "shutdown: ecmpd exits 0 on SIGTERM" test "$ECMPD_RC" = 0
# 06 02 = Cease / Administrative Shutdown, 13 = 19 octets of text
notif_body=0x0602$(printf '%02X' 19)$(printf 'ecmpd shutting down' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
for k in 1 2 3 4; do
	check "shutdown: ecmpd logs sent NOTIFICATION Cease / Administrative Shutdown to p$k" \
		ecmpd_has $k 'sent NOTIFICATION Cease / Administrative Shutdown \(6/2\)'
	check "shutdown: exabgp p$k received NOTIFICATION 6/2 with the text \"ecmpd shutting down\"" \
		ia_wait "$(ia_left 5)" exa_json $k "m['type'] == 'notification' and m['neighbor']['direction'] == 'receive' and m['neighbor']['message']['body'] == '$notif_body'"
	check "shutdown: exabgp p$k reports state down" ia_wait "$(ia_left 5)" exa_not_established $k
done

ia_finish
