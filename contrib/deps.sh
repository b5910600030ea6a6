#!/bin/sh
# Install what building and testing ecmpd needs on Debian 12 (run as root).
#   contrib/deps.sh            build + unit tests + sanitizers + fuzzing + tshark oracle
#   contrib/deps.sh --peers    also the peer daemons (bird2, frr, gobgpd, openbgpd, exabgp)
set -eu

pkgs="build-essential autoconf automake pkg-config
      libevent-dev libyaml-dev libmnl-dev libnl-route-3-dev libcmocka-dev libxxhash-dev
      clang libclang-rt-14-dev
      tshark iproute2 python3"
peers="bird2 frr gobgpd openbgpd exabgp tcpdump"

want="$pkgs"
[ "${1:-}" = "--peers" ] && want="$want $peers"

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: everything is installed"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# The peer daemons' packages try to start services; none are wanted here.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod +x "$policy"
	trap 'rm -f "$policy"' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
