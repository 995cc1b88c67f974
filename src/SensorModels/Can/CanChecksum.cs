namespace SensorModels.Can;

/// <summary>
/// CRC-8 SAE J1850 (polynomial 0x1D, initial value 0xFF, final XOR 0xFF; the check value of
/// "123456789" is 0x4B), the checksum of the vehicle bus: computed over the frame's payload
/// bytes in order, leaving out the checksum's own byte.
/// </summary>
public static class CanChecksum
{
    private static readonly byte[] Table = BuildTable();

    /// <summary>CRC-8 SAE J1850 of <paramref name="data"/>, leaving out the byte at <paramref name="skip"/> (-1: none).</summary>
    public static byte Crc8J1850(ReadOnlySpan<byte> data, int skip = -1)
    {
        byte crc = 0xFF;
        for (int i = 0; i < data.Length; i++)
        {
            if (i != skip)
            {
                crc = Table[crc ^ data[i]];
            }
        }
        return (byte)(crc ^ 0xFF);
    }

    private static byte[] BuildTable()
    {
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i;
            for (int b = 0; b < 8; b++)
            {
                c = (c & 0x80) != 0 ? (c << 1) ^ 0x1D : c << 1;
            }
            t[i] = (byte)c;
        }
        return t;
    }
}
