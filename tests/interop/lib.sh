# tests/interop/lib.sh -- shared by the interop tests (tests/interop/test_*.sh):
# ecmpd against the real bird2, frr (bgpd), gobgpd, openbgpd and exabgp.
#
# A test sets NS_PREFIX (short and unique: it names namespaces, interfaces
# and the temp dir) and IA_NET (1..250: its addresses are 10.251.IA_NET.x and
# fd00:ec:0:IA_NETxx::x), then sources this file, which sources
# tests/lib/netns.sh (namespaces, ns_spawn, wait_for, check, finish and the
# EXIT trap that removes all of it).
#
# Topology (ia_topo N): namespace "e" runs ecmpd; namespaces "p1".."pN" run
# one peer daemon each, every one with its own config, pid file, control
# socket and log under $NS_TMP/pI.  Peer I is joined to ecmpd by its own
# veth pair:
#     ecmpd side  ${NS_PREFIX}eI  10.251.NET.(4I+1)/30  fd00:ec:0:NETII::1/64
#     peer side   ${NS_PREFIX}pI  10.251.NET.(4I+2)/30  fd00:ec:0:NETII::2/64
# Nothing else is configured in the namespaces; nothing leaves them.
#
# Peer daemons are started from templates in tests/interop/conf/*.in by
# `<daemon>_start I NAME=VALUE...`; see ia_render for the template language
# and each template's header for the names it uses.  The lib adds RUNDIR,
# LIBDIR, IDX, ROUTER_ID, LOCAL_V4, PEER_V4, LOCAL_V6, PEER_V6 itself (LOCAL
# is the peer daemon, PEER is ecmpd).
#
# Everything runs with timeouts; every process is started with ns_spawn (so
# the EXIT trap ends exactly those PIDs).  KEEP_LOGS=1 keeps $NS_TMP.

: "${NS_PREFIX:?set NS_PREFIX before sourcing lib.sh}"
: "${IA_NET:?set IA_NET before sourcing lib.sh}"

IA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IA_TOP=$(cd "$IA_DIR/../.." && pwd)
ECMPD=${ECMPD:-$IA_TOP/build/plain/bgpd/ecmpd}

if [ "$(id -u)" != 0 ]; then
	echo "$0: must run as root (network namespaces)" >&2
	exit 1
fi
if [ ! -x "$ECMPD" ]; then
	echo "$0: no ecmpd at $ECMPD (cd build/plain && make bgpd/ecmpd, or set ECMPD)" >&2
	exit 1
fi

# shellcheck source=../lib/netns.sh
. "$IA_TOP/tests/lib/netns.sh"

# netns.sh made NS_TMP mode 0700; frr (user frr) and openbgpd must get in
chmod 755 "$NS_TMP"
IA_MADE_OPENBGPD_DIR=0
ia_cleanup() {
	# the children of what we started (openbgpd's engines, ExaBGP's API
	# process) normally leave with their parent; any that do not are ended
	# by PID too (if the PID still runs the same command line)
	local kids="" p k sig
	for p in $NS_PIDS; do kids="$kids $(pgrep -P "$p" 2>/dev/null | tr '\n' ' ')"; done
	declare -A cmd
	for k in $kids; do cmd[$k]=$(tr '\0' ' ' 2>/dev/null < "/proc/$k/cmdline"); done
	ns_cleanup
	for sig in TERM KILL; do
		for k in $kids; do
			[ -n "${cmd[$k]}" ] || continue
			[ "$(tr '\0' ' ' 2>/dev/null < "/proc/$k/cmdline")" = "${cmd[$k]}" ] || continue
			kill -"$sig" "$k" 2>/dev/null && [ "$sig" = TERM ] && sleep 0.2
		done
	done
	if [ "$IA_MADE_OPENBGPD_DIR" = 1 ]; then rmdir /run/openbgpd 2>/dev/null || true; fi
}
trap 'ia_cleanup' EXIT

# ia_now: the time in microseconds; ia_elapsed T0: seconds since T0, one decimal
ia_now() { echo "${EPOCHREALTIME/./}"; }
ia_elapsed() { local d=$(($(ia_now) - $1)); printf '%d.%d' $((d / 1000000)) $((d / 100000 % 10)); }
IA_T0=$(ia_now)
# ia_log TEXT: a progress line with the seconds since the start
ia_log() { printf '# %5ss %s\n' "$(ia_elapsed "$IA_T0")" "$*"; }

