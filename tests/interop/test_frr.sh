#!/bin/bash
# ecmpd against FRR bgpd (frr 8.4), in network namespaces.
#
#   p1  eBGP, ecmpd active (frr passive); frr AS 4200000001 (4-octet);
#       add-path: frr sends all paths (tx), ecmpd receives
#   p2  iBGP, ecmpd passive (frr active); add-path both ways
#   p3  eBGP + TCP MD5, same key, ecmpd active (frr passive)
#   p4  eBGP + TCP MD5, same key, ecmpd passive (frr active)
#   p5  eBGP + TCP MD5, frr has a wrong key, both active: never Established
#   p6  eBGP over IPv6 transport, ecmpd active (frr passive)
# Then ecmpd gets SIGTERM: frr must show the Cease / Administrative Shutdown
# with ecmpd's text "ecmpd shutting down" (show bgp neighbors json).
#
# bgpd runs without zebra (-Z) and without kernel routes (-n).
# Run as root: bash tests/interop/test_frr.sh  (KEEP_LOGS=1, VERBOSE=1)
NS_PREFIX=iaf
IA_NET=2
. "$(dirname "$0")/lib.sh"
ia_require /usr/lib/frr/bgpd vtysh

MY_AS=65000
ia_topo 6
ia_v6 6

ia_log "starting frr bgpd x6"
frr_start 1 LOCAL_AS=4200000001 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 PASSIVE=1 ADDPATH=1
frr_start 2 LOCAL_AS=$MY_AS PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 ADDPATH=1
frr_start 3 LOCAL_AS=4200000003 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 PASSIVE=1 MD5=1 PASSWORD=md5-key-p3
frr_start 4 LOCAL_AS=4200000004 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 MD5=1 PASSWORD=md5-key-p4
frr_start 5 LOCAL_AS=4200000005 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 MD5=1 PASSWORD=not-the-key
frr_start 6 LOCAL_AS=4200000006 PEER_AS=$MY_AS HOLD=30 KEEPALIVE=10 PASSIVE=1 V6=1
ia_ready_all

{
	ecmpd_conf_head $MY_AS
	cat << EOF
  - address: $(ia_p4 1)
    as: 4200000001
    description: "frr p1 ebgp"
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { receive: true }
  - address: $(ia_p4 2)
    as: $MY_AS
    description: "frr p2 ibgp"
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
  - address: $(ia_p6 6)
    as: 4200000006
EOF
} > "$NS_TMP/ecmpd.yaml"
ia_log "starting ecmpd"
ecmpd_start "$NS_TMP/ecmpd.yaml"

# (1) eBGP, ecmpd active
ia_check_up 1 "ebgp/ecmpd-active" outgoing
check "ebgp/ecmpd-active: frr shows Established" ia_wait "$(ia_left 25)" frr_established 1
# (2) iBGP, ecmpd passive
ia_check_up 2 "ibgp/ecmpd-passive" incoming
check "ibgp/ecmpd-passive: frr shows Established" ia_wait "$(ia_left 25)" frr_established 2
ia_log "p1 p2 up"

# IPv6 transport
ia_check_up 6 "ebgp/ipv6-transport/ecmpd-active" outgoing
check "ebgp/ipv6-transport/ecmpd-active: local address is ecmpd's IPv6 address" \
	ecmpd_up_has 6 "outgoing connection(,| from) (local address )?$(ia_e6 6),"
check "ebgp/ipv6-transport/ecmpd-active: frr shows Established" \
	ia_wait "$(ia_left 25)" frr_established 6
frr_snap 6
check "caps ipv6-transport: frr: multiprotocol ipv4 and ipv6 unicast advertisedAndReceived" \
	frr_jsnap 6 "n['neighborCapabilities']['multiprotocolExtensions']['ipv4Unicast'].get('advertisedAndReceived') and n['neighborCapabilities']['multiprotocolExtensions']['ipv6Unicast'].get('advertisedAndReceived')"

# (3) capabilities, ecmpd's view ...
ia_check_caps 1 "caps ebgp" "ipv4 rx ipv6 rx"
ia_check_caps 2 "caps ibgp" "ipv4 rxtx ipv6 rxtx"
# ... and frr's (show bgp neighbors json, neighborCapabilities).  FRR's
# add-path words: rx/txAdvertisedAndReceived = both sides announced that
# direction's capability (rx: "I can receive", tx: "I will send"),
# rx/txAdvertised = only frr did.  frr announces rx and (addpath-tx-all-paths) tx.
frr_snap 1
frr_snap 2
c='n["neighborCapabilities"]'
check "caps ebgp: frr: 4byteAs advertisedAndReceived" \
	frr_jsnap 1 "${c}['4byteAs'] == 'advertisedAndReceived'"
