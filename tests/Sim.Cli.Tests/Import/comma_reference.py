#!/usr/bin/python3
"""The values comma.ai's own tools decoded from a comma2k19 segment (processed_log), read with numpy,
for the import tests to check our decoding against.

usage: comma_reference.py SEGMENT -> JSON: {"speed": [[t, m/s]], "steering": [[t, deg]],
  "radar": [[t, forward m, left m, relative speed m/s, address]], "accelerometer_norm_mean": m/s^2}
"""
import json, os, sys
import numpy as np

seg = sys.argv[1]
load = lambda *p: np.load(os.path.join(seg, *p))
speed_t, speed = load('processed_log', 'CAN', 'speed', 't'), load('processed_log', 'CAN', 'speed', 'value')[:, 0]
steer_t, steer = load('processed_log', 'CAN', 'steering_angle', 't'), load('processed_log', 'CAN', 'steering_angle', 'value')
radar_t, radar = load('processed_log', 'CAN', 'radar', 't'), load('processed_log', 'CAN', 'radar', 'value')
acc = load('processed_log', 'IMU', 'accelerometer', 'value')
json.dump({
    'speed': np.column_stack([speed_t, speed]).tolist(),
    'steering': np.column_stack([steer_t, steer]).tolist(),
    'radar': np.column_stack([radar_t, radar[:, 0], radar[:, 1], radar[:, 2], radar[:, 5]]).tolist(),
    'accelerometer_norm_mean': float(np.linalg.norm(acc, axis=1).mean()),
}, sys.stdout)