# ia_die TEXT: a setup step failed; counts as a failure and ends the test
ia_die() {
	echo "FAIL - setup: $*"
	NS_FAILED=$((NS_FAILED + 1))
	ia_dump_logs
	finish
	exit 1
}

# ia_require CMD...: skip the whole test (exit 77) when a peer daemon is missing
ia_require() {
	local c
	for c in "$@"; do
		if ! command -v "$c" > /dev/null 2>&1 && [ ! -x "$c" ]; then
			echo "SKIP - $c not installed (sh contrib/deps.sh --peers)"
			exit 77
		fi
	done
}

# Addresses of link I
ia_e4() { echo "10.251.$IA_NET.$((4 * $1 + 1))"; }
ia_p4() { echo "10.251.$IA_NET.$((4 * $1 + 2))"; }
ia_e6() { printf 'fd00:ec:0:%d%02d::1\n' "$IA_NET" "$1"; }
ia_p6() { printf 'fd00:ec:0:%d%02d::2\n' "$IA_NET" "$1"; }

# ia_topo N: namespace e (ecmpd) and p1..pN (peers), one veth pair each
ia_topo() {
	local li
	ns_add e
	ip netns exec "$NS_PREFIX-e" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
	for li in $(seq "$1"); do
		ns_add "p$li"
		ip netns exec "$NS_PREFIX-p$li" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
		ns_link e "${NS_PREFIX}e$li" "$(ia_e4 "$li")/30" "p$li" "${NS_PREFIX}p$li" "$(ia_p4 "$li")/30"
		ip -n "$NS_PREFIX-e" addr add "$(ia_e6 "$li")/64" dev "${NS_PREFIX}e$li" nodad
		ip -n "$NS_PREFIX-p$li" addr add "$(ia_p6 "$li")/64" dev "${NS_PREFIX}p$li" nodad
		mkdir -p "$NS_TMP/p$li"
	done
	mkdir -p "$NS_TMP/e"
}

# ia_render TEMPLATE OUTPUT NAME=VALUE...
# @NAME@ becomes VALUE.  A VALUE of 0 or 1 is also a flag: lines starting
# with "#if:NAME " are kept (without that prefix) when it is 1 and dropped
# when it is 0; lines "#if:!NAME " the other way round.  Lines with a flag
# that was not given are dropped (so every flag defaults to 0), and an @NAME@
# left over is an error.
ia_render() {
	local tpl=$1 out=$2 kv k v
	shift 2
	local args=()
	for kv in "$@"; do
		k=${kv%%=*}
		v=${kv#*=}
		if [ "$v" = 1 ]; then
			args+=(-e "s/^#if:${k}[[:space:]]//" -e "/^#if:!${k}[[:space:]]/d")
		elif [ "$v" = 0 ]; then
			args+=(-e "/^#if:${k}[[:space:]]/d" -e "s/^#if:!${k}[[:space:]]//")
		fi
		args+=(-e "s|@$k@|$v|g")
	done
	# flags not given: 0
	args+=(-e '/^#if:[A-Z0-9_]*[[:space:]]/d' -e 's/^#if:![A-Z0-9_]*[[:space:]]//')
	sed "${args[@]}" "$tpl" > "$out"
	if grep -vE '^[[:space:]]*[#!]' "$out" | grep -qE '@[A-Z0-9_]+@'; then
		echo "ia_render: unresolved placeholders in $out (from $tpl):" >&2
		grep -nE '@[A-Z0-9_]+@' "$out" >&2
		return 1
	fi
}

# ia_peer_args I ARGS...: the variables every peer template gets; SRC and
# NBR are the session's local (peer daemon) and remote (ecmpd) addresses:
# IPv4, or IPv6 when ARGS has V6=1 (then ia_v6 I must have been called)
ia_peer_args() {
	local src nbr
	src=$(ia_p4 "$1")
	nbr=$(ia_e4 "$1")
	case " $* " in *" V6=1 "*) src=$(ia_p6 "$1") nbr=$(ia_e6 "$1") ;; esac
	echo "RUNDIR=$NS_TMP/p$1" "LIBDIR=$IA_DIR" "IDX=$1" "ROUTER_ID=$(ia_p4 "$1")" \
		"LOCAL_V4=$(ia_p4 "$1")" "PEER_V4=$(ia_e4 "$1")" \
		"LOCAL_V6=$(ia_p6 "$1")" "PEER_V6=$(ia_e6 "$1")" "SRC=$src" "NBR=$nbr"
}

