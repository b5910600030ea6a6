#!/bin/bash
# ecmpd against OpenBGPD (openbgpd 7.7 portable), in network namespaces.
#
#   p1  eBGP, ecmpd active (openbgpd passive); openbgpd AS 4200000001
#       (4-octet); add-path: openbgpd "send all" + "recv", ecmpd receives
#   p2  iBGP, ecmpd passive (openbgpd active); add-path both ways
#   p3  eBGP, TCP MD5 key in ecmpd, none in openbgpd, both active: never
#       Established
#   p4  eBGP + TCP MD5, same key ("tcp md5sig password"), ecmpd active.
#       Debian 12's OpenBGPD 7.7 has no TCP MD5 on Linux: it logs "PF_KEY
#       not available, disabling ipsec", installs no key, and its kernel
#       drops ecmpd's signed SYNs (TcpExtTCPMD5Unexpected); the fix came in
#       later openbgpd-portable releases (issue #79, PR #85).  When its log
#       says so, the p4 checks are replaced by a "skip" line and one check
#       that p4 stays down.
# Then ecmpd gets SIGTERM: openbgpd must log the Cease / Administrative
# Shutdown with ecmpd's text ("received shutdown reason: "ecmpd shutting
# down"") and show it in bgpctl show neighbor.
#
# ecmpd starts first: openbgpd retries a failed connection only after 120 s.
# Run as root: bash tests/interop/test_openbgpd.sh  (KEEP_LOGS=1, VERBOSE=1)
NS_PREFIX=iao
IA_NET=4
. "$(dirname "$0")/lib.sh"
ia_require /usr/sbin/bgpd bgpctl

MY_AS=65000
ia_topo 4

{
	ecmpd_conf_head $MY_AS
	cat << EOT
  - address: $(ia_p4 1)
    as: 4200000001
    description: "openbgpd p1 ebgp"
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { receive: true }
  - address: $(ia_p4 2)
    as: $MY_AS
    description: "openbgpd p2 ibgp"
    passive: true
    families: [ipv4-unicast, ipv6-unicast]
    add-path: { send: all, receive: true }
  - address: $(ia_p4 3)
    as: 4200000003
    password: md5-key-p3
  - address: $(ia_p4 4)
    as: 4200000004
    password: md5-key-p4
EOT
} > "$NS_TMP/ecmpd.yaml"
ia_log "starting ecmpd"
ecmpd_start "$NS_TMP/ecmpd.yaml"
ia_log "starting openbgpd x4"
obgp_start 1 LOCAL_AS=4200000001 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 ADDPATH=1
obgp_start 2 LOCAL_AS=$MY_AS PEER_AS=$MY_AS HOLD=30 ADDPATH=1
obgp_start 3 LOCAL_AS=4200000003 PEER_AS=$MY_AS HOLD=30
obgp_start 4 LOCAL_AS=4200000004 PEER_AS=$MY_AS HOLD=30 PASSIVE=1 MD5=1 PASSWORD=md5-key-p4
ia_ready_all

# (1) eBGP, ecmpd active
ia_check_up 1 "ebgp/ecmpd-active" outgoing
check "ebgp/ecmpd-active: openbgpd shows Established" ia_wait "$(ia_left 25)" obgp_established 1
# (2) iBGP, ecmpd passive
ia_check_up 2 "ibgp/ecmpd-passive" incoming
check "ibgp/ecmpd-passive: openbgpd shows Established" ia_wait "$(ia_left 25)" obgp_established 2
ia_log "p1 p2 up"

# (3) capabilities, ecmpd's view ...
ia_check_caps 1 "caps ebgp" "ipv4 rx ipv6 rx"
ia_check_caps 2 "caps ibgp" "ipv4 rxtx ipv6 rxtx"
# ... and openbgpd's (bgpctl show neighbor: "Neighbor capabilities" is what
# ecmpd announced, "Negotiated capabilities" what is in use)
obgp_nbr 1 > "$NS_TMP/p1/neighbor.txt"
obgp_nbr 2 > "$NS_TMP/p2/neighbor.txt"
# ocap I Neighbor|Negotiated REGEX: a line of that block for link I
ocap() { sed -n "/^  $2 capabilities:/,/^ *\$/p" "$NS_TMP/p$1/neighbor.txt" | grep -qE "$3"; }
check "caps ebgp: openbgpd: ecmpd announced 4-byte AS numbers" ocap 1 Neighbor '^ +4-byte AS numbers$'
check "caps ebgp: openbgpd: negotiated 4-byte AS numbers" ocap 1 Negotiated '^ +4-byte AS numbers$'
check "caps ebgp: openbgpd: negotiated multiprotocol IPv4 unicast, IPv6 unicast" \
	ocap 1 Negotiated 'Multiprotocol extensions: IPv4 unicast, IPv6 unicast$'
