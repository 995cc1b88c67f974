#!/usr/bin/python3
"""Independent Ouster decoder for the import tests, written from Ouster's firmware user manual
("Sensor Data": packet layouts per profile; "Lidar Range to XYZ") with numpy. It shares no code
with the C# importer: its own pcap, IPv4 (fragment reassembly) and UDP parsing.

usage: ouster_reference.py CAPTURE METADATA  -> JSON on stdout:
  {"frames": [{"frame_id", "first", "second", "columns"}], "samples": [[frame, row, mid, ret, range_mm, x, y, z]],
   "range_md5": md5 of frame 0's first-return range image (uint32, rows x columns, staggered)}
"""
import hashlib, json, struct, sys
import numpy as np

# Per profile: pixel bytes, and per field (byte offset, width, mask, shift: <0 left, >0 right).
PROFILES = {
    'LEGACY': (12, {'range': (0, 4, 0xFFFFF, 0), 'refl': (4, 2, 0, 0)}),
    'RNG19_RFL8_SIG16_NIR16': (12, {'range': (0, 4, 0x7FFFF, 0), 'refl': (4, 1, 0, 0)}),
    'RNG19_RFL8_SIG16_NIR16_DUAL': (16, {'range': (0, 4, 0x7FFFF, 0), 'refl': (3, 1, 0, 0), 'range2': (4, 4, 0x7FFFF, 0)}),
    'RNG15_RFL8_NIR8': (4, {'range': (0, 4, 0x7FFF, -3), 'refl': (2, 1, 0, 0)}),
    'FUSA_RNG15_RFL8_NIR8_DUAL': (8, {'range': (0, 4, 0x7FFF, -3), 'refl': (2, 1, 0, 0), 'range2': (4, 4, 0x7FFF, -3)}),
}


def get(meta, *paths, default=None):
    for path in paths:
        node = meta
        for part in path.split('.'):
            if not isinstance(node, dict) or part not in node:
                node = None
                break
            node = node[part]
        if node is not None:
            return node
    return default


