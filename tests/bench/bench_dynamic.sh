#!/bin/sh
# bench_dynamic.sh -- 1,000 dynamic neighbors connect to one listen range:
# time until all are Established and the daemon's memory, for ecmpd, BIRD 2
# and GoBGP in the same run, plus a minimal responder as the floor.
#
# A program that prints figures, not a test: nothing here passes or fails on
# a timing. Exit status is non-zero only when the benchmark could not run.
# Run as root from the source tree (tests/bench/README.md):
#   tests/bench/bench_dynamic.sh [BUILDDIR]          (default build/plain)
# Environment:
#   N=1000 REPEATS=3 IDLE=2 RUN_TIMEOUT=30 PACED=32 SCENARIOS="storm paced"
#   DAEMONS="floor ecmpd bird gobgp"   ECMPD= SWARM= BIRD= GOBGPD= (binaries)
#   KEEP_LOGS=1 keeps the temp dir (configs, logs, per-run swarm output).
#
# Topology (namespaces named $NS_PREFIX-d and $NS_PREFIX-s, removed on exit):
#   d: the daemon, 10.254.0.1/24 on veth vd; route 10.253.0.0/16 via 10.254.0.2
#   s: the swarm, 10.254.0.2/24 on veth vs, plus N addresses 10.253.0.1 and up
#      as /32 on vs.
# The swarm addresses are routed through one next hop rather than on-link,
# so the daemon's namespace holds one ARP entry instead of N: the kernel's
# neighbour table limit (net.ipv4.neigh.default.gc_thresh3, 1024 by default,
# host-wide) would otherwise be the bottleneck at 1,000 peers. BIRD therefore
# gets `multihop` (its direct mode wants neighbours on a connected prefix).
#
# Two scenarios: "storm", all N connect() at once (every peer of a restarted
# router coming back: the issue's benchmark), and "paced", at most PACED
# sessions between connect() and Established at any time (the per-session
# cost without the kernel's accept-queue overflow and SYN back-off).
#
# Each run: start the daemon with its own config, pid file and control
# socket in the temp dir; wait until it listens; read VmRSS (before); start
# bgp_swarm; when the swarm reports its RESULT line (all Established or it
# gave up), read the daemon's CPU time; IDLE s later read VmRSS (after) and
# how many sessions the daemon itself shows up; then the swarm closes with
# Cease and the daemon is stopped. Runs interleave the daemons (floor, ecmpd,
# bird, gobgp, floor, ...) so drift in the machine's load hits all alike;
# the summary gives medians over REPEATS.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILDDIR=$(cd "${1:-$top/build/plain}" && pwd) || exit 2
ECMPD=${ECMPD:-$BUILDDIR/bgpd/ecmpd}
SWARM=${SWARM:-$BUILDDIR/tests/bench/bgp_swarm}
BIRD=${BIRD:-$(command -v bird || true)}
BIRDC=${BIRDC:-$(command -v birdc || true)}
GOBGPD=${GOBGPD:-$(command -v gobgpd || true)}
GOBGP=${GOBGP:-$(command -v gobgp || true)}
N=${N:-1000}
REPEATS=${REPEATS:-3}
IDLE=${IDLE:-2}
RUN_TIMEOUT=${RUN_TIMEOUT:-30}
PACED=${PACED:-32}
SCENARIOS=${SCENARIOS:-storm paced}
DAEMONS=${DAEMONS:-floor ecmpd bird gobgp}

[ "$(id -u)" -eq 0 ] || { echo "bench_dynamic: run as root (network namespaces)" >&2; exit 2; }
[ -x "$SWARM" ] || { echo "bench_dynamic: no $SWARM (make tests/bench/bgp_swarm)" >&2; exit 2; }
if [ "$N" -lt 1 ] || [ "$N" -gt 65000 ]; then echo "bench_dynamic: N out of 1..65000" >&2; exit 2; fi
daemons=""
for dm in $DAEMONS; do
	case $dm in
	floor) ok=1 ;;
	ecmpd) [ -x "$ECMPD" ] && ok=1 || ok=0 ;;
	bird) [ -n "$BIRD" ] && [ -n "$BIRDC" ] && ok=1 || ok=0 ;;
	gobgp) [ -n "$GOBGPD" ] && ok=1 || ok=0 ;;
	*) echo "bench_dynamic: unknown daemon $dm" >&2; exit 2 ;;
	esac
	if [ "$ok" -eq 1 ]; then daemons="$daemons $dm"; else echo "note: $dm not installed, skipped"; fi
