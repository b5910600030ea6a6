#!/bin/sh
# The outside oracle: every message the unit tests encode (they append it
# to $ECMPD_WIRE_DUMP through test_emit()) is wrapped in TCP port 179 by
# text2pcap and dissected by tshark, which must find each one a BGP message
# with no malformed-packet mark and no expert warning or error.
# First it proves it can fail: a deliberately broken UPDATE must be flagged.
# Run by `make check` (TESTS_ENVIRONMENT passes TSHARK, TEXT2PCAP, UNIT_TESTS).
set -eu
: "${TSHARK:=tshark}" "${TEXT2PCAP:=text2pcap}" "${top_builddir:=.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# hex lines -> pcap, one message per TCP segment
to_pcap() {
	awk '{ printf "000000"; for (i = 1; i <= length($0); i += 2) printf " %s", substr($0, i, 2); printf "\n" }' \
		"$1" > "$tmp/dump.txt"
	"$TEXT2PCAP" -q -T 40179,179 "$tmp/dump.txt" "$2"
}

# prints: frames BGP-messages bad-frames
verdict() {
	n_frames=$("$TSHARK" -r "$1" -T fields -e frame.number 2>/dev/null | grep -c . || true)
	n_bgp=$("$TSHARK" -r "$1" -o tcp.desegment_tcp_streams:TRUE -Y bgp -T fields -e bgp.type 2>/dev/null |
		tr ',' '\n' | grep -c . || true)
	"$TSHARK" -r "$1" -o tcp.desegment_tcp_streams:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= 0x600000' \
		-T fields -e frame.number -e _ws.expert.message 2>/dev/null > "$tmp/bad.txt" || true
	echo "$n_frames $n_bgp $(grep -c . "$tmp/bad.txt" || true)"
}

# 1. the oracle must be able to fail: an UPDATE whose ORIGIN says 2 octets
broken=ffffffffffffffffffffffffffffffff001c020000000540010200000000
printf '%s\n' "$broken" > "$tmp/broken.hex"
to_pcap "$tmp/broken.hex" "$tmp/broken.pcap"
set -- $(verdict "$tmp/broken.pcap")
if [ "$3" -eq 0 ]; then
	echo "oracle: tshark did not flag a malformed UPDATE; the oracle cannot fail, giving up"
	exit 1
fi

# 2. everything the unit tests encode
dump="$tmp/emitted.hex"
: > "$dump"
for t in $UNIT_TESTS; do
	if ! ECMPD_WIRE_DUMP="$dump" "$top_builddir/$t" > "$tmp/unit.log" 2>&1; then
		cat "$tmp/unit.log"
		echo "oracle: $t failed"
		exit 1
	fi
done
emitted=$(grep -c . "$dump" || true)
if [ "$emitted" -lt 20 ]; then
	echo "oracle: only $emitted messages emitted by the unit tests; expected many more"
	exit 1
fi
to_pcap "$dump" "$tmp/emitted.pcap"
set -- $(verdict "$tmp/emitted.pcap")
echo "oracle: $emitted messages emitted, $1 frames, $2 BGP messages dissected, $3 flagged"
if [ "$3" -ne 0 ] || [ "$2" -ne "$emitted" ]; then
	echo "oracle: tshark objects to these frames:"
	cat "$tmp/bad.txt"
	while read -r frame _; do
		sed -n "${frame}p" "$dump" | cut -c 1-240
	done < "$tmp/bad.txt"
	exit 1
fi