# ia_v6 I: the session on link I runs over IPv6 (ecmpd's neighbor is
# ia_p6 I, the peer's is ia_e6 I); ia_nbr I / ia_me I: the neighbor address
# ecmpd / the peer daemon uses for link I
declare -A IA_V6
ia_v6() { IA_V6[$1]=1; }
ia_nbr() { if [ -n "${IA_V6[$1]:-}" ]; then ia_p6 "$1"; else ia_p4 "$1"; fi; }
ia_me() { if [ -n "${IA_V6[$1]:-}" ]; then ia_e6 "$1"; else ia_e4 "$1"; fi; }

# ---------------------------------------------------------------- ecmpd

ECMPD_PID=""
ECMPD_LOG=$NS_TMP/e/ecmpd.log

# ecmpd_conf_head AS: the global part of an ecmpd.yaml, up to "neighbors:"
# (router id 10.251.NET.1, listeners on 0.0.0.0 and :: port 179, control
# socket in the temp dir, connect-retry 3 s so that a test need not wait 30 s
# when a first attempt fails)
ecmpd_conf_head() {
	cat << EOF
router-id: $(ia_e4 0)
as: $1
listen:
  - { address: 0.0.0.0, port: 179 }
  - { address: "::", port: 179 }
control: { socket: $NS_TMP/e/ecmpd.sock }
log: { level: info }
connect-retry: 3
neighbors:
EOF
}

# ecmpd_start CONFIG: check it, then run ecmpd in the foreground in namespace e
ecmpd_start() {
	cp "$1" "$NS_TMP/e/ecmpd.yaml"
	if ! "$ECMPD" --check -c "$NS_TMP/e/ecmpd.yaml" > "$NS_TMP/e/check.out" 2>&1; then
		cat "$NS_TMP/e/check.out"
		ia_die "ecmpd --check refuses the test's config"
	fi
	# shellcheck disable=SC2086 # ECMPD_ARGS: extra options, e.g. -d (debug log)
	ns_spawn e "$ECMPD_LOG" "$ECMPD" -f ${ECMPD_ARGS:-} -c "$NS_TMP/e/ecmpd.yaml"
	ECMPD_PID=$LAST_PID
	IA_ECMPD_STARTED=$SECONDS
	IA_MARK=$SECONDS
	ia_wait 5 grep -q ' started: ' "$ECMPD_LOG" || ia_die "ecmpd did not start"
}

# shellcheck disable=SC2034 # ECMPD_RC is for the tests
# ecmpd_stop: SIGTERM, wait up to 10 s; sets ECMPD_RC (the exit status, or
# "timeout")
ecmpd_stop() {
	local k
	IA_MARK=$SECONDS
	ECMPD_RC=timeout
	kill -TERM "$ECMPD_PID" 2>/dev/null || return 0
	for k in $(seq 100); do
		kill -0 "$ECMPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$ECMPD_PID" 2>/dev/null; then
		kill -KILL "$ECMPD_PID" 2>/dev/null
		wait "$ECMPD_PID" 2>/dev/null
		return 0
	fi
	wait "$ECMPD_PID" 2>/dev/null
	ECMPD_RC=$?
}

