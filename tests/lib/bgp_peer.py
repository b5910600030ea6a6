#!/usr/bin/env python3
"""bgp_peer.py -- a small raw BGP speaker for tests (Python 3 standard library only).

It speaks just enough BGP-4 to drive a daemon into a given state and then
send whatever bytes a test wants, well-formed or not, and to report exactly
what came back. Every wait has a timeout; nothing blocks forever.

As a library:

    from bgp_peer import *
    p = Peer.connect("10.250.1.1", source="10.250.1.10", timeout=5)
    theirs = p.handshake(open_msg(65001, 3, "10.250.1.10"), stage="established")
    p.send(update(attrs=origin(0) + as_path([65001]) + next_hop("10.250.1.10"),
                  nlri=prefixes("10.99.0.0/24")))
    n = p.wait_notification(timeout=5)     # Notification(code, subcode, data) or raises
    p.close()

As a program (what the shell tests use):

    bgp_peer.py probe --connect ADDR --source ADDR --as N --id A.B.C.D \\
        --at {connect,opensent,open,openconfirm,established} --send SPEC ... \\
        (--expect-notification C/S [--expect-data HEX] | --expect-up SECS | --expect-any)
    bgp_peer.py hold (--listen ADDR | --connect ADDR) --as N --id A.B.C.D \\
        --status FILE [--hold 3] [--max-time 300]

SPEC, for --send (hex may contain spaces and "(HEX)*N" repeats):
    raw:HEX                the exact bytes
    msg:TYPE:HEX           a header with the right length and TYPE, then HEX
    update:WD:ATTRS:NLRI   an UPDATE with both length fields computed
    keepalive              a KEEPALIVE
    open                   our OPEN, as the --as/--id/--hold/--version/--caps options make it

probe exits 0 when the expectation is met, 1 when it is not, 2 on bad usage.
hold keeps one session up, sending KEEPALIVEs, and keeps a status file
(key=value lines, replaced atomically) saying how it goes; it exits 1 when
the session goes down, 0 on SIGTERM or after --max-time.
"""

import argparse
import ipaddress
import os
import re
import select
import signal
import socket
import struct
import sys
import time

__all__ = [
    "MARKER", "HEADER_LEN", "MAX_LEN", "OPEN", "UPDATE", "NOTIFICATION",
    "KEEPALIVE", "ROUTE_REFRESH", "BgpPeerError", "PeerTimeout", "PeerClosed",
    "Message", "Open", "Notification", "Peer", "message", "keepalive",
    "notification", "capability", "cap_mp", "cap_as4", "cap_route_refresh",
    "cap_enhanced_rr", "cap_ext_msg", "default_caps", "open_body", "open_msg",
    "attr", "origin", "as_path", "next_hop", "prefixes", "update",
    "route_refresh", "parse_hex", "error_name",
]

MARKER = b"\xff" * 16
HEADER_LEN = 19
MAX_LEN = 4096
OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH = 1, 2, 3, 4, 5
MSG_NAMES = {OPEN: "OPEN", UPDATE: "UPDATE", NOTIFICATION: "NOTIFICATION",
             KEEPALIVE: "KEEPALIVE", ROUTE_REFRESH: "ROUTE-REFRESH"}

# IANA "BGP Error Codes" / "BGP Error Subcodes" names, for readable output
ERROR_CODES = {1: "Message Header Error", 2: "OPEN Message Error",
               3: "UPDATE Message Error", 4: "Hold Timer Expired",
               5: "Finite State Machine Error", 6: "Cease",
               7: "ROUTE-REFRESH Message Error", 8: "Send Hold Timer Expired"}
