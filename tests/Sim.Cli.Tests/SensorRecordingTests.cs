using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run --rig FILE --record-sensors DIR`: the recording format of docs/sensors.md, counts, determinism, errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SensorRecordingTests
{
    private static string MinimalRig => Path.Combine(Repo.Scenarios, "rigs", "minimal.yaml");

    // highway_cut_in runs 25 s; a sensor at rate f with phase 0 fires at 0, 1/f, ..., 25 s: 25 f + 1 outputs.
    private static readonly (string Name, string Type, string Format, int Rate)[] Minimal =
    {
        ("imu", "imu", "imu.v1", 100),
        ("gnss", "gnss", "gnss.v1", 10),
        ("radar_front", "radar", "radar.detections.v1", 20),
        ("ground_truth", "ground_truth", "ground_truth.v1", 10),
    };

    private sealed record Frame(long Sequence, long Start, long End, byte[] Payload);

    private static List<Frame> ReadBin(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal("SIMSENS1", Encoding.ASCII.GetString(b, 0, 8));
        var frames = new List<Frame>();
        int at = 8;
        while (at < b.Length)
        {
            long seq = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at));
            long start = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 8));
            long end = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 16));
            int len = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at + 24));
            frames.Add(new Frame(seq, start, end, b.AsSpan(at + 28, len).ToArray()));
            at += 28 + len;
        }
        Assert.Equal(b.Length, at);
        return frames;
    }

    private static CliResult Run(string outDir, string sensorsDir, params string[] extra)
        => SimCli.InProcess(new[] { "run", Repo.CutIn, "--out", outDir, "--rig", MinimalRig, "--record-sensors", sensorsDir }.Concat(extra).ToArray());

    [Fact]
    public void MinimalRigOnTheCutInRecordsEverySensorWithTheDocumentedLayoutAndCounts()
    {
        using var dir = new TempDir();
        string sensors = dir.File("sensors");
        CliResult r = Run(dir.File("out"), sensors);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("radar_front", r.StdOut);
        Assert.Contains("outputs", r.StdOut);
        Assert.Empty(Directory.GetFiles(sensors, "*.partial"));

        using JsonDocument result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("out"), "result.json")));
        JsonElement summary = result.RootElement.GetProperty("sensors");
        foreach ((string name, string type, string format, int rate) in Minimal)
        {
            using JsonDocument meta = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(sensors, name + ".json")));
            Assert.Equal(name, meta.RootElement.GetProperty("sensor").GetString());
            Assert.Equal(type, meta.RootElement.GetProperty("type").GetString());
            Assert.Equal(format, meta.RootElement.GetProperty("format").GetString());

            List<Frame> frames = ReadBin(Path.Combine(sensors, name + ".bin"));
            int expected = 25 * rate + 1;
            Assert.Equal(expected, frames.Count);
            long period = 1_000_000_000L / rate;
            for (int i = 0; i < frames.Count; i++)
            {
                Assert.Equal(i, frames[i].Sequence);
                Assert.Equal(i * period, frames[i].End);
                Assert.Equal(frames[i].End, frames[i].Start);   // instantaneous sensors
            }

            JsonElement s = summary.GetProperty(name);
            Assert.Equal(type, s.GetProperty("type").GetString());
            Assert.Equal(expected, s.GetProperty("outputs").GetInt64());
            Assert.Equal(frames.Sum(f => (long)f.Payload.Length), s.GetProperty("bytes").GetInt64());
        }

        // The radar sees the cutter (entity 1) ahead during the run; ground truth lists it with its box.
        Assert.Contains(ReadBin(Path.Combine(sensors, "radar_front.bin")), f =>
        {
            int n = BinaryPrimitives.ReadInt32LittleEndian(f.Payload);
            return Enumerable.Range(0, n).Any(i => BinaryPrimitives.ReadInt32LittleEndian(f.Payload.AsSpan(4 + 28 * i + 24)) == 1);
        });
        Frame gt0 = ReadBin(Path.Combine(sensors, "ground_truth.bin"))[0];
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(gt0.Payload));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(gt0.Payload.AsSpan(4)));
    }

    [Fact]
    public void RecordingsAreByteIdenticalAcrossRunsAndThreadCounts()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Run(dir.File("a"), dir.File("sa"), "--quiet").ExitCode);
        Assert.Equal(0, Run(dir.File("b"), dir.File("sb"), "--quiet").ExitCode);
        Assert.Equal(0, Run(dir.File("p"), dir.File("sp"), "--quiet", "--threads", "2").ExitCode);
        foreach ((string name, _, _, _) in Minimal)
        {
            byte[] a = File.ReadAllBytes(Path.Combine(dir.File("sa"), name + ".bin"));
            Assert.True(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.File("sb"), name + ".bin"))), $"{name}: two runs differ");
            Assert.True(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.File("sp"), name + ".bin"))), $"{name}: --threads 2 differs");
        }
    }

    [Fact]
    public void WithoutRecordingTheRigStillRunsAndIsCounted()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("out"), "--rig", MinimalRig);
        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("out"), "result.json")));
        Assert.Equal(2501, result.RootElement.GetProperty("sensors").GetProperty("imu").GetProperty("outputs").GetInt64());
        Assert.Equal(new[] { "out" }, Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ABadRigIsExit2WithFileLineColumnAndNothingWritten()
    {
        using var dir = new TempDir();
        string rig = dir.Write("bad.yaml", "sensors:\n  - name: r\n    type: radar\n    rate: 20\n    mount: {x: 3.8}\n    max_rnage: 100\n");
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("out"), "--rig", rig, "--record-sensors", dir.File("s"));
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"bad\.yaml:6:5: error: unknown key 'max_rnage'.*max_range", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "result.json")));
        Assert.False(Directory.Exists(dir.File("s")) && Directory.EnumerateFileSystemEntries(dir.File("s")).Any());
    }

    [Fact]
    public void ARigNeedsAnEgo()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("noego.yaml", """
            name: noego
            duration: 1
            road: {id: r, geometry: [line: 200], lanes: {right: [{width: 3.5}]}}
            entities:
              - {name: car, type: car, position: {road: r, lane: -1, s: 10}, speed: 10}
            """);
        CliResult r = SimCli.InProcess("run", scenario, "--out", dir.File("out"), "--rig", MinimalRig);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("a sensor rig needs an ego", r.StdErr);
    }

    [Fact]
    public void RecordingWithoutARigIsAnError()
    {
        using var dir = new TempDir();
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", dir.File("out"), "--record-sensors", dir.File("s"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--record-sensors needs a sensor rig", r.StdErr);
    }

    [Fact]
    public void TheShippedRigsLoadWithEverySensorType()
    {
        var minimal = SensorModels.Rig.RigLoader.Load(MinimalRig);
        Assert.Equal(new[] { "imu", "gnss", "radar", "ground_truth" }, minimal.Sensors.Select(s => s.Definition.Type));
        var full = SensorModels.Rig.RigLoader.Load(Path.Combine(Repo.Scenarios, "rigs", "full.yaml"));
        Assert.Equal(1, full.Sensors.Count(s => s.Definition.Type == "lidar"));
        Assert.Equal(5, full.Sensors.Count(s => s.Definition.Type == "radar"));
        Assert.Equal(new[] { "can", "gnss", "ground_truth", "imu", "lidar", "radar" }, full.Sensors.Select(s => s.Definition.Type).Distinct().Order());
        var cameras = SensorModels.Rig.RigLoader.Load(Path.Combine(Repo.Scenarios, "rigs", "cameras.yaml"));
        var front = Assert.IsType<SensorModels.Camera.CameraSensor>(cameras.Sensors[0]);
        Assert.Equal(960 / Math.Tan(Math.PI / 6), front.Model.Intrinsics.Fx, 6);   // 60-degree horizontal FOV at 1920 px
        Assert.Equal(3, cameras.Sensors.Count(s => s.Definition.Type == "camera"));
    }
}