# ecmpd_grep I REGEX: ecmpd logged REGEX about the neighbor of link I
# (the log prefix is "neighbor ADDR AS N[ (description)]: ")
ecmpd_grep() {
	local a
	a=$(ia_nbr "$1")
	grep -E "neighbor ${a//./\\.} AS [0-9]+( \\(.*\\))?: $2" "$ECMPD_LOG"
}
# ecmpd_has I REGEX: the same, quietly
ecmpd_has() { ecmpd_grep "$1" "$2" > /dev/null; }
# ecmpd_up I: ecmpd logged "session up" for the neighbor of link I
ecmpd_up() { ecmpd_has "$1" 'session up \(Established'; }
# ecmpd_up_line I: that log line (the last one)
ecmpd_up_line() { ecmpd_grep "$1" 'session up \(Established' | tail -1; }
# ecmpd_up_has I REGEX: ecmpd's (last) session up line for link I matches REGEX
ecmpd_up_has() { ecmpd_up_line "$1" | grep -qE "$2"; }
# ecmpd_never_up I: no "session up" for link I
ecmpd_never_up() { ! ecmpd_up "$1"; }

# ecmpd_quiet [REGEX]: ecmpd logged no warning and no error (<4> and
# below), apart from lines matching REGEX; prints the offending lines
ecmpd_quiet() {
	local bad
	bad=$(grep -E '^<[0-4]>' "$ECMPD_LOG" | grep -vE "${1:-^\$}")
	[ -z "$bad" ] && return 0
	echo "$bad"
	return 1
}

# ia_check_up I LABEL outgoing|incoming: checks that ecmpd logs "session up"
# for link I within 20 s, over a connection in the given direction
ia_check_up() {
	check "$2: ecmpd logs session up" ia_wait "$(ia_left 20)" ecmpd_up "$1"
	check "$2: ecmpd logs $3 connection (ecmpd $([ "$3" = outgoing ] && echo active || echo passive))" \
		ecmpd_up_has "$1" "$3 connection"
}

# ia_check_caps I LABEL ADDPATH: ecmpd's session up line for link I says
# "4-octet AS yes" and "add-path ADDPATH" (e.g. "ipv4 rx ipv6 rx")
ia_check_caps() {
	check "$2: ecmpd logs 4-octet AS yes" ecmpd_up_has "$1" '4-octet AS yes'
	check "$2: ecmpd logs add-path $3" ecmpd_up_has "$1" "add-path $3\\)"
	check "$2: ecmpctl show neighbor --json: Established, 4-octet AS, add-path as logged" \
		ecmpctl_caps "$1" "$3"
}

# ecmpctl_caps I ADDPATH: the same facts from the control socket, as JSON
ecmpctl_caps() {
	"${ECMPCTL:-$(dirname "$ECMPD")/ecmpctl}" -s "$NS_TMP/e/ecmpd.sock" \
		show neighbor "$(ia_nbr "$1")" --json | python3 -c '
import json, sys
n = json.load(sys.stdin)["neighbor"]
want = sys.argv[1]
ok = n["state"] == "Established" and n["negotiated"]["four_octet_as"] is True
for fam in ("ipv4", "ipv6"):
    got = n["negotiated"]["add_path_%s-unicast" % fam]
    ok = ok and (("receive" in got) == (fam + " rx" in want))
sys.exit(0 if ok else 1)' "$2"
}

# ia_wait SECONDS CMD...: poll CMD (quietly) every 0.1 s until it succeeds,
# for at most SECONDS of wall-clock time (netns.sh's wait_for counts polls,
# which takes much longer than SECONDS when CMD is a slow CLI)
ia_wait() {
	local _ia_end=$((${EPOCHREALTIME/./} + $1 * 1000000))
	shift
	while ! "$@" > /dev/null 2>&1; do
		[ "${EPOCHREALTIME/./}" -ge "$_ia_end" ] && return 1
		sleep 0.1
	done
	return 0
}

# ia_left N: the seconds left until N seconds after the last ecmpd_start or
# ecmpd_stop (at least 1).  Waits use it as a shared deadline, so that a
# broken ecmpd makes a test fail quickly instead of adding up timeouts.
IA_MARK=$SECONDS
ia_left() {
	local n=$(($1 - (SECONDS - IA_MARK)))
	[ "$n" -lt 1 ] && n=1
	echo "$n"
}

# ia_wait_until SECONDS: sleep until SECONDS after ecmpd_start
ia_wait_until() {
	while [ $((SECONDS - IA_ECMPD_STARTED)) -lt "$1" ]; do sleep 0.5; done
}

