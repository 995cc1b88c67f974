using System.IO.Hashing;

namespace Mcap.Tests;

/// <summary>Crc32Combine against System.IO.Hashing's CRC-32 of the concatenation.</summary>
public sealed class Crc32CombineTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(1000, 4096)]
    [InlineData(123, 4 * 1024 * 1024 + 17)]
    public void The_CRC_of_two_pieces_is_the_CRC_of_their_concatenation(int lengthA, int lengthB)
    {
        var rnd = new Random(lengthA * 31 + lengthB);
        byte[] both = new byte[lengthA + lengthB];
        rnd.NextBytes(both);
        uint crcA = Crc32.HashToUInt32(both.AsSpan(0, lengthA));
        uint crcB = Crc32.HashToUInt32(both.AsSpan(lengthA));
        Assert.Equal(Crc32.HashToUInt32(both), Crc32Combine.Combine(crcA, crcB, lengthB));
    }
}
