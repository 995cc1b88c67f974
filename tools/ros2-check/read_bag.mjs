// Decodes every CDR message of an MCAP file with Foxglove's official ROS 2 deserializer, using the
// ros2msg schema text the file carries (parsed with @foxglove/rosmsg), and prints per topic the
// schema, the message count and the first and last messages (typed arrays as plain arrays, the
// first 64 elements of long ones with their length).
// Usage: node read_bag.mjs FILE.mcap
import { readFile } from "node:fs/promises";
import { McapIndexedReader } from "@mcap/core";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { parse } from "@foxglove/rosmsg";
import lz4 from "@foxglove/wasm-lz4";
import * as zstd from "@foxglove/wasm-zstd";

const file = process.argv[2];
await lz4.isLoaded;
await zstd.isLoaded;
const bytes = new Uint8Array(await readFile(file));
const readable = { size: async () => BigInt(bytes.byteLength), read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)) };
const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: { lz4: (b, size) => lz4(b, Number(size)), zstd: (b, size) => zstd.decompress(b, Number(size)) } });

function plain(v) {
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v)) {
    const a = Array.from(v);
    return a.length > 64 ? { length: a.length, first: a.slice(0, 64) } : a;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const readers = new Map();
const topics = {};
for (const [id, channel] of reader.channelsById) {
  if (channel.messageEncoding !== "cdr") continue;
  const schema = reader.schemasById.get(channel.schemaId);
  if (!schema || schema.encoding !== "ros2msg") throw new Error(`${channel.topic}: CDR without a ros2msg schema`);
  readers.set(id, new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true })));
  topics[channel.topic] = { schema: schema.name, count: 0, first: null, last: null };
}
for await (const m of reader.readMessages()) {
  const r = readers.get(m.channelId);
  if (!r) continue;
  const t = topics[reader.channelsById.get(m.channelId).topic];
  const decoded = plain(r.readMessage(m.data));
  t.count++;
  if (t.first === null) t.first = decoded;
  t.last = decoded;
}
console.log(JSON.stringify({ profile: reader.header.profile, topics }));
