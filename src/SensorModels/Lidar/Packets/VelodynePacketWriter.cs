using System.Buffers.Binary;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// Writes Velodyne data packets (the layout <see cref="VelodynePacket"/> reads): a simulated lidar's
/// returns as the sensor sends them. The caller fills, per block, its azimuth and 32 records.
/// </summary>
public static class VelodynePacketWriter
{
    /// <summary>
    /// Writes a packet: <paramref name="azimuthsDeg"/> (12, one per block), <paramref name="distances"/>
    /// and <paramref name="intensities"/> (12 x 32, block-major; distance in m, 0 or beyond the
    /// 16-bit reach is no return, rounded to the model's unit), the timestamp and the return mode.
    /// VLS-128 blocks get their bank's flag (block % 4).
    /// </summary>
    public static void Write(Span<byte> packet, VelodyneModel model, ReadOnlySpan<double> azimuthsDeg, ReadOnlySpan<double> distances, ReadOnlySpan<byte> intensities,
        uint timestampUs, byte returnMode = VelodyneModels.Strongest)
    {
        const int records = VelodyneModels.Blocks * VelodyneModels.ChannelsPerBlock;
        if (packet.Length < VelodyneModels.PacketBytes || azimuthsDeg.Length != VelodyneModels.Blocks || distances.Length != records || intensities.Length != records)
        {
            throw new ArgumentException($"a packet takes {VelodyneModels.PacketBytes} bytes, 12 azimuths and 384 distances and intensities");
        }
        double unit = VelodyneModels.DistanceUnit(model);
        for (int b = 0; b < VelodyneModels.Blocks; b++)
        {
            Span<byte> block = packet.Slice(b * 100, 100);
            BinaryPrimitives.WriteUInt16LittleEndian(block, model == VelodyneModel.Vls128 ? VelodyneModels.BankFlag(b % 4) : VelodyneModels.BankFlag(0));
            double a = azimuthsDeg[b] % 360;
            BinaryPrimitives.WriteUInt16LittleEndian(block[2..], (ushort)(Math.Round((a < 0 ? a + 360 : a) * 100) % 36000));
            for (int c = 0; c < VelodyneModels.ChannelsPerBlock; c++)
            {
                double d = distances[b * 32 + c] / unit;
                ushort raw = d >= 0.5 && d < 65535.5 && double.IsFinite(d) ? (ushort)Math.Round(d) : (ushort)0;
                BinaryPrimitives.WriteUInt16LittleEndian(block[(4 + c * 3)..], raw);
                block[6 + c * 3] = intensities[b * 32 + c];
            }
        }
        BinaryPrimitives.WriteUInt32LittleEndian(packet[1200..], timestampUs);
        packet[1204] = returnMode;
        packet[1205] = VelodyneModels.ProductId(model);
    }
}
