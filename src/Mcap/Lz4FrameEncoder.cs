using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Engine;

namespace Mcap;

/// <summary>
/// Writes one LZ4 frame (the LZ4 Frame Format 1.6.x: magic, descriptor, independent blocks of up to
/// 4 MiB, end mark; no checksums, as K4os writes by default) with K4os's block compressor at an
/// acceleration of our choosing, which <see cref="K4os.Compression.LZ4.Streams.LZ4Frame"/> does not
/// expose. Acceleration 1 is LZ4's default; higher values trade ratio for speed as `lz4 --fast=N`
/// does. A block that does not shrink is stored raw (the format's uncompressed-block bit).
/// Any LZ4 frame decoder reads the output. K4os's fast path continues a stream (each block may
/// refer to the previous one), so every block gets a fresh context: about 100 bytes and 16 KiB of
/// native state per block of up to 4 MiB.
/// </summary>
internal sealed class Lz4FrameEncoder
{
    private const uint Magic = 0x184D2204;
    private const int MaxBlock = 4 * 1024 * 1024;
    private const byte Flags = 0b0110_0000;        // version 01, independent blocks, no checksums, no content size, no dictionary
    private const byte BlockDescriptor = 7 << 4;   // block maximum size 4 MiB
    private const uint Uncompressed = 0x8000_0000;

    private readonly int _acceleration;

    /// <param name="acceleration">LZ4 acceleration, 1 (LZ4's default) to 65,537.</param>
    public Lz4FrameEncoder(int acceleration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(acceleration, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(acceleration, 65537);
        _acceleration = acceleration;
    }

    /// <summary>Appends the frame of <paramref name="source"/> to <paramref name="into"/>.</summary>
    public void Encode(ReadOnlySpan<byte> source, McapBufferWriter into)
    {
        Span<byte> header = into.GetSpan(7);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        header[4] = Flags;
        header[5] = BlockDescriptor;
        header[6] = (byte)(XxHash32.HashToUInt32(header.Slice(4, 2)) >> 8);
        into.Advance(7);
        for (int at = 0; at < source.Length; at += MaxBlock)
        {
            ReadOnlySpan<byte> block = source.Slice(at, Math.Min(MaxBlock, source.Length - at));
            Span<byte> to = into.GetSpan(4 + LZ4Codec.MaximumOutputSize(block.Length));
            int n = Compress(block, to[4..]);
            if (n <= 0 || n >= block.Length)
            {
                block.CopyTo(to[4..]);
                BinaryPrimitives.WriteUInt32LittleEndian(to, (uint)block.Length | Uncompressed);
                n = block.Length;
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(to, (uint)n);
            }
            into.Advance(4 + n);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(into.GetSpan(4), 0); // end mark
        into.Advance(4);
    }

    private unsafe int Compress(ReadOnlySpan<byte> block, Span<byte> to)
    {
        using var context = new Pubternal.FastContext();
        fixed (byte* s = block)
        fixed (byte* d = to)
        {
            return Pubternal.CompressFast(context, s, d, block.Length, to.Length, _acceleration);
        }
    }
}
