namespace Mcap;

/// <summary>Constants of the MCAP container shared by the writer and the reader.</summary>
internal static class McapFormat
{
    /// <summary>Opcode (1 byte) and content length (uint64) in front of every record.</summary>
    public const int RecordPrefix = 9;

    /// <summary>Footer content: summary_start, summary_offset_start, summary_crc.</summary>
    public const int FooterContent = 20;

    /// <summary>
    /// The largest record or decompressed chunk this implementation holds in memory: a .NET array's limit. Anything
    /// claiming more is treated as corrupt rather than attempted.
    /// </summary>
    public static readonly long MaxInMemory = Array.MaxLength;

    /// <summary>The leading and trailing magic: 0x89 "MCAP" major version '0' "\r\n".</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', (byte)'0', (byte)'\r', (byte)'\n'];

    /// <summary>The compression string MCAP records for a <see cref="McapCompression"/>.</summary>
    public static string Name(McapCompression compression) => compression switch
    {
        McapCompression.None => "",
        McapCompression.Lz4 => "lz4",
        McapCompression.Zstd => "zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown MCAP compression"),
    };
}
