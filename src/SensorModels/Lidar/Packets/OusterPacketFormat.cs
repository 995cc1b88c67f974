using System.Buffers.Binary;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// The layout of an Ouster sensor's lidar and IMU packets for one data format (Ouster firmware
/// user manual, "Sensor Data"), and allocation-free reading of their fields. LEGACY packets are
/// columns only (16-byte column header: timestamp, measurement id, frame id, encoder count;
/// 4-byte status footer, all ones when valid); the other profiles add a 32-byte packet header
/// (packet type 1, frame id, init id, serial number, shot limiting and thermal states) and a
/// 32-byte footer whose last 8 bytes are a CRC-64/XZ of the rest (firmware 3.x), with a 12-byte
/// column header (timestamp, measurement id, status: bit 0 valid). All little endian.
/// </summary>
public sealed class OusterPacketFormat
{
    /// <summary>The bytes of a LEGACY IMU packet.</summary>
    public const int LegacyImuPacketBytes = 48;

    /// <summary>Encoder ticks per rotation in LEGACY column headers.</summary>
    public const int EncoderTicksPerRevolution = 90112;

    private readonly OusterPixelLayout _pixel;

    /// <summary>The layout for <paramref name="format"/>; <paramref name="fusaHeader"/> for the FuSa packet header.</summary>
    public OusterPacketFormat(OusterDataFormat format, bool fusaHeader = false)
    {
        Format = format;
        _pixel = OusterPixelLayout.For(format.Profile);
        Legacy = format.Profile == OusterProfile.Legacy;
        Fusa = !Legacy && (fusaHeader || format.Profile == OusterProfile.FusaRng15Rfl8Nir8Dual);
        PacketHeaderBytes = Legacy ? 0 : 32;
        ColumnHeaderBytes = Legacy ? 16 : 12;
        ColumnFooterBytes = Legacy ? 4 : 0;
        PacketFooterBytes = Legacy ? 0 : 32;
        PixelBytes = _pixel.Bytes;
        ColumnBytes = ColumnHeaderBytes + format.PixelsPerColumn * PixelBytes + ColumnFooterBytes;
        LidarPacketBytes = PacketHeaderBytes + format.ColumnsPerPacket * ColumnBytes + PacketFooterBytes;
        ImuPacketBytes = format.ImuProfile == OusterImuProfile.Legacy ? LegacyImuPacketBytes : 32 + 100 + format.ImuMeasurementsPerPacket * 36 + 32;
        if (LidarPacketBytes > 65535)
        {
            throw new ArgumentException($"{format.PixelsPerColumn} pixels x {format.ColumnsPerPacket} columns make a {LidarPacketBytes}-byte packet: more than a UDP datagram holds");
        }
    }

    /// <summary>The data format.</summary>
    public OusterDataFormat Format { get; }

    /// <summary>True for the LEGACY profile.</summary>
    public bool Legacy { get; }

    /// <summary>True for the FuSa packet header.</summary>
    public bool Fusa { get; }

    /// <summary>True when pixels carry a second return.</summary>
    public bool Dual => _pixel.Dual;

    /// <summary>True when pixels carry a signal (photon count) field.</summary>
    public bool HasSignal => _pixel.Signal.Present;

    /// <summary>The largest range a pixel can carry (mm).</summary>
    public uint MaxRangeMm => _pixel.MaxRangeMm;

    /// <summary>Bytes of a lidar packet.</summary>
    public int LidarPacketBytes { get; }

    /// <summary>Bytes of an IMU packet.</summary>
    public int ImuPacketBytes { get; }

    /// <summary>Bytes before the first column.</summary>
    public int PacketHeaderBytes { get; }

    /// <summary>Bytes of a column's header.</summary>
    public int ColumnHeaderBytes { get; }

    /// <summary>Bytes after a column's pixels (LEGACY status).</summary>
    public int ColumnFooterBytes { get; }

    /// <summary>Bytes after the last column.</summary>
    public int PacketFooterBytes { get; }

    /// <summary>Bytes of one pixel.</summary>
    public int PixelBytes { get; }

    /// <summary>Bytes of one column.</summary>
    public int ColumnBytes { get; }

    internal OusterPixelLayout Pixel => _pixel;

    /// <summary>The packet type (1 lidar, 2 IMU in the newer profiles; 0 for LEGACY, which has none).</summary>
    public ushort PacketType(ReadOnlySpan<byte> packet) => Legacy ? (ushort)0 : Fusa ? packet[0] : BinaryPrimitives.ReadUInt16LittleEndian(packet);

    /// <summary>The frame (rotation) id: 16 bits, 32 with the FuSa header; LEGACY's is its first column's.</summary>
    public uint FrameId(ReadOnlySpan<byte> packet)
        => Legacy ? BinaryPrimitives.ReadUInt16LittleEndian(packet[10..])
            : Fusa ? BinaryPrimitives.ReadUInt32LittleEndian(packet[4..])
            : BinaryPrimitives.ReadUInt16LittleEndian(packet[2..]);