ERROR_SUBCODES = {
    1: {1: "Connection Not Synchronized", 2: "Bad Message Length", 3: "Bad Message Type"},
    2: {1: "Unsupported Version Number", 2: "Bad Peer AS", 3: "Bad BGP Identifier",
        4: "Unsupported Optional Parameter", 6: "Unacceptable Hold Time",
        7: "Unsupported Capability", 11: "Role Mismatch"},
    3: {1: "Malformed Attribute List", 2: "Unrecognized Well-known Attribute",
        3: "Missing Well-known Attribute", 4: "Attribute Flags Error",
        5: "Attribute Length Error", 6: "Invalid ORIGIN Attribute",
        8: "Invalid NEXT_HOP Attribute", 9: "Optional Attribute Error",
        10: "Invalid Network Field", 11: "Malformed AS_PATH"},
    5: {0: "Unspecified Error", 1: "Receive Unexpected Message in OpenSent State",
        2: "Receive Unexpected Message in OpenConfirm State",
        3: "Receive Unexpected Message in Established State"},
    6: {1: "Maximum Number of Prefixes Reached", 2: "Administrative Shutdown",
        3: "Peer De-configured", 4: "Administrative Reset", 5: "Connection Rejected",
        6: "Other Configuration Change", 7: "Connection Collision Resolution",
        8: "Out of Resources", 9: "Hard Reset", 10: "BFD Down"},
    7: {1: "Invalid Message Length"},
}


def error_name(code, subcode):
    c = ERROR_CODES.get(code, "Unknown")
    s = ERROR_SUBCODES.get(code, {}).get(subcode, "Unspecific" if subcode == 0 else "Unknown")
    return "%s / %s" % (c, s)


class BgpPeerError(Exception):
    """Something other than what the test expected happened."""


class PeerTimeout(BgpPeerError):
    pass


class PeerClosed(BgpPeerError):
    pass


# ---- building messages ----

def message(mtype, body=b"", length=None, marker=MARKER):
    """A whole message: marker, length (computed unless given), type, body."""
    if length is None:
        length = HEADER_LEN + len(body)
    return marker + struct.pack("!HB", length & 0xFFFF, mtype & 0xFF) + body


def keepalive():
    return message(KEEPALIVE)


def notification(code, subcode, data=b""):
    return message(NOTIFICATION, bytes([code, subcode]) + data)


def capability(code, value=b""):
    return bytes([code, len(value)]) + value


def cap_mp(afi=1, safi=1):
    return capability(1, struct.pack("!HBB", afi, 0, safi))


def cap_as4(asn):
    return capability(65, struct.pack("!I", asn))


def cap_route_refresh():
    return capability(2)


def cap_enhanced_rr():
    return capability(70)


def cap_ext_msg():
    return capability(6)


def default_caps(asn):
    """MP IPv4 unicast, route refresh, 4-octet AS: what most speakers send."""
    return cap_mp(1, 1) + cap_route_refresh() + cap_as4(asn)


def _ipv4(addr):
    return ipaddress.IPv4Address(addr).packed


def open_body(asn, hold, bgp_id, version=4, caps=None, opt_params=None, as_field=None):
    """OPEN body. caps: capability TLVs put in one Capabilities parameter
    (None: default_caps(asn); b"": no parameter at all). opt_params, when
    given, replaces the whole optional parameters field (raw). as_field: the
    2-octet My AS (default asn, or AS_TRANS 23456 for asn > 65535)."""
    if as_field is None:
        as_field = asn if asn <= 0xFFFF else 23456
    if opt_params is None:
        if caps is None:
            caps = default_caps(asn)
        opt_params = bytes([2, len(caps)]) + caps if caps else b""
    return (struct.pack("!BHH", version, as_field, hold) + _ipv4(bgp_id) +
            bytes([len(opt_params) & 0xFF]) + opt_params)


def open_msg(asn, hold, bgp_id, **kw):
    return message(OPEN, open_body(asn, hold, bgp_id, **kw))


def attr(flags, atype, value):
    """A path attribute; the Extended Length flag is set when the value needs it."""
    if len(value) > 255:
        flags |= 0x10
    if flags & 0x10:
        return struct.pack("!BBH", flags, atype, len(value)) + value
    return struct.pack("!BBB", flags, atype, len(value)) + value


def origin(value=0, flags=0x40):
    return attr(flags, 1, bytes([value]))