done

NS_PREFIX=$(echo "bdy$$" | cut -c1-8)
. "$top/tests/lib/netns.sh"
T=$NS_TMP
# 2 fds per session at most on either side, plus the daemons' own (dash and bash have ulimit -n)
# shellcheck disable=SC3045
ulimit -n "$(( N * 2 + 1024 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

DADDR=10.254.0.1 SADDR=10.254.0.2 RANGE=10.253.0.0/16 FIRST=10.253.0.1
ns_add d
ns_add s
ns_link d vd $DADDR/24 s vs $SADDR/24
ip -n "$NS_PREFIX-d" route add $RANGE via $SADDR
# N /32 addresses from 10.253.0.1 on, in one ip -batch (one call per address takes seconds)
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) printf "addr add 10.253.%d.%d/32 dev vs\n", int(i / 256), i % 256 }' > "$T/addrs"
ip -n "$NS_PREFIX-s" -batch "$T/addrs" || { echo "bench_dynamic: cannot add the swarm addresses" >&2; exit 2; }
for ns in d s; do
	# accept queue and SYN backlog: the kernel's, so each daemon's own listen() backlog decides
	ns_exec $ns sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096
done

# ---- per-daemon start, readiness, session count ----

hz=$(getconf CLK_TCK)
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU time of the whole process (all its threads), in seconds: schedstat has
# nanoseconds where /proc/PID/stat has 10 ms ticks
cpu_s() {
	if [ -r "/proc/$1/schedstat" ]; then
		cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.4f\n", s / 1e9 }'
	else
		awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
	fi
}
# time the daemon was runnable but waited for a CPU (other load on the machine), in seconds
wait_s() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $2 } END { printf "%.4f\n", s / 1e9 }'; }
listening() { ns_exec d ss -Hltn "sport = :179" | grep -q .; }
# one kernel counter (TcpExt) in a namespace
tcpext() {
	ns_exec "$1" cat /proc/net/netstat | awk -v k="$2" '
		$1 == "TcpExt:" && !h { for (i = 2; i <= NF; i++) name[i] = $i; h = 1; next }
		$1 == "TcpExt:" && h { for (i = 2; i <= NF; i++) if (name[i] == k) print $i }'
}

start_daemon() {	# dm dir: sets DPID
	dm=$1 dir=$2
	case $dm in
	floor)
		ns_spawn d "$dir/log" "$SWARM" --respond -t $DADDR -a 65000 -T $((RUN_TIMEOUT + IDLE + 60))
		DPID=$LAST_PID; echo "$DPID" > "$dir/pid" ;;
	ecmpd)
		cat > "$dir/ecmpd.yaml" <<-EOF
		router-id: $DADDR
		as: 65000
		listen: [ { address: $DADDR, port: 179 } ]
		control: { socket: $dir/ecmpd.sock }
		peer-groups:
		  swarm: { as: 65001, passive: true, hold-time: 90 }
		dynamic-neighbors:
		  - { prefix: $RANGE, peer-group: swarm, limit: $N }
		EOF
		ns_spawn d "$dir/log" "$ECMPD" -f -c "$dir/ecmpd.yaml"
		DPID=$LAST_PID; echo "$DPID" > "$dir/pid" ;;
	bird)
		cat > "$dir/bird.conf" <<-EOF
		log "$dir/bird.log" all;
		router id $DADDR;
		protocol device { }
		protocol bgp swarm {
		  local $DADDR as 65000;
		  neighbor range $RANGE as 65001;
		  multihop;
		  hold time 90;
		  ipv4 { import all; export none; };
		}
		EOF
		ns_spawn d "$dir/log" "$BIRD" -f -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/pid"
		DPID=$LAST_PID ;;
	gobgp)
		cat > "$dir/gobgpd.toml" <<-EOF
		[global.config]
		  as = 65000
		  router-id = "$DADDR"
		  port = 179
		  local-address-list = ["$DADDR"]
		[[peer-groups]]
		  [peer-groups.config]
		    peer-group-name = "swarm"
		    peer-as = 65001
		  [peer-groups.timers.config]
		    hold-time = 90
		  [[peer-groups.afi-safis]]
		    [peer-groups.afi-safis.config]
		      afi-safi-name = "ipv4-unicast"
		[[dynamic-neighbors]]
		  [dynamic-neighbors.config]
		    prefix = "$RANGE"
		    peer-group = "swarm"
		EOF
		# the gRPC API is the control socket: a port inside the daemon namespace only
		ns_spawn d "$dir/log" "$GOBGPD" -f "$dir/gobgpd.toml" -p --pprof-disable \
			--api-hosts 127.0.0.1:50051
		DPID=$LAST_PID; echo "$DPID" > "$dir/pid" ;;
	esac
}

