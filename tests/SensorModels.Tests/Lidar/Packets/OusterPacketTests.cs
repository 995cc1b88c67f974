using System.Buffers.Binary;
using SensorModels.Lidar.Packets;

namespace SensorModels.Tests.Lidar.Packets;

/// <summary>Ouster packets written by <see cref="OusterPacketWriter"/> read back through <see cref="OusterPacketFormat"/>, byte offsets per the manual.</summary>
public class OusterPacketTests
{
    private static OusterDataFormat Format(OusterProfile p, int rows = 16) => new(rows, 16, 1024, 0, 1023, p, OusterImuProfile.Legacy, 1, new int[rows]);

    [Theory]
    [InlineData(OusterProfile.Legacy, 16 * (16 + 16 * 12 + 4))]
    [InlineData(OusterProfile.Rng19Rfl8Sig16Nir16, 32 + 16 * (12 + 16 * 12) + 32)]
    [InlineData(OusterProfile.Rng19Rfl8Sig16Nir16Dual, 32 + 16 * (12 + 16 * 16) + 32)]
    [InlineData(OusterProfile.Rng15Rfl8Nir8, 32 + 16 * (12 + 16 * 4) + 32)]
    [InlineData(OusterProfile.FusaRng15Rfl8Nir8Dual, 32 + 16 * (12 + 16 * 8) + 32)]
    public void EveryProfileRoundTrips(OusterProfile profile, int bytes)
    {
        var f = new OusterPacketFormat(Format(profile));
        Assert.Equal(bytes, f.LidarPacketBytes);
        var w = new OusterPacketWriter(f, initId: 0x123456, serialNumber: 992_210_000_957);
        byte[] packet = new byte[f.LidarPacketBytes];
        w.Begin(packet, 1259);
        for (int c = 0; c < 16; c++)
        {
            w.Column(packet, c, 1_000_000_000UL + (ulong)c * 97_656, (ushort)(512 + c), valid: c != 3, 1259);
            for (int px = 0; px < 16; px++)
            {
                w.Pixel(packet, c, px, (uint)(1000 + 8 * (c * 16 + px)), (uint)px, (uint)(px * 100), (uint)(px * 16));
                if (f.Dual)
                {
                    w.Pixel(packet, c, px, (uint)(20_000 + 8 * px), 7, 9, 0, ret: 1);
                }
            }
        }
        w.End(packet);

        Assert.Equal(1259u, f.FrameId(packet));
        Assert.Equal(profile == OusterProfile.Legacy ? 0 : 1, f.PacketType(packet));
        Assert.Equal(profile == OusterProfile.Legacy ? 0u : 0x123456u, f.InitId(packet));
        Assert.Equal(profile == OusterProfile.Legacy ? 0ul : 992_210_000_957ul, f.SerialNumber(packet));
        if (f.StoredCrc(packet) is ulong crc)
        {
            Assert.Equal(OusterPacketFormat.ComputeCrc(packet), crc);
        }
        for (int c = 0; c < 16; c++)
        {
            Assert.Equal(1_000_000_000UL + (ulong)c * 97_656, f.ColumnTimestamp(packet, c));
            Assert.Equal(512 + c, f.MeasurementId(packet, c));
            Assert.Equal(c != 3, f.ColumnValid(packet, c));
            for (int px = 0; px < 16; px++)
            {
                Assert.Equal((uint)(1000 + 8 * (c * 16 + px)), f.Range(packet, c, px));
                Assert.Equal((uint)px, f.Reflectivity(packet, c, px));
                Assert.Equal(f.HasSignal ? (uint)(px * 100) : 0, f.Signal(packet, c, px));
                Assert.Equal((uint)(px * 16), f.NearIr(packet, c, px));
                if (f.Dual)
                {
                    Assert.Equal((uint)(20_000 + 8 * px), f.Range(packet, c, px, 1));
                    Assert.Equal(7u, f.Reflectivity(packet, c, px, 1));
                }
            }
        }
    }

