// Independent check of an MCAP file with Foxglove's official TypeScript library (@mcap/core).
// Usage: node check.mjs FILE
// Reads the file twice: with McapStreamReader (every record in order, chunk and attachment CRCs validated) and with
// McapIndexedReader (footer, summary CRC, statistics, chunk indexes, then every message through the indexes). Also
// recomputes the data section CRC and compares it with the Data End record. Prints one JSON object; exits 1 with
// {"error": ...} when anything is wrong.
import { readFile } from "node:fs/promises";
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { crc32 } from "@foxglove/crc";
import lz4 from "@foxglove/wasm-lz4";
import * as zstd from "@foxglove/wasm-zstd";

const file = process.argv[2];
if (!file) {
  console.error("usage: node check.mjs FILE");
  process.exit(2);
}

function fail(message) {
  console.log(JSON.stringify({ file, error: message }));
  process.exit(1);
}

await lz4.isLoaded;
await zstd.isLoaded;
const decompressHandlers = {
  lz4: (buffer, size) => lz4(buffer, Number(size)),
  zstd: (buffer, size) => zstd.decompress(buffer, Number(size)),
};

try {
  const bytes = new Uint8Array(await readFile(file));

  // 1. Streaming: every record, in file order, CRCs validated.
  const stream = new McapStreamReader({ decompressHandlers, validateCrcs: true });
  stream.append(bytes);
  const recordCounts = {};
  const streamTopics = {};
  const channelTopic = new Map();
  let dataEnd;
  let dataEndOffset = -1;
  let sawMagicEnd = false;
  for (let rec; (rec = stream.nextRecord()); ) {
    recordCounts[rec.type] = (recordCounts[rec.type] ?? 0) + 1;
    if (rec.type === "Channel") channelTopic.set(rec.id, rec.topic);
    if (rec.type === "Message") {
      const topic = channelTopic.get(rec.channelId);
      if (topic === undefined) fail(`message on channel ${rec.channelId} before its Channel record`);
      streamTopics[topic] = (streamTopics[topic] ?? 0) + 1;
    }
    if (rec.type === "DataEnd") dataEnd = rec;
    if (rec.type === "Footer") sawMagicEnd = true;
  }
  if (!stream.done()) fail("McapStreamReader did not reach the end of the file");
  if (!sawMagicEnd) fail("no Footer");

  // 2. Indexed: footer, summary (its CRC is checked by Initialize), then messages through the chunk indexes.
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)),
  };
  const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
  dataEndOffset = Number(reader.dataEndOffset);
  const dataCrc = crc32(bytes.subarray(0, dataEndOffset));
  if (dataEnd === undefined) fail("no DataEnd record");
  if (dataEnd.dataSectionCrc !== 0 && dataEnd.dataSectionCrc !== dataCrc) {
    fail(`data section CRC ${dataCrc} differs from DataEnd's ${dataEnd.dataSectionCrc}`);
  }
  const topics = {};
  let start;
  let end;
  let previous = -1n;
  for await (const m of reader.readMessages({ validateCrcs: true })) {
    const topic = reader.channelsById.get(m.channelId).topic;
    topics[topic] = (topics[topic] ?? 0) + 1;
    if (m.logTime < previous) fail("readMessages did not yield log-time order");
    previous = m.logTime;
    start = start === undefined || m.logTime < start ? m.logTime : start;
    end = end === undefined || m.logTime > end ? m.logTime : end;
  }
  if (JSON.stringify(Object.entries(topics).sort()) !== JSON.stringify(Object.entries(streamTopics).sort())) {
    fail(`indexed and streamed message counts differ: ${JSON.stringify(topics)} vs ${JSON.stringify(streamTopics)}`);
  }
  const stats = reader.statistics;
  let total = 0;
  for (const n of Object.values(topics)) total += n;
  if (stats && Number(stats.messageCount) !== total) fail(`Statistics says ${stats.messageCount} messages, read ${total}`);
  if (stats && Number(stats.chunkCount) !== reader.chunkIndexes.length) fail("Statistics chunk count differs from the chunk indexes");

  const attachments = [];
  for await (const a of reader.readAttachments({ validateCrcs: true })) {
    attachments.push({ name: a.name, mediaType: a.mediaType, size: a.data.byteLength });
  }
  const metadata = [];
  for await (const md of reader.readMetadata()) {
    metadata.push({ name: md.name, entries: md.metadata.size });
  }

  console.log(JSON.stringify({
    file,
    library: reader.header.library,
    profile: reader.header.profile,
    messageCount: total,
    topics,
    schemas: [...reader.schemasById.values()].map((s) => s.name).sort(),
    channels: reader.channelsById.size,
    chunks: reader.chunkIndexes.length,
    compression: [...new Set(reader.chunkIndexes.map((c) => c.compression))],
    attachments,
    metadata,
    startTime: start === undefined ? null : start.toString(),
    endTime: end === undefined ? null : end.toString(),
    statistics: stats ? { messageCount: stats.messageCount.toString(), chunkCount: stats.chunkCount,
      messageStartTime: stats.messageStartTime.toString(), messageEndTime: stats.messageEndTime.toString() } : null,
    dataSectionCrc: dataCrc,
    records: recordCounts,
  }));
} catch (e) {
  fail(String(e?.message ?? e));
}
