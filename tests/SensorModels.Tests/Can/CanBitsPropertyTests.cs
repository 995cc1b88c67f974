using SensorModels.Can;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Can;

/// <summary>Round trips for random layouts and values (fixed seed), both byte orders, classic and FD frame sizes.</summary>
public class CanBitsPropertyTests
{
    private static (DbcSignal Signal, int Size) RandomLayout(Random rng, int maxLength = 64)
    {
        int size = rng.Next(2) == 0 ? 8 : 64;
        int length = rng.Next(1, maxLength + 1);
        var order = rng.Next(2) == 0 ? DbcByteOrder.Intel : DbcByteOrder.Motorola;
        // Pick the field's first position in its own numbering, then express it as a DBC start bit.
        int first = rng.Next(0, size * 8 - length + 1);
        int start = order == DbcByteOrder.Intel ? first : first / 8 * 8 + (7 - first % 8);
        bool signed = rng.Next(2) == 0;
        double[] factors = { 1, 0.1, 0.01, 0.5, 2, 0.001, 0.05, 3.6 };
        double factor = factors[rng.Next(factors.Length)];
        double offset = Math.Round((rng.NextDouble() - 0.5) * 200);
        return (new DbcSignal("S", start, length, order, signed, factor, offset, 0, 0, "", Array.Empty<string>(), default(SourceLocation)), size);
    }

    /// <summary>The bits a signal covers, found independently: bit b of the frame flipped alone changes the read value.</summary>
    private static bool[] Covered(DbcSignal s, int size)
    {
        var covered = new bool[size * 8];
        // Independent of CanBits: walk the DBC bit numbering directly.
        int bit = s.StartBit;
        for (int i = 0; i < s.Length; i++)
        {
            covered[bit] = true;
            if (s.ByteOrder == DbcByteOrder.Intel)
            {
                bit++;
            }
            else
            {
                bit = bit % 8 == 0 ? bit + 15 : bit - 1;
            }
        }
        return covered;
    }

    [Fact]
    public void RawRoundTripsAndLeavesOtherBitsAlone()
    {
        var rng = new Random(20240604);
        for (int n = 0; n < 5000; n++)
        {
            (DbcSignal s, int size) = RandomLayout(rng);
            var background = new byte[size];
            rng.NextBytes(background);
            byte[] data = (byte[])background.Clone();
            ulong mask = s.Length == 64 ? ulong.MaxValue : (1UL << s.Length) - 1;
            ulong raw = (ulong)rng.NextInt64() * 2654435761UL & mask;
            s.WriteRaw(data, raw);
            Assert.Equal(raw, s.ReadRaw(data));
            bool[] covered = Covered(s, size);
            for (int b = 0; b < size * 8; b++)
            {
                bool now = (data[b / 8] >> (b % 8) & 1) != 0;
                bool before = (background[b / 8] >> (b % 8) & 1) != 0;
                if (!covered[b])
                {
                    Assert.True(now == before, $"case {n}: bit {b} outside {s.StartBit}|{s.Length}@{(int)s.ByteOrder} changed");
                }
            }
            // The covered bits hold the value: LSB-first for Intel from the start bit, MSB-first for Motorola.
            int bit = s.StartBit;
            for (int i = 0; i < s.Length; i++)
            {
                int valueBit = s.ByteOrder == DbcByteOrder.Intel ? i : s.Length - 1 - i;
                Assert.Equal((raw >> valueBit & 1) != 0, (data[bit / 8] >> (bit % 8) & 1) != 0);
                bit = s.ByteOrder == DbcByteOrder.Intel ? bit + 1 : bit % 8 == 0 ? bit + 15 : bit - 1;
            }
        }
    }

    [Fact]
    public void PhysicalRoundTripsWithinHalfAFactor()
    {
        var rng = new Random(7);
        for (int n = 0; n < 5000; n++)
        {
            // Up to 48 bits: beyond that a double no longer resolves a count of the scaled value.
            (DbcSignal s, int size) = RandomLayout(rng, 48);
            double lo = s.IsSigned ? -Math.Pow(2, s.Length - 1) : 0;
            double hi = s.IsSigned ? Math.Pow(2, s.Length - 1) - 1 : Math.Pow(2, s.Length) - 1;
            double rawValue = lo + rng.NextDouble() * (hi - lo);
            double physical = rawValue * s.Factor + s.Offset;
            var data = new byte[size];
            rng.NextBytes(data);
            Assert.True(s.Encode(data, physical), $"case {n}: {physical} limited");
            double back = s.Decode(data);
            Assert.True(Math.Abs(back - physical) <= s.Factor / 2 * (1 + 1e-9) + 1e-9 * Math.Abs(physical),
                $"case {n}: {s.StartBit}|{s.Length}@{(int)s.ByteOrder}{(s.IsSigned ? '-' : '+')} ({s.Factor},{s.Offset}): {physical} -> {back}");
        }
    }
}
