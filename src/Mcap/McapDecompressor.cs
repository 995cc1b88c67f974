using K4os.Compression.LZ4.Streams;
using ZstdSharp;

namespace Mcap;

/// <summary>Inflates chunk records for the reader: "" (stored), "lz4" (LZ4 frame) and "zstd".</summary>
internal sealed class McapDecompressor : IDisposable
{
    private Decompressor? _zstd;

    public static bool IsKnown(string compression) => compression is "" or "lz4" or "zstd";

    /// <summary>Fills <paramref name="target"/> exactly, or throws <see cref="McapRecordException"/> saying why not.</summary>
    public void Decompress(string compression, byte[] source, int offset, int count, byte[] target)
    {
        switch (compression)
        {
            case "":
                if (count != target.Length)
                {
                    throw new McapRecordException($"uncompressed chunk holds {count} bytes but its uncompressed_size says {target.Length}");
                }
                Buffer.BlockCopy(source, offset, target, 0, count);
                return;
            case "lz4":
                DecompressLz4(source, offset, count, target);
                return;
            case "zstd":
                DecompressZstd(source.AsSpan(offset, count), target);
                return;
            default:
                throw new McapRecordException($"unknown compression \"{compression}\"");
        }
    }

    public void Dispose() => _zstd?.Dispose();

    private static void DecompressLz4(byte[] source, int offset, int count, byte[] target)
    {
        try
        {
            using MemoryStream input = new(source, offset, count, writable: false);
            using Stream lz4 = LZ4Stream.Decode(input, leaveOpen: true);
            int got = 0;
            while (got < target.Length)
            {
                int n = lz4.Read(target, got, target.Length - got);
                if (n == 0)
                {
                    throw new McapRecordException($"lz4 data inflates to {got} bytes, uncompressed_size says {target.Length}");
                }
                got += n;
            }
            if (lz4.ReadByte() >= 0)
            {
                throw new McapRecordException($"lz4 data inflates to more than uncompressed_size ({target.Length} bytes)");
            }
        }
        catch (Exception e) when (e is not McapRecordException)
        {
            throw new McapRecordException("lz4 data is corrupt: " + e.Message);
        }
    }

    private void DecompressZstd(ReadOnlySpan<byte> source, byte[] target)
    {
        _zstd ??= new Decompressor();
        int n;
        try
        {
            n = _zstd.Unwrap(source, target);
        }
        catch (Exception e)
        {
            // A reused decompressor may be left mid-frame by corrupt input; start fresh next time.
            _zstd.Dispose();
            _zstd = null;
            throw new McapRecordException("zstd data is corrupt: " + e.Message);
        }
        if (n != target.Length)
        {
            throw new McapRecordException($"zstd data inflates to {n} bytes, uncompressed_size says {target.Length}");
        }
    }
}
