using System.Security.Cryptography;
using System.Text.Json;
using Sim.Runtime.Import;
using Sim.Runtime.Import.Pcap;
using Sim.Cli.Tests.Infrastructure;
using SensorModels.Tests;
using SimCore.Diagnostics;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// `sim import pcap` on every shared Ouster capture: the valid returns per frame and the range and
/// direction of a sample of points equal what an independent decoder (ouster_reference.py, Python
/// and numpy from Ouster's manual) computes from the same bytes; where the SDK left a digest of its
/// own decode, the range image's MD5 equals it.
/// </summary>
public class ImportPcapTests
{
    public static TheoryData<string, string> Captures => new()
    {
        { "OS-0-128-U1_v2.3.0_1024x10", "OS-0-128-U1_v2.3.0_1024x10" },
        { "OS-0-32-U1_v2.2.0_1024x10", "OS-0-32-U1_v2.2.0_1024x10" },
        { "OS-0-32-U1_v2.2.0_1024x10-single-packet", "OS-0-32-U1_v2.2.0_1024x10" },
        { "OS-1-128_767798045_1024x10_20230712_120049", "OS-1-128_767798045_1024x10_20230712_120049" },
        { "OS-1-128_v2.3.0_1024x10_lb_n3", "OS-1-128_v2.3.0_1024x10" },
        { "OS-1-32-G_v2.1.1_1024x10", "OS-1-32-G_v2.1.1_1024x10" },
        { "OS-1-64_1024x10_fw20", "OS-1-64_sensor_config_reduced" },
        { "OS-2-128-U1_v2.3.0_1024x10", "OS-2-128-U1_v2.3.0_1024x10" },
        { "OS-2-32-U0_v2.0.0_1024x10", "OS-2-32-U0_v2.0.0_1024x10" },
        { "crc_test", "crc_test" },
        { "duplicate_id", "duplicate_id" },
        { "same_ports", "same_ports.1" },
        { "same_ports", "same_ports.2" },
        { "same_ports_legacy", "same_ports_legacy.1" },
        { "same_ports_legacy", "same_ports_legacy.2" },
        { "same_ports_nonlegacy", "same_ports_nonlegacy.1" },
        { "same_ports_nonlegacy", "same_ports_nonlegacy.2" },
        { "shot_limiting_test", "shot_limiting_test" },
        { "windowed_frame1", "windowed_frame1_0" },
        { "windowed_frame2", "windowed_frame2_0" },
    };

    [RealDataPythonTheory]
    [MemberData(nameof(Captures))]
    public void PointsFollowFromThePacketBytesAsOustersManualDefinesThem(string capture, string metadata)
    {
        using var dir = new TempDir();
        string pcap = RealData.Path("ouster", capture + ".pcap"), json = RealData.Path("ouster", metadata + ".json");
        string output = dir.File("out.mcap");
        ImportSummary summary = PcapImporter.Run(new PcapImporter.Options(pcap, json, output));
        Assert.Null(summary.Damage);
        var frames = RecordingFile.Outputs(output, PcapImporter.LidarStream).Select(o => RecordingFile.Points(o.Payload)).ToList();

        using JsonDocument reference = RealDataPython.Json("ouster_reference.py", pcap, json);
        JsonElement[] expected = reference.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Length, frames.Count);
        for (int f = 0; f < frames.Count; f++)
        {
            Assert.Equal(expected[f].GetProperty("first").GetInt32(), frames[f].Count(p => p.Return == 0));
            Assert.Equal(expected[f].GetProperty("second").GetInt32(), frames[f].Count(p => p.Return == 1));
        }
        var index = frames.Select(points => points.ToDictionary(p => (p.Ring, p.Column, p.Return))).ToList();
        int checkedPoints = 0;
        foreach (JsonElement s in reference.RootElement.GetProperty("samples").EnumerateArray())
        {
            double[] v = s.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            LidarPoint p = index[(int)v[0]][((int)v[1], (int)v[2], (int)v[3])];
            Assert.Equal((int)v[4], (int)Math.Round(p.Range * 1000.0));
            Assert.Equal(v[5], p.X, 2e-4);
            Assert.Equal(v[6], p.Y, 2e-4);
            Assert.Equal(v[7], p.Z, 2e-4);
            double azimuth = Math.Atan2(v[6], v[5]) * 180 / Math.PI, ours = Math.Atan2(p.Y, p.X) * 180 / Math.PI;
            Assert.True(Math.Abs(Math.IEEERemainder(azimuth - ours, 360)) < 1e-3 || Math.Sqrt(v[5] * v[5] + v[6] * v[6]) < 0.05, $"azimuth {ours} vs {azimuth}");
            checkedPoints++;
        }
        Assert.True(checkedPoints > 0, "no sample points");

