namespace Mcap;

/// <summary>
/// zlib's crc32_combine for the CRC-32 that <see cref="System.IO.Hashing.Crc32"/> computes: the CRC of
/// A followed by B from CRC(A), CRC(B) and B's length, in O(log length) without reading B again.
/// System.IO.Hashing has no such operation; the algorithm is zlib's (1.2.12+, multiplication modulo the
/// CRC polynomial by x^(8 len)).
/// </summary>
internal static class Crc32Combine
{
    private const uint Polynomial = 0xEDB88320; // reflected

    // X2N[k] = x^(2^k) modulo the polynomial.
    private static readonly uint[] X2N = Powers();

    /// <summary>The CRC of A then B, given <paramref name="crcA"/> = CRC(A), <paramref name="crcB"/> = CRC(B) and B's length.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        return MultiplyModP(XPow8N(lengthB), crcA) ^ crcB;
    }

    // a * b modulo the polynomial, in the reflected bit order (bit 31 is x^0).
    private static uint MultiplyModP(uint a, uint b)
    {
        uint m = 1u << 31, p = 0;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= b;
                if ((a & (m - 1)) == 0)
                {
                    return p;
                }
            }
            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
    }

    // x^(8 n) modulo the polynomial: n bytes of zeros appended.
    private static uint XPow8N(long n)
    {
        uint p = 1u << 31; // x^0
        int k = 3;         // 2^3 = 8 bits a byte
        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                p = MultiplyModP(X2N[k & 31], p);
            }
            n >>= 1;
            k++;
        }
        return p;
    }

    private static uint[] Powers()
    {
        uint[] t = new uint[32];
        uint p = 1u << 30; // x^1
        t[0] = p;
        for (int k = 1; k < 32; k++)
        {
            t[k] = p = MultiplyModP(p, p);
        }
        return t;
    }
}
