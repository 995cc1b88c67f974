using System.Buffers.Binary;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// Writes Ouster lidar packets in any profile of <see cref="OusterPacketFormat"/>: what a sensor
/// sends, so a simulated lidar can stand in for one (and <see cref="OusterPacketFormat"/> reads it
/// back). Call <see cref="Begin"/>, then <see cref="Column"/> for every column and
/// <see cref="Pixel"/> for the returns, then <see cref="End"/>. Allocates nothing.
/// </summary>
public sealed class OusterPacketWriter(OusterPacketFormat format, uint initId = 0, ulong serialNumber = 0)
{
    /// <summary>The layout written.</summary>
    public OusterPacketFormat Format { get; } = format;

    /// <summary>Clears <paramref name="packet"/> and writes the packet header (type 1, frame id, init id, serial number).</summary>
    public void Begin(Span<byte> packet, uint frameId)
    {
        Span<byte> p = packet[..Format.LidarPacketBytes];
        p.Clear();
        if (Format.Legacy)
        {
            return;
        }
        if (Format.Fusa)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(p, 1 | (initId & 0xFF_FFFF) << 8);
            BinaryPrimitives.WriteUInt32LittleEndian(p[4..], frameId);
            WriteSerial(p[11..]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(p, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(p[2..], (ushort)frameId);
            BinaryPrimitives.WriteUInt32LittleEndian(p[4..], initId & 0xFF_FFFF);
            WriteSerial(p[7..]);
        }
    }

    private void WriteSerial(Span<byte> at)
    {
        for (int i = 0; i < 5; i++)
        {
            at[i] = (byte)(serialNumber >> (8 * i));
        }
    }

    /// <summary>
    /// Writes column <paramref name="column"/>'s header: timestamp (ns), measurement id and
    /// status (valid or not); LEGACY also the frame id and the encoder count of the measurement id.
    /// </summary>
    public void Column(Span<byte> packet, int column, ulong timestampNs, ushort measurementId, bool valid, uint frameId)
    {
        Span<byte> c = packet.Slice(Format.ColumnOffset(column), Format.ColumnBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(c, timestampNs);
        BinaryPrimitives.WriteUInt16LittleEndian(c[8..], measurementId);
        if (Format.Legacy)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(c[10..], (ushort)frameId);
            BinaryPrimitives.WriteUInt32LittleEndian(c[12..], (uint)((long)measurementId * OusterPacketFormat.EncoderTicksPerRevolution / Format.Format.ColumnsPerFrame));
            BinaryPrimitives.WriteUInt32LittleEndian(c[^4..], valid ? 0xFFFF_FFFF : 0);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(c[10..], (ushort)(valid ? 1 : 0));
        }
    }

    /// <summary>
    /// Writes one return of a pixel: range (mm; rounded to the profile's unit, 0 or beyond the
    /// profile's reach is no return), reflectivity, signal and near-infrared (cut to their widths).
    /// </summary>
    public void Pixel(Span<byte> packet, int column, int pixel, uint rangeMm, uint reflectivity, uint signal, uint nearIr, int ret = 0)
    {
        OusterPixelLayout l = Format.Pixel;
        Span<byte> px = packet.Slice(Format.ColumnOffset(column) + Format.ColumnHeaderBytes + pixel * Format.PixelBytes, Format.PixelBytes);
        OusterPixelLayout.Field range = ret == 0 ? l.Range : l.Range2;
        if (!range.Present)
        {
            throw new ArgumentOutOfRangeException(nameof(ret), $"profile {OusterDataFormat.Name(Format.Format.Profile)} has no return {ret}");
        }
        uint half = range.Shift < 0 ? 1u << (-range.Shift - 1) : 0;
        uint r = rangeMm > Format.MaxRangeMm - half ? 0 : rangeMm + half;
        range.Write(px, r);
        (ret == 0 ? l.Reflectivity : l.Reflectivity2).Write(px, Math.Min(reflectivity, 0xFFFF));
        (ret == 0 ? l.Signal : l.Signal2).Write(px, Math.Min(signal, 0xFFFF));
        if (ret == 0)
        {
            l.NearIr.Write(px, Math.Min(nearIr, 0xFFFF));
        }
    }

    /// <summary>Closes the packet: the footer's CRC-64/XZ where the profile has one.</summary>
    public void End(Span<byte> packet)
    {
        if (!Format.Legacy && !Format.Fusa)
        {
            Span<byte> p = packet[..Format.LidarPacketBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(p[^8..], OusterPacketFormat.ComputeCrc(p));
        }
    }
}