def as_path(asns, as4=True, seg_type=2, flags=0x40):
    fmt = "!I" if as4 else "!H"
    seg = bytes([seg_type, len(asns)]) + b"".join(struct.pack(fmt, a) for a in asns)
    return attr(flags, 2, seg if asns else b"")


def next_hop(addr, flags=0x40):
    return attr(flags, 3, _ipv4(addr))


def prefixes(*texts):
    """NLRI encoding of IPv4 prefixes given as text."""
    out = b""
    for t in texts:
        net = ipaddress.IPv4Network(t, strict=False)
        n = (net.prefixlen + 7) // 8
        out += bytes([net.prefixlen]) + net.network_address.packed[:n]
    return out


def update(withdrawn=b"", attrs=b"", nlri=b"", withdrawn_len=None, attrs_len=None):
    wl = len(withdrawn) if withdrawn_len is None else withdrawn_len
    al = len(attrs) if attrs_len is None else attrs_len
    return message(UPDATE, struct.pack("!H", wl) + withdrawn + struct.pack("!H", al) + attrs + nlri)


def route_refresh(afi=1, safi=1, subtype=0):
    return message(ROUTE_REFRESH, struct.pack("!HBB", afi, subtype, safi))


def parse_hex(text):
    """Hex with optional whitespace, ':' separators and (HEX)*N repeats."""
    text = re.sub(r"\(([0-9a-fA-F\s]*)\)\*(\d+)",
                  lambda m: re.sub(r"\s", "", m.group(1)) * int(m.group(2)), text)
    text = re.sub(r"[\s:]", "", text)
    if len(text) % 2 or re.search(r"[^0-9a-fA-F]", text):
        raise ValueError("not hex: %r" % text[:60])
    return bytes.fromhex(text)


# ---- parsing ----

class Message:
    def __init__(self, raw):
        self.raw = raw
        self.length = struct.unpack("!H", raw[16:18])[0]
        self.type = raw[18]
        self.body = raw[HEADER_LEN:]

    @property
    def name(self):
        return MSG_NAMES.get(self.type, "type %d" % self.type)

    def __repr__(self):
        return "<%s %d octets>" % (self.name, self.length)


class Open:
    """A decoded OPEN; tolerant: what cannot be read is left out."""

    def __init__(self, body):
        self.version, self.my_as, self.hold, bid, plen = struct.unpack("!BHHIB", body[:10])
        self.bgp_id = str(ipaddress.IPv4Address(bid))
        self.caps = []          # (code, value bytes)
        params = body[10:10 + plen]
        i = 0
        while i + 2 <= len(params):
            ptype, l = params[i], params[i + 1]
            v = params[i + 2:i + 2 + l]
            i += 2 + l
            if ptype != 2:
                continue
            j = 0
            while j + 2 <= len(v):
                self.caps.append((v[j], v[j + 2:j + 2 + v[j + 1]]))
                j += 2 + v[j + 1]

    def has_cap(self, code):
        return any(c == code for c, _ in self.caps)

    @property
    def asn(self):
        for c, v in self.caps:
            if c == 65 and len(v) == 4:
                return struct.unpack("!I", v)[0]
        return self.my_as


class Notification:
    def __init__(self, body):
        self.code = body[0] if len(body) > 0 else 0
        self.subcode = body[1] if len(body) > 1 else 0
        self.data = body[2:]

    def __str__(self):
        return "NOTIFICATION %d/%d (%s) data=%s" % (
            self.code, self.subcode, error_name(self.code, self.subcode),
            self.data.hex() or "(none)")


# ---- a connection ----

