#!/bin/sh
# The README's first command (run as root on Debian 12).
#
# Until the daemon exists this shows what ecmpd has: it builds, then decodes
# the BGP sessions captured from BIRD, FRR, GoBGP, OpenBGPD and ExaBGP
# (tests/fixtures/peers) into readable text with `ecmpctl decode`, each
# direction decoded under the AS4 and add-path settings its OPENs negotiated.
# The network demo of the seed papers' topology replaces this in a later issue.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ -n "${SKIP_DEPS:-}" ] || sh contrib/deps.sh
if [ ! -x build/plain/bgpd/ecmpctl ]; then
	autoreconf -fi >/dev/null
	mkdir -p build/plain
	(cd build/plain && "$top/configure" -q && make -s -j"$(nproc 2>/dev/null || echo 2)")
fi
for f in tests/fixtures/peers/*.txt; do
	echo "================================================================"
	echo "== $f"
	grep '^#' "$f" | sed 's/^# \{0,1\}/   /'
	echo "----------------------------------------------------------------"
	build/plain/bgpd/ecmpctl decode < "$f"
done