def datagrams(path):
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    end = '<' if magic in (0xA1B2C3D4, 0xA1B23C4D) else '>'
    off, pending = 24, {}
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(end + 'IIII', data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if len(frame) < incl or len(frame) < 34 or struct.unpack('>H', frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        total, ident, flags = struct.unpack('>HHH', ip[2:8])
        if ip[9] != 17:
            continue
        src = ip[12:16]
        more, frag = (flags >> 13) & 1, (flags & 0x1FFF) * 8
        body = ip[ihl:total]
        if more or frag:
            key = (src, ip[16:20], ident)
            if frag == 0 and key in pending and 0 in pending[key]['parts']:
                del pending[key]  # id reused before completion
            entry = pending.setdefault(key, {'parts': {}, 'total': None})
            entry['parts'][frag] = body
            if not more:
                entry['total'] = frag + len(body)
            if entry['total'] is None:
                continue
            buf, covered = bytearray(entry['total']), 0
            for start in sorted(entry['parts']):
                if start > covered:
                    break
                part = entry['parts'][start]
                buf[start:start + len(part)] = part
                covered = max(covered, start + len(part))
            if covered < entry['total']:
                continue
            del pending[key]
            body = bytes(buf)
        _, dport, ulen = struct.unpack('>HHH', body[0:6])
        yield src, dport, body[8:ulen]


def field(pixels, spec):
    start, width, mask, shift = spec
    raw = pixels[:, start:start + width].copy()
    value = raw.view({1: '<u1', 2: '<u2', 4: '<u4'}[width]).reshape(-1).astype(np.int64)
    if mask:
        value &= mask
    return value << -shift if shift < 0 else value >> shift


def main():
    capture, metapath = sys.argv[1], sys.argv[2]
    meta = json.load(open(metapath))
    profile = get(meta, 'lidar_data_format.udp_profile_lidar', 'data_format.udp_profile_lidar', default='LEGACY')
    mode = get(meta, 'config_params.lidar_mode', 'lidar_mode')
    alt = np.radians(np.array(get(meta, 'beam_intrinsics.beam_altitude_angles', 'beam_altitude_angles')))
    az = -np.radians(np.array(get(meta, 'beam_intrinsics.beam_azimuth_angles', 'beam_azimuth_angles')))
    h = len(alt)
    w = get(meta, 'lidar_data_format.columns_per_frame', 'data_format.columns_per_frame', default=int(mode.split('x')[0]))
    per_packet = get(meta, 'lidar_data_format.columns_per_packet', 'data_format.columns_per_packet', default=16)
    window = get(meta, 'lidar_data_format.column_window', 'data_format.column_window', default=[0, w - 1])
    origin = get(meta, 'beam_intrinsics.lidar_origin_to_beam_origin_mm', 'lidar_origin_to_beam_origin_mm', default=0.0)
    b2l = np.array(get(meta, 'beam_intrinsics.beam_to_lidar_transform', 'beam_to_lidar_transform',
                       default=[1, 0, 0, origin, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).reshape(4, 4)
    l2s = np.array(get(meta, 'lidar_intrinsics.lidar_to_sensor_transform', 'lidar_to_sensor_transform',
                       default=list(np.eye(4).reshape(-1)))).reshape(4, 4)
    port = get(meta, 'config_params.udp_port_lidar', 'udp_port_lidar', default=7502)
    serial = str(get(meta, 'sensor_info.prod_sn', 'prod_sn', default=''))
    legacy = profile == 'LEGACY'
    fusa = profile.startswith('FUSA')
    px_bytes, fields = PROFILES[profile]
    head, col_head, col_foot, foot = (0, 16, 4, 0) if legacy else (32, 12, 0, 32)
    col_bytes = col_head + h * px_bytes + col_foot
    size = head + per_packet * col_bytes + foot
    n = b2l[0, 3] if b2l[2, 3] == 0 else np.hypot(b2l[0, 3], b2l[2, 3])

    def in_window(m):
        return window[0] <= m <= window[1] if window[1] >= window[0] else (m >= window[0] or m <= window[1])

    frames, samples, images = [], [], []
    current, source = None, None
    for src, dport, payload in datagrams(capture):
        if dport != port or len(payload) != size:
            continue
        p = np.frombuffer(payload, np.uint8)
        if not legacy:
            if (p[0] if fusa else int(p[0]) | int(p[1]) << 8) != 1:
                continue
            sn = int.from_bytes(payload[11:16] if fusa else payload[7:12], 'little')
            if serial.isdigit() and sn and sn != int(serial):
                continue
            frame_id = int.from_bytes(payload[4:8], 'little') if fusa else int.from_bytes(payload[2:4], 'little')
        else:
            if source is not None and src != source:
                continue
            frame_id = int.from_bytes(payload[10:12], 'little')
        if source is None:
            source = src
        if current is None or current['frame_id'] != frame_id:
            current = {'frame_id': frame_id, 'first': 0, 'second': 0, 'columns': 0, 'seen': set()}
            frames.append(current)
            images.append(np.zeros((h, w), np.uint32))
        for c in range(per_packet):
            col = p[head + c * col_bytes: head + (c + 1) * col_bytes]
            mid = int(col[8]) | int(col[9]) << 8
            if legacy:
                valid = col[-4:].tobytes() == b'\xff\xff\xff\xff'
            else:
                valid = (int(col[10]) & 1) == 1
            if not valid or mid >= w or not in_window(mid) or mid in current['seen']:
                continue
            current['seen'].add(mid)
            current['columns'] += 1
            pixels = col[col_head:col_head + h * px_bytes].reshape(h, px_bytes)
            theta_e = 2 * np.pi * (1 - mid / w)
            for ret, name in ((0, 'range'), (1, 'range2')):
                if name not in fields:
                    continue
                rng = field(pixels, fields[name])
                rows = np.nonzero(rng)[0]
                current['first' if ret == 0 else 'second'] += len(rows)
                if ret == 0:
                    images[-1][:, mid] = rng
                for row in rows[::97]:
                    r = float(rng[row])
                    d = np.array([np.cos(theta_e + az[row]) * np.cos(alt[row]), np.sin(theta_e + az[row]) * np.cos(alt[row]), np.sin(alt[row])])
                    lidar = (r - n) * d + np.array([b2l[0, 3] * np.cos(theta_e), b2l[0, 3] * np.sin(theta_e), b2l[2, 3]])
                    sensor = (l2s[:3, :3] @ lidar + l2s[:3, 3]) * 1e-3
                    samples.append([len(frames) - 1, int(row), mid, ret, int(r), *map(float, sensor)])
    out = {'frames': [{k: f[k] for k in ('frame_id', 'first', 'second', 'columns')} for f in frames], 'samples': samples,
           'range_md5': hashlib.md5(images[0].tobytes()).hexdigest() if images else None}
    json.dump(out, sys.stdout)


main()
