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

    /// <summary>Zstandard level when <see cref="Compression"/> is <see cref="McapCompression.Zstd"/> (1 to 22).</summary>
    public int ZstdLevel { get; init; } = 3;
}
