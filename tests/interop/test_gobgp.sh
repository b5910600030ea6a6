#!/bin/bash
# ecmpd against GoBGP (gobgpd 3.10), in network namespaces.
#
#   p1  eBGP, ecmpd active (gobgpd passive-mode); gobgpd AS 4200000001
#       (4-octet); add-path: gobgpd sends (send-max 8) and receives, ecmpd
#       only receives
#   p2  iBGP, ecmpd passive (gobgpd active); add-path both ways
#   p3  eBGP + TCP MD5 (auth-password), same key, ecmpd active (gobgpd passive)
#   p4  eBGP + TCP MD5, same key, ecmpd passive (gobgpd active)
#   p5  eBGP + TCP MD5, gobgpd has a wrong key, both active: never Established
# Then ecmpd gets SIGTERM: gobgpd must log the Cease / Administrative
# Shutdown with ecmpd's text (Communicated-Reason="ecmpd shutting down").
#
# Run as root: bash tests/interop/test_gobgp.sh  (KEEP_LOGS=1, VERBOSE=1)
NS_PREFIX=iag
IA_NET=3
. "$(dirname "$0")/lib.sh"
ia_require gobgpd gobgp

MY_AS=65000
ia_topo 5

ia_log "starting gobgpd x5"
gobgp_start 1 LOCAL_AS=4200000001 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 PASSIVE=1 ADDPATH=1
gobgp_start 2 LOCAL_AS=$MY_AS PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 ADDPATH=1
gobgp_start 3 LOCAL_AS=4200000003 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 PASSIVE=1 MD5=1 PASSWORD=md5-key-p3
gobgp_start 4 LOCAL_AS=4200000004 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 MD5=1 PASSWORD=md5-key-p4
gobgp_start 5 LOCAL_AS=4200000005 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 MD5=1 PASSWORD=not-the-key
ia_ready_all

{
	ecmpd_conf_head $MY_AS
	cat << EOT
  - address: $(ia_p4 1)
    as: 4200000001
    description: "gobgp p1 ebgp"
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { receive: true }
  - address: $(ia_p4 2)
    as: $MY_AS
    description: "gobgp p2 ibgp"
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
    password: md5-key-p5
EOT
} > "$NS_TMP/ecmpd.yaml"
ia_log "starting ecmpd"
ecmpd_start "$NS_TMP/ecmpd.yaml"

# (1) eBGP, ecmpd active
ia_check_up 1 "ebgp/ecmpd-active" outgoing
check "ebgp/ecmpd-active: gobgp shows ESTABLISHED" ia_wait "$(ia_left 25)" gobgp_established 1
# (2) iBGP, ecmpd passive
ia_check_up 2 "ibgp/ecmpd-passive" incoming
check "ibgp/ecmpd-passive: gobgp shows ESTABLISHED" ia_wait "$(ia_left 25)" gobgp_established 2
ia_log "p1 p2 up"

# (3) capabilities, ecmpd's view ...
ia_check_caps 1 "caps ebgp" "ipv4 rx ipv6 rx"
ia_check_caps 2 "caps ibgp" "ipv4 rxtx ipv6 rxtx"
# ... and gobgpd's ("gobgp neighbor ADDR": Neighbor capabilities; for
# add-path, "Remote:" lists what ecmpd announced per family)
gobgp_nbr 1 > "$NS_TMP/p1/neighbor.txt"
gobgp_nbr 2 > "$NS_TMP/p2/neighbor.txt"
# gcap I REGEX...: every REGEX matches a line of gobgp neighbor's output for
# link I (tabs become spaces)
gcap() {
	local f=$NS_TMP/p$1/neighbor.txt re
	shift
	for re in "$@"; do tr '\t' ' ' < "$f" | grep -qE "$re" || return 1; done
}
# gap_remote I FAMILY: what ecmpd announced for add-path FAMILY, as gobgpd parsed it
gap_remote() {
	tr '\t' ' ' < "$NS_TMP/p$1/neighbor.txt" | sed -n '/^ *add-path:/,/^    [a-z]/p' |
		sed -n '/Remote:/,$p' | sed -n "s/^ *$2: *//p"
}
gap_remote_is() { [ "$(gap_remote "$1" "$2")" = "$3" ]; }
check "caps ebgp: gobgp: 4-octet-as advertised and received" gcap 1 '^ *4-octet-as: +advertised and received'
check "caps ebgp: gobgp: multiprotocol ipv4-unicast, ipv6-unicast advertised and received" \
	gcap 1 '^ +ipv4-unicast: +advertised and received' '^ +ipv6-unicast: +advertised and received'
