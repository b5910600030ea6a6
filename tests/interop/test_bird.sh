#!/bin/bash
# ecmpd against BIRD 2 (bird2 2.0.12), in network namespaces.
#
#   p1  eBGP, ecmpd active (bird passive); bird AS 4200000001 (4-octet);
#       add-path: bird sends (tx), ecmpd receives
#   p2  iBGP, ecmpd passive (bird active); add-path both ways
#   p3  eBGP + TCP MD5, same key, ecmpd active (bird passive)
#   p4  eBGP + TCP MD5, same key, ecmpd passive (bird active)
#   p5  eBGP + TCP MD5, bird has a wrong key, both active: never Established
#   p6  eBGP, ecmpd active, hold time 3 in ecmpd; the link is cut on bird's
#       side (veth down: no FIN, no RST) and ecmpd's hold timer must expire
#   p7  eBGP over IPv6 transport, ecmpd passive (bird connects to ecmpd's
#       "::" listener)
# Then ecmpd gets SIGTERM: bird must log the Cease / Administrative Shutdown
# with ecmpd's text "ecmpd shutting down".
#
# Run as root: bash tests/interop/test_bird.sh  (KEEP_LOGS=1, VERBOSE=1)
NS_PREFIX=iab
IA_NET=1
. "$(dirname "$0")/lib.sh"
ia_require bird birdc

MY_AS=65000
ia_topo 7
ia_v6 7

ia_log "starting bird x7"
bird_start 1 LOCAL_AS=4200000001 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 ADDPATH=1 APMODE=tx
bird_start 2 LOCAL_AS=$MY_AS PEER_AS=$MY_AS HOLD=30 IBGP=1 ADDPATH=1 APMODE=on
bird_start 3 LOCAL_AS=4200000003 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 MD5=1 PASSWORD=md5-key-p3
bird_start 4 LOCAL_AS=4200000004 PEER_AS=$MY_AS HOLD=30 MD5=1 PASSWORD="md5 key p4"
bird_start 5 LOCAL_AS=4200000005 PEER_AS=$MY_AS HOLD=30 MD5=1 PASSWORD=not-the-key
bird_start 6 LOCAL_AS=4200000006 PEER_AS=$MY_AS HOLD=30 PASSIVE=1
bird_start 7 LOCAL_AS=4200000007 PEER_AS=$MY_AS HOLD=30 V6=1
ia_ready_all

{
	ecmpd_conf_head $MY_AS
	cat << EOF
  - address: $(ia_p4 1)
    as: 4200000001
    description: "bird p1 ebgp"
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { receive: true }
  - address: $(ia_p4 2)
    as: $MY_AS
    description: "bird p2 ibgp"
    passive: true
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { send: all, receive: true }
  - address: $(ia_p4 3)
    as: 4200000003
    password: md5-key-p3
  - address: $(ia_p4 4)
    as: 4200000004
    passive: true
    password: "md5 key p4"
  - address: $(ia_p4 5)
    as: 4200000005
    password: md5-key-p5
  - address: $(ia_p4 6)
    as: 4200000006
    hold-time: 3
  - address: $(ia_p6 7)
    as: 4200000007
    passive: true
EOF
} > "$NS_TMP/ecmpd.yaml"
ia_log "starting ecmpd"
ecmpd_start "$NS_TMP/ecmpd.yaml"

# (1) eBGP, ecmpd active
ia_check_up 1 "ebgp/ecmpd-active" outgoing
check "ebgp/ecmpd-active: bird shows Established" ia_wait "$(ia_left 25)" bird_established 1
# (2) iBGP, ecmpd passive
ia_check_up 2 "ibgp/ecmpd-passive" incoming
check "ibgp/ecmpd-passive: bird shows Established" ia_wait "$(ia_left 25)" bird_established 2
ia_log "p1 p2 up"

# IPv6 transport
ia_check_up 7 "ebgp/ipv6-transport/ecmpd-passive" incoming
check "ebgp/ipv6-transport/ecmpd-passive: local address is ecmpd's IPv6 address" \
	ecmpd_up_has 7 "incoming connection(,| from) (local address )?$(ia_e6 7),"
check "ebgp/ipv6-transport/ecmpd-passive: bird shows Established" \
	ia_wait "$(ia_left 25)" bird_established 7

# (3) capabilities, ecmpd's view
ia_check_caps 1 "caps ebgp" "ipv4 rx ipv6 rx"
ia_check_caps 2 "caps ibgp" "ipv4 rxtx ipv6 rxtx"
check "caps ebgp: ecmpd: hold time 30 (bird's, lower than 90)" ecmpd_up_has 1 'hold time 30,'
# ... and bird's ("show protocols all": "Local capabilities" is what bird
# announced, "Neighbor capabilities" what it parsed from ecmpd's OPEN)
bird_all 1 > "$NS_TMP/p1/show-all.txt"
bird_all 2 > "$NS_TMP/p2/show-all.txt"
bird_all 7 > "$NS_TMP/p7/show-all.txt"
# bird_caps I Local|Neighbor: that block of show protocols all
bird_caps() { sed -n "/$2 capabilities/,/^    [A-Z]/p" "$NS_TMP/p$1/show-all.txt" | sed '1d;$d'; }
# bird_ap I Local|Neighbor RX|TX: the families listed for add-path RX or TX
bird_ap() { bird_caps "$1" "$2" | sed -n "/ADD-PATH/,/TX:/p" | sed -n "s/^ *$3: *//p"; }
bird_ap_is() { [ "$(bird_ap "$1" "$2" "$3")" = "$4" ]; }
bird_cap_has() { bird_caps "$1" "$2" | grep -qE "$3"; }
check "caps ebgp: bird: session is external AS4" \
	grep -qE 'Session: +external AS4' "$NS_TMP/p1/show-all.txt"
