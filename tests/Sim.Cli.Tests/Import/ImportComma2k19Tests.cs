using System.Text.Json;
using Mcap;
using MessagePack;
using Sim.Runtime.Import;
using Sim.Runtime.Import.Comma2k19;
using Sim.Cli.Tests.Infrastructure;
using SensorModels.Tests;

namespace Sim.Cli.Tests.Import;

/// <summary>The imported RAV4 drive (comma2k19), written once for the tests that read it.</summary>
public sealed class Rav4Drive : IDisposable
{
    private readonly TempDir _dir = new();

    public Rav4Drive()
    {
        if (RealData.RootOrNull is null)
        {
            return;
        }
        Path = _dir.File("rav4.mcap");
        Summary = Comma2k19Importer.Run(new Comma2k19Importer.Options(RealData.CommaSegment, Dbc, Path));
    }

    /// <summary>The DBC files that fit the car: bus 0 (powertrain) and bus 1 (radar).</summary>
    public static string[] Dbc =>
        [$"0={RealData.Path("opendbc", "generator", "toyota", "toyota_new_mc_pt.dbc")}", $"1={RealData.Path("opendbc", "toyota_adas.dbc")}"];

    public string Path { get; } = "";

    internal ImportSummary? Summary { get; }

    /// <summary>Every JSON message of <paramref name="topic"/>.</summary>
    public List<JsonElement> Json(string topic)
    {
        using McapReader r = McapReader.Open(Path);
        ushort id = r.Channels.Values.First(c => c.Topic == topic).Id;
        return r.ReadMessages().Where(m => m.ChannelId == id).Select(m => JsonDocument.Parse(m.Data).RootElement.Clone()).ToList();
    }