# ia_md5_failures NS: the namespace's count of segments dropped for a bad
# or missing TCP MD5 signature (the kernel's TcpExtTCPMD5Failure +
# TcpExtTCPMD5Unexpected + TcpExtTCPMD5NotFound)
ia_md5_failures() {
	ip netns exec "$NS_PREFIX-$1" nstat -az 2>/dev/null |
		awk '$1 ~ /^TcpExtTCPMD5(Failure|NotFound|Unexpected)$/ { n += $2 } END { print n + 0 }'
}
ia_md5_failures_seen() { [ "$(ia_md5_failures "$1")" -gt 0 ]; }

# ia_cut I: cut link I on the peer side (no FIN, no RST: the veth goes down)
ia_cut() { ip -n "$NS_PREFIX-p$1" link set "${NS_PREFIX}p$1" down; }

# ia_dump_logs: on failure (or VERBOSE=1), the tail of every log
ia_dump_logs() {
	local f
	for f in "$ECMPD_LOG" "$NS_TMP"/p*/*.log "$NS_TMP"/p*/*.out; do
		[ -s "$f" ] || continue
		echo "---- ${f#"$NS_TMP"/} (last 25 lines)"
		tail -25 "$f"
	done
}

# ia_finish: totals, the logs when something failed, exit status
ia_finish() {
	if [ "$NS_FAILED" -gt 0 ] || [ -n "${VERBOSE:-}" ]; then
		ia_dump_logs
	fi
	ia_log "done"
	finish
}

# ----------------------------------------------------------- the peers
# <daemon>_start I NAME=VALUE...: render conf/<daemon>.* for link I and start
# the daemon in namespace pI.  The daemons start in parallel: ia_ready_all
# then waits until each answers on its control socket (and does what has to
# wait for that, e.g. adding gobgpd's routes).
# Common template variables: LOCAL_AS PEER_AS HOLD PASSWORD and the flags
# PASSIVE ADDPATH MD5 IBGP EBGP.

IA_PENDING=()
ia_ready_all() {
	local x
	for x in "${IA_PENDING[@]}"; do
		# shellcheck disable=SC2086 # "FUNCTION I"
		$x
	done
	IA_PENDING=()
}

# --- BIRD 2
bird_cli() { local pi=$1; shift; timeout 10 birdc -s "$NS_TMP/p$pi/bird.ctl" "$@"; }
bird_start() {
	local pi=$1 run=$NS_TMP/p$1
	shift
	# shellcheck disable=SC2046
	ia_render "$IA_DIR/conf/bird.conf.in" "$run/bird.conf" $(ia_peer_args "$pi" "$@") "$@" ||
		ia_die "bird config for p$pi"
	bird -p -c "$run/bird.conf" > "$run/check.out" 2>&1 ||
		{ cat "$run/check.out"; ia_die "bird -p refuses the config for p$pi"; }
	ns_spawn "p$pi" "$run/bird.out" bird -f -c "$run/bird.conf" -s "$run/bird.ctl" \
		-P "$run/bird.pid"
	IA_PENDING+=("bird_ready $pi")
}
bird_ready() { ia_wait 10 bird_cli "$1" show status || ia_die "bird p$1 does not answer"; }
bird_established() { bird_cli "$1" show protocols ecmpd | grep -q Established; }
bird_not_established() { ! bird_cli "$1" show protocols ecmpd | grep -q Established; }
# bird_all I: the detailed protocol state (capabilities, last error)
bird_all() { bird_cli "$1" show protocols all ecmpd; }

