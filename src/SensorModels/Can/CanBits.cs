namespace SensorModels.Can;

/// <summary>
/// Reads and writes a bit field of a CAN frame in DBC numbering: bit b is bit (b % 8) of byte
/// b / 8. An Intel field starts at its least significant bit and grows upwards through the
/// bytes; a Motorola field starts at its most significant bit and runs down each byte and on to
/// bit 7 of the next byte. Works a byte-aligned chunk at a time, on spans, without allocating.
/// </summary>
internal static class CanBits
{
    /// <summary>
    /// The position of a Motorola field's most significant bit in "big-endian linear" numbering,
    /// where position p is bit 7 - p % 8 of byte p / 8: the field then occupies the consecutive
    /// positions [result, result + length).
    /// </summary>
    public static int MotorolaLinear(int startBit) => startBit / 8 * 8 + (7 - startBit % 8);

    /// <summary>Bytes a field needs: it fits a frame of n bytes when this is at most n.</summary>
    public static int BytesNeeded(int startBit, int length, DbcByteOrder order)
        => order == DbcByteOrder.Intel
            ? (startBit + length + 7) / 8
            : (MotorolaLinear(startBit) + length + 7) / 8;

    /// <summary>Writes the low <paramref name="length"/> bits of <paramref name="raw"/>; other bits keep their values.</summary>
    public static void Write(Span<byte> data, int startBit, int length, DbcByteOrder order, ulong raw)
    {
        if (order == DbcByteOrder.Intel)
        {
            int pos = startBit, shift = 0, left = length;
            while (left > 0)
            {
                int offset = pos & 7;
                int n = Math.Min(8 - offset, left);
                int mask = ((1 << n) - 1) << offset;
                int bits = (int)((raw >> shift) << offset) & mask;
                ref byte b = ref data[pos >> 3];
                b = (byte)((b & ~mask) | bits);
                pos += n;
                shift += n;
                left -= n;
            }
        }
        else
        {
            // Most significant bits first: each chunk takes the highest bits not yet written.
            int pos = MotorolaLinear(startBit), left = length;
            while (left > 0)
            {
                int fromTop = pos & 7;
                int n = Math.Min(8 - fromTop, left);
                int offset = 8 - fromTop - n;
                int mask = ((1 << n) - 1) << offset;
                int bits = (int)((raw >> (left - n)) << offset) & mask;
                ref byte b = ref data[pos >> 3];
                b = (byte)((b & ~mask) | bits);
                pos += n;
                left -= n;
            }
        }
    }

    /// <summary>Reads a field as an unsigned number (the caller sign-extends).</summary>
    public static ulong Read(ReadOnlySpan<byte> data, int startBit, int length, DbcByteOrder order)
    {
        ulong raw = 0;
        if (order == DbcByteOrder.Intel)
        {
            int pos = startBit, shift = 0, left = length;
            while (left > 0)
            {
                int offset = pos & 7;
                int n = Math.Min(8 - offset, left);
                ulong chunk = (ulong)((data[pos >> 3] >> offset) & ((1 << n) - 1));
                raw |= chunk << shift;
                pos += n;
                shift += n;
                left -= n;
            }
        }
        else
        {
            int pos = MotorolaLinear(startBit), left = length;
            while (left > 0)
            {
                int fromTop = pos & 7;
                int n = Math.Min(8 - fromTop, left);
                int offset = 8 - fromTop - n;
                ulong chunk = (ulong)((data[pos >> 3] >> offset) & ((1 << n) - 1));
                // n < 64 here, and shifting by 64 would be a no-op in C#, so shift in two steps.
                raw = (raw << (n - 1) << 1) | chunk;
                pos += n;
                left -= n;
            }
        }
        return raw;
    }
}