# sessions the daemon itself shows as Established
daemon_up() {
	dm=$1 dir=$2
	case $dm in
	floor) echo "-" ;;
	ecmpd) grep -c 'session up' "$dir/log" ;;
	bird) ns_exec d "$BIRDC" -s "$dir/bird.ctl" show protocols 2>/dev/null | grep -c Established ;;
	gobgp)
		if [ -n "$GOBGP" ]; then
			ns_exec d timeout 20 "$GOBGP" -u 127.0.0.1 -p 50051 neighbor 2>/dev/null | grep -c Establ
		else echo "?"; fi ;;
	esac
}

# ---- one run ----

RESULTS=$T/results
# columns: scenario daemon rep time_s p99_ms daemon_cpu swarm_cpu rss_before rss_after
#          kib_per_session daemon_shows failed overflows synretrans established timed_out alive
#          daemon_runqueue_wait
: > "$RESULTS"
run_one() {
	sc=$1 dm=$2 rep=$3
	dir=$T/$sc.$dm.$rep
	mkdir -p "$dir"
	conc=0
	[ "$sc" = paced ] && conc=$PACED
	start_daemon "$dm" "$dir"
	if ! wait_for 15 listening; then
		echo "  $dm #$rep: not listening after 15 s; see $dir/log" >&2
		ns_stop "$DPID"
		return
	fi
	sleep 1		# let it settle (GoBGP applies peer groups after it listens)
	# the daemon's listen() backlog (Send-Q of a listening socket), capped by somaxconn
	backlog=$(ns_exec d ss -Hltn "sport = :179" | awk '{ print $3; exit }')
	rss0=$(rss_kib "$DPID")
	cpu0=$(cpu_s "$DPID") wq0=$(wait_s "$DPID")
	ovf0=$(tcpext d ListenOverflows) syn0=$(tcpext s TCPSynRetrans)
	# the swarm holds the sessions IDLE + 2 s after the last one is up, then closes
	timeout $((RUN_TIMEOUT + IDLE + 30)) ip netns exec "$NS_PREFIX-s" "$SWARM" -q \
		-n "$N" -s $FIRST -t $DADDR -a 65001 -H 90 -c "$conc" \
		-T "$RUN_TIMEOUT" --hold $((IDLE + 2)) > "$dir/swarm.out" 2> "$dir/swarm.err" &
	spid=$!
	NS_PIDS="$NS_PIDS $spid"
	wait_for $((RUN_TIMEOUT + 10)) grep -q '^RESULT' "$dir/swarm.out"
	cpu1=$(cpu_s "$DPID") wq1=$(wait_s "$DPID")
	sleep "$IDLE"
	rss1=$(rss_kib "$DPID")
	up=$(daemon_up "$dm" "$dir")
	wait "$spid"; src=$?
	ovf1=$(tcpext d ListenOverflows) syn1=$(tcpext s TCPSynRetrans)
	alive=1; kill -0 "$DPID" 2>/dev/null || alive=0
	ns_stop "$DPID"
	line=$(grep '^RESULT' "$dir/swarm.out")
	if [ -z "$line" ]; then
		echo "  $dm #$rep: the swarm printed no result (exit $src); see $dir/swarm.err" >&2
		return
	fi
	# r_n, r_established, r_failed, r_total_s, r_p50_ms, ... from key=value
	eval "$(echo "$line" | cut -d' ' -f2- | tr ' ' '\n' | sed 's/^/r_/')"
	: "${r_established:=0}" "${r_failed:=0}" "${r_total_s:=0}" "${r_p50_ms:=0}" "${r_p99_ms:=0}" \
	  "${r_cpu_user_s:=0}" "${r_cpu_sys_s:=0}" "${r_timed_out:=1}"
	# per session that came up (all N unless the run timed out)
	kib=$(awk -v a="$rss1" -v b="$rss0" -v n="$r_established" 'BEGIN { printf "%.2f", n ? (a - b) / n : 0 }')
	dcpu=$(awk -v a="$cpu1" -v b="$cpu0" 'BEGIN { printf "%.3f", a - b }')
	dwait=$(awk -v a="$wq1" -v b="$wq0" 'BEGIN { printf "%.3f", a - b }')
	scpu=$(awk -v a="$r_cpu_user_s" -v b="$r_cpu_sys_s" 'BEGIN { printf "%.3f", a + b }')
	echo "$sc $dm $rep $r_total_s $r_p99_ms $dcpu $scpu $rss0 $rss1 $kib $up $r_failed $((ovf1 - ovf0)) $((syn1 - syn0)) $r_established $r_timed_out $alive $dwait" >> "$RESULTS"
	printf '  %-6s #%d %8.3f s%s  p50 %7.1f  p99 %8.1f ms  up %4s (daemon: %4s)  CPU daemon %6.3f s (waited %5.3f), swarm %5.3f s  RSS %6d -> %6d KiB = %6.2f KiB/session  backlog %4s  overflows %4d  SYN rexmit %4d%s\n' \
		"$dm" "$rep" "$r_total_s" "$([ "$r_timed_out" -ne 0 ] && echo '+' || echo ' ')" "$r_p50_ms" "$r_p99_ms" "$r_established" "$up" \
		"$dcpu" "$dwait" "$scpu" "$rss0" "$rss1" "$kib" "$backlog" "$((ovf1 - ovf0))" "$((syn1 - syn0))" \
		"$([ $alive -eq 1 ] || echo '  DAEMON DIED')"
	if [ "$r_failed" -gt 0 ] || [ "$r_timed_out" -ne 0 ]; then
		[ "$r_timed_out" -ne 0 ] && echo "         timed out after $RUN_TIMEOUT s: $r_established of $N up"
		grep '^  failure:' "$dir/swarm.out" | sed "s/^/       /"
	fi
}

