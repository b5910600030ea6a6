#!/bin/sh
# Health checks (bgpd/health.c) in a network namespace, driven by
# tests/integration/health_driver against small responders started here:
# tcp up after rise successes and down after fall failures (fast interval
# while pending), http expecting 200 and 500, a silent server and a flood of
# junk, exec with true/false/output/a command hanging past its timeout (its
# whole process group killed, no zombie left), the driver as PID 1 of a PID
# namespace reaping an orphan, and the disable file. About 25 s.
# Run as root: tests/integration/test_health.sh
#   HEALTH_DRIVER=... to choose the driver; otherwise the one next to $ECMPD's
#   build tree (tests/integration/run.sh passes ECMPD), else build/plain.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
NS_PREFIX="eh$$"
NS_PREFIX=$(echo "$NS_PREFIX" | cut -c1-8)
. "$top/tests/lib/netns.sh"
T=$NS_TMP

DRIVER=${HEALTH_DRIVER:-}
if [ -z "$DRIVER" ]; then
	if [ -n "${ECMPD:-}" ]; then bdir=$(cd "$(dirname "$ECMPD")/.." && pwd); else bdir=$top/build/plain; fi
	DRIVER=$bdir/tests/integration/health_driver
	[ -x "$DRIVER" ] || make -s -C "$bdir" tests/integration/health_driver > /dev/null 2>&1 || true
fi
if [ ! -x "$DRIVER" ]; then
	echo "no health driver at $DRIVER (make check builds it)"
	check "the health driver is built" false
	finish
	exit 1
fi

ns_add h
N=$NS_PREFIX-h

# the responder: tcp (accept, close), http (status from a file, requests
# logged), silent (listens, never accepts), junk (answers 100 kB without a
# newline); on 127.0.0.1, or on ::1 with a 6 after the mode (tcp6, http6)
cat > "$T/resp.py" <<'PY'
import socket, sys, time
mode, port, arg = sys.argv[1], int(sys.argv[2]), (sys.argv[3] if len(sys.argv) > 3 else "")
v6 = mode.endswith("6")
mode = mode.rstrip("6")
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::1" if v6 else "127.0.0.1", port))
s.listen(64)
print("listening", flush=True)
while mode == "silent":
    time.sleep(3600)
while True:
    c, _ = s.accept()
    if mode == "tcp":
        c.close()
        continue
    c.settimeout(2)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 8192:
            d = c.recv(4096)
            if not d:
                break
            data += d
        if mode == "junk":
            c.sendall(b"A" * 100000)
        else:
            with open(arg + ".log", "ab") as f:
                f.write(data)
            status = open(arg).read().strip()
            c.sendall(("HTTP/1.1 %s Whatever\r\nContent-Length: 2\r\n\r\nok" % status).encode())
    except OSError:
        pass
    c.close()
PY
responder() {	# responder LOG MODE PORT [ARG]: start, wait until it listens
	log=$1; shift
	ns_spawn h "$log" python3 "$T/resp.py" "$@"
	wait_for 5 grep -q listening "$log"
}
driver() {	# driver LOG ARGS...: start the driver in the namespace
	log=$1; shift
	ns_spawn h "$log" "$DRIVER" "$@"
	PID_D=$LAST_PID
}
has() { grep -q -- "$2" "$1"; }
# the time of the first line matching a pattern, "" if none
time_of() { grep -- "$2" "$1" | head -n 1 | cut -d' ' -f1; }
# how many defunct children PID has (State comes before PPid in status)
zombies_of() {
	cat /proc/[0-9]*/status 2>/dev/null | awk -v p="$1" '
		/^Name:/ { st = "" } /^State:/ { st = $2 }
		/^PPid:/ { if (st == "Z" && $2 == p) n++ } END { print n + 0 }'
}
children_of() {
	cat /proc/[0-9]*/status 2>/dev/null | awk -v p="$1" '
		/^Pid:/ { pid = $2 } /^PPid:/ { if ($2 == p) print pid }'
}

# ---- tcp: up after rise successes, down after fall failures, fast interval when pending
L=$T/tcp.log
driver "$L" -v --interval 300 --fast-interval 100 --timeout 500 --rise 3 --fall 3 \
	--name svc --tcp 127.0.0.1:8001 --duration 20000
check "tcp: refused while nothing listens, stays down" \
	sh -c "sleep 1; grep -q 'svc: result fail: tcp 127.0.0.1:8001: connection refused' $L && ! grep -q -- '->' $L"
responder "$T/r1.log" tcp 8001; PID_R=$LAST_PID
check "tcp: up after 3 successes" \
	wait_for 5 grep -q 'svc: down -> up: tcp 127.0.0.1:8001: connected in [0-9]* ms (3 of 3 successes)' "$L"
n_ok=$(sed -n '/down -> up/q;/result ok/p' "$L" | wc -l)
check "tcp: exactly 3 probes succeeded before the change ($n_ok)" test "$n_ok" -eq 3
t_first=$(time_of "$L" 'result ok'); t_up=$(time_of "$L" 'down -> up')
check "tcp: the 2nd and 3rd probe came at the fast interval (first ok $t_first, up $t_up)" \
	awk -v a="$t_first" -v b="$t_up" 'BEGIN { d = b - a; exit !(d >= 0.18 && d < 0.45) }'
