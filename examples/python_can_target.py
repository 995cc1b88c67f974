#!/usr/bin/env python3
"""A second HIL target, written from docs/hil-protocol.md, docs/sensors/can.md,
docs/sensors/imu-gnss.md and docs/sensors/ground-truth.md alone (python3-zmq, python3-msgpack).

Unlike examples/python_target.py it drives the ego over the vehicle bus: it reads the DBC the
Hello carries, encodes the DBC's actuation requests itself (Intel and Motorola bit layouts,
factor and offset, rolling counter, CRC-8 SAE J1850), and sends each message at its DBC cycle
time as an ECU would (answers in between carry no frame for it). It asks for the rig's IMU and
ground-truth streams and decodes their payloads, checks every sensor's calibration, watches the
simulator's heartbeats with the bound the protocol document gives (3 s), and checks the sequence
numbers of what it receives.

    /usr/bin/python3 examples/python_can_target.py tcp://127.0.0.1:5555 tcp://127.0.0.1:5556 [set_speed]

It holds set_speed (m/s, default 20) with min(max(0.8 * (set_speed - v), -3), 2), wheels
straight, and prints one summary line at EndOfRun.
"""
import json
import math
import re
import struct
import sys
import time
import msgpack
import zmq

VERSION = 1
HELLO, HELLO_REPLY, REFUSAL, TICK, ACTUATION, HEARTBEAT, END_OF_RUN = 1, 2, 3, 4, 5, 6, 7
SIMULATOR_GONE_S = 3.0  # "3 s without any message from the simulator"
HEARTBEAT_EVERY_S = 0.5


def crc8_j1850(data):
    """CRC-8 SAE J1850: polynomial 0x1D, initial value 0xFF, final XOR 0xFF."""
    crc = 0xFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1D) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc ^ 0xFF


assert crc8_j1850(b"123456789") == 0x4B  # the check value docs/sensors/can.md gives


