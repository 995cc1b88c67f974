namespace Mcap;

/// <summary>
/// An MCAP file that cannot be read as such: not MCAP at all, or corrupt (a chunk CRC mismatch, a record running past
/// its container, an unknown compression, a size beyond what a reader can hold). The message names the file and,
/// where there is one, the byte offset of the offending record.
/// </summary>
public sealed class McapException : Exception
{
    /// <summary>Creates the exception; the message becomes "FILE: at byte N: WHAT" (or "FILE: WHAT" without an offset).</summary>
    /// <param name="file">The file (or stream name) being read.</param>
    /// <param name="offset">Byte offset of the offending record from the start of the file, or null for the file as a whole.</param>
    /// <param name="what">What is wrong.</param>
    /// <param name="inner">The underlying failure (e.g. a decompressor's), if any.</param>
    public McapException(string file, long? offset, string what, Exception? inner = null)
        : base(offset is { } o ? $"{file}: at byte {o}: {what}" : $"{file}: {what}", inner)
    {
        File = file;
        Offset = offset;
        What = what;
    }

    /// <summary>The file or stream name.</summary>
    public string File { get; }

    /// <summary>Byte offset of the offending record, or null when the problem concerns the whole file.</summary>
    public long? Offset { get; }

    /// <summary>What is wrong, without file and offset.</summary>
    public string What { get; }
}
