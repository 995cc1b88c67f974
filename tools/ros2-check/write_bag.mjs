// Writes a ROS 2 bag in MCAP (profile ros2, CDR messages, ros2msg schemas) with Foxglove's official
// serializer, for `sim import ros2` to read, and the facts it holds as JSON for the test to compare.
// Usage: node write_bag.mjs OUT.mcap EXPECTED.json
import { writeFile } from "node:fs/promises";
import { McapWriter } from "@mcap/core";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import { definitionsOf, schemaName, schemaText } from "./definitions.mjs";

const [out, expectedPath] = process.argv.slice(2);
if (!out || !expectedPath) {
  console.error("usage: node write_bag.mjs OUT.mcap EXPECTED.json");
  process.exit(2);
}

class Buffer {
  chunks = [];
  size = 0n;
  position() { return this.size; }
  async write(b) { this.chunks.push(b.slice()); this.size += BigInt(b.byteLength); }
  bytes() { const all = new Uint8Array(Number(this.size)); let o = 0; for (const c of this.chunks) { all.set(c, o); o += c.byteLength; } return all; }
}

const sink = new Buffer();
const mcap = new McapWriter({ writable: sink, useChunks: true, useStatistics: true, useSummaryOffsets: true, useMessageIndex: true, useChunkIndex: true });
await mcap.start({ profile: "ros2", library: "ros2-check write_bag.mjs" });
const channels = {};
async function channel(topic, type) {
  const schemaId = await mcap.registerSchema({ name: schemaName(type), encoding: "ros2msg", data: new TextEncoder().encode(schemaText(type)) });
  const id = await mcap.registerChannel({ topic, schemaId, messageEncoding: "cdr", metadata: new Map() });
  channels[topic] = { id, writer: new MessageWriter(definitionsOf(type)), seq: 0 };
}
async function publish(topic, timeNs, message) {
  const c = channels[topic];
  await mcap.addMessage({ channelId: c.id, sequence: c.seq++, logTime: timeNs + 1000n, publishTime: timeNs + 1000n, data: c.writer.writeMessage(message) });
}

const T0 = 1_700_000_000n * 1_000_000_000n;
const stamp = (ns) => ({ sec: Number(ns / 1_000_000_000n), nanosec: Number(ns % 1_000_000_000n) });
const header = (ns, frame) => ({ stamp: stamp(ns), frame_id: frame });
const zero9 = new Array(9).fill(0);
const zero36 = new Array(36).fill(0);

await channel("/odom", "nav_msgs/Odometry");
await channel("/tf_static", "tf2_msgs/TFMessage");
await channel("/points", "sensor_msgs/PointCloud2");
await channel("/camera/image_raw", "sensor_msgs/Image");
await channel("/camera/image_raw/compressed", "sensor_msgs/CompressedImage");
await channel("/imu", "sensor_msgs/Imu");
await channel("/fix", "sensor_msgs/NavSatFix");
await channel("/can/rx", "can_msgs/Frame");