class Peer:
    """One BGP connection over a blocking socket used with explicit deadlines."""

    def __init__(self, sock, log=None):
        self.sock = sock
        self.buf = b""
        self.eof = False
        self.log = log or (lambda s: None)
        self.peer_open = None
        self.hold = 0           # what we offered; keepalive interval is hold / 3

    @classmethod
    def connect(cls, host, port=179, source=None, timeout=5.0, log=None):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if source:
            s.bind((source, 0))
        s.settimeout(timeout)
        try:
            s.connect((host, port))
        except socket.timeout:
            s.close()
            raise PeerTimeout("connect to %s port %d: no answer in %.1f s" % (host, port, timeout))
        except OSError as e:
            s.close()
            raise PeerClosed("connect to %s port %d: %s" % (host, port, e.strerror or e))
        return cls(s, log)

    @classmethod
    def listen(cls, host, port=179, timeout=30.0, log=None, ready=None):
        """Accept one connection. ready(): called once the socket listens."""
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((host, port))
        ls.listen(1)
        if ready:
            ready()
        ls.settimeout(timeout)
        try:
            s, _ = ls.accept()
        except socket.timeout:
            raise PeerTimeout("no connection on %s port %d in %.1f s" % (host, port, timeout))
        finally:
            ls.close()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(s, log)

    def send(self, data):
        self.sock.settimeout(5.0)
        try:
            self.sock.sendall(data)
        except socket.timeout:
            raise PeerTimeout("send of %d octets blocked for 5 s" % len(data))
        except OSError as e:
            raise PeerClosed("send: %s" % (e.strerror or e))

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise PeerTimeout("nothing received in time")
        r, _, _ = select.select([self.sock], [], [], left)
        if not r:
            raise PeerTimeout("nothing received in time")
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            self.eof = True
            raise PeerClosed("connection reset by the peer")
        if not chunk:
            self.eof = True
            raise PeerClosed("connection closed by the peer")
        self.buf += chunk

    def recv_msg(self, timeout=5.0):
        """The next whole message; PeerTimeout or PeerClosed otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            if len(self.buf) >= HEADER_LEN:
                length = struct.unpack("!H", self.buf[16:18])[0]
                if self.buf[:16] != MARKER or length < HEADER_LEN:
                    raise BgpPeerError("the peer sent a bad header: %s" % self.buf[:HEADER_LEN].hex())
                if len(self.buf) >= length:
                    m = Message(self.buf[:length])
                    self.buf = self.buf[length:]
                    self.log("received %s (%d octets)" % (m.name, m.length))
                    return m
            self._fill(deadline)

    def expect(self, mtype, timeout=5.0):
        """Receive one message that must be of type mtype; a NOTIFICATION instead raises."""
        m = self.recv_msg(timeout)
        if m.type == mtype:
            return m
        if m.type == NOTIFICATION:
            raise BgpPeerError("expected %s, got %s" % (MSG_NAMES.get(mtype), Notification(m.body)))
        raise BgpPeerError("expected %s, got %s" % (MSG_NAMES.get(mtype), m.name))

    def handshake(self, our_open, stage="established", timeout=5.0, settle=1.0):
        """Drive the session up to stage:
        opensent    the peer's OPEN received, ours not sent (the peer is in OpenSent)
        openconfirm ours sent, the peer's KEEPALIVE received (the peer is in OpenConfirm)
        established our KEEPALIVE sent too; waits up to settle s for the peer's
                    first message after that (End-of-RIB or KEEPALIVE)
        Returns the peer's Open."""
        m = self.expect(OPEN, timeout)
        self.peer_open = Open(m.body)
        if stage == "opensent":
            return self.peer_open
        self.hold = struct.unpack("!H", our_open[HEADER_LEN + 3:HEADER_LEN + 5])[0]
        self.send(our_open)
        self.expect(KEEPALIVE, timeout)
        if stage == "openconfirm":
            return self.peer_open
        self.send(keepalive())
        try:
            m = self.recv_msg(settle)
            if m.type == NOTIFICATION:
                raise BgpPeerError("session refused: %s" % Notification(m.body))
            self.buf = m.raw + self.buf      # leave it for the caller
        except PeerTimeout:
            pass
        return self.peer_open

    def wait_notification(self, timeout=5.0):
        """Skip other messages until a NOTIFICATION; PeerClosed if the
        connection closes first, PeerTimeout if nothing comes."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv_msg(max(0.0, deadline - time.monotonic()))
            if m.type == NOTIFICATION:
                return Notification(m.body)

    def wait_close(self, timeout=5.0):
        """True when the peer closes the connection within timeout (data is skipped)."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                self.buf = b""
                self._fill(deadline)
        except PeerClosed:
            return True
        except PeerTimeout:
            return False

    def stays_up(self, seconds, wait_keepalive=3.0):
        """Keep the session for `seconds`, and then until a KEEPALIVE from the
        peer has come (at most wait_keepalive s more), sending ours every
        hold/3 s. Raises on a NOTIFICATION or a close; returns the
        KEEPALIVEs received (0: none came in time)."""
        start = time.monotonic()
        end = start + seconds
        last = end + wait_keepalive
        interval = max(self.hold / 3.0, 0.5) if self.hold else 1.0
        next_ka = start
        got = 0
        while True:
            now = time.monotonic()
            if (now >= end and got > 0) or now >= last:
                return got
            if now >= next_ka:
                self.send(keepalive())
                next_ka = now + interval
            try:
                m = self.recv_msg(min(last, next_ka) - now)
            except PeerTimeout:
                continue
            if m.type == NOTIFICATION:
                raise BgpPeerError("session went down: %s" % Notification(m.body))
            if m.type == KEEPALIVE:
                got += 1

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ---- command line ----