ns_stop "$PID_R"
check "tcp: down after 3 failures once the responder stops" \
	wait_for 5 grep -q 'svc: up -> down: tcp 127.0.0.1:8001: connection refused (3 of 3 failures)' "$L"
t_fail=$(sed -n '/down -> up/,$p' "$L" | grep 'result fail' | head -n 1 | cut -d' ' -f1)
t_down=$(time_of "$L" 'up -> down')
check "tcp: failures 2 and 3 came at the fast interval (first fail $t_fail, down $t_down)" \
	awk -v a="$t_fail" -v b="$t_down" 'BEGIN { d = b - a; exit !(d >= 0.18 && d < 0.45) }'
ns_stop "$PID_D"
check "tcp: the counters at exit" \
	grep -q "stats svc: state down checks [0-9]* successes [0-9]* failures [0-9]* transitions 2 last 'tcp 127.0.0.1:8001: connection refused'" "$L"

# ---- IPv6: tcp and http on [::1] (when the namespace's lo has ::1)
if ip -n "$N" -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	echo 204 > "$T/status6"
	responder "$T/r6.log" tcp6 8006
	responder "$T/r7.log" http6 8007 "$T/status6"
	L=$T/v6.log
	driver "$L" --interval 200 --fast-interval 100 --rise 1 \
		--name t6 --tcp '[::1]:8006' --name h6 --expect 204 --http '[::1]:8007/' --duration 20000
	check "ipv6: tcp [::1] goes up" wait_for 5 grep -q "t6: down -> up: tcp \[::1\]:8006: connected" "$L"
	check "ipv6: http [::1] goes up on the expected 204, Host header bracketed" \
		wait_for 5 sh -c "grep -q 'h6: down -> up: http \[::1\]:8007/: status 204' $L && grep -q 'Host: \[::1\]:8007' $T/status6.log"
	ns_stop "$PID_D"
else
	echo "(no ::1 in the namespace: IPv6 checks skipped)"
fi

# ---- http: 200 and 500, two checks at once on the same server, a silent server, junk
echo 200 > "$T/status"
responder "$T/r2.log" http 8002 "$T/status"
responder "$T/r3.log" silent 8003
responder "$T/r4.log" junk 8004
L=$T/http.log
driver "$L" -v --interval 300 --fast-interval 100 --timeout 400 --rise 2 --fall 2 \
	--name web --http 127.0.0.1:8002/healthz \
	--name web500 --expect 500 --http 127.0.0.1:8002/ \
	--name silent --http 127.0.0.1:8003/ \
	--name junk --http 127.0.0.1:8004/ --duration 20000
check "http: up on status 200" \
	wait_for 5 grep -q 'web: down -> up: http 127.0.0.1:8002/healthz: status 200 (2 of 2 successes)' "$L"
check "http: the request line and Host header" \
	sh -c "grep -q 'GET /healthz HTTP/1.0' $T/status.log && grep -q 'Host: 127.0.0.1:8002' $T/status.log"
check "http: the check expecting 500 stays down on 200" \
	grep -q "web500: result fail: http 127.0.0.1:8002/: status 200, expected 500" "$L"
echo 500 > "$T/status"
check "http: down on status 500" \
	wait_for 5 grep -q 'web: up -> down: http 127.0.0.1:8002/healthz: status 500, expected 200 (2 of 2 failures)' "$L"
check "http: the check expecting 500 goes up meanwhile" \
	wait_for 5 grep -q 'web500: down -> up: http 127.0.0.1:8002/: status 500 (2 of 2 successes)' "$L"
check "http: a server that never answers times out" \
	wait_for 5 grep -q 'silent: result fail: http 127.0.0.1:8003/: no answer within 400 ms' "$L"
check "http: 100 kB of junk is read only up to its bound and refused" \
	wait_for 5 grep -q "junk: result fail: http 127.0.0.1:8004/: not an HTTP status line: 'AAAA*...'" "$L"
ns_stop "$PID_D"
check "http: the driver exited cleanly (stats printed)" grep -q 'stats junk: state down' "$L"

# ---- exec: true, false, the output in the reason
L=$T/exec.log
driver "$L" --interval 200 --fast-interval 100 --timeout 2000 --rise 2 --fall 2 \
	--name t --exec true --initial up --name f --exec false \
	--fall 1 --name out --exec 'echo; echo backend unreachable >&2; echo more; exit 3' \
	--duration 20000
check "exec: true goes up" wait_for 5 grep -q "t: down -> up: exec 'true': exit 0 (2 of 2 successes)" "$L"
check "exec: false goes down" wait_for 5 grep -q "f: up -> down: exec 'false': exit 1 (2 of 2 failures)" "$L"
check "exec: the first line of output is in the reason" \
	wait_for 5 grep -q "out: up -> down: exec 'echo; echo backend.*': exit 3: backend unreachable (1 of 1 failure)" "$L"
