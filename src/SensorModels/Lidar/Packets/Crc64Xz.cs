namespace SensorModels.Lidar.Packets;

/// <summary>
/// CRC-64/XZ: the ECMA-182 polynomial reflected (0xC96C5795D7870F42), initial value and final XOR
/// all ones; check value of "123456789" 0x995DC9BBDF1939FA. Ouster firmware 3.x closes its packets
/// with it. (System.IO.Hashing.Crc64 is the unreflected ECMA-182 variant: a different checksum.)
/// </summary>
internal static class Crc64Xz
{
    private static readonly ulong[] Table = Build();

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong crc = ulong.MaxValue;
        foreach (byte b in data)
        {
            crc = Table[(b ^ (int)crc) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static ulong[] Build()
    {
        var t = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int j = 0; j < 8; j++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0xC96C5795D7870F42UL : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }
}
