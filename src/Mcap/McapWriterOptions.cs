namespace Mcap;

/// <summary>Settings of an <see cref="McapWriter"/>.</summary>
public sealed class McapWriterOptions
{
    /// <summary>The default chunk size target: 4 MiB of uncompressed records.</summary>
    public const int DefaultChunkSize = 4 * 1024 * 1024;

    /// <summary>How chunks are compressed; LZ4 by default (cheap enough to record in real time).</summary>
    public McapCompression Compression { get; init; } = McapCompression.Lz4;

    /// <summary>
    /// Uncompressed bytes after which the current chunk is closed, compressed, written and flushed. Bounds the
    /// writer's memory and what a crash can lose. A single larger message makes a chunk of its own size.
    /// </summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>The Header's profile ("" for none; custom profiles should start with "x-").</summary>
    public string Profile { get; init; } = "";

    /// <summary>The Header's library string, for debugging files in the wild.</summary>
    public string Library { get; init; } = "HilBridge McapWriter";

    /// <summary>
    /// LZ4 acceleration when <see cref="Compression"/> is <see cref="McapCompression.Lz4"/>: 1 is LZ4's
    /// default ratio; N trades ratio for speed as `lz4 --fast=N` (1 to 65,537). Readers need not know it.
    /// </summary>
    public int Lz4Acceleration { get; init; } = 1;

    /// <summary>
    /// A chunk is stored uncompressed (MCAP's compression "", chunk by chunk) when compressing a sample of it
    /// saves less than this fraction of the sample's bytes; 0, the default, compresses every chunk. Data that
    /// barely shrinks (a lidar's float coordinates: 13 % under LZ4 --fast=8) costs more CPU to compress than
    /// it saves in writing. The sample is four 32 KiB windows spread over the chunk, so the test costs about
    /// 3 % of compressing a 4 MiB chunk, and depends only on the chunk's bytes.
    /// </summary>
    public double MinimumCompressionSaving { get; init; }

    /// <summary>Zstandard level when <see cref="Compression"/> is <see cref="McapCompression.Zstd"/> (1 to 22).</summary>
    public int ZstdLevel { get; init; } = 3;
}
