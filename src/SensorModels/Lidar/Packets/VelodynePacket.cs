using System.Buffers.Binary;

namespace SensorModels.Lidar.Packets;

/// <summary>
/// Reads Velodyne data packets (VLP-16, HDL-32E, VLP-32C, VLS-128 user manuals, "Data Packet
/// Format"): 12 blocks of a flag (FF EE; VLS-128 FF EE/DD/CC/BB by bank), an azimuth (uint16,
/// hundredths of a degree) and 32 records of distance (uint16, 2 or 4 mm) and reflectivity; then a
/// timestamp (uint32, microseconds past the hour), the return mode and the product id. Azimuths are
/// interpolated between blocks by firing time; points are x forward, y left, z up, from
/// x = R cos(w) cos(a), y = -R cos(w) sin(a), z = R sin(w) + vertical offset (a clockwise from forward).
/// </summary>
public static class VelodynePacket
{
    /// <summary>The packet's timestamp (microseconds past the hour).</summary>
    public static uint TimestampUs(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32LittleEndian(packet[1200..]);

    /// <summary>The return mode byte (0x37 strongest, 0x38 last, 0x39 dual).</summary>
    public static byte ReturnMode(ReadOnlySpan<byte> packet) => packet[1204];

    /// <summary>The product id byte (0x22 VLP-16, 0x21 HDL-32E, 0x28 VLP-32C, 0xA1 VLS-128...).</summary>
    public static byte ProductId(ReadOnlySpan<byte> packet) => packet[1205];

    /// <summary>True when the 12 blocks start with Velodyne block flags (a quick test for a data packet).</summary>
    public static bool LooksLikeData(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < VelodyneModels.PacketBytes)
        {
            return false;
        }
        for (int b = 0; b < VelodyneModels.Blocks; b++)
        {
            if (packet[b * 100] != 0xFF || packet[b * 100 + 1] is not (0xEE or 0xDD or 0xCC or 0xBB))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Decodes every return of <paramref name="packet"/> (distance 0 is no return) into
    /// <paramref name="points"/> (room for 384); returns the count.
    /// </summary>
    /// <exception cref="FormatException">Not a data packet of the calibration's model (the message says what is wrong).</exception>
    public static int Decode(VelodyneCalibration calibration, ReadOnlySpan<byte> packet, Span<VelodynePoint> points)
    {
        VelodyneModel model = calibration.Model;
        if (!LooksLikeData(packet))
        {
            throw new FormatException($"not a Velodyne data packet: {packet.Length} bytes{(packet.Length >= 2 ? $" starting {packet[0]:X2} {packet[1]:X2}" : "")} (expected {VelodyneModels.PacketBytes} bytes of 12 blocks flagged FF EE)");
        }
        bool dual = ReturnMode(packet) == VelodyneModels.Dual;
        if (dual && model == VelodyneModel.Vls128)
        {
            throw new FormatException("VLS-128 dual-return packets are not supported");
        }
        int blocksPerGroup = VelodyneModels.BlocksPerSequence(model) * (dual ? 2 : 1);
        int groups = VelodyneModels.Blocks / blocksPerGroup;
        int perBlock = VelodyneModels.SequencesPerBlock(model);
        double seqUs = VelodyneModels.SequenceUs(model), groupUs = seqUs * perBlock;
        double unit = VelodyneModels.DistanceUnit(model);
        int lasersPerSeq = VelodyneModels.ChannelsPerBlock / perBlock;
        int n = 0;
        for (int g = 0; g < groups; g++)
        {
            int first = g * blocksPerGroup;
            double az = Azimuth(packet, first);
            double next = g + 1 < groups ? Azimuth(packet, first + blocksPerGroup) : az + (g > 0 ? Gap(Azimuth(packet, first - blocksPerGroup), az) : 0);
            double gap = Gap(az, next);
            for (int k = 0; k < blocksPerGroup; k++)
            {
                int block = first + k;
                int bank = model == VelodyneModel.Vls128 ? k : 0;
                if (model == VelodyneModel.Vls128 && packet[block * 100 + 1] != (byte)(0xEE - 0x11 * bank))
                {
                    throw new FormatException($"block {block}: flag FF {packet[block * 100 + 1]:X2} where VLS-128 bank {bank} has FF {0xEE - 0x11 * bank:X2}");
                }
                int ret = dual ? k % 2 : 0;
                for (int c = 0; c < VelodyneModels.ChannelsPerBlock; c++)
                {
                    int off = block * 100 + 4 + c * 3;
                    ushort raw = BinaryPrimitives.ReadUInt16LittleEndian(packet[off..]);
                    if (raw == 0)
                    {
                        continue;
                    }
                    int seq = c / lasersPerSeq;
                    int laser = bank * 32 + c % lasersPerSeq;
                    double t = seq * seqUs + VelodyneModels.LaserTimeUs(model, laser);
                    double a = az + gap * t / groupUs + calibration.AzimuthOffsetsDeg[laser];
                    double r = raw * unit;
                    (double sw, double cw) = Math.SinCos(calibration.ElevationsDeg[laser] * Math.PI / 180);
                    (double sa, double ca) = Math.SinCos(a * Math.PI / 180);
                    double xy = r * cw;
                    points[n++] = new VelodynePoint(laser, block, c, ret, xy * ca, -xy * sa, r * sw + calibration.VerticalOffsetsMm[laser] * 1e-3,
                        r, packet[off + 2], Wrap(a), g * groupUs + t);
                }
            }
        }
        return n;
    }

    private static double Azimuth(ReadOnlySpan<byte> packet, int block) => BinaryPrimitives.ReadUInt16LittleEndian(packet[(block * 100 + 2)..]) / 100.0;

    /// <summary>How far the head turned from <paramref name="a"/> to <paramref name="b"/> (deg, through 360).</summary>
    private static double Gap(double a, double b) => b >= a ? b - a : b + 360 - a;

    private static double Wrap(double a) => a >= 360 ? a - 360 : a < 0 ? a + 360 : a;
}