check "caps ebgp: frr: multiprotocol ipv4 and ipv6 unicast advertisedAndReceived" \
	frr_jsnap 1 "${c}['multiprotocolExtensions']['ipv4Unicast'].get('advertisedAndReceived') and ${c}['multiprotocolExtensions']['ipv6Unicast'].get('advertisedAndReceived')"
check "caps ebgp: frr: add-path ipv4+ipv6 rx from ecmpd, no tx from ecmpd" \
	frr_jsnap 1 "all(${c}['addPath'][af].get('rxAdvertisedAndReceived') and ${c}['addPath'][af].get('txAdvertised') and 'txAdvertisedAndReceived' not in ${c}['addPath'][af] for af in ('ipv4Unicast', 'ipv6Unicast'))"
check "caps ebgp: frr: routeRefresh received (new), extendedMessage advertisedAndReceived" \
	frr_jsnap 1 "${c}['routeRefresh'] == 'advertisedAndReceivedNew' and ${c}['extendedMessage'] == 'advertisedAndReceived'"
check "caps ebgp: frr: remote AS 65000, hold time 30 s" \
	frr_jsnap 1 "n['remoteAs'] == 65000 and n['bgpTimerHoldTimeMsecs'] == 30000"
check "caps ebgp: frr sent 2 IPv4 + 1 IPv6 prefixes (with path ids)" \
	ia_wait 5 frr_json 1 "n['addressFamilyInfo']['ipv4Unicast']['sentPrefixCounter'] == 2 and n['addressFamilyInfo']['ipv6Unicast']['sentPrefixCounter'] == 1"
check "caps ibgp: frr: 4byteAs advertisedAndReceived" \
	frr_jsnap 2 "${c}['4byteAs'] == 'advertisedAndReceived'"
check "caps ibgp: frr: add-path ipv4+ipv6 rx and tx AdvertisedAndReceived" \
	frr_jsnap 2 "all(${c}['addPath'][af].get('rxAdvertisedAndReceived') and ${c}['addPath'][af].get('txAdvertisedAndReceived') for af in ('ipv4Unicast', 'ipv6Unicast'))"
check "caps ibgp: frr: internal link, remote AS 65000" \
	frr_jsnap 2 "n['remoteAs'] == 65000 and n['localAs'] == 65000 and not n.get('nbrExternalLink')"

# (4) TCP MD5
check "md5 same key, ecmpd active: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 3
check "md5 same key, ecmpd active: frr shows Established" ia_wait "$(ia_left 25)" frr_established 3
check "md5 same key, ecmpd passive: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 4
check "md5 same key, ecmpd passive: frr shows Established" ia_wait "$(ia_left 25)" frr_established 4
ia_log "md5 sessions up"
ia_log "waiting for the wrong-key session (10 s after ecmpd's start)"
ia_wait_until 11
check "md5 wrong key: ecmpd never logs session up (10 s)" ecmpd_never_up 5
check "md5 wrong key: frr not Established" frr_not_established 5
check "md5 wrong key: the kernel dropped bad-MD5 segments (ecmpd's side)" ia_md5_failures_seen e
check "md5 wrong key: the kernel dropped bad-MD5 segments (frr's side)" ia_md5_failures_seen p5

check "ecmpd logged no warning or error so far (every UPDATE decoded, path ids included)" \
	ecmpd_quiet

# (5) SIGTERM: Cease / Administrative Shutdown "ecmpd shutting down"
all_established() { local k; for k in "$@"; do frr_established "$k" || return 1; done; }
check "before SIGTERM: p1 p2 p3 p4 p6 still Established in frr" all_established 1 2 3 4 6
ia_log "SIGTERM to ecmpd"
ecmpd_stop
ia_log "ecmpd exited: $ECMPD_RC"
check "shutdown: ecmpd exits 0 on SIGTERM" test "$ECMPD_RC" = 0
for k in 1 2 3 4 6; do
	check "shutdown: ecmpd logs sent NOTIFICATION Cease / Administrative Shutdown to p$k" \
		ecmpd_has $k 'sent NOTIFICATION Cease / Administrative Shutdown \(6/2\)'
	check "shutdown: frr p$k: last notification Cease/Administrative Shutdown, 'ecmpd shutting down'" \
		ia_wait "$(ia_left 5)" frr_json $k "n['lastNotificationReason'] == 'Cease/Administrative Shutdown' and n['lastShutdownDescription'] == 'ecmpd shutting down' and n['lastResetDueTo'] == 'BGP Notification received'"
done
check "shutdown: frr p1 logs the received NOTIFICATION with the text" \
	ia_wait "$(ia_left 5)" grep -qE 'received from neighbor.*6/2.*Administrative Shutdown.*ecmpd shutting down' "$NS_TMP/p1/bgpd.log"

ia_finish
