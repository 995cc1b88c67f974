using System.Buffers.Binary;
using SensorModels.Lidar.Packets;

namespace SensorModels.Tests.Lidar.Packets;

/// <summary>Velodyne packets: the writer's bytes at the manual's offsets, and points by the manual's formula.</summary>
public class VelodynePacketTests
{
    [Theory]
    [InlineData(VelodyneModel.Vlp16)]
    [InlineData(VelodyneModel.Hdl32E)]
    [InlineData(VelodyneModel.Vlp32C)]
    [InlineData(VelodyneModel.Vls128)]
    public void PacketsRoundTrip(VelodyneModel model)
    {
        int lasers = VelodyneModels.Lasers(model);
        var cal = VelodyneCalibration.BuiltIn(model) ?? new VelodyneCalibration(model,
            Enumerable.Range(0, lasers).Select(i => -25 + 40.0 * i / (lasers - 1)).ToArray(), new double[lasers], new double[lasers]);
        double[] az = Enumerable.Range(0, 12).Select(b => 10 + 0.4 * (model == VelodyneModel.Vls128 ? b / 4 : b)).ToArray();
        double[] d = Enumerable.Range(0, 384).Select(i => i % 7 == 0 ? 0 : 5 + 0.1 * i).ToArray();
        byte[] refl = Enumerable.Range(0, 384).Select(i => (byte)i).ToArray();
        byte[] packet = new byte[VelodyneModels.PacketBytes];
        VelodynePacketWriter.Write(packet, model, az, d, refl, 1_234_567);
        Assert.Equal(0xFF, packet[0]);
        Assert.Equal(model == VelodyneModel.Vls128 ? 0xDD : 0xEE, packet[101]);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(2)));
        Assert.Equal(1_234_567u, VelodynePacket.TimestampUs(packet));
        Assert.Equal(VelodyneModels.ProductId(model), VelodynePacket.ProductId(packet));
        Assert.Equal(model, VelodyneModels.FromProductId(VelodynePacket.ProductId(packet)));

        var points = new VelodynePoint[384];
        int n = VelodynePacket.Decode(cal, packet, points);
        Assert.Equal(d.Count(x => x > 0), n);
        double unit = VelodyneModels.DistanceUnit(model);
        foreach (VelodynePoint p in points[..n])
        {
            int i = p.Block * 32 + p.Channel;
            Assert.Equal(Math.Round(d[i] / unit) * unit, p.Distance, 1e-9);
            Assert.Equal(refl[i], p.Intensity);
            double w = cal.ElevationsDeg[p.Laser] * Math.PI / 180;
            Assert.Equal(p.Distance * Math.Sin(w) + cal.VerticalOffsetsMm[p.Laser] * 1e-3, p.Z, 1e-9);
            Assert.Equal(p.Distance * Math.Cos(w), Math.Sqrt(p.X * p.X + p.Y * p.Y), 1e-9);
        }
    }

    [Fact]
    public void AVlp16PointByHand()
    {
        // Block 0 at 90.00 deg, block 1 at 90.40 deg; channel 1 (laser 1: +1 deg, -0.7 mm) fires 2.304 us
        // into the 110.592 us block: azimuth 90 + 0.4 x 2.304 / 110.592 = 90.008333 deg.
        double[] az = Enumerable.Range(0, 12).Select(b => 90 + 0.4 * b).ToArray();
        double[] d = new double[384];
        d[1] = 10.0;
        byte[] packet = new byte[VelodyneModels.PacketBytes];
        VelodynePacketWriter.Write(packet, VelodyneModel.Vlp16, az, d, new byte[384], 0);
        var points = new VelodynePoint[384];
        Assert.Equal(1, VelodynePacket.Decode(VelodyneCalibration.BuiltIn(VelodyneModel.Vlp16)!, packet, points));
        VelodynePoint p = points[0];
        double a = (90 + 0.4 * 2.304 / 110.592) * Math.PI / 180, w = Math.PI / 180;
        Assert.Equal(1, p.Laser);
        Assert.Equal(10 * Math.Cos(w) * Math.Cos(a), p.X, 1e-9);
        Assert.Equal(-10 * Math.Cos(w) * Math.Sin(a), p.Y, 1e-9); // 90 deg clockwise from forward: the right, -y
        Assert.Equal(10 * Math.Sin(w) - 0.0007, p.Z, 1e-9);
        Assert.Equal(2.304, p.TimeOffsetUs, 1e-9);
    }

    [Fact]
    public void ANonDataPacketIsAFormatError()
    {
        Assert.Throws<FormatException>(() => VelodynePacket.Decode(VelodyneCalibration.BuiltIn(VelodyneModel.Vlp16)!, new byte[1206], new VelodynePoint[384]));
        Assert.False(VelodynePacket.LooksLikeData(new byte[100]));
    }
}