    /// <summary>The ego state of every tick: [tick, x, y, z, yaw, pitch, roll, speed, ...] (docs/mcap.md).</summary>
    public List<double[]> Ego()
    {
        using McapReader r = McapReader.Open(Path);
        ushort id = r.Channels.Values.First(c => c.Topic == "/sim/ego").Id;
        var list = new List<double[]>();
        foreach (McapMessage m in r.ReadMessages().Where(m => m.ChannelId == id))
        {
            var reader = new MessagePackReader(m.Data);
            int n = reader.ReadArrayHeader();
            var v = new double[n];
            v[0] = reader.ReadUInt64();
            for (int i = 1; i < n; i++)
            {
                v[i] = reader.ReadDouble();
            }
            list.Add(v);
        }
        return list;
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// `sim import comma2k19` on the RAV4 segment, checked against independent facts: comma's own
/// decoded values (processed_log, read with numpy), gravity, and the CAN speed against the speed of
/// the ECEF pose track converted to east-north-up.
/// </summary>
public class ImportComma2k19Tests(Rav4Drive drive) : IClassFixture<Rav4Drive>
{
    private static JsonDocument Reference() => RealDataPython.Json("comma_reference.py", RealData.CommaSegment);

    [RealDataPythonFact]
    public void WheelSpeedAndSteeringEqualCommasDecodedValuesWithinOneLsb()
    {
        using JsonDocument reference = Reference();
        var wheels = drive.Json("/can/0/WHEEL_SPEEDS").ToDictionary(j => j.GetProperty("t").GetDouble(),
            j => new[] { "FL", "FR", "RL", "RR" }.Average(w => j.GetProperty("WHEEL_SPEED_" + w).GetDouble()) / 3.6);
        var steering = drive.Json("/can/0/STEER_ANGLE_SENSOR").ToDictionary(j => j.GetProperty("t").GetDouble(),
            j => j.GetProperty("STEER_ANGLE").GetDouble() + j.GetProperty("STEER_FRACTION").GetDouble());
        int n = 0;
        foreach (JsonElement row in reference.RootElement.GetProperty("speed").EnumerateArray())
        {
            double t = row[0].GetDouble(), comma = row[1].GetDouble();
            Assert.True(wheels.TryGetValue(t, out double ours), $"no WHEEL_SPEEDS frame at t = {t}");
            Assert.True(Math.Abs(ours - comma) <= 0.01 / 3.6 + 1e-9, $"speed at {t}: ours {ours}, comma's {comma}"); // LSB 0.01 km/h
            n++;
        }
        Assert.Equal(4974, n);
        n = 0;
        foreach (JsonElement row in reference.RootElement.GetProperty("steering").EnumerateArray())
        {
            double t = row[0].GetDouble(), comma = row[1].GetDouble();
            Assert.True(steering.TryGetValue(t, out double ours), $"no STEER_ANGLE_SENSOR frame at t = {t}");
            Assert.True(Math.Abs(ours - comma) <= 0.1 + 1e-9, $"steering at {t}: ours {ours}, comma's {comma}"); // LSB 0.1 deg
            n++;
        }
        Assert.Equal(4974, n);
    }

    [RealDataPythonFact]
    public void RadarTracksAgreeWithCommasDecodedTracks()
    {
        using JsonDocument reference = Reference();
        var tracks = new Dictionary<(double, int), JsonElement>();
        for (int slot = 0; slot < 16; slot++)
        {
            foreach (JsonElement j in drive.Json($"/can/1/TRACK_A_{slot}"))
            {
                tracks[(j.GetProperty("t").GetDouble(), 0x210 + slot)] = j;
            }
        }
        int valid = 0;
        foreach (JsonElement row in reference.RootElement.GetProperty("radar").EnumerateArray())
        {
            JsonElement j = tracks[(row[0].GetDouble(), (int)row[4].GetDouble())];
            Assert.True(j.GetProperty("VALID").GetDouble() == 1 && j.GetProperty("LONG_DIST").GetDouble() < 255, $"comma has a track where we have none: {j}");
            // comma's "forward distance" is from its own reference point: LONG_DIST + 2.67 to 2.70 m.
            Assert.InRange(row[1].GetDouble() - j.GetProperty("LONG_DIST").GetDouble(), 2.665, 2.705);
            Assert.True(Math.Abs(-j.GetProperty("LAT_DIST").GetDouble() - row[2].GetDouble()) <= 0.04 + 1e-9, $"{j} vs {row}"); // comma's "left distance"
            Assert.True(Math.Abs(j.GetProperty("REL_SPEED").GetDouble() - row[3].GetDouble()) <= 0.025 + 1e-9, $"{j} vs {row}");
            valid++;
        }
        Assert.Equal(10100, valid);
        int reported = tracks.Values.Count(j => j.GetProperty("VALID").GetDouble() != 0 && j.GetProperty("LONG_DIST").GetDouble() < 255);
        var objects = RecordingFile.Outputs(drive.Path, Comma2k19Importer.RadarStream);
        Assert.Equal(reported, objects.Sum(o => BitConverter.ToInt32(o.Payload, 0)));
    }

    [RealDataPythonFact]
    public void TheImuReadsGravity()
    {
        using JsonDocument reference = Reference();
        var imu = RecordingFile.Outputs(drive.Path, Comma2k19Importer.ImuStream);
        Assert.Equal(6256, imu.Count);
        double mean = imu.Average(o =>
        {
            (var f, _) = SensorModels.Imu.ImuPayload.Read(o.Payload);
            return f.Length;
        });
        Assert.Equal(reference.RootElement.GetProperty("accelerometer_norm_mean").GetDouble(), mean, 1e-9);
        Assert.True(Math.Abs(mean - 9.81) < 0.15, $"|a| = {mean} m/s^2");
        double up = imu.Average(o => SensorModels.Imu.ImuPayload.Read(o.Payload).SpecificForce.Z);
        Assert.True(up > 9.3, $"z (up) reads {up}: gravity's reaction points up in our frame");
    }

    [RealDataFact]
    public void ThePoseTrackIsSmoothAndItsSpeedMatchesTheCanSpeedWithin2Percent()
    {
        List<double[]> ego = drive.Ego();
        Assert.True(ego.Count > 5900);
        var wheels = drive.Json("/can/0/WHEEL_SPEEDS").Select(j => (T: j.GetProperty("t").GetDouble(),
            V: new[] { "FL", "FR", "RL", "RR" }.Average(w => j.GetProperty("WHEEL_SPEED_" + w).GetDouble()) / 3.6)).ToList();
        double t0 = double.Parse(drive.Summary!.Facts.First(f => f.Name == "device_time_origin_s").Value, System.Globalization.CultureInfo.InvariantCulture);
        var ratios = new List<double>();
        for (int k = 0; k + 100 < 5995; k += 100) // within the poses (59.95 s)
        {
            // 1 s of track: distance along the east-north-up positions; the CAN speed over the same second.
            double d = 0;
            for (int i = k; i < k + 100; i++)
            {
                d += Math.Sqrt(Math.Pow(ego[i + 1][1] - ego[i][1], 2) + Math.Pow(ego[i + 1][2] - ego[i][2], 2) + Math.Pow(ego[i + 1][3] - ego[i][3], 2));
                Assert.True(Math.Abs(ego[i + 1][1] - ego[i][1]) < 0.5 && Math.Abs(ego[i + 1][2] - ego[i][2]) < 0.5, $"a jump at tick {i}");
            }
            double from = t0 + k * 0.01, to = from + 1;
            double can = wheels.Where(w => w.T >= from && w.T < to).Average(w => w.V);
            ratios.Add(d / can);
        }
        Assert.True(ratios.All(r => r is >= 0.98 and <= 1.02), string.Join(" ", ratios.Select(r => r.ToString("F4"))));
        Assert.All(ego, e => Assert.InRange(e[9], -5, 5)); // longitudinal acceleration, m/s^2
    }

    [RealDataFact]
    public void TheEnuOriginIsTheFirstPose()
    {
        IReadOnlyDictionary<string, string> meta = RecordingFile.Metadata(drive.Path, "import");
        string[] origin = meta["enu_origin"].Split(',');
        Assert.Equal(37.721, double.Parse(origin[0], System.Globalization.CultureInfo.InvariantCulture), 1e-3); // California, highway 280
        Assert.Equal(-122.4723, double.Parse(origin[1], System.Globalization.CultureInfo.InvariantCulture), 1e-3);
        double[] first = drive.Ego().First(e => e[0] == 0);
        Assert.True(Math.Abs(first[1]) < 1 && Math.Abs(first[2]) < 1 && Math.Abs(first[3]) < 1, "the first pose sits at the origin");
    }

    [RealDataFact]
    public void AMalformedArrayNamesTheFileAndByte()
    {
        using var dir = new TempDir();
        string seg = System.IO.Path.Combine(dir.Path, "b0c9d2329ad1606b--2018-08-02--08-34-47", "40");
        foreach (string f in Directory.EnumerateFiles(RealData.CommaSegment, "*", SearchOption.AllDirectories))
        {
            string to = System.IO.Path.Combine(seg, System.IO.Path.GetRelativePath(RealData.CommaSegment, f));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            File.Copy(f, to);
        }
        string speed = System.IO.Path.Combine(seg, "global_pose", "frame_times");
        byte[] b = File.ReadAllBytes(speed);
        File.WriteAllBytes(speed, b[..(b.Length - 8)]);
        var e = Assert.Throws<SimCore.Diagnostics.InputException>(() => Comma2k19Importer.Run(new Comma2k19Importer.Options(seg, Rav4Drive.Dbc, dir.File("x.mcap"))));
        Assert.Equal(speed, e.Errors[0].Location.File);
        Assert.Contains("at byte 128: shape (1200,) of <f8 needs 9600 bytes of data, the file has 9592", e.Errors[0].Message);
        Assert.False(File.Exists(dir.File("x.mcap")));
    }
}
