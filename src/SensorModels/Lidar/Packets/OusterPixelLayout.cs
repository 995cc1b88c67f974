namespace SensorModels.Lidar.Packets;

/// <summary>
/// Where a profile keeps each field inside one pixel (channel data block), as Ouster's manual
/// defines it: byte offset, width, mask, and a shift (negative: left, positive: right).
/// </summary>
internal readonly struct OusterPixelLayout
{
    public readonly struct Field(int offset, int bytes, uint mask, int shift)
    {
        public int Offset { get; } = offset;
        public int Bytes { get; } = bytes;
        public uint Mask { get; } = mask;
        public int Shift { get; } = shift;

        /// <summary>True for a field the profile has.</summary>
        public bool Present => Bytes > 0;

        public uint Read(ReadOnlySpan<byte> pixel)
        {
            if (Bytes == 0)
            {
                return 0;
            }
            uint v = Bytes switch
            {
                1 => pixel[Offset],
                2 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(pixel[Offset..]),
                _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pixel[Offset..]),
            };
            if (Mask != 0)
            {
                v &= Mask;
            }
            return Shift > 0 ? v >> Shift : v << -Shift;
        }

        /// <summary>Writes <paramref name="value"/> into the field's bits, keeping the others; values beyond the field are cut to it.</summary>
        public void Write(Span<byte> pixel, uint value)
        {
            if (Bytes == 0)
            {
                return;
            }
            uint raw = Shift > 0 ? value << Shift : value >> -Shift;
            uint mask = Mask != 0 ? Mask : Bytes == 4 ? uint.MaxValue : (1u << (8 * Bytes)) - 1;
            switch (Bytes)
            {
                case 1:
                    pixel[Offset] = (byte)((pixel[Offset] & ~mask) | (raw & mask));
                    break;
                case 2:
                {
                    uint old = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(pixel[Offset..]);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(pixel[Offset..], (ushort)((old & ~mask) | (raw & mask)));
                    break;
                }
                default:
                {
                    uint old = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pixel[Offset..]);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(pixel[Offset..], (old & ~mask) | (raw & mask));
                    break;
                }
            }
        }
    }

    private static readonly Field None = new(0, 0, 0, 0);

    public int Bytes { get; init; }
    public Field Range { get; init; }
    public Field Reflectivity { get; init; }
    public Field Signal { get; init; }
    public Field NearIr { get; init; }
    public Field Range2 { get; init; }
    public Field Reflectivity2 { get; init; }
    public Field Signal2 { get; init; }

    /// <summary>True for profiles with a second return.</summary>
    public bool Dual => Range2.Present;

    /// <summary>The largest range a pixel can carry (mm).</summary>
    public uint MaxRangeMm => Range.Mask == 0 ? uint.MaxValue : Range.Shift < 0 ? Range.Mask << -Range.Shift : Range.Mask >> Range.Shift;

    public static OusterPixelLayout For(OusterProfile profile) => profile switch
    {
        OusterProfile.Legacy => new()
        {
            Bytes = 12,
            Range = new(0, 4, 0x000F_FFFF, 0),
            Reflectivity = new(4, 2, 0, 0),
            Signal = new(6, 2, 0, 0),
            NearIr = new(8, 2, 0, 0),
            Range2 = None, Reflectivity2 = None, Signal2 = None,
        },
        OusterProfile.Rng19Rfl8Sig16Nir16 => new()
        {
            Bytes = 12,
            Range = new(0, 4, 0x0007_FFFF, 0),
            Reflectivity = new(4, 1, 0, 0),
            Signal = new(6, 2, 0, 0),
            NearIr = new(8, 2, 0, 0),
            Range2 = None, Reflectivity2 = None, Signal2 = None,
        },
        OusterProfile.Rng19Rfl8Sig16Nir16Dual => new()
        {
            Bytes = 16,
            Range = new(0, 4, 0x0007_FFFF, 0),
            Reflectivity = new(3, 1, 0, 0),
            Range2 = new(4, 4, 0x0007_FFFF, 0),
            Reflectivity2 = new(7, 1, 0, 0),
            Signal = new(8, 2, 0, 0),
            Signal2 = new(10, 2, 0, 0),
            NearIr = new(12, 2, 0, 0),
        },
        OusterProfile.Rng15Rfl8Nir8 => new()
        {
            Bytes = 4,
            Range = new(0, 4, 0x7FFF, -3),
            Reflectivity = new(2, 1, 0, 0),
            NearIr = new(3, 1, 0, -4),
            Signal = None, Range2 = None, Reflectivity2 = None, Signal2 = None,
        },
        OusterProfile.FusaRng15Rfl8Nir8Dual => new()
        {
            Bytes = 8,
            Range = new(0, 4, 0x7FFF, -3),
            Reflectivity = new(2, 1, 0, 0),
            NearIr = new(3, 1, 0, -4),
            Range2 = new(4, 4, 0x7FFF, -3),
            Reflectivity2 = new(6, 1, 0, 0),
            Signal = None, Signal2 = None,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };
}