def _send_spec(spec, args):
    if spec == "keepalive":
        return keepalive()
    if spec == "open":
        return _our_open(args)
    kind, _, rest = spec.partition(":")
    if kind == "raw":
        return parse_hex(rest)
    if kind == "msg":
        t, _, body = rest.partition(":")
        return message(int(t, 0), parse_hex(body))
    if kind == "update":
        parts = rest.split(":")
        if len(parts) != 3:
            raise ValueError("update:WITHDRAWN:ATTRS:NLRI needs three fields")
        return update(parse_hex(parts[0]), parse_hex(parts[1]), parse_hex(parts[2]))
    raise ValueError("unknown send spec %r" % spec)


def _our_open(args):
    if args.caps == "none":
        caps = b""
    elif args.caps in (None, "default"):
        caps = default_caps(args.asn)
    else:
        caps = parse_hex(args.caps)
    if args.extra_caps:
        caps += parse_hex(args.extra_caps)
    opt = parse_hex(args.opt_params) if args.opt_params is not None else None
    return open_msg(args.asn, args.hold, args.id, version=args.version, caps=caps,
                    opt_params=opt, as_field=args.as_field)


def _hexcut(b, n=96):
    h = b.hex()
    return h if len(b) <= n else "%s... (%d octets)" % (b[:n].hex(), len(b))