    [Fact]
    public void TheBytesSitWhereTheManualSays()
    {
        // LEGACY column: timestamp u64 @0, measurement id u16 @8, frame id u16 @10, encoder u32 @12, pixels of 12 bytes, status u32 all ones.
        var legacy = new OusterPacketFormat(Format(OusterProfile.Legacy));
        byte[] p = new byte[legacy.LidarPacketBytes];
        var w = new OusterPacketWriter(legacy);
        w.Begin(p, 7);
        w.Column(p, 0, 0x0102030405060708, 512, true, 7);
        w.Pixel(p, 0, 0, 0x000A_BCDE, 0x1234, 0x5678, 0x9ABC);
        Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64LittleEndian(p));
        Assert.Equal(512, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(8)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(10)));
        Assert.Equal(512u * 90112 / 1024, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(12)));
        Assert.Equal(0x000A_BCDEu, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(16)));
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(20)));
        Assert.Equal(0xFFFF_FFFFu, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(16 + 16 * 12)));

        // RNG15_RFL8_NIR8: range in 8 mm units in the low 15 bits, reflectivity byte 2, NIR / 16 in byte 3.
        var lb = new OusterPacketFormat(Format(OusterProfile.Rng15Rfl8Nir8));
        p = new byte[lb.LidarPacketBytes];
        w = new OusterPacketWriter(lb);
        w.Begin(p, 3);
        w.Pixel(p, 0, 0, 8003, 200, 0, 0x3F0);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(32 + 12)) & 0x7FFF); // 8003 mm rounds to 1000 x 8 mm
        Assert.Equal(200, p[32 + 12 + 2]);
        Assert.Equal(0x3F, p[32 + 12 + 3]);
        Assert.Equal(8000u, lb.Range(p, 0, 0));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(2)));
        Assert.Equal(0u, lb.Range(p, 1, 0));
        w.Pixel(p, 1, 0, 300_000, 0, 0, 0); // beyond 15 bits x 8 mm (262 m): no return, not a wrapped range
        Assert.Equal(0u, lb.Range(p, 1, 0));
    }

    [Fact]
    public void Crc64XzHasItsCheckValue()
    {
        byte[] data = [.. "123456789"u8, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(0x995DC9BBDF1939FAul, OusterPacketFormat.ComputeCrc(data));
    }

    [Theory]
    [InlineData(OusterImuProfile.Legacy, 1)]
    [InlineData(OusterImuProfile.Accel32Gyro32Nmea, 8)]
    public void ImuPacketsRoundTripInSiUnits(OusterImuProfile profile, int perPacket)
    {
        var f = new OusterPacketFormat(new OusterDataFormat(16, 16, 1024, 0, 1023, OusterProfile.Rng19Rfl8Sig16Nir16, profile, perPacket, new int[16]));
        Assert.Equal(profile == OusterImuProfile.Legacy ? 48 : 32 + 100 + 8 * 36 + 32, f.ImuPacketBytes);
        var samples = Enumerable.Range(0, perPacket).Select(i => new OusterImuSample(1000 + (ulong)i, 1000 + (ulong)i, 0.1 * i, -0.2, 9.80665, 0.01 * i, 0, -0.5)).ToArray();
        byte[] packet = new byte[f.ImuPacketBytes];
        OusterImuPacket.Write(f, packet, samples);
        if (profile == OusterImuProfile.Legacy)
        {
            Assert.Equal(1.0f, BinaryPrimitives.ReadSingleLittleEndian(packet.AsSpan(32))); // z in g
            Assert.Equal((float)(-0.5 * 180 / Math.PI), BinaryPrimitives.ReadSingleLittleEndian(packet.AsSpan(44))); // deg/s
        }
        var read = new OusterImuSample[perPacket];
        Assert.Equal(perPacket, OusterImuPacket.Read(f, packet, read));
        for (int i = 0; i < perPacket; i++)
        {
            Assert.Equal(samples[i].TimestampNs, read[i].TimestampNs);
            Assert.Equal(samples[i].Ax, read[i].Ax, 1e-5);
            Assert.Equal(samples[i].Az, read[i].Az, 1e-5);
            Assert.Equal(samples[i].Wx, read[i].Wx, 1e-6);
            Assert.Equal(samples[i].Wz, read[i].Wz, 1e-6);
        }
        Assert.Equal(-1, OusterImuPacket.Read(f, packet.AsSpan(1), read));
    }

    [Fact]
    public void APixelStraightAheadLiesOnTheSensorsXAxis()
    {
        // One beam at altitude 0 and azimuth 0, no beam offset, lidar_to_sensor the usual 180 deg turn
        // about z: measurement id W/2 looks along the lidar's -x, which is the sensor's +x.
        string json = """
            {"beam_altitude_angles": [0], "beam_azimuth_angles": [0], "lidar_origin_to_beam_origin_mm": 0,
             "lidar_mode": "1024x10", "lidar_to_sensor_transform": [-1,0,0,0, 0,-1,0,0, 0,0,1,36.18, 0,0,0,1],
             "data_format": {"pixels_per_column": 1, "columns_per_packet": 16, "columns_per_frame": 1024, "column_window": [0, 1023]}}
            """;
        var g = new OusterBeamGeometry(OusterSensorInfo.Parse("m.json", json));
        (double x, double y, double z) = g.Point(0, 512, 10_000);
        Assert.Equal(10.0, x, 1e-9);
        Assert.Equal(0.0, y, 1e-9);
        Assert.Equal(0.03618, z, 1e-9);
        (x, y, _) = g.Point(0, 768, 10_000); // a quarter turn later: encoder angle pi/2, i.e. the lidar's +y, the sensor's -y
        Assert.Equal(0.0, x, 1e-9);
        Assert.Equal(-10.0, y, 1e-9);
    }

    [Fact]
    public void MetadataErrorsNameTheField()
    {
        var e = Assert.Throws<SimCore.Diagnostics.InputException>(() => OusterSensorInfo.Parse("m.json", """{"beam_altitude_angles": [0, 1], "beam_azimuth_angles": [0], "lidar_mode": "1024x10"}"""));
        Assert.Contains("beam_azimuth_angles", e.Errors[0].Message);
        Assert.Contains("expected 2 numbers", e.Errors[0].Message);
        e = Assert.Throws<SimCore.Diagnostics.InputException>(() => OusterSensorInfo.Parse("m.json", "{\"a\": [1,"));
        Assert.Equal(1, e.Errors[0].Location.Line);
        Assert.Contains("not valid JSON", e.Errors[0].Message);
        e = Assert.Throws<SimCore.Diagnostics.InputException>(() => OusterSensorInfo.Parse("m.json", """
            {"beam_altitude_angles": [0], "beam_azimuth_angles": [0], "lidar_mode": "1024x10",
             "data_format": {"pixels_per_column": 1, "columns_per_packet": 16, "columns_per_frame": 1024, "column_window": [0, 1023], "udp_profile_lidar": "RNG99"}}
            """));
        Assert.Contains("'RNG99' is not a lidar profile", e.Errors[0].Message);
    }
}