check "caps ebgp: gobgp: route-refresh advertised and received" gcap 1 '^ *route-refresh: +advertised and received'
check "caps ebgp: gobgp: add-path advertised and received" gcap 1 '^ *add-path: +advertised and received'
check "caps ebgp: gobgp: ecmpd's add-path ipv4-unicast: receive" gap_remote_is 1 ipv4-unicast receive
check "caps ebgp: gobgp: ecmpd's add-path ipv6-unicast: receive" gap_remote_is 1 ipv6-unicast receive
check "caps ebgp: gobgp: hold time is 30" gcap 1 'Hold time is 30,'
gobgp_advertised() { gobgp_nbr "$1" | grep -qE "^ *Advertised: +$2\$"; }
check "caps ebgp: gobgp advertised 3 routes" ia_wait 5 gobgp_advertised 1 3
check "caps ibgp: gobgp: 4-octet-as advertised and received" gcap 2 '^ *4-octet-as: +advertised and received'
check "caps ibgp: gobgp: ecmpd's add-path ipv4-unicast: receive/send" gap_remote_is 2 ipv4-unicast receive/send
check "caps ibgp: gobgp: ecmpd's add-path ipv6-unicast: receive/send" gap_remote_is 2 ipv6-unicast receive/send

# (4) TCP MD5
check "md5 same key, ecmpd active: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 3
check "md5 same key, ecmpd active: gobgp shows ESTABLISHED" ia_wait "$(ia_left 25)" gobgp_established 3
check "md5 same key, ecmpd passive: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 4
check "md5 same key, ecmpd passive: gobgp shows ESTABLISHED" ia_wait "$(ia_left 25)" gobgp_established 4
ia_log "md5 sessions up"
ia_log "waiting for the wrong-key session (10 s after ecmpd's start)"
ia_wait_until 11
check "md5 wrong key: ecmpd never logs session up (10 s)" ecmpd_never_up 5
check "md5 wrong key: gobgp not ESTABLISHED" gobgp_not_established 5
check "md5 wrong key: the kernel dropped bad-MD5 segments (ecmpd's side)" ia_md5_failures_seen e
check "md5 wrong key: the kernel dropped bad-MD5 segments (gobgpd's side)" ia_md5_failures_seen p5

check "ecmpd logged no warning or error so far (every UPDATE decoded, path ids included)" \
	ecmpd_quiet

# (5) SIGTERM: Cease / Administrative Shutdown "ecmpd shutting down"
all_established() { local k; for k in "$@"; do gobgp_established "$k" || return 1; done; }
check "before SIGTERM: p1 p2 p3 p4 still ESTABLISHED in gobgp" all_established 1 2 3 4
ia_log "SIGTERM to ecmpd"
ecmpd_stop
ia_log "ecmpd exited: $ECMPD_RC"
check "shutdown: ecmpd exits 0 on SIGTERM" test "$ECMPD_RC" = 0
for k in 1 2 3 4; do
	check "shutdown: ecmpd logs sent NOTIFICATION Cease / Administrative Shutdown to p$k" \
		ecmpd_has $k 'sent NOTIFICATION Cease / Administrative Shutdown \(6/2\)'
	check "shutdown: gobgpd p$k logs received notification Code=6 Subcode=2 'ecmpd shutting down'" \
		ia_wait "$(ia_left 5)" grep -qE 'msg="received notification" Code=6 Communicated-Reason="ecmpd shutting down" .*Subcode=2' "$NS_TMP/p$k/gobgpd.log"
done
check "shutdown: gobgpd p1 logs Peer Down, administrative shutdown" \
	grep -qE 'msg="Peer Down" .*Reason="notification-received code 6\(cease\) subcode 2\(administrative shutdown\)"' "$NS_TMP/p1/gobgpd.log"
gobgp_notif_rcvd() { gobgp_nbr "$1" | grep -qE "^ +Notifications: +0 +$2\$"; }
check "shutdown: gobgp p1 counts 1 NOTIFICATION received" gobgp_notif_rcvd 1 1

ia_finish