def cmd_probe(args):
    tag = args.name + ": " if args.name else ""

    def say(s):
        print(tag + s, flush=True)

    log = (lambda s: say(s)) if args.verbose else None
    try:
        payload = [_send_spec(s, args) for s in args.send]
        if args.at == "open":
            payload = [_our_open(args)] + payload
    except ValueError as e:
        print("bgp_peer.py: %s" % e, file=sys.stderr)
        return 2

    if args.expect_notification:
        try:
            want_c, want_s = (int(x) for x in args.expect_notification.split("/"))
        except ValueError:
            print("bgp_peer.py: --expect-notification wants CODE/SUBCODE", file=sys.stderr)
            return 2
        say("expect: NOTIFICATION %d/%d (%s)" % (want_c, want_s, error_name(want_c, want_s)))
    host, _, port = args.connect.partition(":")
    result = None
    try:
        p = Peer.connect(host, int(port or 179), source=args.source, timeout=args.timeout, log=log)
        if args.at in ("opensent", "open"):
            p.handshake(None, "opensent", timeout=args.timeout)
        elif args.at in ("openconfirm", "established"):
            p.handshake(_our_open(args), args.at, timeout=args.timeout)
        for m in payload:
            say("sent %s" % _hexcut(m))
            p.send(m)
        if args.expect_up is not None:
            t0 = time.monotonic()
            try:
                got = p.stays_up(args.expect_up)
            except PeerClosed as e:
                result = "closed without NOTIFICATION (%s)" % e
            except BgpPeerError as e:
                result = str(e)
            else:
                if got == 0:
                    result = "no KEEPALIVE from the peer in %.1f s" % (time.monotonic() - t0)
                else:
                    say("result: established, %d KEEPALIVEs in %.1f s, no NOTIFICATION" %
                        (got, time.monotonic() - t0))
                    # leave politely: Cease / Administrative Shutdown with an RFC 9003 text
                    text = b"bgp_peer.py done"
                    p.send(notification(6, 2, bytes([len(text)]) + text))
                    p.close()
                    return 0
            say("FAIL: expected the session to stay up: %s" % result)
            return 1
        try:
            n = p.wait_notification(args.timeout)
        except PeerClosed as e:
            say("result: closed without NOTIFICATION")
            return 0 if args.expect_any else _fail(say, "expected a NOTIFICATION: %s" % e)
        except PeerTimeout:
            say("result: no NOTIFICATION in %.1f s, session %s" % (args.timeout, "open"))
            return 0 if args.expect_any else _fail(say, "expected a NOTIFICATION, none came")
        say("result: %s" % n)
        closed = p.wait_close(args.timeout)
        p.close()
        if args.expect_any:
            return 0
        problems = []
        if (n.code, n.subcode) != (want_c, want_s):
            problems.append("expected %d/%d, got %d/%d" % (want_c, want_s, n.code, n.subcode))
        if args.expect_data is not None:
            wants = [parse_hex(x) for x in args.expect_data.split("|")]
            if n.data not in wants:
                problems.append("expected data %s, got %s" % (
                    " or ".join(w.hex() or "(none)" for w in wants), n.data.hex() or "(none)"))
        if not closed:
            problems.append("the connection was not closed after the NOTIFICATION")
        if problems:
            return _fail(say, "; ".join(problems))
        return 0
    except BgpPeerError as e:
        # an --expect-any probe reports a refused handshake as its result
        say("result: %s" % e)
        return 0 if args.expect_any else _fail(say, str(e))


def _fail(say, why):
    say("FAIL: " + why)
    return 1


def _write_status(path, st):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for k, v in st.items():
            f.write("%s=%s\n" % (k, v))
    os.replace(tmp, path)


def cmd_hold(args):
    st = {"state": "starting", "pid": os.getpid(), "rx_keepalive": 0, "rx_update": 0,
          "tx_keepalive": 0, "last_rx": 0, "reason": ""}
    stop = {"now": False}

    def on_term(signum, frame):
        stop["now"] = True
    signal.signal(signal.SIGTERM, on_term)

    def status(**kw):
        st.update(kw)
        if args.status:
            _write_status(args.status, st)

    def log(s):
        print("%.3f %s" % (time.time(), s), flush=True)

    deadline = time.monotonic() + args.max_time
    try:
        if args.listen:
            host, _, port = args.listen.partition(":")
            p = Peer.listen(host, int(port or 179), timeout=args.timeout, log=log,
                            ready=lambda: status(state="listening"))
        else:
            host, _, port = args.connect.partition(":")
            p = Peer.connect(host, int(port or 179), source=args.source, timeout=args.timeout, log=log)
        theirs = p.handshake(_our_open(args), "openconfirm", timeout=args.timeout)
        p.send(keepalive())
        log("established with AS %d, BGP id %s, hold %d" % (theirs.asn, theirs.bgp_id, theirs.hold))
        status(state="established", since=time.time(), peer_as=theirs.asn)
        interval = max(min(args.hold, theirs.hold or args.hold) / 3.0, 0.3)
        next_ka = time.monotonic() + interval
        while not stop["now"]:
            now = time.monotonic()
            if now >= deadline:
                status(state="expired", reason="max-time %d s reached" % args.max_time)
                p.close()
                return 0
            if now >= next_ka:
                p.send(keepalive())
                st["tx_keepalive"] += 1
                next_ka = now + interval
            try:
                m = p.recv_msg(min(next_ka, deadline) - now)
            except PeerTimeout:
                continue
            except InterruptedError:
                continue
            if m.type == NOTIFICATION:
                n = Notification(m.body)
                log("received %s" % n)
                status(state="down", reason="received %s" % n)
                p.close()
                return 1
            if m.type == KEEPALIVE:
                status(rx_keepalive=st["rx_keepalive"] + 1, last_rx=time.time())
            else:
                status(rx_update=st["rx_update"] + int(m.type == UPDATE), last_rx=time.time())
        status(state="stopped", reason="SIGTERM")
        p.close()
        return 0
    except (BgpPeerError, OSError) as e:
        log("down: %s" % e)
        status(state="down", reason=str(e))
        return 1