dpid=$(sed -n 's/.* pid \([0-9]*\).*/\1/p' "$L" | head -n 1)
check "exec: no zombie among the driver's children while it runs" \
	wait_for 3 test "$(zombies_of "$dpid")" -eq 0
ns_stop "$PID_D"

# ---- exec hanging past the timeout: the whole process group is killed and reaped
L=$T/hang.log
tag="41.$$"
driver "$L" --interval 20000 --timeout 500 --fall 1 --initial up \
	--name hang --exec "sleep $tag & sleep $tag; echo never" --duration 20000
sleep 0.3
dpid=$(sed -n 's/.* pid \([0-9]*\).*/\1/p' "$L" | head -n 1)
n_sleep=$(pgrep -c -f "^sleep $tag")
check "exec hang: the command and its background child run ($n_sleep sleeps)" test "$n_sleep" -eq 2
check "exec hang: killed at the timeout" \
	wait_for 5 grep -q "hang: up -> down: exec 'sleep $tag & sleep $tag; echo never': timed out after 500 ms, killed (1 of 1 failure)" "$L"
t=$(time_of "$L" 'up -> down')
check "exec hang: the timeout took 0.5 s ($t)" awk -v t="$t" 'BEGIN { exit !(t >= 0.45 && t < 1.5) }'
check "exec hang: nothing of the process group is left" \
	wait_for 2 sh -c "! pgrep -f '^sleep $tag' && ! pgrep -f '^sh -c sleep $tag'"
check "exec hang: the driver has no child left, no zombie" test -z "$(children_of "$dpid")"
ns_stop "$PID_D"

# ---- PID 1 in a PID namespace: an orphan of a check is reparented to the driver and reaped
# (the orphan leaves the check's process group before the check ends: what is
# still in the group when the command exits is killed)
L=$T/pid1.log
ns_spawn h "$L" unshare --pid --fork --mount-proc --kill-child "$DRIVER" \
	--interval 20000 --rise 1 --name orphan --exec 'setsid sleep 0.5 & sleep 0.2; echo started' --duration 20000
PID_U=$LAST_PID
check "pid 1: the driver runs as PID 1 and reaps every child" \
	wait_for 5 grep -q 'started 1 check, pid 1, reaping every child' "$L"
check "pid 1: the check goes up" wait_for 5 grep -q "orphan: down -> up: exec 'setsid sleep 0.5 & sleep 0.2; echo started': exit 0: started" "$L"
check "pid 1: the orphan (not a check's child) is reaped when it exits" \
	wait_for 5 grep -q 'reaped a child that is not a check.s: pid [0-9]* status 0$' "$L"
hpid=$(children_of "$PID_U" | head -n 1)
check "pid 1: no zombie under the driver (host pid ${hpid:-?})" \
	sh -c "[ -n '$hpid' ] && [ $(zombies_of "${hpid:-0}") -eq 0 ]"
ns_stop "$PID_U"

# ---- the disable file: wins over results, probes not run, leaving starts over
responder "$T/r5.log" tcp 8005; PID_R=$LAST_PID
touch "$T/maint"
L=$T/disable.log
driver "$L" -v --interval 200 --fast-interval 100 --timeout 500 --rise 2 --fall 2 \
	--disable-file "$T/maint" --name mnt --tcp 127.0.0.1:8005 --duration 20000
check "disable: disabled from the start, when the file exists" \
	wait_for 5 grep -q "mnt: down -> disabled: disable file $T/maint exists" "$L"
sleep 0.6
check "disable: no probe runs while disabled" sh -c "! grep -q 'result' $L"
rm -f "$T/maint"
check "disable: leaving goes back to down, then up after 2 successes" \
	wait_for 5 sh -c "grep -q 'mnt: disabled -> down: disable file $T/maint removed' $L && grep -q 'mnt: down -> up: .*(2 of 2 successes)' $L"
touch "$T/maint"
check "disable: up -> disabled" wait_for 5 grep -q "mnt: up -> disabled: disable file $T/maint exists" "$L"
ns_stop "$PID_R"
sleep 0.8
check "disable: the responder is gone but the state stays disabled" \
	sh -c "[ \$(grep -c -- '->' $L) -eq 4 ] && [ \$(grep -c 'result fail' $L) -eq 0 ]"
rm -f "$T/maint"
check "disable: removed while the service is down: down, and it stays down" \
	wait_for 5 sh -c "grep -q 'mnt: disabled -> down' $L && grep -q 'mnt: result fail: tcp 127.0.0.1:8005: connection refused' $L"
ns_stop "$PID_D"
check "disable: transitions counted" grep -q 'stats mnt: state down .* transitions 5 ' "$L"

# ---- a host that does not resolve is a configuration error
ns_exec h "$DRIVER" --tcp no-such-host.invalid:80 > "$T/bad.log" 2>&1
rc=$?
check "config: an unresolvable host is refused (exit $rc)" \
	sh -c "[ $rc -eq 1 ] && grep -q 'cannot resolve no-such-host.invalid' $T/bad.log"

finish
