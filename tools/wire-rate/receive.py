#!/usr/bin/python3
"""Counts the UDP datagrams a `sim run --wire-udp 127.0.0.1` sends, per port, and reports their rate.

Usage: /usr/bin/python3 tools/wire-rate/receive.py PORT [PORT...] [--idle 3]

Listens on 127.0.0.1 on every PORT until no datagram came for --idle seconds, then prints, per
port: datagrams, the span from the first to the last, datagrams per second over that span, the
rate over the middle 80 % of the span (without the first sweep's start and the run's end), and the
median and 99th percentile gap between datagrams. The rate figures in docs/PERFORMANCE.md
(issue 15) come from it.
"""
import selectors
import socket
import sys
import time


def main(argv):
    idle = 3.0
    ports = []
    i = 0
    while i < len(argv):
        if argv[i] == "--idle":
            idle = float(argv[i + 1])
            i += 2
        else:
            ports.append(int(argv[i]))
            i += 1
    if not ports:
        print(__doc__, file=sys.stderr)
        return 2
    sel = selectors.DefaultSelector()
    times = {}
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
        s.bind(("127.0.0.1", p))
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, p)
        times[p] = []
    print("listening on " + ", ".join(map(str, ports)), file=sys.stderr, flush=True)
    last = None
    while True:
        events = sel.select(timeout=0.2)
        now = time.monotonic()
        for key, _ in events:
            while True:
                try:
                    key.fileobj.recv(65536)
                except BlockingIOError:
                    break
                times[key.data].append(time.monotonic())
                last = now
        if last is not None and now - last > idle:
            break
    for p in ports:
        t = times[p]
        if len(t) < 2:
            print(f"port {p}: {len(t)} datagrams")
            continue
        span = t[-1] - t[0]
        a, b = t[0] + 0.1 * span, t[0] + 0.9 * span
        mid = [x for x in t if a <= x <= b]
        gaps = sorted(y - x for x, y in zip(t, t[1:]))
        print(f"port {p}: {len(t)} datagrams over {span:.3f} s = {(len(t) - 1) / span:.1f}/s; "
              f"middle 80 %: {(len(mid) - 1) / (mid[-1] - mid[0]):.1f}/s; "
              f"gap median {gaps[len(gaps) // 2] * 1e6:.0f} us, p99 {gaps[int(len(gaps) * 0.99)] * 1e6:.0f} us")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
