#!/usr/bin/env python3
"""Build the fuzz seed corpora from the peer captures (tests/fixtures/peers).

tests/fuzz/corpus/<target>/<sha1> gets: whole messages for `header`; message
bodies for `open`, `notification`, `route_refresh`; for `update` the body
behind one context octet (bit 0 AS4, 1 add-path IPv4, 2 add-path IPv6,
3 iBGP: see fuzz_update.c), once with each context a session could have.
Run from the top of the tree; the result is committed.
"""
import hashlib
import pathlib

top = pathlib.Path(__file__).resolve().parents[2]
out = top / "tests" / "fuzz" / "corpus"
seen = {}

def put(target, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    if (d / name).exists():
        return
    seen[target] = seen.get(target, 0) + 1
    (d / name).write_bytes(data)

for f in sorted((top / "tests" / "fixtures" / "peers").glob("*.txt")):
    for line in f.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        msg = bytes.fromhex(line.split()[-1])
        typ, body = msg[18], msg[19:]
        put("header", msg[:19] if typ == 2 and len(msg) > 200 else msg)
        if typ == 1:
            put("open", body)
        elif typ == 2:
            for ctx in (0x01, 0x07, 0x09, 0x0f, 0x00):
                put("update", bytes([ctx]) + body)
        elif typ == 3:
            put("notification", body)
        elif typ == 5:
            put("route_refresh", body)

for t, n in sorted(seen.items()):
    print(f"{t}: {n} new seeds")