echo "bench_dynamic: $N dynamic neighbors, $REPEATS runs per daemon and scenario, RSS read $IDLE s after the last Established"
echo "  machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC')"
for dm in $daemons; do
	case $dm in
	floor) v="bgp_swarm --respond (no daemon work: the swarm and the kernel alone)" ;;
	ecmpd) v=$("$ECMPD" --version 2>&1 | head -1) ;;
	bird) v=$("$BIRD" --version 2>&1 | head -1) ;;
	gobgp) v=$("$GOBGPD" --version 2>&1 | head -1) ;;
	esac
	echo "  $dm: $v"
done
echo "  per run: time = first connect to last Established ('+': timed out, a lower bound); p50/p99 per-session"
echo "  connect() -> Established in ms; CPU of the daemon and of the swarm over that time; RSS before the swarm and"
echo "  $IDLE s after; waited = time the daemon was runnable but had no CPU (other load); backlog = the daemon's"
echo "  listen queue; overflows = accept-queue overflows; SYN rexmit = the swarm's SYN retransmissions"
echo "  load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
t_start=$(date +%s)
for sc in $SCENARIOS; do
	case $sc in
	storm) echo; echo "scenario storm: all $N connect at once" ;;
	paced) echo; echo "scenario paced: at most $PACED sessions between connect() and Established" ;;
	*) echo "bench_dynamic: unknown scenario $sc" >&2; continue ;;
	esac
	for rep in $(seq "$REPEATS"); do
		for dm in $daemons; do
			run_one "$sc" "$dm" "$rep"
		done
	done