check "caps ebgp: bird: ecmpd announced 4-octet AS numbers" \
	bird_cap_has 1 Neighbor '4-octet AS numbers'
check "caps ebgp: bird: ecmpd announced multiprotocol ipv4 ipv6" \
	bird_cap_has 1 Neighbor 'AF announced: +ipv4 ipv6'
check "caps ebgp: bird: ecmpd announced ADD-PATH RX ipv4 ipv6" \
	bird_ap_is 1 Neighbor RX "ipv4 ipv6"
check "caps ebgp: bird: ecmpd announced no ADD-PATH TX" \
	bird_ap_is 1 Neighbor TX ""
check "caps ebgp: bird: bird announced ADD-PATH TX ipv4 ipv6 (so it sends path ids)" \
	bird_ap_is 1 Local TX "ipv4 ipv6"
check "caps ibgp: bird: session is internal AS4" \
	grep -qE 'Session: +internal .*AS4' "$NS_TMP/p2/show-all.txt"
check "caps ibgp: bird: ecmpd announced ADD-PATH RX ipv4 ipv6" \
	bird_ap_is 2 Neighbor RX "ipv4 ipv6"
check "caps ibgp: bird: ecmpd announced ADD-PATH TX ipv4 ipv6" \
	bird_ap_is 2 Neighbor TX "ipv4 ipv6"
check "caps ibgp: bird: bird announced ADD-PATH RX ipv4 ipv6" bird_ap_is 2 Local RX "ipv4 ipv6"
check "caps ibgp: bird: bird announced ADD-PATH TX ipv4 ipv6" bird_ap_is 2 Local TX "ipv4 ipv6"
check "caps ipv6-transport: bird: ecmpd announced multiprotocol ipv4 ipv6 (its default for an IPv6 neighbor)" \
	bird_cap_has 7 Neighbor 'AF announced: +ipv4 ipv6'
check "caps ebgp: bird: ecmpd announced route refresh" bird_cap_has 1 Neighbor 'Route refresh'
check "caps ebgp: bird: ecmpd announced extended message" bird_cap_has 1 Neighbor 'Extended message'
bird_exported() { bird_all "$1" | grep -qE "Routes: +0 imported, $2 exported"; }
check "caps ebgp: bird exported 3 IPv4 routes to ecmpd (two paths of 10.252.1.0/24)" \
	ia_wait 5 bird_exported 1 3

# (4) TCP MD5
check "md5 same key, ecmpd active: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 3
check "md5 same key, ecmpd active: bird shows Established" ia_wait "$(ia_left 25)" bird_established 3
check "md5 same key, ecmpd passive: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 4
check "md5 same key, ecmpd passive: bird shows Established" ia_wait "$(ia_left 25)" bird_established 4
ia_log "md5 sessions up"

# (6) cut link: ecmpd's hold timer (3 s) must notice
check "hold: ecmpd logs session up (hold time 3)" ia_wait "$(ia_left 20)" ecmpd_up 6
check "hold: negotiated hold time 3" ecmpd_up_has 6 'hold time 3,'
check "hold: bird shows Established" ia_wait "$(ia_left 25)" bird_established 6
sleep 1
ia_log "cutting link p6"
T_CUT=$(ia_now)
ia_cut 6
check "hold: ecmpd logs session down with Hold Timer within 5 s" \
	ia_wait 5 ecmpd_has 6 'session down .*Hold Timer'
ia_log "p6 down $(ia_elapsed "$T_CUT") s after the cut: $(ecmpd_grep 6 'session down' | tail -1 | sed 's/.*session down/session down/')"

# (4) wrong key: ~10 s after ecmpd's start, still nothing
ia_log "waiting for the wrong-key session (10 s after ecmpd's start)"
ia_wait_until 11
check "md5 wrong key: ecmpd never logs session up (10 s)" ecmpd_never_up 5
check "md5 wrong key: bird not Established" bird_not_established 5
check "md5 wrong key: the kernel dropped bad-MD5 segments (ecmpd's side)" ia_md5_failures_seen e
check "md5 wrong key: the kernel dropped bad-MD5 segments (bird's side)" ia_md5_failures_seen p5

# (the Hold Timer Expired NOTIFICATION of p6 is a warning, and expected)
p6=$(ia_p4 6)
check "ecmpd logged no warning or error so far (every UPDATE decoded, path ids included)" \
	ecmpd_quiet "neighbor ${p6//./\\.} "

# (5) SIGTERM: Cease / Administrative Shutdown "ecmpd shutting down"
all_established() { local k; for k in "$@"; do bird_established "$k" || return 1; done; }
check "before SIGTERM: p1 p2 p3 p4 p7 still Established in bird" all_established 1 2 3 4 7
ia_log "SIGTERM to ecmpd"
ecmpd_stop
ia_log "ecmpd exited: $ECMPD_RC"
check "shutdown: ecmpd exits 0 on SIGTERM" test "$ECMPD_RC" = 0
check "shutdown: ecmpd logs sent NOTIFICATION Cease / Administrative Shutdown to p1" \
	ecmpd_has 1 'sent NOTIFICATION Cease / Administrative Shutdown \(6/2\)'
for k in 1 2 3 4 7; do
	check "shutdown: bird p$k logs Received: Administrative shutdown: ecmpd shutting down" \
		ia_wait "$(ia_left 5)" grep -qE 'Received: Administrative shutdown: "?ecmpd shutting down' "$NS_TMP/p$k/bird.log"
done
bird_last_error() { bird_all "$1" | grep -qE 'Last error: +Received: Administrative shutdown'; }
check "shutdown: bird p1 shows Last error Received: Administrative shutdown" bird_last_error 1

ia_finish
