"""Interop peer written from docs/hil-protocol.md alone: decodes a Hello from stdin (hex) and
prints an Actuation (hex) built from it, so the C# test checks both directions."""
import sys
import msgpack

frame = bytes.fromhex(sys.stdin.read().strip())
magic, version, kind, time_ns, seq, body = msgpack.unpackb(frame, raw=False)
assert magic == "SIMHIL" and version == 1 and kind == 1, (magic, version, kind)
scenario, step_ns, seed, sensors, dbc, versions = body
names = [s[0] for s in sensors]
camera = next(s for s in sensors if s[1] == "camera")
# Debug values report what was read, so the C# side can compare them with what it sent.
debug = {"step_ns": float(step_ns), "seed": float(seed), "sensors": float(len(sensors)),
         "camera_mount_x": camera[4], "dbc_chars": float(len(dbc)), "time_ns": float(time_ns)}
objects = [[3, "pedestrian", 20.5, -1.75, 0.9, 0.5, 0.6, 1.8, 1.5708, 0, 1.39, 0.93]]
actuation = ["SIMHIL", 1, 5, time_ns, 0,
             [seq, 0, -0.0125, 1, [[0x2E4, bytes(range(8))]], objects, debug]]
print(msgpack.packb(actuation, use_bin_type=True).hex())
print(scenario + "|" + ",".join(names))
