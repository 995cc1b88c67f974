using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Mcap;

namespace Mcap.Tests;

/// <summary>McapWriter and McapReader: round trips, truncation recovery, corruption, and the official TypeScript reader.</summary>
public sealed class McapTests
{
    public static TheoryData<McapCompression> Compressions => [McapCompression.None, McapCompression.Lz4, McapCompression.Zstd];

    [Theory]
    [MemberData(nameof(Compressions))]
    public void Every_record_kind_round_trips(McapCompression compression)
    {
        Sample s = Sample.Write(compression, chunkSize: 64 * 1024, large: true);
        Assert.True(s.ChunkCount > 10, $"expected many chunks, got {s.ChunkCount}");
        using McapReader r = new(new MemoryStream(s.File), "sample.mcap");

        Assert.False(r.Recovered, r.RecoveryReason);
        Assert.Null(r.TruncatedAt);
        Assert.Equal("x-hil-test", r.Profile);
        Assert.Equal("HilBridge.Tests", r.Library);
        Assert.Equal(2, r.Schemas.Count);
        Assert.Equal("sim.Pose", r.Schemas[s.PoseSchema].Name);
        Assert.Equal("jsonschema", r.Schemas[s.PoseSchema].Encoding);
        Assert.Equal(Sample.PoseSchemaData, r.Schemas[s.PoseSchema].Data.ToArray());
        Assert.Equal(4, r.Channels.Count);
        McapChannel pose = r.Channels[s.Pose];
        Assert.Equal(("/pose", "json", s.PoseSchema), (pose.Topic, pose.MessageEncoding, pose.SchemaId));
        Assert.Equal(Sample.PoseMetadata, pose.Metadata);
        Assert.Equal(0, r.Channels[s.Events].SchemaId);
        Assert.Equal("/unused", r.Channels[s.Unused].Topic);

        Assert.Equal(["scenario.yaml", "calibration.bin"], r.Attachments.Select(a => a.Name));
        Assert.Equal(["text/yaml", "application/octet-stream"], r.Attachments.Select(a => a.MediaType));
        Assert.Equal(Sample.ScenarioYaml, r.Attachments[0].Data.ToArray());
        Assert.Equal(s.Calibration, r.Attachments[1].Data.ToArray());
        Assert.Equal((5_000UL, 1_000UL), (r.Attachments[0].LogTime, r.Attachments[0].CreateTime));
        Assert.Equal(["scenario", "result"], r.Metadata.Select(m => m.Name));
        Assert.Equal("42", r.Metadata[0].Values["seed"]);

        McapStatistics st = r.Statistics;
        Assert.Equal((ulong)s.Messages.Count, st.MessageCount);
        Assert.Equal((uint)s.ChunkCount, st.ChunkCount);
        Assert.Equal((2, 4u, 2u, 2u), (st.SchemaCount, st.ChannelCount, st.AttachmentCount, st.MetadataCount));
        Assert.Equal(s.Messages.Min(m => m.LogTime), st.MessageStartTime);
        Assert.Equal(s.Messages.Max(m => m.LogTime), st.MessageEndTime);
        Assert.Equal((ulong)s.Messages.Count(m => m.ChannelId == s.Camera), st.ChannelMessageCounts[s.Camera]);
        Assert.Equal(0UL, st.ChannelMessageCounts[s.Unused]);

        AssertSameMessages(s.Messages, r.ReadMessages().ToList());
        Assert.Equal(s.Messages.Count, r.CompleteChunks == 0 ? 0 : r.ReadMessages(sortByLogTime: true).Count());
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void A_file_without_its_summary_gives_the_same_contents_by_scanning(McapCompression compression)
    {
        Sample s = Sample.Write(compression, chunkSize: 64 * 1024, large: false);
        long dataEnd = Records(s.File).Single(x => x.Op == McapOpcode.DataEnd).Start;
        byte[] cut = s.File[..(int)(dataEnd + 13)];
        using McapReader r = new(new MemoryStream(cut), "cut.mcap");
        Assert.True(r.Recovered);
        Assert.Null(r.TruncatedAt);                       // the data section is whole; only the summary is gone
        Assert.Equal(s.ChunkCount, r.CompleteChunks);
        Assert.Equal(4, r.Channels.Count);                // Finish wrote the unused channel into the data section too
        Assert.Equal((ulong)s.Messages.Count, r.Statistics.MessageCount);
        Assert.Equal(["scenario.yaml", "calibration.bin"], r.Attachments.Select(a => a.Name));
        AssertSameMessages(s.Messages, r.ReadMessages().ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(65537)]
    public void Lz4_frames_decode_with_K4os_at_any_acceleration(int acceleration)
    {
        Random rnd = new(3);
        byte[] noise = new byte[(4 << 20) + 1000];
        rnd.NextBytes(noise);                                   // incompressible: stored raw, over two blocks
        byte[] text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"row {i % 97},")));
        Lz4FrameEncoder encoder = new(acceleration);
        using McapBufferWriter into = new();
        foreach (byte[] data in new[] { [], [42], noise, text, Sample.Bytes(rnd, 1 << 20) })
        {
            into.Reset();
            encoder.Encode(data, into);
            byte[] frame = into.WrittenSpan.ToArray();
            // Magic 0x184D2204, FLG (version 01, independent blocks), BD (4 MiB blocks), and the end mark.
            Assert.Equal(new byte[] { 0x04, 0x22, 0x4D, 0x18, 0x60, 0x70 }, frame[..6]);
            Assert.Equal(new byte[4], frame[^4..]);
            Assert.Equal(data, K4os.Compression.LZ4.Streams.LZ4Frame.Decode(frame.AsSpan(), new System.Buffers.ArrayBufferWriter<byte>()).WrittenSpan.ToArray());
            if (data == noise)
            {
                // Two raw blocks: 4 MiB and 1,000 bytes, each size with the uncompressed bit.
                Assert.Equal(7 + 4 + (4 << 20) + 4 + 1000 + 4, frame.Length);
                Assert.Equal(0x8000_0000u | (4u << 20), BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(7)));
            }
            if (data == text && acceleration < 65537)
            {
                Assert.True(frame.Length < text.Length / 4, $"{frame.Length} of {text.Length} bytes");
            }
        }
    }

    [Fact]
    public void Messages_sort_by_log_time_across_channels_and_chunks()
    {
        MemoryStream ms = new();
        List<McapMessage> written = [];
        using (McapWriter w = new(ms, new McapWriterOptions { ChunkSize = 2048, Compression = McapCompression.Lz4 }, leaveOpen: true))
        {
            ushort a = w.AddChannel(0, "/a", "x-raw");
            ushort b = w.AddChannel(0, "/b", "x-raw");
            Random rnd = new(7);
            // Channel b lags a by 5 s: chunks overlap in time, and log time is not globally ordered in the file.
            for (uint i = 0; i < 2000; i++)
            {
                ushort ch = i % 2 == 0 ? a : b;
                ulong t = (i * 1_000_000UL) + (ch == b ? 5_000_000_000UL : 0) + (ulong)rnd.Next(1000);
                byte[] data = Sample.Bytes(rnd, 40);
                w.WriteMessage(ch, i, t, t, data);
                written.Add(new McapMessage(ch, i, t, t, data));
            }
        }
        using McapReader r = new(new MemoryStream(ms.ToArray()));
        List<McapMessage> sorted = r.ReadMessages(sortByLogTime: true).ToList();
        AssertSameMessages([.. written.OrderBy(m => m.LogTime)], sorted);
        AssertSameMessages(written, r.ReadMessages().ToList());
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void A_file_cut_anywhere_reads_exactly_the_chunks_complete_before_the_cut(McapCompression compression)
    {
        Sample s = Sample.Write(compression, chunkSize: 32 * 1024, large: false);
        List<RecordSpan> records = Records(s.File);
        long summaryStart = records.Single(x => x.Op == McapOpcode.DataEnd).End;
        int checkedCuts = 0;
        for (int cut = 997; cut < s.File.Length; cut += 997)
        {
            using McapReader r = new(new MemoryStream(s.File, 0, cut, writable: false), "cut.mcap");
            Assert.True(r.Recovered, $"cut at {cut}");
            if (cut >= summaryStart)
            {
                Assert.Null(r.TruncatedAt);
            }
            else
            {
                long firstIncomplete = records.Where(x => x.End > cut).Min(x => x.Start);
                Assert.Equal(firstIncomplete, r.TruncatedAt);
            }
            List<RecordSpan> complete = records.Where(x => x.End <= cut).ToList();
            int chunks = complete.Count(x => x.Op == McapOpcode.Chunk);
            int expected = records.Where(x => x.Op == McapOpcode.MessageIndex && x.ChunkOrdinal < chunks).Sum(x => x.IndexedMessages);
            Assert.Equal(chunks, r.CompleteChunks);
            Assert.Equal((ulong)expected, r.Statistics.MessageCount);
            AssertSameMessages(s.Messages.Take(expected).ToList(), r.ReadMessages().ToList());
            Assert.Equal(complete.Count(x => x.Op == McapOpcode.Attachment), r.Attachments.Count);
            Assert.Equal(complete.Count(x => x.Op == McapOpcode.Metadata), r.Metadata.Count);
            checkedCuts++;
        }
        Assert.True(checkedCuts > 100, $"only {checkedCuts} cuts in a {s.File.Length}-byte file");
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public void A_flipped_byte_in_a_chunk_is_an_McapException_naming_the_chunk(McapCompression compression)
    {
        Sample s = Sample.Write(compression, chunkSize: 32 * 1024, large: false);
        List<RecordSpan> records = Records(s.File);
        RecordSpan chunk = records.First(x => x.Op == McapOpcode.Chunk);
        long dataEnd = records.Single(x => x.Op == McapOpcode.DataEnd).Start;
        // The records field follows 8+8+8+4 bytes of times, size and CRC, the compression string and the uint64 length.
        int compressionLength = compression == McapCompression.None ? 0 : compression == McapCompression.Lz4 ? 3 : 4;
        long payload = chunk.Start + 9 + 28 + 4 + compressionLength + 8;
        for (int i = 1; i <= 9; i++)
        {
            long at = payload + ((chunk.End - payload) * i / 10);
            byte[] bad = (byte[])s.File.Clone();
            bad[at] ^= 0x5A;
            // With the summary: found when the chunk is read. Without (cut before the summary): found on open.
            McapException e = Assert.Throws<McapException>(() =>
            {
                using McapReader r = new(new MemoryStream(bad), "flipped.mcap");
                _ = r.ReadMessages().Count();
            });
            Assert.Equal(chunk.Start, e.Offset);
            Assert.StartsWith($"flipped.mcap: at byte {chunk.Start}: ", e.Message);
            McapException e2 = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(bad, 0, (int)dataEnd), "flipped.mcap"));
            Assert.Equal(chunk.Start, e2.Offset);
        }
    }

    [Fact]
    public void Corrupt_chunk_headers_are_McapExceptions()
    {
        Sample s = Sample.Write(McapCompression.Lz4, chunkSize: 32 * 1024, large: false);
        RecordSpan chunk = Records(s.File).First(x => x.Op == McapOpcode.Chunk);

        byte[] unknown = (byte[])s.File.Clone();
        unknown[chunk.Start + 9 + 32] = (byte)'x';     // "lz4" -> "xz4"
        McapException e = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(unknown), "u.mcap").ReadMessages().Count());
        Assert.Contains("unknown compression \"xz4\"", e.Message);
        Assert.Equal(chunk.Start, e.Offset);

        byte[] huge = (byte[])s.File.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(huge.AsSpan((int)chunk.Start + 9 + 16), 1UL << 40);   // uncompressed_size
        e = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(huge), "h.mcap").ReadMessages().Count());
        Assert.Contains("more than", e.Message);

        byte[] past = (byte[])s.File.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(past.AsSpan((int)chunk.Start + 1), ulong.MaxValue / 2);   // record length
        e = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(past), "p.mcap"));
        Assert.Equal(chunk.Start, e.Offset);
        Assert.Contains("runs past the end of the data section", e.Message);

        byte[] crc = (byte[])s.File.Clone();
        crc[chunk.Start + 9 + 24] ^= 1;                 // uncompressed_crc
        e = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(crc), "c.mcap").ReadMessages().Count());
        Assert.Contains("chunk CRC mismatch", e.Message);
    }

    [Fact]
    public void A_flipped_byte_in_an_attachment_fails_its_CRC()
    {
        Sample s = Sample.Write(McapCompression.None, chunkSize: 32 * 1024, large: false);
        RecordSpan att = Records(s.File).First(x => x.Op == McapOpcode.Attachment);
        byte[] bad = (byte[])s.File.Clone();
        bad[att.End - 10] ^= 0xFF;
        McapException e = Assert.Throws<McapException>(() => new McapReader(new MemoryStream(bad), "a.mcap"));
        Assert.Equal(att.Start, e.Offset);
        Assert.Contains("attachment \"scenario.yaml\" CRC mismatch", e.Message);
    }

    [Fact]
    public void Empty_and_foreign_files_get_clear_errors()
    {
        string dir = Directory.CreateTempSubdirectory("mcap-tests-").FullName;
        try
        {
            string empty = Path.Combine(dir, "empty.mcap");
            File.WriteAllBytes(empty, []);
            McapException e = Assert.Throws<McapException>(() => McapReader.Open(empty));
            Assert.Equal($"{empty}: empty file, not an MCAP recording", e.Message);

            string png = Path.Combine(dir, "picture.mcap");
            File.WriteAllBytes(png, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
            e = Assert.Throws<McapException>(() => McapReader.Open(png));
            Assert.Equal($"{png}: not an MCAP file (starts with 89 50 4E 47 0D 0A 1A 0A \".PNG....\")", e.Message);

            string text = Path.Combine(dir, "notes.mcap");
            File.WriteAllText(text, "hi");
            e = Assert.Throws<McapException>(() => McapReader.Open(text));
            Assert.Equal($"{text}: not an MCAP file (starts with 68 69 \"hi\")", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_writer_killed_without_Finish_leaves_every_flushed_chunk_readable()
    {
        string dir = Directory.CreateTempSubdirectory("mcap-tests-").FullName;
        try
        {
            string path = Path.Combine(dir, "live.mcap");
            string copy = Path.Combine(dir, "after-kill.mcap");
            List<McapMessage> written = [];
            int flushed = 0;
            using (FileStream fs = new(path, FileMode.Create, FileAccess.Write, FileShare.Read))
            using (McapWriter w = new(fs, new McapWriterOptions { ChunkSize = 16 * 1024, Compression = McapCompression.Zstd }))
            {
                ushort schema = w.AddSchema("sim.Pose", "jsonschema", Sample.PoseSchemaData);
                ushort pose = w.AddChannel(schema, "/pose", "json", Sample.PoseMetadata);
                w.WriteMetadata("scenario", new Dictionary<string, string> { ["name"] = "cut_in" });
                Random rnd = new(11);
                for (uint i = 0; i < 3000; i++)
                {
                    int chunksBefore = w.ChunkCount;
                    byte[] data = Sample.Bytes(rnd, 20 + rnd.Next(100));
                    w.WriteMessage(pose, i, 1_000_000UL * i, 1_000_000UL * i, data);
                    written.Add(new McapMessage(pose, i, 1_000_000UL * i, 1_000_000UL * i, data));
                    if (w.ChunkCount != chunksBefore)
                    {
                        flushed = written.Count;
                    }
                }
                Assert.True(flushed > 0 && flushed < written.Count);
                // The process "dies" here: what is on disk is what a kill -9 would leave.
                File.Copy(path, copy);
            }
            using McapReader r = McapReader.Open(copy);
            Assert.True(r.Recovered);
            Assert.Equal(new FileInfo(copy).Length, r.TruncatedAt);
            Assert.Equal("/pose", Assert.Single(r.Channels).Value.Topic);
            Assert.Equal("cut_in", Assert.Single(r.Metadata).Values["name"]);
            AssertSameMessages(written.Take(flushed).ToList(), r.ReadMessages().ToList());

            using McapReader finished = McapReader.Open(path);   // Dispose finished the original
            Assert.False(finished.Recovered);
            Assert.Equal((ulong)written.Count, finished.Statistics.MessageCount);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(McapCompression.Lz4)]
    [InlineData(McapCompression.Zstd)]
    public void Chunks_that_do_not_shrink_enough_are_stored_uncompressed(McapCompression compression)
    {
        Mixed m = Mixed.Write(compression, minimumSaving: 0.25);
        List<ChunkHeader> chunks = ChunkHeaders(m.File);
        int raw = 0, packed = 0;
        foreach (ChunkHeader c in chunks)
        {
            // Which phase's messages a chunk holds follows from its times (the phases alternate every 100 ms).
            bool random = Mixed.IsRandomPhase(c.MessageStart);
            if (random != Mixed.IsRandomPhase(c.MessageEnd))
            {
                continue;
            }
            if (random)
            {
                Assert.Equal("", c.Compression);
                Assert.Equal(c.UncompressedSize, c.CompressedSize);
                raw++;
            }
            else
            {
                Assert.Equal(McapFormat.Name(compression), c.Compression);
                Assert.True(c.CompressedSize * 4 < c.UncompressedSize, $"{c.CompressedSize} of {c.UncompressedSize}");
                packed++;
            }
        }
        Assert.True(raw >= 10 && packed >= 10, $"{raw} raw and {packed} compressed chunks of {chunks.Count}");
        using McapReader r = new(new MemoryStream(m.File), "mixed.mcap");
        Assert.False(r.Recovered, r.RecoveryReason);
        AssertSameMessages(m.Messages, r.ReadMessages().ToList());

        // Without the option every chunk is compressed, random ones too.
        Assert.All(ChunkHeaders(Mixed.Write(compression, minimumSaving: 0).File), c => Assert.Equal(McapFormat.Name(compression), c.Compression));
    }

    [Fact]
    public void A_message_written_in_two_parts_is_the_same_bytes_as_written_whole()
    {
        byte[] head = "[header]"u8.ToArray(), tail = Sample.Bytes(new Random(3), 100_000);
        byte[] File(bool split)
        {
            MemoryStream ms = new();
            using (McapWriter w = new(ms, new McapWriterOptions { ChunkSize = 64 * 1024 }, leaveOpen: true))
            {
                ushort ch = w.AddChannel(0, "/frame", "x-test");
                for (uint i = 0; i < 5; i++)
                {
                    if (split)
                    {
                        w.WriteMessage(ch, i, i, i, head, tail);
                    }
                    else
                    {
                        w.WriteMessage(ch, i, i, i, [.. head, .. tail]);
                    }
                }
            }
            return ms.ToArray();
        }
        Assert.Equal(File(split: false), File(split: true));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_minimum_saving_outside_0_to_1_is_refused(double saving)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new McapWriter(new MemoryStream(), new McapWriterOptions { MinimumCompressionSaving = saving }));
    }

    [Fact]
    public void Writing_a_message_allocates_nothing_once_the_chunk_buffer_has_grown()
    {
        using McapWriter w = new(Stream.Null, new McapWriterOptions { ChunkSize = 8 * 1024 * 1024, Compression = McapCompression.Lz4 });
        ushort a = w.AddChannel(0, "/a", "x-raw");
        ushort b = w.AddChannel(0, "/b", "x-raw");
        byte[] data = new byte[200];
        for (uint i = 0; i < 20_000; i++)
        {
            w.WriteMessage(i % 2 == 0 ? a : b, i, i, i, data);
        }
        w.Flush();
        // The least of three rounds: a garbage collection started by another test's thread can move
        // this thread's count by a part of its 8 KB allocation context (8,064 B seen once in CI);
        // an allocation per message would show in every round.
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (uint i = 0; i < 20_000; i++)
            {
                w.WriteMessage(i % 2 == 0 ? a : b, i, i, i, data);
            }
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            w.Flush();
        }
        Assert.Equal(0, least);
    }

    [NodeFact]
    public void The_official_TypeScript_reader_reads_what_McapWriter_writes()
    {
        string dir = Directory.CreateTempSubdirectory("mcap-tests-").FullName;
        try
        {
            foreach ((McapCompression compression, int acceleration) in new[] { (McapCompression.None, 1), (McapCompression.Lz4, 1), (McapCompression.Lz4, 8), (McapCompression.Zstd, 1) })
            {
                Sample s = Sample.Write(compression, chunkSize: 64 * 1024, large: true, lz4Acceleration: acceleration);
                string path = Path.Combine(dir, $"sample-{compression}-{acceleration}.mcap");
                File.WriteAllBytes(path, s.File);
                (int code, string output, string err) = McapCheck.Run(path);
                Assert.True(code == 0, $"check.mjs failed on {compression}: {output} {err}");
                using JsonDocument doc = JsonDocument.Parse(output);
                JsonElement j = doc.RootElement;
                Assert.Equal(s.Messages.Count, j.GetProperty("messageCount").GetInt32());
                Dictionary<string, int> topics = j.GetProperty("topics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
                Dictionary<string, int> expected = new()
                {
                    ["/pose"] = s.Messages.Count(m => m.ChannelId == s.Pose),
                    ["/camera"] = s.Messages.Count(m => m.ChannelId == s.Camera),
                    ["/events"] = s.Messages.Count(m => m.ChannelId == s.Events),
                };
                Assert.Equal(expected.OrderBy(kv => kv.Key), topics.OrderBy(kv => kv.Key));
                Assert.Equal(["sim.Image", "sim.Pose"], j.GetProperty("schemas").EnumerateArray().Select(x => x.GetString()));
                Assert.Equal(4, j.GetProperty("channels").GetInt32());
                Assert.Equal(s.ChunkCount, j.GetProperty("chunks").GetInt32());
                Assert.Equal([McapFormat.Name(compression)], j.GetProperty("compression").EnumerateArray().Select(x => x.GetString()));
                Assert.Equal(["scenario.yaml", "calibration.bin"], j.GetProperty("attachments").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
                Assert.Equal(s.Calibration.Length, j.GetProperty("attachments")[1].GetProperty("size").GetInt32());
                Assert.Equal(["scenario", "result"], j.GetProperty("metadata").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
                Assert.Equal(s.Messages.Min(m => m.LogTime).ToString(), j.GetProperty("startTime").GetString());
                Assert.Equal(s.Messages.Max(m => m.LogTime).ToString(), j.GetProperty("endTime").GetString());
                Assert.Equal("x-hil-test", j.GetProperty("profile").GetString());
            }
            foreach (McapCompression compression in new[] { McapCompression.Lz4, McapCompression.Zstd })
            {
                // Raw and compressed chunks in one file, each chunk index naming its own.
                Mixed m = Mixed.Write(compression, minimumSaving: 0.25);
                string path = Path.Combine(dir, $"mixed-{compression}.mcap");
                File.WriteAllBytes(path, m.File);
                (int code, string output, string err) = McapCheck.Run(path);
                Assert.True(code == 0, $"check.mjs failed on mixed {compression}: {output} {err}");
                using JsonDocument doc = JsonDocument.Parse(output);
                Assert.Equal(m.Messages.Count, doc.RootElement.GetProperty("messageCount").GetInt32());
                Assert.Equal(["", McapFormat.Name(compression)], doc.RootElement.GetProperty("compression").EnumerateArray().Select(x => x.GetString()).Order());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSameMessages(List<McapMessage> expected, List<McapMessage> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            McapMessage e = expected[i];
            McapMessage a = actual[i];
            if (e.ChannelId != a.ChannelId || e.Sequence != a.Sequence || e.LogTime != a.LogTime || e.PublishTime != a.PublishTime
                || !e.Data.Span.SequenceEqual(a.Data.Span))
            {
                Assert.Fail($"message {i}: expected ch {e.ChannelId} seq {e.Sequence} t {e.LogTime} ({e.Data.Length} B), got ch {a.ChannelId} seq {a.Sequence} t {a.LogTime} ({a.Data.Length} B)");
            }
        }
    }

    /// <summary>A Chunk record's header fields, read independently of McapReader.</summary>
    private sealed record ChunkHeader(ulong MessageStart, ulong MessageEnd, ulong UncompressedSize, string Compression, ulong CompressedSize);

    private static List<ChunkHeader> ChunkHeaders(byte[] file)
    {
        List<ChunkHeader> list = [];
        foreach (RecordSpan rec in Records(file).Where(x => x.Op == McapOpcode.Chunk))
        {
            ReadOnlySpan<byte> c = file.AsSpan((int)rec.Start + 9);
            int nameLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(c[28..]);
            list.Add(new ChunkHeader(
                BinaryPrimitives.ReadUInt64LittleEndian(c), BinaryPrimitives.ReadUInt64LittleEndian(c[8..]), BinaryPrimitives.ReadUInt64LittleEndian(c[16..]),
                Encoding.UTF8.GetString(c.Slice(32, nameLength)), BinaryPrimitives.ReadUInt64LittleEndian(c[(32 + nameLength)..])));
        }
        return list;
    }

    /// <summary>
    /// A file whose messages alternate every 100 ms between random bytes (incompressible) and repeated text,
    /// a few chunks of each; every other message is written in two parts.
    /// </summary>
    private sealed class Mixed
    {
        public const ulong PhaseNs = 100_000_000;

        public required byte[] File { get; init; }

        public required List<McapMessage> Messages { get; init; }

        public static bool IsRandomPhase(ulong timeNs) => timeNs / PhaseNs % 2 == 0;

        public static Mixed Write(McapCompression compression, double minimumSaving)
        {
            MemoryStream ms = new();
            List<McapMessage> messages = [];
            Random rnd = new(7);
            using (McapWriter w = new(ms, new McapWriterOptions { Compression = compression, ChunkSize = 64 * 1024, MinimumCompressionSaving = minimumSaving }, leaveOpen: true))
            {
                ushort ch = w.AddChannel(0, "/mixed", "x-test");
                for (uint i = 0; i < 2000; i++)
                {
                    ulong t = i * 1_000_000UL; // 1 ms apart: 100 messages (300 KB, about 5 chunks) per phase
                    byte[] data = new byte[3000];
                    if (IsRandomPhase(t))
                    {
                        rnd.NextBytes(data);
                    }
                    else
                    {
                        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"tick {i} lane 2 speed 13.9; ", 200)).AsSpan(0, data.Length), data);
                    }
                    if (i % 2 == 0)
                    {
                        w.WriteMessage(ch, i, t, t, data.AsSpan(0, 100), data.AsSpan(100));
                    }
                    else
                    {
                        w.WriteMessage(ch, i, t, t, data);
                    }
                    messages.Add(new McapMessage(ch, i, t, t, data));
                }
            }
            return new Mixed { File = ms.ToArray(), Messages = messages };
        }
    }

    /// <summary>A top-level record of a whole file, found independently of McapReader.</summary>
    private sealed record RecordSpan(McapOpcode Op, long Start, long End, int ChunkOrdinal, int IndexedMessages);

    /// <summary>The file's top-level records; Message Index records carry the ordinal of their chunk and how many messages they index.</summary>
    private static List<RecordSpan> Records(byte[] file)
    {
        List<RecordSpan> list = [];
        long pos = 8;
        int chunk = -1;
        while (pos + 9 <= file.Length - 8)
        {
            McapOpcode op = (McapOpcode)file[pos];
            long len = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)pos + 1));
            int indexed = 0;
            if (op == McapOpcode.Chunk)
            {
                chunk++;
            }
            if (op == McapOpcode.MessageIndex)
            {
                indexed = (int)(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)pos + 9 + 2)) / 16);
            }
            list.Add(new RecordSpan(op, pos, pos + 9 + len, chunk, indexed));
            pos += 9 + len;
        }
        return list;
    }

    /// <summary>A recording with every record kind: two schemas, four channels (one never used), messages, attachments, metadata.</summary>
    private sealed class Sample
    {
        public static readonly byte[] PoseSchemaData = Encoding.UTF8.GetBytes("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}}}");
        public static readonly byte[] ScenarioYaml = Encoding.UTF8.GetBytes("name: cut_in\nseed: 42\n");
        public static readonly Dictionary<string, string> PoseMetadata = new() { ["frame"] = "map", ["rate_hz"] = "100", ["ünïcode"] = "✓" };

        public required byte[] File { get; init; }

        public required List<McapMessage> Messages { get; init; }

        public required byte[] Calibration { get; init; }

        public required int ChunkCount { get; init; }

        public required ushort PoseSchema { get; init; }

        public required ushort Pose { get; init; }

        public required ushort Camera { get; init; }

        public required ushort Events { get; init; }

        public required ushort Unused { get; init; }

        public static byte[] Bytes(Random rnd, int n)
        {
            byte[] b = new byte[n];
            // Half random, half repetitive: compressible enough that lz4 and zstd have work to do.
            rnd.NextBytes(b.AsSpan(0, n / 2));
            for (int i = n / 2; i < n; i++)
            {
                b[i] = (byte)(i % 7);
            }
            return b;
        }

        public static Sample Write(McapCompression compression, int chunkSize, bool large, int lz4Acceleration = 1)
        {
            MemoryStream ms = new();
            List<McapMessage> messages = [];
            Random rnd = new(1);
            byte[] calibration = Bytes(rnd, 5000);
            McapWriterOptions options = new() { Compression = compression, ChunkSize = chunkSize, Profile = "x-hil-test", Library = "HilBridge.Tests", Lz4Acceleration = lz4Acceleration };
            McapWriter w = new(ms, options, leaveOpen: true);
            ushort poseSchema = w.AddSchema("sim.Pose", "jsonschema", PoseSchemaData);
            ushort imageSchema = w.AddSchema("sim.Image", "x-raw-image", "width,height,rgb8"u8);
            ushort pose = w.AddChannel(poseSchema, "/pose", "json", PoseMetadata);
            ushort camera = w.AddChannel(imageSchema, "/camera", "x-raw");
            ushort events = w.AddChannel(0, "/events", "json");
            ushort unused = w.AddChannel(poseSchema, "/unused", "json");
            w.WriteMetadata("scenario", new Dictionary<string, string> { ["name"] = "cut_in", ["seed"] = "42" });

            void Add(ushort ch, uint seq, ulong t, byte[] data)
            {
                w.WriteMessage(ch, seq, t, t + 7, data);
                messages.Add(new McapMessage(ch, seq, t, t + 7, data));
            }

            for (uint i = 0; i < 3000; i++)
            {
                ulong t = 10_000_000UL * (i + 1);
                Add(pose, i, t, Bytes(rnd, 50 + rnd.Next(150)));
                if (i % 100 == 50)
                {
                    Add(camera, i / 100, t + 1, Bytes(rnd, 20_000));
                }
                if (i % 777 == 3)
                {
                    Add(events, i, t + 2, Encoding.UTF8.GetBytes($"{{\"event\":\"tick {i}\"}}"));
                }
                if (i == 1500)
                {
                    w.WriteAttachment(5_000, 1_000, "scenario.yaml", "text/yaml", ScenarioYaml);
                    if (large)
                    {
                        Add(camera, 1000, t + 3, Bytes(rnd, 3 * 1024 * 1024));
                        Add(camera, 1001, t + 4, Bytes(rnd, 5 * 1024 * 1024 + 17));
                    }
                }
            }
            w.WriteAttachment(9_000, 0, "calibration.bin", "application/octet-stream", calibration);
            w.WriteMetadata("result", new Dictionary<string, string> { ["passed"] = "true" });
            w.Finish();
            int chunks = w.ChunkCount;
            w.Dispose();
            return new Sample
            {
                File = ms.ToArray(), Messages = messages, Calibration = calibration, ChunkCount = chunks,
                PoseSchema = poseSchema, Pose = pose, Camera = camera, Events = events, Unused = unused,
            };
        }
    }
}
