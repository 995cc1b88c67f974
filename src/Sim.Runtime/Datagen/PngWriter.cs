using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Sim.Runtime.Datagen;

/// <summary>
/// A minimal PNG encoder for 8-bit RGB images: signature, IHDR, one IDAT (zlib, filter 0 on every
/// row) and IEND, each chunk with its CRC-32. Enough for image_2 and readable by any decoder; no
/// dependency on an imaging library.
/// </summary>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="rgb"/> (row-major, top row first, 3 bytes per pixel) as a PNG.</summary>
    public static void Write(Stream s, int width, int height, ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length < checked(width * height * 3))
        {
            throw new ArgumentException($"an RGB image of {width}x{height} needs {width * height * 3} bytes, not {rgb.Length}");
        }
        s.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // colour type: truecolour
        header[10] = 0;  // deflate
        header[11] = 0;  // adaptive filtering (we use filter 0 on every row)
        header[12] = 0;  // no interlace
        Chunk(s, "IHDR", header);
        using var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.Fastest, leaveOpen: true))
        {
            int row = width * 3;
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0);
                z.Write(rgb.Slice(y * row, row));
            }
        }
        Chunk(s, "IDAT", data.GetBuffer().AsSpan(0, (int)data.Length));
        Chunk(s, "IEND", ReadOnlySpan<byte>.Empty);
    }

    private static void Chunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, head[4..]);
        s.Write(head);
        s.Write(data);
        // The CRC covers the chunk type and its data, not the length.
        var running = new Crc32();
        running.Append(head[4..]);
        running.Append(data);
        uint crc = running.GetCurrentHashAsUInt32();
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        s.Write(tail);
    }
}
