using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Mcap;

/// <summary>
/// Reads an MCAP recording. When the footer and summary are intact it takes schemas, channels, statistics and the
/// attachment and metadata indexes from the summary and decompresses nothing until messages are read. Otherwise
/// (a recording cut off by a crash, a damaged summary) it recovers: it scans the data section record by record,
/// decompressing each chunk and checking its CRC, and stops at the first incomplete record, reporting where the
/// file was cut off (<see cref="TruncatedAt"/>) and how many chunks were complete (<see cref="CompleteChunks"/>).
/// </summary>
/// <remarks>
/// Corrupt data (a chunk CRC mismatch, an undecodable chunk, an unknown compression, a record running past its
/// container or claiming more than 2 GiB, a bad attachment CRC) throws <see cref="McapException"/> naming the file
/// and byte offset. In recovery, a record whose length runs past the end of the file counts as the cut, not as
/// corruption: that is what a crash leaves. Unknown opcodes are skipped, as the specification asks. The data
/// section CRC is not checked (that would read the whole file on open); chunk and attachment CRCs are.
/// Not thread-safe; the stream must be seekable.
/// </remarks>
public sealed class McapReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _length;
    private readonly McapDecompressor _decompressor = new();
    private readonly Dictionary<ushort, McapSchema> _schemas = [];
    private readonly Dictionary<ushort, McapChannel> _channels = [];
    private readonly List<McapAttachment> _attachments = [];
    private readonly List<McapMetadata> _metadata = [];
    private readonly List<DataUnit> _units = [];

    // Counted while scanning; replaced by the Statistics record when the summary is used.
    private readonly Dictionary<ushort, ulong> _channelCounts = [];
    private ulong _messageCount;
    private ulong _messageStart;
    private ulong _messageEnd;

    /// <summary>Opens <paramref name="stream"/> (seekable) and reads its header and summary, or recovers by scanning.</summary>
    /// <param name="stream">The recording.</param>
    /// <param name="name">The name errors use (usually the path).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    public McapReader(Stream stream, string name = "<stream>", bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("McapReader needs a readable, seekable stream", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name;
        _length = stream.Length;
        Statistics = new McapStatistics(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<ushort, ulong>());
        Load();
    }

    /// <summary>The file name or stream name used in errors.</summary>
    public string Name { get; }

    /// <summary>The Header's profile.</summary>
    public string Profile { get; private set; } = "";

    /// <summary>The Header's library string.</summary>
    public string Library { get; private set; } = "";

    /// <summary>Schemas by id.</summary>
    public IReadOnlyDictionary<ushort, McapSchema> Schemas => _schemas;

    /// <summary>Channels by id.</summary>
    public IReadOnlyDictionary<ushort, McapChannel> Channels => _channels;

    /// <summary>Attachments in file order, data loaded and CRC-checked.</summary>
    public IReadOnlyList<McapAttachment> Attachments => _attachments;

    /// <summary>Metadata records in file order.</summary>
    public IReadOnlyList<McapMetadata> Metadata => _metadata;

    /// <summary>Message counts and time range: the Statistics record when the summary was used, else counted by scanning.</summary>
    public McapStatistics Statistics { get; private set; }

    /// <summary>True when the summary was missing or damaged and the contents were rebuilt by scanning the data section.</summary>
    public bool Recovered { get; private set; }

    /// <summary>Why the reader recovered, when it did.</summary>
    public string? RecoveryReason { get; private set; }

    /// <summary>Where the data section stops short (the byte offset of the first incomplete record), or null when it ends with its Data End record or the file is complete.</summary>
    public long? TruncatedAt { get; private set; }

    /// <summary>Complete chunks in the readable part of the file.</summary>
    public int CompleteChunks { get; private set; }

    /// <summary>Opens the MCAP file at <paramref name="path"/> (shared read, so a recording in progress can be inspected).</summary>
    /// <param name="path">The file.</param>
    public static McapReader Open(string path)
        => Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16), path);

    /// <summary>Reads <paramref name="stream"/> (seekable), which the reader then owns: it is disposed with the reader, or at once when it is no MCAP file.</summary>
    /// <param name="stream">The recording, e.g. a file its caller opened with checks of its own.</param>
    /// <param name="name">The name errors use (usually the path).</param>
    public static McapReader Open(Stream stream, string name)
    {
        try
        {
            return new McapReader(stream, name, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The messages, in file order or, with <paramref name="sortByLogTime"/>, by log time (ties in file order; chunks
    /// are merged as their time ranges come up, so memory stays around the chunks that overlap). Each chunk is read,
    /// decompressed and CRC-checked as the enumeration reaches it.
    /// </summary>
    /// <param name="sortByLogTime">Whether to order by log time rather than by position in the file.</param>
    public IEnumerable<McapMessage> ReadMessages(bool sortByLogTime = false) => sortByLogTime ? ReadSorted() : ReadInFileOrder();

    /// <summary>Releases the stream unless asked to leave it open.</summary>
    public void Dispose()
    {
        _decompressor.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private IEnumerable<McapMessage> ReadInFileOrder()
    {
        List<McapMessage> batch = [];
        foreach (DataUnit unit in _units)
        {
            batch.Clear();
            ReadUnit(unit, batch);
            foreach (McapMessage m in batch)
            {
                yield return m;
            }
        }
    }

    private IEnumerable<McapMessage> ReadSorted()
    {
        DataUnit[] units = [.. _units.OrderBy(u => u.StartTime).ThenBy(u => u.Offset)];
        PriorityQueue<McapMessage, (ulong Time, long Order)> pending = new();
        List<McapMessage> batch = [];
        long order = 0;
        int next = 0;
        while (next < units.Length || pending.Count > 0)
        {
            // A message may be released once no unread chunk can start before it.
            if (next < units.Length && (pending.Count == 0 || (pending.TryPeek(out _, out (ulong Time, long) top) && units[next].StartTime <= top.Time)))
            {
                batch.Clear();
                ReadUnit(units[next], batch);
                foreach (McapMessage m in batch)
                {
                    pending.Enqueue(m, (m.LogTime, order++));
                }
                next++;
                continue;
            }
            yield return pending.Dequeue();
        }
    }

    private void ReadUnit(DataUnit unit, List<McapMessage> into)
    {
        byte[] content = ReadContent(unit.Offset, unit.Length);
        if (unit.Kind == McapOpcode.Chunk)
        {
            ParseChunk(unit.Offset, content, into, collectDefinitions: false);
        }
        else
        {
            into.Add(ParseMessage(unit.Offset, content, 0, content.Length));
        }
    }

    private void Load()
    {
        if (_length == 0)
        {
            throw new McapException(Name, null, "empty file, not an MCAP recording");
        }
        ReadOnlySpan<byte> magic = McapFormat.Magic;
        byte[] head = new byte[(int)Math.Min(8, _length)];
        ReadAt(0, head);
        if (!magic.StartsWith(head))
        {
            throw new McapException(Name, null, $"not an MCAP file (starts with {Describe(head)})");
        }
        if (_length < 8 || !TryRecordHeader(8, _length, out byte op, out long headerLength))
        {
            // Cut inside the magic or the Header: a recording that never got going.
            MarkCut(Math.Min(_length, 8), "the file ends before its Header record is complete");
            return;
        }
        if (op != (byte)McapOpcode.Header)
        {
            throw new McapException(Name, 8, $"expected the Header record (opcode 0x01), found opcode 0x{op:X2}");
        }
        byte[] header = ReadContent(8, headerLength);
        Wrap(8, () =>
        {
            McapSpanReader r = new(header, "Header");
            Profile = r.String("profile");
            Library = r.String("library");
        });
        long dataStart = 8 + McapFormat.RecordPrefix + headerLength;

        string? footerProblem = TryFooter(out long footerStart, out ulong summaryStart, out ulong summaryOffsetStart, out uint summaryCrc);
        if (footerProblem is not null)
        {
            Recovered = true;
            RecoveryReason = footerProblem;
            Scan(dataStart, _length, strict: false, decode: true);
            return;
        }
        if (summaryStart == 0)
        {
            // A complete file written without a summary: everything comes from the data section.
            Scan(dataStart, footerStart, strict: true, decode: true);
            return;
        }
        string? summaryProblem = TryLoadSummary(dataStart, footerStart, summaryStart, summaryOffsetStart, summaryCrc);
        if (summaryProblem is not null)
        {
            _schemas.Clear();
            _channels.Clear();
            Recovered = true;
            RecoveryReason = summaryProblem;
            Scan(dataStart, _length, strict: false, decode: true);
            return;
        }
        Scan(dataStart, (long)summaryStart, strict: true, decode: false);
    }

    private string? TryFooter(out long footerStart, out ulong summaryStart, out ulong summaryOffsetStart, out uint summaryCrc)
    {
        footerStart = _length - 8 - McapFormat.RecordPrefix - McapFormat.FooterContent;
        summaryStart = summaryOffsetStart = 0;
        summaryCrc = 0;
        if (footerStart < 8)
        {
            return "the file has no footer (too short)";
        }
        byte[] tail = new byte[McapFormat.RecordPrefix + McapFormat.FooterContent + 8];
        ReadAt(footerStart, tail);
        if (!tail.AsSpan(tail.Length - 8).SequenceEqual(McapFormat.Magic))
        {
            return "the file does not end with the MCAP magic (no footer: the recording was not finished)";
        }
        if (tail[0] != (byte)McapOpcode.Footer || BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(1)) != McapFormat.FooterContent)
        {
            return "the record before the closing magic is not a Footer";
        }
        summaryStart = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(9));
        summaryOffsetStart = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(17));
        summaryCrc = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(25));
        if (summaryStart > (ulong)footerStart || (summaryOffsetStart != 0 && (summaryOffsetStart < summaryStart || summaryOffsetStart > (ulong)footerStart)))
        {
            return $"the Footer's summary offsets ({summaryStart}, {summaryOffsetStart}) lie outside the file";
        }
        return null;
    }

    private string? TryLoadSummary(long dataStart, long footerStart, ulong summaryStart, ulong summaryOffsetStart, uint summaryCrc)
    {
        if ((long)summaryStart < dataStart)
        {
            return $"the Footer's summary_start {summaryStart} lies inside the header";
        }
        long size = footerStart - (long)summaryStart;
        if (size > McapFormat.MaxInMemory)
        {
            return $"the summary section is {size} bytes, more than this reader holds";
        }
        byte[] summary = new byte[size];
        ReadAt((long)summaryStart, summary);
        if (summaryCrc != 0)
        {
            byte[] footerPrefix = new byte[McapFormat.RecordPrefix + 16];
            ReadAt(footerStart, footerPrefix);
            var running = new Crc32();
            running.Append(summary);
            running.Append(footerPrefix);
            uint crc = running.GetCurrentHashAsUInt32();
            if (crc != summaryCrc)
            {
                return $"the summary CRC is 0x{crc:X8}, the Footer says 0x{summaryCrc:X8}";
            }
        }
        List<(ulong Offset, ulong Length)> attachmentIndexes = [];
        List<(ulong Offset, ulong Length)> metadataIndexes = [];
        McapStatistics? stats = null;
        int pos = 0;
        try
        {
            while (pos < summary.Length)
            {
                if (summary.Length - pos < McapFormat.RecordPrefix)
                {
                    return $"the summary section ends inside a record at byte {(long)summaryStart + pos}";
                }
                byte op = summary[pos];
                ulong len = BinaryPrimitives.ReadUInt64LittleEndian(summary.AsSpan(pos + 1));
                if (len > (ulong)(summary.Length - pos - McapFormat.RecordPrefix))
                {
                    return $"a summary record at byte {(long)summaryStart + pos} runs past the Footer";
                }
                ReadOnlySpan<byte> content = summary.AsSpan(pos + McapFormat.RecordPrefix, (int)len);
                switch ((McapOpcode)op)
                {
                    case McapOpcode.Schema:
                        AddSchema(ParseSchema(content));
                        break;
                    case McapOpcode.Channel:
                        AddChannel(ParseChannel(content));
                        break;
                    case McapOpcode.Statistics:
                        stats = ParseStatistics(content);
                        break;
                    case McapOpcode.AttachmentIndex:
                    {
                        McapSpanReader r = new(content, "Attachment Index");
                        attachmentIndexes.Add((r.U64("offset"), r.U64("length")));
                        break;
                    }
                    case McapOpcode.MetadataIndex:
                    {
                        McapSpanReader r = new(content, "Metadata Index");
                        metadataIndexes.Add((r.U64("offset"), r.U64("length")));
                        break;
                    }
                    default:
                        // Chunk indexes and summary offsets are not needed: messages are found by walking the data section.
                        break;
                }
                pos += McapFormat.RecordPrefix + (int)len;
            }
        }
        catch (McapRecordException e)
        {
            return $"a summary record at byte {(long)summaryStart + pos} is malformed ({e.Message})";
        }
        if (stats is null)
        {
            return "the summary has no Statistics record";
        }
        Statistics = stats;
        foreach ((ulong offset, ulong length) in attachmentIndexes)
        {
            long at = CheckIndexed(offset, length, (long)summaryStart, McapOpcode.Attachment, "Attachment Index");
            _attachments.Add(ParseAttachment(at, ReadContent(at, (long)length - McapFormat.RecordPrefix)));
        }
        foreach ((ulong offset, ulong length) in metadataIndexes)
        {
            long at = CheckIndexed(offset, length, (long)summaryStart, McapOpcode.Metadata, "Metadata Index");
            byte[] content = ReadContent(at, (long)length - McapFormat.RecordPrefix);
            _metadata.Add(Wrap(at, () => ParseMetadata(content)));
        }
        return null;
    }

    private long CheckIndexed(ulong offset, ulong length, long limit, McapOpcode expected, string index)
    {
        if (offset < 8 || length < McapFormat.RecordPrefix || offset > (ulong)limit || length > (ulong)limit - offset)
        {
            throw new McapException(Name, (long)offset, $"the {index} points at {length} bytes at byte {offset}, outside the data section");
        }
        if (!TryRecordHeader((long)offset, limit, out byte op, out long contentLength) || op != (byte)expected
            || contentLength != (long)length - McapFormat.RecordPrefix)
        {
            throw new McapException(Name, (long)offset, $"the {index} does not point at a {expected} record of {length} bytes");
        }
        return (long)offset;
    }

    /// <summary>
    /// Walks the data section from <paramref name="start"/>. Strict (the file is complete): a record past
    /// <paramref name="limit"/> is corruption. Not strict (recovery): it is where the file was cut. With
    /// <paramref name="decode"/>, chunks are decompressed and checked, and schemas, channels, attachments, metadata
    /// and statistics collected; without, only where the messages are is noted.
    /// </summary>
    private void Scan(long start, long limit, bool strict, bool decode)
    {
        long pos = start;
        List<McapMessage> scratch = [];
        int chunks = 0;
        while (true)
        {
            if (pos >= limit)
            {
                if (!strict)
                {
                    MarkCut(pos, $"the data section stops at byte {pos} without its Data End record");
                }
                break;
            }
            if (!TryRecordHeader(pos, limit, out byte op, out long length))
            {
                if (strict)
                {
                    throw new McapException(Name, pos, $"a record runs past the end of the data section (byte {limit})");
                }
                MarkCut(pos, $"the file was cut off at byte {pos}, inside a record");
                break;
            }
            if ((McapOpcode)op == McapOpcode.DataEnd || (McapOpcode)op == McapOpcode.Footer)
            {
                break;
            }
            switch ((McapOpcode)op)
            {
                case McapOpcode.Chunk:
                    if (decode)
                    {
                        scratch.Clear();
                        byte[] content = ReadContent(pos, length);
                        ulong startTime = ParseChunk(pos, content, scratch, collectDefinitions: true);
                        foreach (McapMessage m in scratch)
                        {
                            Count(m);
                        }
                        _units.Add(new DataUnit(pos, length, McapOpcode.Chunk, startTime));
                    }
                    else
                    {
                        _units.Add(new DataUnit(pos, length, McapOpcode.Chunk, ReadUInt64At(pos, length, 0)));
                    }
                    chunks++;
                    break;
                case McapOpcode.Message:
                {
                    ulong logTime = ReadUInt64At(pos, length, 6);
                    _units.Add(new DataUnit(pos, length, McapOpcode.Message, logTime));
                    if (decode)
                    {
                        byte[] content = ReadContent(pos, length);
                        Count(ParseMessage(pos, content, 0, content.Length));
                    }
                    break;
                }
                case McapOpcode.Schema when decode:
                {
                    byte[] content = ReadContent(pos, length);
                    AddSchema(Wrap(pos, () => ParseSchema(content)));
                    break;
                }
                case McapOpcode.Channel when decode:
                {
                    byte[] content = ReadContent(pos, length);
                    AddChannel(Wrap(pos, () => ParseChannel(content)));
                    break;
                }
                case McapOpcode.Attachment when decode:
                    _attachments.Add(ParseAttachment(pos, ReadContent(pos, length)));
                    break;
                case McapOpcode.Metadata when decode:
                {
                    byte[] content = ReadContent(pos, length);
                    _metadata.Add(Wrap(pos, () => ParseMetadata(content)));
                    break;
                }
                default:
                    // Message indexes, summary records and opcodes this reader does not know: skipped.
                    break;
            }
            pos += McapFormat.RecordPrefix + length;
        }
        CompleteChunks = chunks;
        if (decode)
        {
            Statistics = new McapStatistics(
                _messageCount, (ushort)Math.Min(_schemas.Count, ushort.MaxValue), (uint)_channels.Count, (uint)_attachments.Count,
                (uint)_metadata.Count, (uint)chunks, _messageStart, _messageEnd, new Dictionary<ushort, ulong>(_channelCounts));
        }
    }

    private void MarkCut(long at, string reason)
    {
        Recovered = true;
        TruncatedAt = at;
        RecoveryReason = RecoveryReason is null ? reason : RecoveryReason + "; " + reason;
    }

    private void Count(McapMessage m)
    {
        _messageStart = _messageCount == 0 ? m.LogTime : Math.Min(_messageStart, m.LogTime);
        _messageEnd = _messageCount == 0 ? m.LogTime : Math.Max(_messageEnd, m.LogTime);
        _messageCount++;
        _channelCounts[m.ChannelId] = _channelCounts.GetValueOrDefault(m.ChannelId) + 1;
    }

    /// <summary>Decompresses and CRC-checks a chunk, appends its messages; returns its message_start_time.</summary>
    private ulong ParseChunk(long offset, byte[] content, List<McapMessage> into, bool collectDefinitions)
    {
        ulong startTime = 0, uncompressedSize = 0;
        uint crc = 0;
        string compression = "";
        int recordsStart = 0, recordsLength = 0;
        Wrap(offset, () =>
        {
            McapSpanReader r = new(content, "Chunk");
            startTime = r.U64("message_start_time");
            r.U64("message_end_time");
            uncompressedSize = r.U64("uncompressed_size");
            crc = r.U32("uncompressed_crc");
            compression = r.String("compression");
            (recordsStart, recordsLength) = r.Bytes64("records");
        });
        if (!McapDecompressor.IsKnown(compression))
        {
            throw new McapException(Name, offset, $"chunk uses unknown compression \"{compression}\"");
        }
        if (uncompressedSize > (ulong)McapFormat.MaxInMemory)
        {
            throw new McapException(Name, offset, $"chunk claims {uncompressedSize} uncompressed bytes, more than the {McapFormat.MaxInMemory} this reader holds");
        }
        byte[] plain = compression.Length == 0 && recordsStart == 0 && recordsLength == content.Length ? content : new byte[uncompressedSize];
        Wrap(offset, () => _decompressor.Decompress(compression, content, recordsStart, recordsLength, plain));
        if (crc != 0)
        {
            uint actual = Crc32.HashToUInt32(plain);
            if (actual != crc)
            {
                throw new McapException(Name, offset, $"chunk CRC mismatch: its records hash to 0x{actual:X8}, the chunk says 0x{crc:X8}");
            }
        }
        int pos = 0;
        while (pos < plain.Length)
        {
            if (plain.Length - pos < McapFormat.RecordPrefix)
            {
                throw new McapException(Name, offset, $"chunk ends inside a record header at chunk offset {pos}");
            }
            byte op = plain[pos];
            ulong len = BinaryPrimitives.ReadUInt64LittleEndian(plain.AsSpan(pos + 1));
            if (len > (ulong)(plain.Length - pos - McapFormat.RecordPrefix))
            {
                throw new McapException(Name, offset, $"the record at chunk offset {pos} ({len} bytes) runs past the chunk's end");
            }
            int contentStart = pos + McapFormat.RecordPrefix;
            switch ((McapOpcode)op)
            {
                case McapOpcode.Message:
                    into.Add(ParseMessage(offset, plain, contentStart, (int)len));
                    break;
                case McapOpcode.Schema when collectDefinitions:
                    AddSchema(Wrap(offset, () => ParseSchema(plain.AsSpan(contentStart, (int)len))));
                    break;
                case McapOpcode.Channel when collectDefinitions:
                    AddChannel(Wrap(offset, () => ParseChannel(plain.AsSpan(contentStart, (int)len))));
                    break;
                default:
                    break;
            }
            pos = contentStart + (int)len;
        }
        return startTime;
    }

    private McapMessage ParseMessage(long offset, byte[] buffer, int start, int length)
    {
        if (length < 22)
        {
            throw new McapException(Name, offset, $"Message record of {length} bytes is shorter than its 22 fixed bytes");
        }
        ReadOnlySpan<byte> s = buffer.AsSpan(start, length);
        return new McapMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(s),
            BinaryPrimitives.ReadUInt32LittleEndian(s[2..]),
            BinaryPrimitives.ReadUInt64LittleEndian(s[6..]),
            BinaryPrimitives.ReadUInt64LittleEndian(s[14..]),
            buffer.AsMemory(start + 22, length - 22));
    }

    private McapAttachment ParseAttachment(long offset, byte[] content) => Wrap(offset, () =>
    {
        McapSpanReader r = new(content, "Attachment");
        ulong logTime = r.U64("log_time");
        ulong createTime = r.U64("create_time");
        string name = r.String("name");
        string mediaType = r.String("media_type");
        (int dataStart, int dataLength) = r.Bytes64("data");
        int crcAt = r.Position;
        uint crc = r.U32("crc");
        if (crc != 0)
        {
            uint actual = Crc32.HashToUInt32(content.AsSpan(0, crcAt));
            if (actual != crc)
            {
                throw new McapRecordException($"attachment \"{name}\" CRC mismatch: 0x{actual:X8}, the record says 0x{crc:X8}");
            }
        }
        return new McapAttachment(offset, logTime, createTime, name, mediaType, content.AsMemory(dataStart, dataLength));
    });

    private static McapSchema ParseSchema(ReadOnlySpan<byte> content)
    {
        McapSpanReader r = new(content, "Schema");
        ushort id = r.U16("id");
        string name = r.String("name");
        string encoding = r.String("encoding");
        (int start, int length) = r.Bytes32("data");
        return new McapSchema(id, name, encoding, content.Slice(start, length).ToArray());
    }

    private static McapChannel ParseChannel(ReadOnlySpan<byte> content)
    {
        McapSpanReader r = new(content, "Channel");
        return new McapChannel(r.U16("id"), r.U16("schema_id"), r.String("topic"), r.String("message_encoding"), r.StringMap("metadata"));
    }

    private static McapMetadata ParseMetadata(ReadOnlySpan<byte> content)
    {
        McapSpanReader r = new(content, "Metadata");
        return new McapMetadata(r.String("name"), r.StringMap("metadata"));
    }

    private static McapStatistics ParseStatistics(ReadOnlySpan<byte> content)
    {
        McapSpanReader r = new(content, "Statistics");
        return new McapStatistics(
            r.U64("message_count"), r.U16("schema_count"), r.U32("channel_count"), r.U32("attachment_count"),
            r.U32("metadata_count"), r.U32("chunk_count"), r.U64("message_start_time"), r.U64("message_end_time"),
            r.UInt16UInt64Map("channel_message_counts"));
    }

    private void AddSchema(McapSchema s)
    {
        // Id 0 is invalid per the specification and is to be ignored.
        if (s.Id != 0)
        {
            _schemas[s.Id] = s;
        }
    }

    private void AddChannel(McapChannel c) => _channels[c.Id] = c;

    private bool TryRecordHeader(long pos, long limit, out byte op, out long length)
    {
        op = 0;
        length = 0;
        if (limit - pos < McapFormat.RecordPrefix)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[McapFormat.RecordPrefix];
        ReadAt(pos, prefix);
        op = prefix[0];
        ulong len = BinaryPrimitives.ReadUInt64LittleEndian(prefix[1..]);
        if (len > (ulong)(limit - pos - McapFormat.RecordPrefix))
        {
            return false;
        }
        length = (long)len;
        return true;
    }

    private ulong ReadUInt64At(long recordPos, long contentLength, int at)
    {
        if (contentLength < at + 8)
        {
            throw new McapException(Name, recordPos, $"record of {contentLength} bytes is too short for its fixed fields");
        }
        Span<byte> b = stackalloc byte[8];
        ReadAt(recordPos + McapFormat.RecordPrefix + at, b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private byte[] ReadContent(long recordPos, long contentLength)
    {
        if (contentLength > McapFormat.MaxInMemory)
        {
            throw new McapException(Name, recordPos, $"record claims {contentLength} bytes, more than the {McapFormat.MaxInMemory} this reader holds");
        }
        if (recordPos + McapFormat.RecordPrefix + contentLength > _length)
        {
            throw new McapException(Name, recordPos, $"record of {contentLength} bytes runs past the end of the file ({_length} bytes)");
        }
        byte[] content = new byte[contentLength];
        ReadAt(recordPos + McapFormat.RecordPrefix, content);
        return content;
    }

    private void ReadAt(long offset, Span<byte> into)
    {
        _stream.Position = offset;
        _stream.ReadExactly(into);
    }

    private T Wrap<T>(long offset, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (McapRecordException e)
        {
            throw new McapException(Name, offset, e.Message);
        }
    }

    private void Wrap(long offset, Action parse) => Wrap<bool>(offset, () =>
    {
        parse();
        return true;
    });

    private static string Describe(ReadOnlySpan<byte> head)
    {
        StringBuilder hex = new();
        StringBuilder text = new();
        foreach (byte b in head)
        {
            hex.Append(hex.Length > 0 ? " " : "").Append(b.ToString("X2", CultureInfo.InvariantCulture));
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }
        return $"{hex} \"{text}\"";
    }

    /// <summary>Where messages are: a chunk or a message outside chunks, with the earliest log time it can hold.</summary>
    private readonly record struct DataUnit(long Offset, long Length, McapOpcode Kind, ulong StartTime);
}
