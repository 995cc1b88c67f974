using System.Buffers.Binary;
using System.IO.Hashing;
using ZstdSharp;

namespace Mcap;

/// <summary>
/// Writes an MCAP recording (mcap.dev/spec, major version 0) to a stream: messages are batched into chunks of about
/// <see cref="McapWriterOptions.ChunkSize"/> uncompressed bytes, each compressed, written with its Message Index
/// records and flushed, so a process killed mid-recording leaves every completed chunk readable (see
/// <see cref="McapReader"/>'s recovery). <see cref="Finish"/> writes Data End, the summary (schemas, channels,
/// statistics, chunk/attachment/metadata indexes), Summary Offsets, the Footer and the closing magic.
/// </summary>
/// <remarks>
/// Memory is bounded by the chunk size (one reusable uncompressed buffer and one compressed buffer) plus the summary
/// bookkeeping, which grows by one small entry per chunk, attachment and metadata record. Writing a message allocates
/// nothing once the buffers have grown. The stream need not be seekable: offsets are counted, never looked up.
/// Not thread-safe.
/// </remarks>
public sealed class McapWriter : IDisposable
{
    private const int ScratchFlushBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly McapWriterOptions _options;
    private readonly string _compressionName;
    private readonly McapBufferWriter _chunk;
    private readonly McapBufferWriter _compressed = new();
    private readonly McapBufferWriter _scratch = new();
    private readonly Compressor? _zstd;
    private readonly Lz4FrameEncoder? _lz4;

    private readonly List<SchemaState> _schemas = [];
    private readonly List<ChannelState> _channels = [];
    private readonly List<ChunkIndexEntry> _chunkIndexes = [];
    private readonly List<AttachmentIndexEntry> _attachmentIndexes = [];
    private readonly List<(ulong Offset, ulong Length, string Name)> _metadataIndexes = [];

    // Channels with messages in the open chunk, in first-use order: one Message Index record each when it closes.
    private readonly List<ChannelState> _chunkChannels = [];

    private long _position;
    // Running CRC of the data section, then of the summary section (both checksummed as written).
    private uint _crc;
    private readonly Crc32 _recordCrc = new();
    private ulong _chunkStart;
    private ulong _chunkEnd;
    private bool _chunkHasMessages;
    private ulong _messageCount;
    private ulong _messageStart;
    private ulong _messageEnd;
    private bool _finished;
    private bool _failed;

