using System.Buffers.Binary;

namespace HilBridge.Recording.Mcap;

/// <summary>
/// CRC-32 as zlib computes it (IEEE polynomial, reflected, initial value and final XOR 0xFFFFFFFF), the checksum MCAP
/// uses everywhere. System.IO.Hashing is a separate package, so this is a small slicing-by-8 implementation: the writer
/// checksums every byte twice (chunk content and data section), and eight bytes per step keeps that off the profile.
/// </summary>
internal static class Crc32
{
    /// <summary>The running value to start <see cref="Update"/> with.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/> in one go.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    /// <summary>The final CRC of a running value.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;

    /// <summary>Folds <paramref name="data"/> into a running value (not yet finished).</summary>
    public static uint Update(uint running, ReadOnlySpan<byte> data)
    {
        uint crc = running;
        ReadOnlySpan<uint> t = Table;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (int)(lo & 0xFF)] ^ t[(6 * 256) + (int)((lo >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (int)(lo >> 24)]
                ^ t[(3 * 256) + (int)(hi & 0xFF)] ^ t[(2 * 256) + (int)((hi >> 8) & 0xFF)]
                ^ t[256 + (int)((hi >> 16) & 0xFF)] ^ t[(int)(hi >> 24)];
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }
        return crc;
    }

    private static uint[] BuildTable()
    {
        uint[] table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        // Table k gives the CRC contribution of a byte followed by k zero bytes.
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint prev = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = table[prev & 0xFF] ^ (prev >> 8);
            }
        }
        return table;
    }
}