        string digest = RealData.Path("ouster", capture + "_digest.json");
        if (File.Exists(digest))
        {
            // The SDK's own decode: MD5 of the first scan's range image (uint32, rows x columns, by measurement id).
            using JsonDocument d = JsonDocument.Parse(File.ReadAllText(digest));
            string sdk = d.RootElement.GetProperty("scans")[0].GetProperty("RANGE").GetString()!;
            Assert.Equal(sdk, reference.RootElement.GetProperty("range_md5").GetString());
            int rows = frames[0].Max(p => p.Ring) + 1, columns = 1024;
            var image = new uint[rows * columns];
            foreach (LidarPoint p in frames[0].Where(p => p.Return == 0))
            {
                image[p.Ring * columns + p.Column] = (uint)Math.Round(p.Range * 1000.0);
            }
            Assert.Equal(sdk, Convert.ToHexStringLower(MD5.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.AsSpan()))));
        }
    }

    [RealDataFact]
    public void TheImuReadsGravityAtRest()
    {
        using var dir = new TempDir();
        foreach ((string capture, string metadata) in new[] { ("OS-0-128-U1_v2.3.0_1024x10", "OS-0-128-U1_v2.3.0_1024x10"), ("imu_zm_no_lidar", "imu_zm_no_lidar_0"), ("OS-1-64_1024x10_fw20", "OS-1-64_sensor_config_reduced") })
        {
            string output = dir.File(capture + ".mcap");
            PcapImporter.Run(new PcapImporter.Options(RealData.Path("ouster", capture + ".pcap"), RealData.Path("ouster", metadata + ".json"), output));
            var imu = RecordingFile.Outputs(output, PcapImporter.ImuStream);
            Assert.NotEmpty(imu);
            double mean = imu.Average(o =>
            {
                (var f, _) = SensorModels.Imu.ImuPayload.Read(o.Payload);
                return Math.Sqrt(f.X * f.X + f.Y * f.Y + f.Z * f.Z);
            });
            // A sensor at rest: specific force is gravity, 9.81 m/s^2, within a MEMS accelerometer's
            // uncalibrated scale and bias (the captures read 9.83 to 10.09).
            Assert.True(Math.Abs(mean - 9.81) < 0.4, $"{capture}: |a| = {mean:F3} m/s^2");
            Assert.True(imu.Zip(imu.Skip(1)).All(x => x.Second.Frame.EndNs >= x.First.Frame.EndNs), "IMU samples in time order");
        }
    }

    [RealDataFact]
    public void ADamagedCaptureImportsUpToTheDamageAndSaysWhere()
    {
        using var dir = new TempDir();
        byte[] whole = File.ReadAllBytes(RealData.Path("ouster", "OS-1-128_v2.3.0_1024x10_lb_n3.pcap"));
        string cut = dir.File("cut.pcap");
        File.WriteAllBytes(cut, whole[..(whole.Length * 2 / 3)]);
        ImportSummary s = PcapImporter.Run(new PcapImporter.Options(cut, RealData.Path("ouster", "OS-1-128_v2.3.0_1024x10.json"), dir.File("cut.mcap")));
        Assert.NotNull(s.Damage);
        Assert.Matches(@"cut\.pcap: at byte \d+: record \d+ is cut \(\d+ of its 8490 bytes\)", s.Damage);
        Assert.Contains("damaged", RecordingFile.Metadata(dir.File("cut.mcap"), "import").Keys);
        Assert.Equal(2, RecordingFile.Outputs(dir.File("cut.mcap"), PcapImporter.LidarStream).Count); // 2 of the 3 frames, the second partial

        byte[] corrupt = (byte[])whole.Clone();
        BitConverter.GetBytes(0x7FFF_0000u).CopyTo(corrupt, 24 + 16 + 8490 + 8); // record 1's length
        File.WriteAllBytes(cut, corrupt);
        s = PcapImporter.Run(new PcapImporter.Options(cut, RealData.Path("ouster", "OS-1-128_v2.3.0_1024x10.json"), dir.File("corrupt.mcap")));
        Assert.Contains($"at byte {24 + 16 + 8490}: record 1 claims", s.Damage);
    }

    [RealDataFact]
    public void CapturesWithoutPacketsOfTheSensorAreErrorsThatWriteNothing()
    {
        using var dir = new TempDir();
        InputException e = Assert.Throws<InputException>(() => PcapImporter.Run(new PcapImporter.Options(
            RealData.Path("ouster", "empty_pcap.pcap"), RealData.Path("ouster", "empty_pcap.json"), dir.File("e.mcap"))));
        Assert.Contains("holds no packets", e.Errors[0].Message);
        e = Assert.Throws<InputException>(() => PcapImporter.Run(new PcapImporter.Options(
            RealData.Path("ouster", "VLI-16-one-packet.pcap"), RealData.Path("ouster", "OS-0-128-U1_v2.3.0_1024x10.json"), dir.File("v.mcap"))));
        Assert.Contains("none of its 1 records is a packet of this sensor", e.Errors[0].Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
        e = Assert.Throws<InputException>(() => PcapImporter.Run(new PcapImporter.Options(
            RealData.Path("ouster", "OS-0-128-U1_v2.3.0_1024x10.json"), RealData.Path("ouster", "OS-0-128-U1_v2.3.0_1024x10.json"), dir.File("j.mcap"))));
        Assert.Contains("not a pcap file (starts with 7B0A2020)", e.Errors[0].Message);
    }

    [RealDataFact]
    public void TheVelodynePacketIsReadAsTheModelItIsSaidToBe()
    {
        using var dir = new TempDir();
        string pcap = RealData.Path("ouster", "VLI-16-one-packet.pcap");
        ImportSummary s = PcapImporter.Run(new PcapImporter.Options(pcap, null, dir.File("v.mcap"), Velodyne: "VLP-16"));
        List<LidarPoint> points = RecordingFile.Points(RecordingFile.Outputs(dir.File("v.mcap"), PcapImporter.VelodyneStream).Single().Payload);
        // By hand from the bytes: the UDP payload after the 24-byte file header, 16-byte record header
        // and 42 bytes of Ethernet, IPv4 and UDP headers; 12 blocks of 100 bytes, distance records of 3.
        byte[] b = File.ReadAllBytes(pcap);
        int nonzero = 0;
        for (int block = 0; block < 12; block++)
        {
            for (int c = 0; c < 32; c++)
            {
                nonzero += BitConverter.ToUInt16(b, 24 + 16 + 42 + block * 100 + 4 + c * 3) != 0 ? 1 : 0;
            }
        }
        Assert.Equal(nonzero, points.Count);
        // Each point lies at its distance from its laser's origin (the VLP-16 manual's vertical offsets).
        var cal = SensorModels.Lidar.Packets.VelodyneCalibration.BuiltIn(SensorModels.Lidar.Packets.VelodyneModel.Vlp16)!;
        Assert.All(points, p => Assert.Equal(p.Range, Math.Sqrt(p.X * p.X + p.Y * p.Y + Math.Pow(p.Z - cal.VerticalOffsetsMm[p.Ring] * 1e-3, 2)), 1e-5));
        Assert.Contains(s.Warnings, w => w.Contains("product id 0x1E (unknown)") && w.Contains("record 0 (byte 24)"));
        Assert.Contains(s.Warnings, w => w.Contains("1212 bytes"));
        var e = Assert.Throws<InputException>(() => PcapImporter.Run(new PcapImporter.Options(pcap, null, dir.File("a.mcap"), Velodyne: "auto")));
        Assert.Contains("product id 0x1E is not one this reader knows", e.Errors[0].Message);
    }
}
