using System.Buffers.Binary;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// Ouster IMU packets, read and written. LEGACY (48 bytes): system, accelerometer and gyroscope
/// timestamps (u64 ns), then acceleration x, y, z (f32, g) and angular rate x, y, z (f32, deg/s).
/// ACCEL32_GYRO32_NMEA (firmware 3.2+): the 32-byte packet header (type 2), a 100-byte NMEA block
/// (u64 timestamp, sentence), N measurements of 36 bytes (u64 timestamp, u16 measurement id, u16
/// status with bit 0 valid, acceleration x, y, z in m/s^2 and angular rate x, y, z in rad/s as f32),
/// and the 32-byte footer. Converted to SI on reading, from SI on writing.
/// </summary>
public static class OusterImuPacket
{
    /// <summary>Standard gravity: LEGACY accelerations are in g.</summary>
    public const double G = 9.80665;

    private const int NmeaBlockBytes = 100;
    private const int MeasurementBytes = 36;

    /// <summary>
    /// Reads the valid samples of <paramref name="packet"/> into <paramref name="samples"/> (room for
    /// <see cref="OusterDataFormat.ImuMeasurementsPerPacket"/>); returns how many, or -1 when the packet
    /// does not have the profile's length.
    /// </summary>
    public static int Read(OusterPacketFormat format, ReadOnlySpan<byte> packet, Span<OusterImuSample> samples)
    {
        if (packet.Length != format.ImuPacketBytes)
        {
            return -1;
        }
        if (format.Format.ImuProfile == OusterImuProfile.Legacy)
        {
            samples[0] = new OusterImuSample(
                BinaryPrimitives.ReadUInt64LittleEndian(packet[8..]), BinaryPrimitives.ReadUInt64LittleEndian(packet[16..]),
                F(packet, 24) * G, F(packet, 28) * G, F(packet, 32) * G,
                F(packet, 36) * Math.PI / 180, F(packet, 40) * Math.PI / 180, F(packet, 44) * Math.PI / 180);
            return 1;
        }
        int n = 0;
        for (int i = 0; i < format.Format.ImuMeasurementsPerPacket; i++)
        {
            ReadOnlySpan<byte> m = packet.Slice(32 + NmeaBlockBytes + i * MeasurementBytes, MeasurementBytes);
            if ((BinaryPrimitives.ReadUInt16LittleEndian(m[10..]) & 1) == 0)
            {
                continue;
            }
            ulong t = BinaryPrimitives.ReadUInt64LittleEndian(m);
            samples[n++] = new OusterImuSample(t, t, F(m, 12), F(m, 16), F(m, 20), F(m, 24), F(m, 28), F(m, 32));
        }
        return n;
    }

    /// <summary>
    /// Writes <paramref name="samples"/> (1 for LEGACY; up to the profile's count, the rest marked
    /// invalid) as one packet of <see cref="OusterPacketFormat.ImuPacketBytes"/> into <paramref name="packet"/>.
    /// </summary>
    public static void Write(OusterPacketFormat format, Span<byte> packet, ReadOnlySpan<OusterImuSample> samples, ulong systemTimestampNs = 0, uint frameId = 0)
    {
        int max = format.Format.ImuProfile == OusterImuProfile.Legacy ? 1 : format.Format.ImuMeasurementsPerPacket;
        if (packet.Length < format.ImuPacketBytes || samples.Length > max || samples.Length == 0 && max == 1)
        {
            throw new ArgumentException($"an IMU packet takes 1 to {max} samples and {format.ImuPacketBytes} bytes");
        }
        packet[..format.ImuPacketBytes].Clear();
        if (format.Format.ImuProfile == OusterImuProfile.Legacy)
        {
            OusterImuSample s = samples[0];
            BinaryPrimitives.WriteUInt64LittleEndian(packet, systemTimestampNs);
            BinaryPrimitives.WriteUInt64LittleEndian(packet[8..], s.TimestampNs);
            BinaryPrimitives.WriteUInt64LittleEndian(packet[16..], s.GyroTimestampNs);
            W(packet, 24, s.Ax / G); W(packet, 28, s.Ay / G); W(packet, 32, s.Az / G);
            W(packet, 36, s.Wx * 180 / Math.PI); W(packet, 40, s.Wy * 180 / Math.PI); W(packet, 44, s.Wz * 180 / Math.PI);
            return;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(packet, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(packet[2..], (ushort)frameId);
        for (int i = 0; i < samples.Length; i++)
        {
            OusterImuSample s = samples[i];
            Span<byte> m = packet.Slice(32 + NmeaBlockBytes + i * MeasurementBytes, MeasurementBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(m, s.TimestampNs);
            BinaryPrimitives.WriteUInt16LittleEndian(m[10..], 1);
            W(m, 12, s.Ax); W(m, 16, s.Ay); W(m, 20, s.Az); W(m, 24, s.Wx); W(m, 28, s.Wy); W(m, 32, s.Wz);
        }
        Span<byte> whole = packet[..format.ImuPacketBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(whole[^8..], Crc64Xz.Compute(whole[..^8]));
    }

    private static double F(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadSingleLittleEndian(b[at..]);

    private static void W(Span<byte> b, int at, double v) => BinaryPrimitives.WriteSingleLittleEndian(b[at..], (float)v);
}