check "caps ebgp: openbgpd: ecmpd announced add-path IPv4 unicast recv, IPv6 unicast recv" \
	ocap 1 Neighbor 'Add-path: IPv4 unicast recv, IPv6 unicast recv$'
check "caps ebgp: openbgpd: negotiated add-path IPv4 unicast send, IPv6 unicast send" \
	ocap 1 Negotiated 'Add-path: IPv4 unicast send, IPv6 unicast send$'
check "caps ebgp: openbgpd: negotiated route refresh" ocap 1 Negotiated '^ +Route Refresh$'
check "caps ebgp: openbgpd: holdtime 30s" grep -q 'holdtime 30s' "$NS_TMP/p1/neighbor.txt"
check "caps ibgp: openbgpd: negotiated 4-byte AS numbers" ocap 2 Negotiated '^ +4-byte AS numbers$'
check "caps ibgp: openbgpd: negotiated add-path IPv4 unicast bidir, IPv6 unicast bidir" \
	ocap 2 Negotiated 'Add-path: IPv4 unicast bidir, IPv6 unicast bidir$'
obgp_eor_rcvd() { obgp_nbr "$1" | grep -qE "^  End-of-Rib +[0-9]+ +$2\$"; }
check "caps ibgp: openbgpd received ecmpd's End-of-RIB for both families" ia_wait 5 obgp_eor_rcvd 2 2

# (4) TCP MD5
md5_supported=1
if grep -q 'PF_KEY not available' "$NS_TMP/p4/bgpd.log"; then
	md5_supported=0
	echo "skip - md5 same key, ecmpd active: this openbgpd has no TCP MD5 on Linux (its log: PF_KEY not available)"
else
	check "md5 same key, ecmpd active: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up 4
	check "md5 same key, ecmpd active: openbgpd shows Established" ia_wait "$(ia_left 25)" obgp_established 4
fi
ia_log "waiting for the md5 sessions (10 s after ecmpd's start)"
ia_wait_until 11
check "md5 key in ecmpd only: ecmpd never logs session up (10 s)" ecmpd_never_up 3
check "md5 key in ecmpd only: openbgpd not Established" obgp_not_established 3
check "md5 key in ecmpd only: the kernel dropped unsigned segments (ecmpd's side)" ia_md5_failures_seen e
check "md5 key in ecmpd only: the kernel dropped signed segments (openbgpd's side)" ia_md5_failures_seen p3
if [ "$md5_supported" = 0 ]; then
	check "md5 (openbgpd without TCP MD5): p4 not Established either" ecmpd_never_up 4
fi

check "ecmpd logged no warning or error so far (every UPDATE decoded, path ids included)" \
	ecmpd_quiet

# (5) SIGTERM: Cease / Administrative Shutdown "ecmpd shutting down"
all_established() { local k; for k in "$@"; do obgp_established "$k" || return 1; done; }
check "before SIGTERM: p1 p2 still Established in openbgpd" all_established 1 2
ia_log "SIGTERM to ecmpd"
ecmpd_stop
ia_log "ecmpd exited: $ECMPD_RC"
check "shutdown: ecmpd exits 0 on SIGTERM" test "$ECMPD_RC" = 0
for k in 1 2; do
	check "shutdown: ecmpd logs sent NOTIFICATION Cease / Administrative Shutdown to p$k" \
		ecmpd_has $k 'sent NOTIFICATION Cease / Administrative Shutdown \(6/2\)'
	check "shutdown: openbgpd p$k logs received notification: Cease, administratively down" \
		ia_wait "$(ia_left 5)" grep -q 'received notification: Cease, administratively down' "$NS_TMP/p$k/bgpd.log"
	check "shutdown: openbgpd p$k logs received shutdown reason: \"ecmpd shutting down\"" \
		grep -q 'received shutdown reason: "ecmpd shutting down"' "$NS_TMP/p$k/bgpd.log"
done
obgp_nbr 1 > "$NS_TMP/p1/neighbor-after.txt"
check "shutdown: bgpctl show neighbor p1: Last received shutdown reason: \"ecmpd shutting down\"" \
	grep -q 'Last received shutdown reason: "ecmpd shutting down"' "$NS_TMP/p1/neighbor-after.txt"
check "shutdown: bgpctl show neighbor p1: Last error received: Cease, administratively down" \
	grep -q 'Last error received: Cease, administratively down' "$NS_TMP/p1/neighbor-after.txt"

ia_finish
