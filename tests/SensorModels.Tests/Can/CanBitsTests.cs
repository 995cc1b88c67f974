using SensorModels.Can;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Can;

public class CanBitsTests
{
    private static DbcSignal Sig(int start, int length, DbcByteOrder order, bool signed = false, double factor = 1, double offset = 0, double min = 0, double max = 0)
        => new("S", start, length, order, signed, factor, offset, min, max, "", Array.Empty<string>(), default(SourceLocation));

    [Fact]
    public void IntelSigned16BitMinusOneIsTwoFfBytes()
    {
        byte[] data = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
        DbcSignal s = Sig(0, 16, DbcByteOrder.Intel, signed: true);
        Assert.True(s.Encode(data, -1));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 }, data);
        Assert.Equal(-1, s.Decode(data));
    }

    [Fact]
    public void Motorola12BitsFromBit7FillByte0AndTheTopNibbleOfByte1()
    {
        // MSB at byte 0 bit 7: byte 0 holds bits 11..4 (0xAB), byte 1 bits 7..4 hold bits 3..0 (0xC).
        var data = new byte[8];
        Sig(7, 12, DbcByteOrder.Motorola).WriteRaw(data, 0xABC);
        Assert.Equal(new byte[] { 0xAB, 0xC0, 0, 0, 0, 0, 0, 0 }, data);
        Assert.Equal(0xABCUL, Sig(7, 12, DbcByteOrder.Motorola).ReadRaw(data));
    }

    [Fact]
    public void Intel12BitsFromBit4TakeTheHighNibbleOfByte0AndByte1()
    {
        var data = new byte[2];
        Sig(4, 12, DbcByteOrder.Intel).WriteRaw(data, 0xABC);
        Assert.Equal(new byte[] { 0xC0, 0xAB }, data);
    }

    [Fact]
    public void Motorola16BitsFromBit7AreBigEndian()
    {
        var data = new byte[2];
        Sig(7, 16, DbcByteOrder.Motorola).WriteRaw(data, 0x1234);
        Assert.Equal(new byte[] { 0x12, 0x34 }, data);
        // The same value Intel from bit 0 is little-endian.
        Sig(0, 16, DbcByteOrder.Intel).WriteRaw(data, 0x1234);
        Assert.Equal(new byte[] { 0x34, 0x12 }, data);
    }

    [Fact]
    public void AMotorolaSignalCrossesFromBit0ToBit7OfTheNextByte()
    {
        // 10 bits with MSB at bit 3: bits 3..0 of byte 0, then bits 7..2 of byte 1.
        // 0x2AB = 10 1010 1011: 1010 -> byte 0 = 0x0A; 101011 << 2 = 0xAC in byte 1; bits 1..0 of byte 1 untouched.
        byte[] data = { 0xF0, 0x03 };
        DbcSignal s = Sig(3, 10, DbcByteOrder.Motorola);
        s.WriteRaw(data, 0x2AB);
        Assert.Equal(new byte[] { 0xFA, 0xAF }, data);
        Assert.Equal(0x2ABUL, s.ReadRaw(data));
        Assert.Equal(2, s.BytesNeeded);
    }

    [Fact]
    public void MotorolaSigned12BitMinusTwo()
    {
        var data = new byte[2];
        DbcSignal s = Sig(7, 12, DbcByteOrder.Motorola, signed: true);
        s.Encode(data, -2);
        Assert.Equal(new byte[] { 0xFF, 0xE0 }, data);
        Assert.Equal(-2, s.Decode(data));
    }

    [Fact]
    public void FactorAndOffsetMapPhysicalToRaw()
    {
        // (25 - (-40)) / 0.5 = 130 = 0x82.
        DbcSignal s = Sig(8, 8, DbcByteOrder.Intel, factor: 0.5, offset: -40);
        var data = new byte[2];
        Assert.True(s.Encode(data, 25));
        Assert.Equal(new byte[] { 0, 0x82 }, data);
        Assert.Equal(25, s.Decode(data));
    }

    [Fact]
    public void RoundingIsToTheNearestCountHalvesAwayFromZero()
    {
        DbcSignal s = Sig(0, 8, DbcByteOrder.Intel, signed: true, factor: 0.5);
        Assert.Equal(3UL, s.ToRaw(1.25, out _));          // 2.5 -> 3
        Assert.Equal(0xFDUL, s.ToRaw(-1.25, out _));      // -2.5 -> -3 = 0xFD
        Assert.Equal(2UL, s.ToRaw(1.2, out bool limited)); // 2.4 -> 2
        Assert.False(limited);
    }

    [Fact]
    public void ValuesOutsideTheRangeOrTheBitsSaturate()
    {
        // Range [0|100]: 150 -> 100.
        DbcSignal ranged = Sig(0, 8, DbcByteOrder.Intel, min: 0, max: 100);
        Assert.Equal(100UL, ranged.ToRaw(150, out bool limited));
        Assert.True(limited);
        // No range: an 8-bit unsigned holds 0..255, a signed one -128..127.
        Assert.Equal(255UL, Sig(0, 8, DbcByteOrder.Intel).ToRaw(300, out limited));
        Assert.True(limited);
        Assert.Equal(0x80UL, Sig(0, 8, DbcByteOrder.Intel, signed: true).ToRaw(-1000, out limited));
        Assert.True(limited);
        Assert.Equal(0UL, Sig(0, 8, DbcByteOrder.Intel).ToRaw(double.NaN, out limited));
        Assert.True(limited);
    }

    [Fact]
    public void SixtyFourBitSignalsKeepEveryBit()
    {
        var data = new byte[8];
        Sig(0, 64, DbcByteOrder.Intel).WriteRaw(data, 0x0102030405060708);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, data);
        Sig(7, 64, DbcByteOrder.Motorola).WriteRaw(data, 0x0102030405060708);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, data);
        Assert.Equal(0x0102030405060708UL, Sig(7, 64, DbcByteOrder.Motorola).ReadRaw(data));
        Assert.Equal(ulong.MaxValue, Sig(0, 64, DbcByteOrder.Intel).ToRaw(1e30, out _));
    }

    [Fact]
    public void Float32SignalsUseIeeeBits()
    {
        DbcSignal s = Sig(0, 32, DbcByteOrder.Intel);
        s.ValueType = DbcValueType.Float32;
        var data = new byte[4];
        s.Encode(data, 1.5f);
        // 1.5f = 0x3FC00000, little-endian.
        Assert.Equal(new byte[] { 0x00, 0x00, 0xC0, 0x3F }, data);
        Assert.Equal(1.5, s.Decode(data));
    }
}
