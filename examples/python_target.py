#!/usr/bin/env python3
"""A HIL target written from docs/hil-protocol.md alone (python3-zmq, python3-msgpack).

Connects to a simulator's control channel (DEALER -> ROUTER) and data stream (PULL <- PUSH),
asks for the ego's vehicle state, and holds a set speed with a proportional controller,
wheels straight, until the simulator sends EndOfRun. While it has nothing to send it sends a
Heartbeat every 0.5 s, as the protocol asks of targets, so the simulator knows it is alive.

    /usr/bin/python3 examples/python_target.py tcp://127.0.0.1:5555 tcp://127.0.0.1:5556 [set_speed] [--die-after K]

--die-after K makes it exit abruptly (no EndOfRun, no close) right after answering K ticks: a
crashed target, for the simulator's "target lost" detection.
"""
import os
import sys
import time
import msgpack
import zmq

VERSION = 1
HELLO, HELLO_REPLY, REFUSAL, TICK, ACTUATION, HEARTBEAT, END_OF_RUN = 1, 2, 3, 4, 5, 6, 7


def envelope(kind, time_ns, seq, body):
    return msgpack.packb(["SIMHIL", VERSION, kind, time_ns, seq, body], use_bin_type=True)


def unpack(frame):
    magic, version, kind, time_ns, seq, body = msgpack.unpackb(frame, raw=False)
    if magic != "SIMHIL" or version != VERSION:
        raise SystemExit(f"not a protocol {VERSION} message: {magic!r} version {version}")
    return kind, time_ns, body


def main():
    args = sys.argv[1:]
    die_after = None
    if "--die-after" in args:
        i = args.index("--die-after")
        die_after = int(args[i + 1])
        del args[i:i + 2]
    control_url, data_url = args[0], args[1]
    set_speed = float(args[2]) if len(args) > 2 else 25.0
    ctx = zmq.Context()
    control = ctx.socket(zmq.DEALER)
    control.connect(control_url)
    data = ctx.socket(zmq.PULL)
    data.connect(data_url)
    seq = 0
    last_sent = time.monotonic()

    def send(kind, time_ns, body):
        nonlocal seq, last_sent
        control.send(envelope(kind, time_ns, seq, body))
        seq += 1
        last_sent = time.monotonic()

    send(HEARTBEAT, 0, [])  # speak first: the simulator's ROUTER cannot address us before
    kind, _, hello = unpack(control.recv())
    if kind == REFUSAL:
        raise SystemExit("simulator refused: " + hello[0])
    scenario, step_ns, seed, sensors, dbc, versions = hello
    if VERSION not in versions:
        send(REFUSAL, 0, [f"this target speaks version {VERSION}", [VERSION]])
        raise SystemExit(1)
    send(HELLO_REPLY, 0, ["python-p-controller", "1.0", [], 0, True])

    poller = zmq.Poller()
    poller.register(data, zmq.POLLIN)
    poller.register(control, zmq.POLLIN)
    ticks = 0
    heartbeat_every = 0.5
    last_heard = time.monotonic()
    while True:
        # Wake when the next heartbeat is due, so an idle target still shows it is alive.
        wait = max(0.0, last_sent + heartbeat_every - time.monotonic())
        events = dict(poller.poll(int(wait * 1000) + 1))
        now = time.monotonic()
        if events:
            last_heard = now
        if now - last_sent >= heartbeat_every:
            send(HEARTBEAT, 0, [])
        if data in events:
            frames = data.recv_multipart()
            kind, time_ns, (tick, descriptors, vehicle) = unpack(frames[0])
            speed = vehicle[6]
            accel = min(max(0.8 * (set_speed - speed), -3.0), 2.0)
            send(ACTUATION, time_ns, [tick, 0, 0.0, accel, [], None, None])
            ticks += 1
            if die_after is not None and ticks == die_after:
                time.sleep(0.2)  # ZeroMQ sends from its own thread: let the last answer leave first
                os._exit(3)  # no cleanup, no close, no heartbeat: as a crash looks to the simulator
        elif control in events:
            kind, _, body = unpack(control.recv())
            if kind == END_OF_RUN:
                print(f"end of run after {ticks} ticks: {body[0]} ({body[1]})")
                return
        elif now - last_heard > 5.0:
            raise SystemExit("no message from the simulator for 5 s")


if __name__ == "__main__":
    main()