const yaw = 0.1;
const expected = { speed: 10, yaw, lidar_mount: [1.2, 0, 1.9, 0, 0, 0.5], imu_mount: [0.5, 0.1, 0.3, 0, 0, 0], points: [], imu: [], fix: [], can: [], image: null, compressed: null, counts: {} };
// Static transforms: base_link -> lidar_top (1.2, 0, 1.9), turned 0.5 rad about z; base_link -> imu_link (0.5, 0.1, 0.3).
await publish("/tf_static", T0, {
  transforms: [
    { header: header(T0, "base_link"), child_frame_id: "lidar_top", transform: { translation: { x: 1.2, y: 0, z: 1.9 }, rotation: { x: 0, y: 0, z: Math.sin(0.25), w: Math.cos(0.25) } } },
    { header: header(T0, "base_link"), child_frame_id: "imu_link", transform: { translation: { x: 0.5, y: 0.1, z: 0.3 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } },
  ],
});
for (let k = 0; k <= 100; k++) {
  // Odometry at 50 Hz for 2 s: 10 m/s along heading 0.1 rad from (3, 4).
  const ns = T0 + BigInt(k) * 20_000_000n;
  const s = k * 0.02 * 10;
  await publish("/odom", ns, {
    header: header(ns, "odom"), child_frame_id: "base_link",
    pose: { pose: { position: { x: 3 + s * Math.cos(yaw), y: 4 + s * Math.sin(yaw), z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) } }, covariance: zero36 },
    twist: { twist: { linear: { x: 10, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: zero36 },
  });
}
for (let k = 0; k < 20; k++) {
  const ns = T0 + 5_000_000n + BigInt(k) * 100_000_000n;
  // 64 points of x, y, z, intensity (float32) and ring (uint16), 18 bytes each.
  const n = 64, step = 18;
  const data = new Uint8Array(n * step);
  const view = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    const x = 5 + i * 0.25, y = -2 + k * 0.1, z = 0.5 - i * 0.01;
    view.setFloat32(i * step, x, true); view.setFloat32(i * step + 4, y, true); view.setFloat32(i * step + 8, z, true);
    view.setFloat32(i * step + 12, i / 64, true); view.setUint16(i * step + 16, i % 16, true);
    if (k === 3) expected.points.push([Math.fround(x), Math.fround(y), Math.fround(z), Math.fround(i / 64), i % 16]);
  }
  await publish("/points", ns, {
    header: header(ns, "lidar_top"), height: 1, width: n,
    fields: [
      { name: "x", offset: 0, datatype: 7, count: 1 }, { name: "y", offset: 4, datatype: 7, count: 1 }, { name: "z", offset: 8, datatype: 7, count: 1 },
      { name: "intensity", offset: 12, datatype: 7, count: 1 }, { name: "ring", offset: 16, datatype: 4, count: 1 },
    ],
    is_bigendian: false, point_step: step, row_step: n * step, data, is_dense: true,
  });
  // A 4 x 2 bgr8 image and a "jpeg" of known bytes.
  const bgr = new Uint8Array(4 * 2 * 3).map((_, i) => (i * 11 + k) % 256);
  await publish("/camera/image_raw", ns, { header: header(ns, "camera"), height: 2, width: 4, encoding: "bgr8", is_bigendian: 0, step: 12, data: bgr });
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, k, 1, 2, 3, 0xff, 0xd9]);
  await publish("/camera/image_raw/compressed", ns, { header: header(ns, "camera"), format: "jpeg", data: jpeg });
  if (k === 3) {
    expected.image = { width: 4, height: 2, rgb: Array.from({ length: 8 }, (_, p) => [bgr[p * 3 + 2], bgr[p * 3 + 1], bgr[p * 3]]).flat() };
    expected.compressed = { format: "jpeg", data: Array.from(jpeg) };
  }
}
for (let k = 0; k < 200; k++) {
  const ns = T0 + BigInt(k) * 10_000_000n;
  const a = { x: 0.1 + k * 0.001, y: -0.05, z: 9.81 }, w = { x: 0.001, y: -0.002, z: 0.01 * Math.sin(k / 10) };
  await publish("/imu", ns, {
    header: header(ns, "imu_link"), orientation: { x: 0, y: 0, z: 0, w: 1 }, orientation_covariance: zero9,
    angular_velocity: w, angular_velocity_covariance: zero9, linear_acceleration: a, linear_acceleration_covariance: zero9,
  });
  if (k % 50 === 0) expected.imu.push([Number((ns - T0) / 1000n) * 1000, a.x, a.y, a.z, w.x, w.y, w.z]);
}
for (let k = 0; k < 10; k++) {
  const ns = T0 + 50_000_000n + BigInt(k) * 200_000_000n;
  const fix = { lat: 48.1 + k * 1e-5, lon: 11.5 - k * 2e-5, alt: 520 + k };
  await publish("/fix", ns, {
    header: header(ns, "gnss"), status: { status: 0, service: 1 }, latitude: fix.lat, longitude: fix.lon, altitude: fix.alt,
    position_covariance: [4, 0, 0, 0, 4, 0, 0, 0, 9], position_covariance_type: 2,
  });
  expected.fix.push([fix.lat, fix.lon, fix.alt, 2, 3]);
}
for (let k = 0; k < 150; k++) {
  const ns = T0 + 3_000_000n + BigInt(k) * 10_000_000n;
  const data = [k % 256, 1, 2, 3, 4, 5, 6, 7];
  const extended = k % 5 === 0;
  const id = extended ? 0x18fef100 + k : 0x123;
  await publish("/can/rx", ns, { header: header(ns, "can0"), id, is_rtr: false, is_extended: extended, is_error: false, dlc: 8, data: new Uint8Array(data) });
  expected.can.push([Number((ns - T0) / 1000n) * 1000, id, extended ? 1 : 0, ...data]);
}
for (const [topic, c] of Object.entries(channels)) expected.counts[topic] = c.seq;
await mcap.end();
await writeFile(out, sink.bytes());
await writeFile(expectedPath, JSON.stringify(expected));