# --- FRR: bgpd alone (-Z: no zebra, -n: no kernel routes)
frr_cli() { local pi=$1; shift; timeout 10 vtysh --vty_socket "$NS_TMP/p$pi" -d bgpd "$@"; }
frr_start() {
	local pi=$1 run=$NS_TMP/p$1
	shift
	chown frr:frr "$run"
	# shellcheck disable=SC2046
	ia_render "$IA_DIR/conf/frr.conf.in" "$run/frr.conf" $(ia_peer_args "$pi" "$@") "$@" ||
		ia_die "frr config for p$pi"
	chmod 644 "$run/frr.conf"
	/usr/lib/frr/bgpd -C -S -Z -f "$run/frr.conf" > "$run/check.out" 2>&1 ||
		{ cat "$run/check.out"; ia_die "bgpd -C refuses the config for p$pi"; }
	ns_spawn "p$pi" "$run/bgpd.out" /usr/lib/frr/bgpd -u frr -g frr -Z -n \
		-i "$run/bgpd.pid" --vty_socket "$run" -f "$run/frr.conf" -P 0 \
		-l "$(ia_p4 "$pi")" -l "$(ia_p6 "$pi")" --log "file:$run/bgpd.log"
	IA_PENDING+=("frr_ready $pi")
}
frr_ready() { ia_wait 10 frr_cli "$1" -c 'show bgp summary' || ia_die "frr bgpd p$1 does not answer"; }
# frr_nbr I: show bgp neighbors ECMPD json
frr_nbr() { frr_cli "$1" -c "show bgp neighbors $(ia_me "$1") json"; }
frr_established() { frr_nbr "$1" | grep -q '"bgpState":"Established"'; }
frr_not_established() { ! frr_established "$1"; }
# frr_json I PYEXPR: evaluate PYEXPR on n (the neighbor's json object, live);
# true if truthy.  frr_snap I saves the json to pI/nbr.json; frr_jsnap I
# PYEXPR evaluates on that snapshot (vtysh is slow on a loaded machine).
frr_json() { frr_nbr "$1" | frr_eval "$2"; }
frr_snap() { frr_nbr "$1" > "$NS_TMP/p$1/nbr.json"; }
frr_jsnap() { frr_eval "$2" < "$NS_TMP/p$1/nbr.json"; }
frr_eval() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
n = next(iter(d.values()), {})
r = eval(sys.argv[1])
sys.exit(0 if r else 1)' "$1"
}

# --- GoBGP
gobgp_cli() { local pi=$1; shift; timeout 10 gobgp --target "unix://$NS_TMP/p$pi/gobgpd.sock" "$@"; }
gobgp_start() {
	local pi=$1 run=$NS_TMP/p$1
	shift
	# shellcheck disable=SC2046
	ia_render "$IA_DIR/conf/gobgpd.toml.in" "$run/gobgpd.toml" $(ia_peer_args "$pi") "$@" ||
		ia_die "gobgpd config for p$pi"
	gobgpd -d -t toml -f "$run/gobgpd.toml" > "$run/check.out" 2>&1 ||
		{ cat "$run/check.out"; ia_die "gobgpd -d refuses the config for p$pi"; }
	ns_spawn "p$pi" "$run/gobgpd.log" gobgpd -t toml -f "$run/gobgpd.toml" \
		--api-hosts "unix://$run/gobgpd.sock" --pprof-disable -p -l info
	IA_PENDING+=("gobgp_ready $pi")
}
gobgp_ready() {
	local pi=$1
	ia_wait 10 gobgp_cli "$pi" global || ia_die "gobgpd p$pi does not answer"
	if ! gobgp_cli "$pi" global rib -a ipv4 add "10.252.$pi.0/24" > /dev/null ||
		! gobgp_cli "$pi" global rib -a ipv4 add "10.253.$pi.0/24" > /dev/null ||
		! gobgp_cli "$pi" global rib -a ipv6 add "fd00:ec:ffff:$pi::/64" \
			nexthop "$(ia_p6 "$pi")" > /dev/null; then
		ia_die "gobgp p$pi: cannot add routes"
	fi
}
gobgp_nbr() { gobgp_cli "$1" neighbor "$(ia_e4 "$1")"; }
gobgp_established() { gobgp_nbr "$1" | grep -qi 'BGP state = established'; }
gobgp_not_established() { ! gobgp_established "$1"; }

