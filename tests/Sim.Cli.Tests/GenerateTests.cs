using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim generate`: KITTI files checked by a reader written here, labels against the lidar's own entity ids, determinism, shards, resume, errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class GenerateTests
{
    // Everything stands still (the ego's cruise speed is 1 mm/s and the sweep is motion-compensated),
    // so a label's box must hold its object's points up to float rounding.
    private const string StaticScenario = """
        name: datagen_static
        duration: 3
        step: 0.01
        seed: 3
        road:
          id: straight
          geometry:
            - line: 400
          lanes:
            left: [{width: 3.5}]
            right: [{width: 3.5}, {width: 3.5}, {width: 3.5}]
        entities:
          - name: ego
            type: car
            position: {road: straight, lane: -2, s: 60}
            speed: 0
            driver: {type: reference, cruise_speed: 0.001}
          - name: parked
            type: car
            position: {road: straight, lane: -1, s: 75}
            speed: 0
        """;

    private const string Rig = """
        name: datagen_small
        sensors:
          - name: top
            type: lidar
            mount: {x: 1.3, y: 0, z: 1.95}
            rate: 10
            channels: 16
            fov_up_deg: 10
            fov_down_deg: 25
            azimuth_steps: 512
            max_range: 120
            range_noise: 0.0
            motion_compensated: true
          - name: ground_truth
            type: ground_truth
            mount: {x: 1.3, y: 0, z: 1.95}
            rate: 10
            range: 120
          - name: radar_front
            type: radar
            mount: {x: 3.85, y: 0, z: 0.55}
            rate: 20
        """;

    private static string Spec(string scenarios, string extra = "") => $"""
        seed: 7
        scenarios: [{scenarios}]
        variants: 2
        frames: 2
        interval: 0.5
        start: 0.5
        rig: rig.yaml
        format: kitti
        actors:
          count: {"{"}min: 3, max: 6{"}"}
          types: {"{"}car: 3, truck: 1, pedestrian: 1, cyclist: 1{"}"}
          ds: {"{"}min: 4, max: 40{"}"}
          speed: 0
          pedestrian_speed: 0
          cyclist_speed: 0
        environment:
          time_of_day: {"{"}min: 7, max: 19{"}"}
        {extra}
        """;

    private static string WriteInputs(TempDir dir, string scenarios = "static.yaml", string rig = Rig, string extra = "")
    {
        dir.Write("static.yaml", StaticScenario);
        dir.Write("rig.yaml", rig);
        return dir.Write("spec.yaml", Spec(scenarios, extra));
    }

    private static CliResult Generate(string spec, string outDir, params string[] extra)
        => SimCli.InProcess(new[] { "generate", spec, "--out", outDir, "--quiet" }.Concat(extra).ToArray());

    // ---- a KITTI reader, written from the KITTI devkit's description, independent of the generator ----

    private sealed record Label(string Type, double Truncated, int Occluded, double Alpha, double[] Box, double H, double W, double L, double X, double Y, double Z, double Ry);

    private static readonly string[] KittiTypes = ["Car", "Van", "Truck", "Pedestrian", "Person_sitting", "Cyclist", "Tram", "Misc", "DontCare"];

    private static List<Label> ReadLabels(string path)
    {
        var labels = new List<Label>();
        foreach (string line in File.ReadAllLines(path))
        {
            string[] f = line.Split(' ');
            Assert.True(f.Length == 15, $"{path}: {f.Length} fields in '{line}'");
            Assert.Contains(f[0], KittiTypes);
            double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            labels.Add(new Label(f[0], D(1), int.Parse(f[2], CultureInfo.InvariantCulture), D(3), [D(4), D(5), D(6), D(7)], D(8), D(9), D(10), D(11), D(12), D(13), D(14)));
        }
        return labels;
    }

    private static Dictionary<string, double[]> ReadCalib(string path)
    {
        var expected = new (string Key, int Count)[] { ("P0", 12), ("P1", 12), ("P2", 12), ("P3", 12), ("R0_rect", 9), ("Tr_velo_to_cam", 12), ("Tr_imu_to_velo", 12) };
        var calib = new Dictionary<string, double[]>();
        string[] lines = File.ReadAllLines(path);
        Assert.Equal(expected.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            string key = lines[i][..colon];
            Assert.Equal(expected[i].Key, key);
            double[] values = lines[i][(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected[i].Count, values.Length);
            calib[key] = values;
        }
        return calib;
    }

    private static float[] ReadVelodyne(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal(0, b.Length % 16);
        var v = new float[b.Length / 4];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(4 * i));
        }
        return v;
    }

    /// <summary>lidar.v1 (docs/sensors/lidar.md): per point the entity id and, with stride 48, the sweep-end xyz.</summary>
    private static List<(int Entity, float X, float Y, float Z)> ReadLidarV1(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        var points = new List<(int, float, float, float)>();
        int at = 0;
        while (at < b.Length)
        {
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
            int stride = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at + 4));
            int xyz = stride == 48 ? 36 : 0;
            for (int i = 0; i < n; i++)
            {
                int p = at + 16 + i * stride;
                points.Add((BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(p + 24)),
                    BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(p + xyz)), BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(p + xyz + 4)),
                    BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(p + xyz + 8))));
            }
            at += 16 + n * stride;
        }
        return points;
    }

    /// <summary>A velodyne point in the rectified camera frame: R0_rect (Tr_velo_to_cam [x y z 1]).</summary>
    private static (double X, double Y, double Z) ToCamera(Dictionary<string, double[]> calib, double x, double y, double z)
    {
        double[] t = calib["Tr_velo_to_cam"], r = calib["R0_rect"];
        double cx = t[0] * x + t[1] * y + t[2] * z + t[3], cy = t[4] * x + t[5] * y + t[6] * z + t[7], cz = t[8] * x + t[9] * y + t[10] * z + t[11];
        return (r[0] * cx + r[1] * cy + r[2] * cz, r[3] * cx + r[4] * cy + r[5] * cz, r[6] * cx + r[7] * cy + r[8] * cz);
    }

    /// <summary>KITTI's box: corners R_y(ry) [±l/2, -h..0, ±w/2] + location.</summary>
    private static bool Inside(Label l, (double X, double Y, double Z) p, double tol)
    {
        double dx = p.X - l.X, dy = p.Y - l.Y, dz = p.Z - l.Z;
        double c = Math.Cos(l.Ry), s = Math.Sin(l.Ry);
        double lx = c * dx - s * dz, lz = s * dx + c * dz;
        return Math.Abs(lx) <= l.L / 2 + tol && Math.Abs(lz) <= l.W / 2 + tol && dy <= tol && dy >= -l.H - tol;
    }

    private static string[] Stems(string dir, string sub, string ext)
        => Directory.GetFiles(Path.Combine(dir, sub), "*" + ext).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void LabelBoxesTransformedWithTheCalibContainTheirObjectsLidarPoints()
    {
        using var dir = new TempDir();
        CliResult r = Generate(WriteInputs(dir), dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        string outDir = dir.File("out");
        int checkedObjects = 0;
        foreach (string n in Stems(outDir, "label_2", ".txt"))
        {
            Dictionary<string, double[]> calib = ReadCalib(Path.Combine(outDir, "calib", n + ".txt"));
            List<Label> labels = ReadLabels(Path.Combine(outDir, "label_2", n + ".txt"));
            float[] velo = ReadVelodyne(Path.Combine(outDir, "velodyne", n + ".bin"));
            var raw = ReadLidarV1(Path.Combine(outDir, "lidar", n + ".bin"));
            Assert.Equal(raw.Count * 4, velo.Length);
            double[] p2 = calib["P2"];
            foreach (var group in raw.Select((p, i) => (p.Entity, I: i)).Where(p => p.Entity >= 0).GroupBy(p => p.Entity))
            {
                // The velodyne file's points, in the order of lidar.v1, identify the object's points.
                var cam = group.Select(p => ToCamera(calib, velo[4 * p.I], velo[4 * p.I + 1], velo[4 * p.I + 2])).ToList();
                double mx = cam.Average(p => p.X), my = cam.Average(p => p.Y), mz = cam.Average(p => p.Z);
                double u = p2[0] * mx / mz + p2[2], v = p2[5] * my / mz + p2[6];
                if (mz < 1 || u < 0 || u > 1241 || v < 0 || v > 374)
                {
                    continue; // outside the camera's view: KITTI does not label it
                }
                Label? box = labels.FirstOrDefault(l => l.Type != "DontCare" && cam.All(p => Inside(l, p, 0.02)));
                Assert.True(box is not null, $"frame {n}: no label box holds the {cam.Count} points of entity {group.Key}");
                // Nor does any other box hold them: the label is that object's.
                Assert.Single(labels, l => l.Type != "DontCare" && Inside(l, (mx, my, mz), 0.0));
                checkedObjects++;
            }
            // Intensity is scaled to 0..1.
            for (int i = 3; i < velo.Length; i += 4)
            {
                Assert.InRange(velo[i], 0f, 1f);
            }
        }
        Assert.True(checkedObjects >= 6, $"only {checkedObjects} objects checked");
    }

    [Fact]
    public void AReaderParsesEveryFileOfTheLayout()
    {
        using var dir = new TempDir();
        CliResult r = Generate(WriteInputs(dir), dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        string outDir = dir.File("out");
        string[] frames = Stems(outDir, "label_2", ".txt");
        Assert.Equal(["000000", "000001", "000002", "000003"], frames);
        foreach (string sub in new[] { "velodyne", "lidar", "radar/radar_front" })
        {
            Assert.Equal(frames, Stems(outDir, sub, ".bin"));
        }
        Assert.Equal(frames, Stems(outDir, "calib", ".txt"));
        Assert.Equal(frames, Stems(outDir, "ego", ".json"));
        Assert.Empty(Directory.GetFiles(outDir, "*.partial", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(outDir, "image_2")));
        foreach (string n in frames)
        {
            Dictionary<string, double[]> calib = ReadCalib(Path.Combine(outDir, "calib", n + ".txt"));
            // The virtual camera: KITTI's P2 intrinsics, 0.27 m ahead of and 0.08 m below the lidar, level.
            Assert.Equal([721.5377, 0, 609.5593, 0, 0, 721.5377, 172.854, 0, 0, 0, 1, 0], calib["P2"]);
            Assert.Equal([0, -1, 0, 0, 0, 0, -1, -0.08, 1, 0, 0, -0.27], calib["Tr_velo_to_cam"]);
            foreach (Label l in ReadLabels(Path.Combine(outDir, "label_2", n + ".txt")))
            {
                Assert.True(l.Box[0] <= l.Box[2] && l.Box[1] <= l.Box[3]);
                if (l.Type != "DontCare")
                {
                    Assert.InRange(l.Truncated, 0, 1);
                    Assert.Equal(3, l.Occluded); // no camera: unknown
                    Assert.True(l.Z > 0);
                }
            }
            using JsonDocument ego = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "ego", n + ".json")));
            Assert.Equal(n, ego.RootElement.GetProperty("frame").GetString());
            byte[] radar = File.ReadAllBytes(Path.Combine(outDir, "radar", "radar_front", n + ".bin"));
            Assert.Equal(4 + 28 * BinaryPrimitives.ReadInt32LittleEndian(radar), radar.Length);
        }
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json")));
        JsonElement list = manifest.RootElement.GetProperty("frames");
        Assert.Equal(frames, list.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray());
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir.File("static.yaml"))));
        foreach (JsonElement f in list.EnumerateArray())
        {
            JsonElement lineage = f.GetProperty("lineage");
            Assert.Equal(sha, lineage.GetProperty("scenario_sha256").GetString());
            Assert.InRange(lineage.GetProperty("randomised").GetProperty("time_of_day").GetDouble(), 7, 19);
            int actors = lineage.GetProperty("randomised").GetProperty("actors").GetArrayLength();
            Assert.InRange(actors, 3, 6);
        }
        // Frame 1 of variant 0 is at start + interval.
        Assert.Equal(1.0, list[1].GetProperty("time").GetDouble());
        Assert.False(string.IsNullOrEmpty(manifest.RootElement.GetProperty("simulator_version").GetString()));
    }

    private static void AssertSameFiles(string a, string b, IEnumerable<string>? only = null)
    {
        string[] fa = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Where(f => !f.StartsWith("manifest", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        string[] fb = Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Where(f => !f.StartsWith("manifest", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fa, fb);
        foreach (string f in fa)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs");
        }
    }

    [Fact]
    public void TheSameSpecAndSeedGiveIdenticalFilesOnAMovingScenario()
    {
        using var dir = new TempDir();
        dir.Write("cut_in.yaml", ScenarioText.CutIn());
        string spec = WriteInputs(dir, scenarios: "cut_in.yaml");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("\n  speed: 0\n", "\n  speed: {min: 10, max: 30}\n"));
        CliResult a = Generate(spec, dir.File("a"));
        CliResult b = Generate(spec, dir.File("b"));
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        AssertSameFiles(dir.File("a"), dir.File("b"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("a"), "manifest.json")), File.ReadAllBytes(Path.Combine(dir.File("b"), "manifest.json")));
        // Another seed gives other data.
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("seed: 7", "seed: 8"));
        Assert.Equal(0, Generate(spec, dir.File("c")).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.File("a"), "velodyne", "000000.bin")), File.ReadAllBytes(Path.Combine(dir.File("c"), "velodyne", "000000.bin")));
    }

    [Fact]
    public void TwoShardsWriteDisjointFramesWhoseUnionIsTheWholeDatasetByteForByte()
    {
        using var dir = new TempDir();
        string spec = WriteInputs(dir);
        Assert.Equal(0, Generate(spec, dir.File("whole")).ExitCode);
        Assert.Equal(0, Generate(spec, dir.File("sharded"), "--shard", "0/2").ExitCode);
        Assert.Equal(0, Generate(spec, dir.File("sharded"), "--shard", "1/2").ExitCode);
        string[] Ids(string manifest)
        {
            using JsonDocument m = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("sharded"), manifest)));
            return m.RootElement.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
        }
        string[] s0 = Ids("manifest.shard-0-of-2.json"), s1 = Ids("manifest.shard-1-of-2.json");
        Assert.Empty(s0.Intersect(s1));
        Assert.Equal(["000000", "000001"], s0);   // variant 0 of the one scenario
        Assert.Equal(["000002", "000003"], s1);   // variant 1
        Assert.Equal(Stems(dir.File("whole"), "label_2", ".txt"), s0.Concat(s1).Order(StringComparer.Ordinal).ToArray());
        AssertSameFiles(dir.File("whole"), dir.File("sharded"));
    }

    [Fact]
    public void ResumeSkipsCompleteVariantsAndRedoesAnIncompleteOne()
    {
        using var dir = new TempDir();
        string spec = WriteInputs(dir);
        string outDir = dir.File("out");
        Assert.Equal(0, Generate(spec, outDir).ExitCode);
        byte[] label3 = File.ReadAllBytes(Path.Combine(outDir, "label_2", "000003.txt"));
        File.Delete(Path.Combine(outDir, "label_2", "000003.txt"));
        DateTime untouched = File.GetLastWriteTimeUtc(Path.Combine(outDir, "velodyne", "000000.bin"));
        CliResult r = Generate(spec, outDir, "--resume");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("4 frames (2 written, 2 resumed)", r.StdOut);
        Assert.Equal(label3, File.ReadAllBytes(Path.Combine(outDir, "label_2", "000003.txt")));
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(Path.Combine(outDir, "velodyne", "000000.bin")));
    }

    [Fact]
    public void AMisspeltSpecKeyIsAnErrorAtItsLineWithExitCode2()
    {
        using var dir = new TempDir();
        string spec = WriteInputs(dir, extra: "framez: 3");
        CliResult r = Generate(spec, dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        int line = File.ReadAllLines(spec).ToList().FindIndex(l => l.StartsWith("framez", StringComparison.Ordinal)) + 1;
        Assert.Contains($"spec.yaml:{line}:1: error: unknown key 'framez' in a generation spec (did you mean 'frames'?)", r.StdErr);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void AnIntervalOffTheLidarScheduleIsAnErrorAtItsLine()
    {
        using var dir = new TempDir();
        string spec = WriteInputs(dir);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("interval: 0.5", "interval: 0.25"));
        CliResult r = Generate(spec, dir.File("out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("spec.yaml:5:1: error: sensor 'top' (rate 10 Hz", r.StdErr);
    }

    [VulkanFact]
    public void WithACameraImage2IsAPngOfTheCameraAndCalibUsesItsIntrinsics()
    {
        using var dir = new TempDir();
        string rig = Rig + """

              - name: front
                type: camera
                mount: {x: 1.9, y: 0, z: 1.35}
                rate: 10
                resolution: [96, 48]
                intrinsics: {fx: 80, fy: 80, cx: 47.5, cy: 23.5}
                outputs: [rgb, boxes]
            """;
        string spec = WriteInputs(dir, rig: rig);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("variants: 2", "variants: 1").Replace("frames: 2", "frames: 1"));
        CliResult r = Generate(spec, dir.File("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        string outDir = dir.File("out");
        Dictionary<string, double[]> calib = ReadCalib(Path.Combine(outDir, "calib", "000000.txt"));
        Assert.Equal([80, 0, 47.5, 0, 0, 80, 23.5, 0, 0, 0, 1, 0], calib["P2"]);
        // Lidar (1.3, 0, 1.95) to the camera (1.9, 0, 1.35): 0.6 m behind it and 0.6 m above.
        Assert.Equal([0, -1, 0, 0, 0, 0, -1, -0.6, 1, 0, 0, -0.6], calib["Tr_velo_to_cam"].Select(v => Math.Round(v, 12)).ToArray());
        // The PNG: signature, IHDR 96 x 48 RGB8, IDAT inflating to 48 rows of filter byte + 288 bytes, CRCs right.
        byte[] png = File.ReadAllBytes(Path.Combine(outDir, "image_2", "000000.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int at = 8;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (at < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            types.Add(type);
            Assert.Equal(Crc(png.AsSpan(at + 4, 4 + len)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + len)));
            if (type == "IHDR")
            {
                Assert.Equal(96, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8)));
                Assert.Equal(48, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12)));
                Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, png[(at + 16)..(at + 21)]);
            }
            if (type == "IDAT")
            {
                idat.Write(png, at + 8, len);
            }
            at += 12 + len;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }
        byte[] pixels = inflated.ToArray();
        Assert.Equal(48 * (1 + 96 * 3), pixels.Length);
        Assert.True(Enumerable.Range(0, 48).All(row => pixels[row * 289] == 0));
        Assert.Contains(pixels, b => b > 0);
        // With a real camera, occlusion comes from its instance mask: 0, 1 or 2, never 3.
        foreach (Label l in ReadLabels(Path.Combine(outDir, "label_2", "000000.txt")).Where(l => l.Type != "DontCare"))
        {
            Assert.InRange(l.Occluded, 0, 2);
        }
    }

    /// <summary>CRC-32 (IEEE, reflected), bit by bit: independent of the generator's table.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
        }
        return ~c;
    }
}