    /// <summary>Starts a recording: writes the magic and the Header record, and flushes them.</summary>
    /// <param name="stream">Where the file goes; written sequentially, never seeked.</param>
    /// <param name="options">Compression, chunk size, profile and library; defaults when null.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    public McapWriter(Stream stream, McapWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options ?? new McapWriterOptions();
        if (_options.ChunkSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ChunkSize, "ChunkSize must be positive");
        }
        if (!(_options.MinimumCompressionSaving is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MinimumCompressionSaving, "MinimumCompressionSaving must be in [0, 1)");
        }
        _compressionName = McapFormat.Name(_options.Compression);
        if (_options.Compression == McapCompression.Zstd)
        {
            _zstd = new Compressor(_options.ZstdLevel);
        }
        else if (_options.Compression == McapCompression.Lz4)
        {
            _lz4 = new Lz4FrameEncoder(_options.Lz4Acceleration);
        }
        // Leave room for one message past the target so the common case never regrows.
        _chunk = new McapBufferWriter((int)Math.Min(_options.ChunkSize + (64L * 1024), 64L * 1024 * 1024));

        _scratch.WriteBytes(McapFormat.Magic);
        int at = _scratch.BeginRecord(McapOpcode.Header);
        _scratch.WriteString(_options.Profile);
        _scratch.WriteString(_options.Library);
        _scratch.EndRecord(at);
        EmitScratch();
        _stream.Flush();
    }

    /// <summary>Bytes written to the stream so far (complete chunks, attachments and metadata; not the open chunk).</summary>
    public long BytesWritten => _position;

    /// <summary>Chunks written so far.</summary>
    public int ChunkCount => _chunkIndexes.Count;

    /// <summary>Registers a schema; returns its id (1, 2, ...). It is written into the data section before the first channel that uses it.</summary>
    /// <param name="name">Schema name, e.g. a message type name.</param>
    /// <param name="encoding">Schema encoding, e.g. "jsonschema", "protobuf"; "" when there is no schema.</param>
    /// <param name="data">The schema itself, in <paramref name="encoding"/>.</param>
    public ushort AddSchema(string name, string encoding, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(encoding);
        ThrowIfDone();
        if (_schemas.Count >= ushort.MaxValue)
        {
            throw new InvalidOperationException("an MCAP file holds at most 65535 schemas");
        }
        ushort id = (ushort)(_schemas.Count + 1);
        _schemas.Add(new SchemaState(id, name, encoding, data.ToArray()));
        return id;
    }

    /// <summary>Registers a channel; returns its id (1, 2, ...). It is written into the chunk of its first message.</summary>
    /// <param name="schemaId">An id from <see cref="AddSchema"/>, or 0 for a channel without schema.</param>
    /// <param name="topic">The channel topic.</param>
    /// <param name="messageEncoding">How messages are encoded, e.g. "json", "protobuf", "cdr", or an "x-" custom one.</param>
    /// <param name="metadata">Free-form key/value pairs stored with the channel, or null.</param>
    public ushort AddChannel(ushort schemaId, string topic, string messageEncoding, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(messageEncoding);
        ThrowIfDone();
        if (schemaId > _schemas.Count)
        {
            throw new ArgumentException($"schema id {schemaId} was not added to this writer", nameof(schemaId));
        }
        if (_channels.Count >= ushort.MaxValue)
        {
            throw new InvalidOperationException("an MCAP file holds at most 65535 channels");
        }
        ushort id = (ushort)(_channels.Count + 1);
        Dictionary<string, string> copy = metadata is null ? [] : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        _channels.Add(new ChannelState(id, schemaId, topic, messageEncoding, copy));
        return id;
    }

    /// <summary>
    /// Appends a message to the open chunk; closes, compresses, writes and flushes the chunk once it reaches the
    /// chunk size. Log times need not be globally ordered (each chunk records its own earliest and latest), though
    /// readers that sort by time work best when each channel's are non-decreasing.
    /// </summary>
    /// <param name="channelId">An id from <see cref="AddChannel"/>.</param>
    /// <param name="sequence">The publisher's message counter.</param>
    /// <param name="logTime">When the message was recorded (ns).</param>
    /// <param name="publishTime">When it was published (ns); the log time when unknown.</param>
    /// <param name="data">The encoded message; copied.</param>
    public void WriteMessage(ushort channelId, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data)
        => WriteMessage(channelId, sequence, logTime, publishTime, data, []);

    /// <summary>
    /// <see cref="WriteMessage(ushort, uint, ulong, ulong, ReadOnlySpan{byte})"/> for a message whose data is
    /// <paramref name="head"/> followed by <paramref name="tail"/> (an encoded header and a large payload), so the
    /// payload is copied once, into the chunk, rather than first into a buffer holding the whole message.
    /// </summary>
    /// <param name="channelId">An id from <see cref="AddChannel"/>.</param>
    /// <param name="sequence">The publisher's message counter.</param>
    /// <param name="logTime">When the message was recorded (ns).</param>
    /// <param name="publishTime">When it was published (ns); the log time when unknown.</param>
    /// <param name="head">The message's first bytes; copied.</param>
    /// <param name="tail">The bytes after <paramref name="head"/>; copied.</param>
    public void WriteMessage(ushort channelId, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        ThrowIfDone();
        if (channelId == 0 || channelId > _channels.Count)
        {
            throw new ArgumentException($"channel id {channelId} was not added to this writer", nameof(channelId));
        }
        ChannelState channel = _channels[channelId - 1];
        if (!channel.InDataSection)
        {
            // A reader without the summary (a cut-off file) learns the channel from the chunk it first appears in.
            if (channel.SchemaId != 0 && !_schemas[channel.SchemaId - 1].InDataSection)
            {
                WriteSchemaRecord(_chunk, _schemas[channel.SchemaId - 1]);
                _schemas[channel.SchemaId - 1].InDataSection = true;
            }
            WriteChannelRecord(_chunk, channel);
            channel.InDataSection = true;
        }

        ulong offset = (ulong)_chunk.Length;
        _chunk.WriteByte((byte)McapOpcode.Message);
        _chunk.WriteUInt64((ulong)(2 + 4 + 8 + 8 + (long)head.Length + tail.Length));
        _chunk.WriteUInt16(channelId);
        _chunk.WriteUInt32(sequence);
        _chunk.WriteUInt64(logTime);
        _chunk.WriteUInt64(publishTime);
        _chunk.WriteBytes(head);
        _chunk.WriteBytes(tail);

        if (channel.ChunkIndex.Count == 0)
        {
            _chunkChannels.Add(channel);
        }
        channel.ChunkIndex.Add((logTime, offset));
        channel.MessageCount++;
        if (!_chunkHasMessages)
        {
            _chunkStart = _chunkEnd = logTime;
            _chunkHasMessages = true;
        }
        else
        {
            _chunkStart = Math.Min(_chunkStart, logTime);
            _chunkEnd = Math.Max(_chunkEnd, logTime);
        }
        _messageStart = _messageCount == 0 ? logTime : Math.Min(_messageStart, logTime);
        _messageEnd = _messageCount == 0 ? logTime : Math.Max(_messageEnd, logTime);
        _messageCount++;

        if (_chunk.Length >= _options.ChunkSize)
        {
            CloseChunk();
        }
    }

    /// <summary>Writes an Attachment record (outside any chunk, so before the open chunk) and flushes it.</summary>
    /// <param name="logTime">When it was recorded (ns).</param>
    /// <param name="createTime">When it was created (ns); 0 when unknown.</param>
    /// <param name="name">Its name, e.g. "scenario.yaml".</param>
    /// <param name="mediaType">Its MIME type, e.g. "text/yaml".</param>
    /// <param name="data">Its bytes.</param>
    public void WriteAttachment(ulong logTime, ulong createTime, string name, string mediaType, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(mediaType);
        ThrowIfDone();
        ulong start = (ulong)_position;
        _scratch.Reset();
        int at = _scratch.BeginRecord(McapOpcode.Attachment);
        int contentStart = _scratch.Length;
        _scratch.WriteUInt64(logTime);
        _scratch.WriteUInt64(createTime);
        _scratch.WriteString(name);
        _scratch.WriteString(mediaType);
        _scratch.WriteUInt64((ulong)data.Length);
        int headerEnd = _scratch.Length;
        // Length patched by hand: the data is emitted separately rather than copied into the scratch buffer.
        _scratch.PatchUInt64(at, (ulong)(headerEnd - contentStart + data.Length + 4));
        _recordCrc.Reset();
        _recordCrc.Append(_scratch.WrittenSpan[contentStart..]);
        _recordCrc.Append(data);
        uint crc = _recordCrc.GetCurrentHashAsUInt32();
        Emit(_scratch.WrittenSpan);
        _scratch.Reset();
        Emit(data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crcBytes, crc);
        Emit(crcBytes);
        _attachmentIndexes.Add(new AttachmentIndexEntry(start, (ulong)_position - start, logTime, createTime, (ulong)data.Length, name, mediaType));
        _stream.Flush();
    }

    /// <summary>Writes a Metadata record (outside any chunk) and flushes it.</summary>
    /// <param name="name">The record's name, e.g. "scenario".</param>
    /// <param name="values">Its key/value pairs.</param>
    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfDone();
        ulong start = (ulong)_position;
        _scratch.Reset();
        int at = _scratch.BeginRecord(McapOpcode.Metadata);
        _scratch.WriteString(name);
        _scratch.WriteStringMap(values);
        _scratch.EndRecord(at);
        EmitScratch();
        _metadataIndexes.Add((start, (ulong)_position - start, name));
        _stream.Flush();
    }

    /// <summary>Closes the open chunk, writes it and its Message Index records, and flushes the stream.</summary>
    public void Flush()
    {
        ThrowIfDone();
        CloseChunk();
    }

    /// <summary>
    /// Completes the file: closes the open chunk, writes any schema or channel no message used, Data End with the
    /// data section's CRC, the summary section, Summary Offset records, the Footer with the summary CRC and the closing
    /// magic, then flushes. Further writes throw.
    /// </summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        ThrowIfDone();
        try
        {
            FinishCore();
        }
        catch
        {
            _failed = true;
            throw;
        }
        _finished = true;
    }

    /// <summary>Finishes the file if that has not happened (and no write failed), then releases buffers and, unless asked not to, the stream.</summary>
    public void Dispose()
    {
        try
        {
            if (!_finished && !_failed)
            {
                Finish();
            }
        }
        finally
        {
            _finished = true;
            _chunk.Dispose();
            _compressed.Dispose();
            _scratch.Dispose();
            _zstd?.Dispose();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void FinishCore()
    {
        CloseChunk();
        _scratch.Reset();
        foreach (SchemaState s in _schemas)
        {
            if (!s.InDataSection)
            {
                WriteSchemaRecord(_scratch, s);
                s.InDataSection = true;
            }
        }
        foreach (ChannelState c in _channels)
        {
            if (!c.InDataSection)
            {
                WriteChannelRecord(_scratch, c);
                c.InDataSection = true;
            }
        }
        EmitScratch();

        uint dataCrc = _crc;
        _scratch.WriteByte((byte)McapOpcode.DataEnd);
        _scratch.WriteUInt64(4);
        _scratch.WriteUInt32(dataCrc);
        EmitScratch();

        ulong summaryStart = (ulong)_position;
        _crc = 0;
        List<(McapOpcode Op, ulong Start, ulong Length)> groups = [];

        WriteGroup(groups, McapOpcode.Schema, _schemas.Count, i => WriteSchemaRecord(_scratch, _schemas[i]));
        WriteGroup(groups, McapOpcode.Channel, _channels.Count, i => WriteChannelRecord(_scratch, _channels[i]));
        WriteGroup(groups, McapOpcode.Statistics, 1, _ => WriteStatistics());
        WriteGroup(groups, McapOpcode.ChunkIndex, _chunkIndexes.Count, i => WriteChunkIndex(_chunkIndexes[i]));
        WriteGroup(groups, McapOpcode.AttachmentIndex, _attachmentIndexes.Count, i => WriteAttachmentIndex(_attachmentIndexes[i]));
        WriteGroup(groups, McapOpcode.MetadataIndex, _metadataIndexes.Count, i => WriteMetadataIndex(_metadataIndexes[i]));

        ulong summaryOffsetStart = (ulong)_position;
        foreach ((McapOpcode op, ulong start, ulong length) in groups)
        {
            int at = _scratch.BeginRecord(McapOpcode.SummaryOffset);
            _scratch.WriteByte((byte)op);
            _scratch.WriteUInt64(start);
            _scratch.WriteUInt64(length);
            _scratch.EndRecord(at);
        }
        // The summary CRC covers the summary and summary offset sections and the footer up to its own field.
        _scratch.WriteByte((byte)McapOpcode.Footer);
        _scratch.WriteUInt64(McapFormat.FooterContent);
        _scratch.WriteUInt64(summaryStart);
        _scratch.WriteUInt64(summaryOffsetStart);
        EmitScratch();
        _scratch.WriteUInt32(_crc);
        _scratch.WriteBytes(McapFormat.Magic);
        EmitScratch();
        _stream.Flush();
    }

    private void WriteGroup(List<(McapOpcode, ulong, ulong)> groups, McapOpcode op, int count, Action<int> write)
    {
        if (count == 0)
        {
            return;
        }
        ulong start = (ulong)(_position + _scratch.Length);
        for (int i = 0; i < count; i++)
        {
            write(i);
            if (_scratch.Length >= ScratchFlushBytes)
            {
                EmitScratch();
            }
        }
        groups.Add((op, start, (ulong)(_position + _scratch.Length) - start));
    }

    private void CloseChunk()
    {
        if (_chunk.Length == 0)
        {
            return;
        }
        ReadOnlySpan<byte> records = _chunk.WrittenSpan;
        uint crc = Crc32.HashToUInt32(records);
        string compression = WorthCompressing(records) ? _compressionName : "";
        ReadOnlySpan<byte> stored = compression.Length == 0 ? records : Compress(records);

        ulong chunkStart = (ulong)_position;
        _scratch.Reset();
        _scratch.WriteByte((byte)McapOpcode.Chunk);
        int lengthAt = _scratch.Reserve(8);
        int contentStart = _scratch.Length;
        _scratch.WriteUInt64(_chunkHasMessages ? _chunkStart : 0);
        _scratch.WriteUInt64(_chunkHasMessages ? _chunkEnd : 0);
        _scratch.WriteUInt64((ulong)records.Length);
        _scratch.WriteUInt32(crc);
        _scratch.WriteString(compression);
        _scratch.WriteUInt64((ulong)stored.Length);
        _scratch.PatchUInt64(lengthAt, (ulong)(_scratch.Length - contentStart + stored.Length));
        Emit(_scratch.WrittenSpan);
        _scratch.Reset();
        // Stored raw, the records' CRC is already known: the running CRC takes it without a second pass.
        Emit(stored, compression.Length == 0 ? crc : null);
        ulong chunkLength = (ulong)_position - chunkStart;

        ulong indexStart = (ulong)_position;
        (ushort, ulong)[] indexOffsets = new (ushort, ulong)[_chunkChannels.Count];
        for (int i = 0; i < _chunkChannels.Count; i++)
        {
            ChannelState c = _chunkChannels[i];
            indexOffsets[i] = (c.Id, (ulong)(_position + _scratch.Length));
            _scratch.WriteByte((byte)McapOpcode.MessageIndex);
            _scratch.WriteUInt64((ulong)(2 + 4 + (16 * c.ChunkIndex.Count)));
            _scratch.WriteUInt16(c.Id);
            _scratch.WriteUInt32((uint)(16 * c.ChunkIndex.Count));
            foreach ((ulong logTime, ulong offset) in c.ChunkIndex)
            {
                _scratch.WriteUInt64(logTime);
                _scratch.WriteUInt64(offset);
            }
            c.ChunkIndex.Clear();
            if (_scratch.Length >= ScratchFlushBytes)
            {
                EmitScratch();
            }
        }
        EmitScratch();
        _chunkIndexes.Add(new ChunkIndexEntry(
            _chunkHasMessages ? _chunkStart : 0, _chunkHasMessages ? _chunkEnd : 0, chunkStart, chunkLength,
            indexOffsets, (ulong)_position - indexStart, compression, (ulong)stored.Length, (ulong)records.Length));

        _chunkChannels.Clear();
        _chunk.Reset();
        _chunkHasMessages = false;
        // The crash-safety promise: a completed chunk reaches the OS before the next one starts.
        _stream.Flush();
    }

    /// <summary>
    /// Whether <paramref name="records"/> is worth compressing: always, unless <see cref="McapWriterOptions.MinimumCompressionSaving"/>
    /// is set and the chunk's sample shrinks by less than it.
    /// </summary>
    private bool WorthCompressing(ReadOnlySpan<byte> records)
    {
        if (_options.Compression == McapCompression.None)
        {
            return false;
        }
        if (_options.MinimumCompressionSaving <= 0)
        {
            return true;
        }
        const int Windows = 4, Window = 32 * 1024;
        long sampled = 0, compressed = 0;
        for (int i = 0; i < Windows; i++)
        {
            // Windows centred at 1/8, 3/8, 5/8 and 7/8 of the chunk; a chunk shorter than the sample is sampled whole.
            int length = Math.Min(Window, records.Length / Windows);
            int start = length < Window ? i * length : (int)(((long)records.Length * ((2 * i) + 1) / (2 * Windows)) - (Window / 2));
            if (i == Windows - 1 && length < Window)
            {
                length = records.Length - start;
            }
            ReadOnlySpan<byte> window = records.Slice(start, length);
            sampled += window.Length;
            compressed += Compress(window).Length;
        }
        return compressed <= sampled * (1 - _options.MinimumCompressionSaving);
    }

    /// <summary>The chunk's codec applied to <paramref name="records"/>, in <see cref="_compressed"/> (valid until the next call).</summary>
    private ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> records)
    {
        _compressed.Reset();
        switch (_options.Compression)
        {
            case McapCompression.Lz4:
                _lz4!.Encode(records, _compressed);
                return _compressed.WrittenSpan;
            case McapCompression.Zstd:
                Span<byte> dst = _compressed.GetSpan(Compressor.GetCompressBound(records.Length));
                int n = _zstd!.Wrap(records, dst);
                _compressed.Advance(n);
                return _compressed.WrittenSpan;
            default:
                throw new InvalidOperationException("no codec to compress with"); // uncompressed chunks never get here (WorthCompressing)
        }
    }

    private void WriteStatistics()
    {
        int at = _scratch.BeginRecord(McapOpcode.Statistics);
        _scratch.WriteUInt64(_messageCount);
        _scratch.WriteUInt16((ushort)_schemas.Count);
        _scratch.WriteUInt32((uint)_channels.Count);
        _scratch.WriteUInt32((uint)_attachmentIndexes.Count);
        _scratch.WriteUInt32((uint)_metadataIndexes.Count);
        _scratch.WriteUInt32((uint)_chunkIndexes.Count);
        _scratch.WriteUInt64(_messageStart);
        _scratch.WriteUInt64(_messageEnd);
        int mapAt = _scratch.Reserve(4);
        int mapStart = _scratch.Length;
        foreach (ChannelState c in _channels)
        {
            _scratch.WriteUInt16(c.Id);
            _scratch.WriteUInt64(c.MessageCount);
        }
        _scratch.PatchUInt32(mapAt, (uint)(_scratch.Length - mapStart));
        _scratch.EndRecord(at);
    }

    private void WriteChunkIndex(ChunkIndexEntry e)
    {
        int at = _scratch.BeginRecord(McapOpcode.ChunkIndex);
        _scratch.WriteUInt64(e.MessageStart);
        _scratch.WriteUInt64(e.MessageEnd);
        _scratch.WriteUInt64(e.ChunkStart);
        _scratch.WriteUInt64(e.ChunkLength);
        _scratch.WriteUInt32((uint)(e.MessageIndexOffsets.Length * 10));
        foreach ((ushort channel, ulong offset) in e.MessageIndexOffsets)
        {
            _scratch.WriteUInt16(channel);
            _scratch.WriteUInt64(offset);
        }
        _scratch.WriteUInt64(e.MessageIndexLength);
        _scratch.WriteString(e.Compression);
        _scratch.WriteUInt64(e.CompressedSize);
        _scratch.WriteUInt64(e.UncompressedSize);
        _scratch.EndRecord(at);
    }

    private void WriteAttachmentIndex(AttachmentIndexEntry e)
    {
        int at = _scratch.BeginRecord(McapOpcode.AttachmentIndex);
        _scratch.WriteUInt64(e.Offset);
        _scratch.WriteUInt64(e.Length);
        _scratch.WriteUInt64(e.LogTime);
        _scratch.WriteUInt64(e.CreateTime);
        _scratch.WriteUInt64(e.DataSize);
        _scratch.WriteString(e.Name);
        _scratch.WriteString(e.MediaType);
        _scratch.EndRecord(at);
    }

    private void WriteMetadataIndex((ulong Offset, ulong Length, string Name) e)
    {
        int at = _scratch.BeginRecord(McapOpcode.MetadataIndex);
        _scratch.WriteUInt64(e.Offset);
        _scratch.WriteUInt64(e.Length);
        _scratch.WriteString(e.Name);
        _scratch.EndRecord(at);
    }

    private static void WriteSchemaRecord(McapBufferWriter w, SchemaState s)
    {
        int at = w.BeginRecord(McapOpcode.Schema);
        w.WriteUInt16(s.Id);
        w.WriteString(s.Name);
        w.WriteString(s.Encoding);
        w.WriteUInt32((uint)s.Data.Length);
        w.WriteBytes(s.Data);
        w.EndRecord(at);
    }

    private static void WriteChannelRecord(McapBufferWriter w, ChannelState c)
    {
        int at = w.BeginRecord(McapOpcode.Channel);
        w.WriteUInt16(c.Id);
        w.WriteUInt16(c.SchemaId);
        w.WriteString(c.Topic);
        w.WriteString(c.MessageEncoding);
        w.WriteStringMap(c.Metadata);
        w.EndRecord(at);
    }

    private void EmitScratch()
    {
        Emit(_scratch.WrittenSpan);
        _scratch.Reset();
    }

    private void Emit(ReadOnlySpan<byte> bytes, uint? knownCrc = null)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        try
        {
            _stream.Write(bytes);
        }
        catch
        {
            _failed = true;
            throw;
        }
        _crc = Crc32Combine.Combine(_crc, knownCrc ?? Crc32.HashToUInt32(bytes), bytes.Length);
        _position += bytes.Length;
    }

    private void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_failed)
        {
            throw new InvalidOperationException("an earlier write to the MCAP stream failed; the recording cannot continue");
        }
    }

    private sealed class SchemaState(ushort id, string name, string encoding, byte[] data)
    {
        public ushort Id { get; } = id;

        public string Name { get; } = name;

        public string Encoding { get; } = encoding;

        public byte[] Data { get; } = data;

        public bool InDataSection { get; set; }
    }

    private sealed class ChannelState(ushort id, ushort schemaId, string topic, string messageEncoding, Dictionary<string, string> metadata)
    {
        public ushort Id { get; } = id;

        public ushort SchemaId { get; } = schemaId;

        public string Topic { get; } = topic;

        public string MessageEncoding { get; } = messageEncoding;

        public Dictionary<string, string> Metadata { get; } = metadata;

        public bool InDataSection { get; set; }

        public ulong MessageCount { get; set; }

        // (log time, offset in the uncompressed chunk) of this channel's messages in the open chunk; reused.
        public List<(ulong LogTime, ulong Offset)> ChunkIndex { get; } = [];
    }

    private sealed record ChunkIndexEntry(
        ulong MessageStart, ulong MessageEnd, ulong ChunkStart, ulong ChunkLength,
        (ushort Channel, ulong Offset)[] MessageIndexOffsets, ulong MessageIndexLength, string Compression, ulong CompressedSize, ulong UncompressedSize);

    private sealed record AttachmentIndexEntry(
        ulong Offset, ulong Length, ulong LogTime, ulong CreateTime, ulong DataSize, string Name, string MediaType);
}
