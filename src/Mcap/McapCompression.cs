namespace Mcap;

/// <summary>How <see cref="McapWriter"/> compresses chunks (MCAP's well-known compression formats).</summary>
public enum McapCompression
{
    /// <summary>Chunks stored as written (compression string "").</summary>
    None,

    /// <summary>LZ4 frame format (compression string "lz4"): fast, moderate ratio.</summary>
    Lz4,

    /// <summary>Zstandard (compression string "zstd"): better ratio, slower to write.</summary>
    Zstd,
}