# --- OpenBGPD (portable)
obgp_cli() { local pi=$1; shift; timeout 10 bgpctl -s "$NS_TMP/p$pi/bgpd.sock" "$@"; }
obgp_start() {
	local pi=$1 run=$NS_TMP/p$1
	shift
	# bgpd chroots into the home of _openbgpd (normally made by systemd)
	if [ ! -d /run/openbgpd ]; then
		mkdir -p /run/openbgpd
		IA_MADE_OPENBGPD_DIR=1
	fi
	# shellcheck disable=SC2046
	ia_render "$IA_DIR/conf/openbgpd.conf.in" "$run/bgpd.conf" $(ia_peer_args "$pi") "$@" ||
		ia_die "openbgpd config for p$pi"
	chmod 600 "$run/bgpd.conf"
	/usr/sbin/bgpd -n -f "$run/bgpd.conf" > "$run/check.out" 2>&1 ||
		{ cat "$run/check.out"; ia_die "bgpd -n refuses the config for p$pi"; }
	ns_spawn "p$pi" "$run/bgpd.log" /usr/sbin/bgpd -d -v -f "$run/bgpd.conf"
	IA_PENDING+=("obgp_ready $pi")
}
obgp_ready() { ia_wait 10 obgp_cli "$1" show summary || ia_die "openbgpd p$1 does not answer"; }
obgp_nbr() { obgp_cli "$1" show neighbor "$(ia_e4 "$1")"; }
obgp_established() { obgp_nbr "$1" | grep -q 'BGP state = Established'; }
obgp_not_established() { ! obgp_established "$1"; }

# --- ExaBGP: tests/interop/exabgp-api.py logs what ExaBGP tells its API
# process (JSON: state changes, OPENs, NOTIFICATIONs) to RUNDIR/api.log and
# relays commands written to RUNDIR/api.fifo
exa_api() { local pi=$1; shift; printf '%s\n' "$@" | timeout 5 tee "$NS_TMP/p$pi/api.fifo" > /dev/null; }
exa_start() {
	local pi=$1 run=$NS_TMP/p$1
	shift
	# shellcheck disable=SC2046
	ia_render "$IA_DIR/conf/exabgp.conf.in" "$run/exabgp.conf" $(ia_peer_args "$pi") "$@" ||
		ia_die "exabgp config for p$pi"
	mkfifo "$run/api.fifo"
	: > "$run/api.log"
	ns_spawn "p$pi" "$run/exabgp.out" env exabgp_daemon_user=root \
		exabgp_daemon_daemonize=false exabgp_daemon_drop=false \
		exabgp_daemon_pid="$run/exabgp.pid" exabgp_api_ack=false \
		exabgp_api_cli=false exabgp_log_destination="$run/exabgp.log" \
		exabgp_tcp_bind= exabgp_api_pipename="ia-exabgp-p$pi" \
		exabgp "$run/exabgp.conf"
	IA_PENDING+=("exa_ready $pi")
}
exa_ready() {
	ia_wait 15 grep -q 'api process started' "$NS_TMP/p$1/api.log" || ia_die "exabgp p$1 did not start"
}
# exa_json I PYEXPR: true if PYEXPR is truthy for some message m in api.log
exa_json() {
	python3 - "$NS_TMP/p$1/api.log" "$2" << 'EOF'
import json, sys
ok = False
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith('{'):
        continue
    try:
        m = json.loads(line)
    except ValueError:
        continue
    try:
        if eval(sys.argv[2]):
            ok = True
            break
    except (KeyError, TypeError, IndexError, AttributeError):
        pass
sys.exit(0 if ok else 1)
EOF
}
# exa_established I: ExaBGP told its API process that the session is up
# (and it has not gone down since)
exa_state() {
	python3 - "$NS_TMP/p$1/api.log" << 'EOF'
import json, sys
state = 'none'
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get('type') == 'state':
        state = m['neighbor']['state']
print(state)
EOF
}
exa_established() { [ "$(exa_state "$1")" = up ]; }
# exa_show I OUTFILE: "show neighbor extensive" through the API; ExaBGP's
# answer (text, ending with the "total:" line of the message statistics)
# goes to OUTFILE
exa_show() {
	local before
	before=$(wc -l < "$NS_TMP/p$1/api.log")
	exa_api "$1" "show neighbor extensive"
	ia_wait 5 exa_show_done "$1" "$before" || return 1
	tail -n +"$((before + 1))" "$NS_TMP/p$1/api.log" | grep -v '^{' > "$2"
}
exa_show_done() { tail -n +"$(($2 + 1))" "$NS_TMP/p$1/api.log" | grep -q '^ *total:'; }
exa_not_established() { ! exa_established "$1"; }