class Signal:
    def __init__(self, name, start, length, intel, signed, factor, offset, lo, hi):
        self.name, self.start, self.length, self.intel, self.signed = name, start, length, intel, signed
        self.factor, self.offset, self.lo, self.hi = factor, offset, lo, hi

    def raw(self, physical):
        if not (self.lo == 0 and self.hi == 0):
            physical = min(max(physical, self.lo), self.hi)
        x = (physical - self.offset) / self.factor
        r = int(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)  # halves away from zero
        lo, hi = (-(1 << (self.length - 1)), (1 << (self.length - 1)) - 1) if self.signed else (0, (1 << self.length) - 1)
        return min(max(r, lo), hi)

    def put(self, data, raw):
        raw &= (1 << self.length) - 1
        if self.intel:
            for i in range(self.length):  # bit i of the value at payload bit start + i
                bit = self.start + i
                data[bit // 8] |= ((raw >> i) & 1) << (bit % 8)
        else:
            pos = self.start  # the MSB, DBC sawtooth numbering
            for i in range(self.length - 1, -1, -1):
                data[pos // 8] |= ((raw >> i) & 1) << (pos % 8)
                pos = pos + 15 if pos % 8 == 0 else pos - 1


class Message:
    def __init__(self, dbc_id, name, length):
        self.dbc_id, self.name, self.length, self.signals, self.cycle_s, self.counter = dbc_id, name, length, {}, None, 0

    def wire_id(self):
        # The DBC writes 29-bit ids with bit 31 set already; 11-bit ids go as they are.
        return self.dbc_id

    def encode(self, values):
        data = bytearray(self.length)
        for name, sig in self.signals.items():
            if name.endswith("_Counter"):
                sig.put(data, self.counter)
            elif not name.endswith("_Checksum") and name in values:
                sig.put(data, sig.raw(values[name]))
        self.counter = (self.counter + 1) % (1 << next(s.length for n, s in self.signals.items() if n.endswith("_Counter")))
        checksum = next((s for n, s in self.signals.items() if n.endswith("_Checksum")), None)
        if checksum is not None:
            byte = (checksum.start if checksum.intel else checksum.start - 7) // 8
            data[byte] = crc8_j1850(bytes(b for i, b in enumerate(data) if i != byte))
        return bytes(data)


def parse_dbc(text):
    messages, current = {}, None
    for line in text.splitlines():
        m = re.match(r"\s*BO_\s+(\d+)\s+(\w+)\s*:\s*(\d+)", line)
        if m:
            current = Message(int(m.group(1)), m.group(2), int(m.group(3)))
            messages[current.dbc_id] = current
            continue
        m = re.match(r'\s*SG_\s+(\w+)\s*:\s*(\d+)\|(\d+)@([01])([+-])\s*\(([^,]+),([^)]+)\)\s*\[([^|]+)\|([^\]]+)\]', line)
        if m and current is not None:
            s = Signal(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4) == "1", m.group(5) == "-",
                       float(m.group(6)), float(m.group(7)), float(m.group(8)), float(m.group(9)))
            current.signals[s.name] = s
            continue
        m = re.match(r'\s*BA_\s+"GenMsgCycleTime"\s+BO_\s+(\d+)\s+(\d+)', line)
        if m and int(m.group(1)) in messages:
            messages[int(m.group(1))].cycle_s = int(m.group(2)) / 1000.0
        if not line.startswith(" "):
            current = None  # a message's SG_ lines follow its BO_ line, indented
    return messages


def with_signal(messages, name):
    return next(m for m in messages.values() if name in m.signals)


def main():
    args = sys.argv[1:]
    control_url, data_url = args[0], args[1]
    set_speed = float(args[2]) if len(args) > 2 else 20.0
    ctx = zmq.Context()
    control = ctx.socket(zmq.DEALER)
    control.connect(control_url)
    data = ctx.socket(zmq.PULL)
    data.connect(data_url)
    seq = 0
    last_sent = time.monotonic()

    def send(kind, time_ns, body):
        nonlocal seq, last_sent
        control.send(msgpack.packb(["SIMHIL", VERSION, kind, time_ns, seq, body], use_bin_type=True))
        seq += 1
        last_sent = time.monotonic()

    expected_control_seq = 0
    gaps = 0

    def unpack(frame, from_control):
        nonlocal expected_control_seq, gaps
        magic, version, kind, time_ns, sequence, body = msgpack.unpackb(frame, raw=False)
        if magic != "SIMHIL" or version != VERSION:
            raise SystemExit(f"not a protocol {VERSION} message: {magic!r} version {version}")
        if from_control:  # the simulator's control messages count 0, 1, 2... on their own
            if sequence != expected_control_seq:
                gaps += 1
            expected_control_seq = sequence + 1
        return kind, time_ns, sequence, body

    send(HEARTBEAT, 0, [])
    if not control.poll(30_000):
        raise SystemExit("no Hello within 30 s")
    kind, _, _, hello = unpack(control.recv(), True)
    if kind == REFUSAL:
        raise SystemExit("simulator refused: " + hello[0])
    scenario, step_ns, seed, sensors, dbc, versions = hello
    if VERSION not in versions:
        send(REFUSAL, 0, [f"this target speaks version {VERSION}", [VERSION]])
        raise SystemExit(1)
    if dbc is None:
        send(REFUSAL, 0, ["this target actuates over CAN and the rig has no CAN bus", [VERSION]])
        raise SystemExit(1)
    calibrations = {}
    for name, kind_, rate_hz, fmt, x, y, z, roll, pitch, yaw, calibration in sensors:
        if calibration is None and kind_ != "can":
            raise SystemExit(f"sensor {name} has no calibration")
        calibrations[name] = json.loads(calibration) if calibration else None
    imu = next(s[0] for s in sensors if s[3] == "imu.v1")
    truth = next(s[0] for s in sensors if s[3] == "ground_truth.v1")
    if calibrations[imu]["type"] != "imu" or calibrations[truth]["type"] != "ground_truth":
        raise SystemExit("calibration types do not match the sensors")
    messages = parse_dbc(dbc)
    steering = with_signal(messages, "SteeringAngleRequest")
    accel = with_signal(messages, "AccelerationRequest")
    send(HELLO_REPLY, 0, ["python-can-acc", "1.0", [imu, truth], 1, True])

    poller = zmq.Poller()
    poller.register(data, zmq.POLLIN)
    poller.register(control, zmq.POLLIN)
    ticks = imu_samples = truth_outputs = most_objects = heartbeats = 0
    tick_gaps = 0
    next_tick = 0
    due = {steering.dbc_id: 0, accel.dbc_id: 0}  # simulation time (ns) each message is next due
    last_heard = time.monotonic()
    while True:
        wait = max(0.0, last_sent + HEARTBEAT_EVERY_S - time.monotonic())
        events = dict(poller.poll(int(wait * 1000) + 1))
        now = time.monotonic()
        if events:
            last_heard = now
        elif now - last_heard > SIMULATOR_GONE_S:
            raise SystemExit(f"nothing from the simulator for {SIMULATOR_GONE_S} s: it is gone")
        if now - last_sent >= HEARTBEAT_EVERY_S:
            send(HEARTBEAT, 0, [])
        if control in events:
            kind, _, _, body = unpack(control.recv(), True)
            if kind == HEARTBEAT:
                heartbeats += 1
            elif kind == REFUSAL:
                raise SystemExit("simulator refused: " + body[0])
            elif kind == END_OF_RUN:
                print(f"end of run after {ticks} ticks: {body[0]} ({body[1]}); imu {imu_samples}, ground truth {truth_outputs} "
                      f"(at most {most_objects} objects); sequence gaps {gaps} control, {tick_gaps} ticks")
                return
        if data in events:
            frames = data.recv_multipart()
            kind, time_ns, sequence, (tick, descriptors, vehicle) = unpack(frames[0], False)
            if sequence != tick or tick != next_tick:  # a tick's number is its index; dropped ticks leave gaps
                tick_gaps += 1
            next_tick = tick + 1
            for stream, _, start_ns, end_ns, fmt, payload_frame in descriptors:
                payload = frames[payload_frame]
                if fmt == "imu.v1":
                    fx, fy, fz, wx, wy, wz = struct.unpack("<6d", payload)
                    if not 9.0 < fz < 10.6:  # specific force of a level IMU: about +g up
                        raise SystemExit(f"imu z specific force {fz}")
                    imu_samples += 1
                elif fmt == "ground_truth.v1":
                    (n,) = struct.unpack_from("<i", payload, 0)
                    if len(payload) != 4 + 140 * n:
                        raise SystemExit(f"ground truth of {n} objects has {len(payload)} bytes")
                    truth_outputs += 1
                    most_objects = max(most_objects, n)
            speed = vehicle[6]
            demand = min(max(0.8 * (set_speed - speed), -3.0), 2.0)
            can = []
            for message, values in ((steering, {"SteeringAngleRequest": 0.0, "SteeringRequestActive": 1}),
                                    (accel, {"AccelerationRequest": demand, "AccelerationRequestActive": 1})):
                if time_ns >= due[message.dbc_id]:
                    can.append([message.wire_id(), message.encode(values)])
                    due[message.dbc_id] += int(round(message.cycle_s * 1e9))
            send(ACTUATION, time_ns, [tick, 1, 0.0, 0.0, can, None, None])
            ticks += 1


if __name__ == "__main__":
    main()