def main(argv=None):
    ap = argparse.ArgumentParser(prog="bgp_peer.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p):
        p.add_argument("--as", dest="asn", type=int, required=True, help="our AS")
        p.add_argument("--id", required=True, help="our BGP identifier")
        p.add_argument("--hold", type=int, default=3, help="hold time we offer (default 3)")
        p.add_argument("--version", type=int, default=4)
        p.add_argument("--as-field", type=lambda s: int(s, 0), default=None,
                       help="the 2-octet My AS field (default: --as, or 23456)")
        p.add_argument("--caps", default=None,
                       help="'default' (MP IPv4 unicast, route refresh, AS4), 'none', or capability TLVs in hex")
        p.add_argument("--extra-caps", default=None, help="hex capability TLVs added after --caps")
        p.add_argument("--opt-params", default=None, help="hex: the whole optional parameters field")
        p.add_argument("--timeout", type=float, default=5.0, help="each wait, seconds (default 5)")
        p.add_argument("--source", default=None, help="local address to connect from")
        p.add_argument("-v", "--verbose", action="store_true")

    p = sub.add_parser("probe", help="drive a session to a state, send bytes, check the answer")
    common(p)
    p.add_argument("--connect", required=True, help="ADDR[:PORT]")
    p.add_argument("--at", default="established",
                   choices=["connect", "opensent", "open", "openconfirm", "established"],
                   help="where to send: right after connecting; after the peer's OPEN "
                   "(instead of ours); as our OPEN; after the peer's KEEPALIVE; once "
                   "Established (default)")
    p.add_argument("--send", action="append", default=[], metavar="SPEC",
                   help="raw:HEX, msg:TYPE:HEX, update:WD:ATTRS:NLRI, keepalive or open; "
                   "repeatable (see bgp_peer.py --help)")
    p.add_argument("--name", default="", help="prefix of every output line")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--expect-notification", metavar="C/S")
    g.add_argument("--expect-up", type=float, metavar="SECS",
                   help="no NOTIFICATION and no close for SECS, and a KEEPALIVE by SECS + 3")
    g.add_argument("--expect-any", action="store_true", help="report what happens, exit 0")
    p.add_argument("--expect-data", default=None, metavar="HEX[|HEX...]",
                   help="the NOTIFICATION data, exactly ('' for none; '|' separates alternatives)")
    p.add_argument("--deadline", type=float, default=30.0, help="hard limit for the whole run")

    h = sub.add_parser("hold", help="keep one good session up and report on it")
    common(h)
    w = h.add_mutually_exclusive_group(required=True)
    w.add_argument("--listen", metavar="ADDR[:PORT]")
    w.add_argument("--connect", metavar="ADDR[:PORT]")
    h.add_argument("--status", default=None, help="status file, key=value lines")
    h.add_argument("--max-time", type=int, default=300, help="exit after this many seconds")

    e = sub.add_parser("errname", help="print the IANA name of an error code and subcode")
    e.add_argument("code", type=int)
    e.add_argument("subcode", type=int)

    args = ap.parse_args(argv)
    if args.cmd == "errname":
        print(error_name(args.code, args.subcode))
        return 0
    if args.cmd == "probe":
        signal.signal(signal.SIGALRM, lambda s, f: (print("bgp_peer.py: deadline reached", file=sys.stderr),
                                                    os._exit(1)))
        signal.alarm(max(1, int(args.deadline)))
        return cmd_probe(args)
    args.timeout = max(args.timeout, 1.0)
    return cmd_hold(args)


if __name__ == "__main__":
    sys.exit(main())