done

# ---- medians and ratios ----
med() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v s="$1" -v d="$2" -v c="$3" '$1 == s && $2 == d { print $c }' "$RESULTS" | med; }
has() { case " $daemons " in *" $1 "*) return 0 ;; esac; return 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
for sc in $SCENARIOS; do
	echo
	echo "scenario $sc, medians of $REPEATS runs (N = $N):"
	printf '  %-6s %9s %9s %11s %8s %10s %11s %10s %9s %8s\n' daemon "time s" "p99 ms" "daemon CPU" waited "swarm CPU" "RSS before" "RSS after" "KiB/sess" "all up"
	for dm in $daemons; do
		runs=$(awk -v s="$sc" -v d="$dm" '$1 == s && $2 == d' "$RESULTS" | wc -l)
		[ "$runs" -gt 0 ] || { printf '  %-6s (no completed run)\n' "$dm"; continue; }
		allup=$(awk -v s="$sc" -v d="$dm" -v n="$N" '$1 == s && $2 == d && $15 == n && $12 == 0 { k++ } END { print k + 0 }' "$RESULTS")
		tmo=$(awk -v s="$sc" -v d="$dm" '$1 == s && $2 == d && $16 != 0 { k++ } END { print k + 0 }' "$RESULTS")
		eval "m_time_$dm=$(col "$sc" "$dm" 4) m_rss_$dm=$(col "$sc" "$dm" 9) m_kib_$dm=$(col "$sc" "$dm" 10) m_cpu_$dm=$(col "$sc" "$dm" 6) m_tmo_$dm=$tmo"
		printf '  %-6s %8.3f%s %9.1f %11.3f %8.3f %10.3f %11d %10d %9.2f %6d/%d\n' "$dm" \
			"$(col "$sc" "$dm" 4)" "$([ "$tmo" -gt 0 ] && echo '+' || echo ' ')" "$(col "$sc" "$dm" 5)" \
			"$(col "$sc" "$dm" 6)" "$(col "$sc" "$dm" 18)" "$(col "$sc" "$dm" 7)" "$(col "$sc" "$dm" 8)" "$(col "$sc" "$dm" 9)" \
			"$(col "$sc" "$dm" 10)" "$allup" "$runs"
	done
	for other in bird gobgp; do
		has ecmpd && has "$other" || continue
		# shellcheck disable=SC2154
		te=0 to=0 re=0 ro=0 ke=0 ko=0 ce=0 co=0 tmo=0
		eval "te=\${m_time_ecmpd:-0} to=\${m_time_$other:-0} re=\${m_rss_ecmpd:-0} ro=\${m_rss_$other:-0} ke=\${m_kib_ecmpd:-0} ko=\${m_kib_$other:-0} ce=\${m_cpu_ecmpd:-0} co=\${m_cpu_$other:-0} tmo=\${m_tmo_$other:-0}"
		bound=""
		[ "$tmo" -gt 0 ] && bound="<"
		echo "  ecmpd/$other: time $bound$(ratio "$te" "$to"), daemon CPU $(ratio "$ce" "$co"), RSS after $(ratio "$re" "$ro"), KiB/session $(ratio "$ke" "$ko")"
	done
	if has ecmpd && has floor; then
		echo "  ecmpd/floor: time $(ratio "${m_time_ecmpd:-0}" "${m_time_floor:-0}"), CPU $(ratio "${m_cpu_ecmpd:-0}" "${m_cpu_floor:-0}")"
	fi
done
echo
echo "ratios below 1: ecmpd is faster / smaller. Aim (issue 3): faster than both, under 20 KiB per idle session."
echo "total benchmark time: $(( $(date +%s) - t_start )) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