    /// <summary>The initialisation id (24 bits; 0 for LEGACY).</summary>
    public uint InitId(ReadOnlySpan<byte> packet)
        => Legacy ? 0 : Fusa ? BinaryPrimitives.ReadUInt32LittleEndian(packet[0..]) >> 8 : BinaryPrimitives.ReadUInt32LittleEndian(packet[4..]) & 0xFF_FFFF;

    /// <summary>The sensor's serial number (40 bits; 0 for LEGACY).</summary>
    public ulong SerialNumber(ReadOnlySpan<byte> packet)
    {
        if (Legacy)
        {
            return 0;
        }
        Span<byte> eight = stackalloc byte[8];
        packet.Slice(Fusa ? 11 : 7, 5).CopyTo(eight);
        return BinaryPrimitives.ReadUInt64LittleEndian(eight);
    }

    /// <summary>The CRC stored in the footer's last 8 bytes, or null where the profile has none (LEGACY, FuSa).</summary>
    public ulong? StoredCrc(ReadOnlySpan<byte> packet)
        => Legacy || Fusa || packet.Length < 8 ? null : BinaryPrimitives.ReadUInt64LittleEndian(packet[^8..]);

    /// <summary>The CRC-64/XZ (ECMA-182 polynomial, reflected, init and final XOR all ones) of all but the last 8 bytes, as firmware 3.x stores it.</summary>
    public static ulong ComputeCrc(ReadOnlySpan<byte> packet) => Crc64Xz.Compute(packet[..^8]);

    /// <summary>Offset of column <paramref name="column"/> in the packet.</summary>
    public int ColumnOffset(int column) => PacketHeaderBytes + column * ColumnBytes;

    /// <summary>The column's timestamp (ns, the sensor's clock).</summary>
    public ulong ColumnTimestamp(ReadOnlySpan<byte> packet, int column) => BinaryPrimitives.ReadUInt64LittleEndian(packet[ColumnOffset(column)..]);

    /// <summary>The column's measurement id: its azimuth index, 0 to columns_per_frame - 1.</summary>
    public ushort MeasurementId(ReadOnlySpan<byte> packet, int column) => BinaryPrimitives.ReadUInt16LittleEndian(packet[(ColumnOffset(column) + 8)..]);

    /// <summary>LEGACY: the column's encoder count (0 to 90111); 0 for the other profiles.</summary>
    public uint EncoderCount(ReadOnlySpan<byte> packet, int column) => Legacy ? BinaryPrimitives.ReadUInt32LittleEndian(packet[(ColumnOffset(column) + 12)..]) : 0;

    /// <summary>True when the column holds a measurement (LEGACY: status all ones; otherwise status bit 0).</summary>
    public bool ColumnValid(ReadOnlySpan<byte> packet, int column)
    {
        int c = ColumnOffset(column);
        return Legacy
            ? BinaryPrimitives.ReadUInt32LittleEndian(packet[(c + ColumnBytes - 4)..]) == 0xFFFF_FFFF
            : (BinaryPrimitives.ReadUInt16LittleEndian(packet[(c + 10)..]) & 1) != 0;
    }

    private ReadOnlySpan<byte> PixelAt(ReadOnlySpan<byte> packet, int column, int pixel)
        => packet.Slice(ColumnOffset(column) + ColumnHeaderBytes + pixel * PixelBytes, PixelBytes);

    /// <summary>Range (mm) of return <paramref name="ret"/> (0 first, 1 second in the dual profiles); 0 is no return.</summary>
    public uint Range(ReadOnlySpan<byte> packet, int column, int pixel, int ret = 0)
        => (ret == 0 ? _pixel.Range : _pixel.Range2).Read(PixelAt(packet, column, pixel));

    /// <summary>Calibrated reflectivity of a return (0-255; LEGACY's 16-bit field).</summary>
    public uint Reflectivity(ReadOnlySpan<byte> packet, int column, int pixel, int ret = 0)
        => (ret == 0 ? _pixel.Reflectivity : _pixel.Reflectivity2).Read(PixelAt(packet, column, pixel));

    /// <summary>Signal photons of a return (0 where the profile has none).</summary>
    public uint Signal(ReadOnlySpan<byte> packet, int column, int pixel, int ret = 0)
        => (ret == 0 ? _pixel.Signal : _pixel.Signal2).Read(PixelAt(packet, column, pixel));

    /// <summary>Near-infrared (ambient) photons.</summary>
    public uint NearIr(ReadOnlySpan<byte> packet, int column, int pixel) => _pixel.NearIr.Read(PixelAt(packet, column, pixel));
}
