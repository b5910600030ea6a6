#!/usr/bin/python3
"""ExaBGP API process for the ecmpd interop tests (tests/interop/lib.sh).

ExaBGP starts this with its API: every message ExaBGP sends us on stdin
(JSON: neighbor state changes, received OPENs and NOTIFICATIONs) is appended
to the log file argv[2], one per line and flushed at once, so the test can
read ExaBGP's view of the session; every line written into the FIFO argv[1]
is relayed to stdout as an API command.  Standard library only; exits when
ExaBGP closes our stdin.
"""
import os
import select
import sys


def main():
    fifo, logname = sys.argv[1], sys.argv[2]
    log = open(logname, "a", buffering=1)
    log.write("# api process started\n")
    # O_RDWR keeps the FIFO open (no EOF) between writers.
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    buf = b""
    inbuf = b""
    while True:
        ready, _, _ = select.select([fd, 0], [], [])
        if 0 in ready:
            chunk = os.read(0, 65536)
            if not chunk:
                return 0
            inbuf += chunk
            while b"\n" in inbuf:
                line, inbuf = inbuf.split(b"\n", 1)
                log.write(line.decode(errors="replace") + "\n")
        if fd in ready:
            buf += os.read(fd, 4096)
            while b"\n" in buf:
                cmd, buf = buf.split(b"\n", 1)
                cmd = cmd.strip()
                if cmd:
                    sys.stdout.write(cmd.decode() + "\n")
                    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
