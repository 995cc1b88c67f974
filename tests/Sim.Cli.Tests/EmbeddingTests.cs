using System.Text.Json;
using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;
using Sim.Runtime.Hil;

namespace Sim.Cli.Tests;

/// <summary>
/// The embedding examples (examples/Embed) give what `sim` gives with the same inputs: the same
/// state hash and, byte for byte, the same sensor recordings.
/// </summary>
public sealed partial class EmbeddingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);
    private static string Scenario => Path.Combine(Repo.Scenarios, "highway_cut_in_too_close.yaml");

    [GeneratedRegex(@"state ([0-9a-f]{16})")]
    private static partial Regex StateHash();

    private static string HashOf(CliResult r) => StateHash().Match(r.StdOut) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("no state hash in the output:\n" + r);

    private static string ResultHash(string outDir)
        => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json"))).RootElement.GetProperty("state_hash").GetString()!;

    [VulkanFact]
    public void The_rig_example_records_what_sim_run_records()
    {
        using var dir = new TempDir();
        string rig = Path.Combine(Repo.Root, "examples", "Embed", "rig.yaml");
        CliResult example;
        using (BackgroundSim p = SimCli.StartProgram("RigRun.dll", Repo.Root, Scenario, rig, dir.File("example")))
        {
            example = p.Wait(Long);
        }
        Assert.True(example.ExitCode == 0, example.ToString());
        CliResult cli = SimCli.Process(Repo.Root, "run", Scenario, "--rig", rig, "--record-sensors", dir.File("sim"), "--out", dir.File("out"), "--strict", "--quiet");
        Assert.True(cli.ExitCode == 0, cli.ToString());

        Assert.Equal(ResultHash(dir.File("out")), HashOf(example));
        string[] files = Directory.GetFiles(dir.File("sim")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        // Camera (rgb, semantic, boxes, calibration), lidar and ground truth, each .bin and .json.
        Assert.Equal(["front.boxes.bin", "front.boxes.json", "front.calibration.json", "front.rgb.bin", "front.rgb.json", "front.semantic.bin", "front.semantic.json",
            "ground_truth.bin", "ground_truth.json", "top.bin", "top.json"], files);
        Assert.Equal(files, Directory.GetFiles(dir.File("example")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        foreach (string f in files)
        {
            Assert.True(File.ReadAllBytes(dir.File("sim/" + f)).AsSpan().SequenceEqual(File.ReadAllBytes(dir.File("example/" + f))), f + " differs");
        }
        // The ground truth counted the lidar's points (a -1 would mean the two were not wired together).
        byte[] gt = File.ReadAllBytes(dir.File("example/ground_truth.bin"));
        Assert.Contains(true, GroundTruthLidarCounts(gt).Select(n => n > 0));
    }

    [Fact]
    public void The_hil_example_drives_as_sim_run_with_sim_target_does()
    {
        using var dir = new TempDir();
        string rig = Path.Combine(Repo.Scenarios, "rigs", "hil_target.yaml");
        CliResult example;
        using (BackgroundSim p = SimCli.StartProgram("HilRun.dll", Repo.Root, Scenario, rig, dir.File("example")))
        {
            example = p.Wait(Long);
        }
        Assert.True(example.ExitCode == 0, example.ToString());
        Assert.Contains("target 'sim-target-reference", example.StdOut);

        int port = LoopbackPorts.FreePair();
        using BackgroundSim target = SimCli.Start(Repo.Root, "target", "--connect", $"tcp://127.0.0.1:{port}", "--scenario", Scenario, "--timeout", "60", "--quiet");
        CliResult cli = SimCli.Process(Repo.Root, "run", Scenario, "--rig", rig, "--target", $"tcp://127.0.0.1:{port}", "--out", dir.File("out"), "--connect-timeout", "60", "--quiet");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(0, target.Wait(Long).ExitCode);
        Assert.Equal(ResultHash(dir.File("out")), HashOf(example));
        Assert.Equal(ResultHash(dir.File("out")), ResultHash(dir.File("example")));
    }

    /// <summary>The lidar point counts (+8 of each 140-byte record) of every ground_truth.v1 output in a recording.</summary>
    private static IEnumerable<int> GroundTruthLidarCounts(byte[] file)
    {
        // Recording: "SIMSENS1", then per output int64 sequence, start, end, int32 length, payload.
        for (int at = 8; at < file.Length;)
        {
            int length = BitConverter.ToInt32(file, at + 24);
            int payload = at + 28;
            int n = BitConverter.ToInt32(file, payload);
            for (int i = 0; i < n; i++)
            {
                yield return BitConverter.ToInt32(file, payload + 4 + i * 140 + 8);
            }
            at = payload + length;
        }
    }
}
