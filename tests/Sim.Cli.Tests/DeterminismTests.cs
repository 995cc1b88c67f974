using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>Same scenario, seed and step: bit-identical outputs, whatever the thread count.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeterminismTests
{
    // 96 IDM cars (>= 64 non-ego vehicles, so --threads 2 takes the parallel path) and a reference-driven ego on a 4-lane ring.
    private const int Vehicles = 96;

    private static (byte[] Csv, string Hash, JsonElement Result) Run(string scenario, string outDir, params string[] extra)
    {
        CliResult r = SimCli.InProcess(new[] { "run", scenario, "--out", outDir, "--quiet" }.Concat(extra).ToArray());
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        JsonElement root = doc.RootElement.Clone();
        return (File.ReadAllBytes(Path.Combine(outDir, "trajectories.csv")), root.GetProperty("state_hash").GetString()!, root);
    }

    [Fact]
    public void Ring_with_idm_traffic_is_identical_across_runs_and_thread_counts()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("ring.yaml", ScenarioText.IdmRing(Vehicles, lanes: 4, circumference: 1200, duration: 10, step: 0.02, ego: true));

        var a = Run(scenario, dir.File("a"));
        var b = Run(scenario, dir.File("b"));
        var p = Run(scenario, dir.File("p"), "--threads", "2");

        Assert.Equal(500, a.Result.GetProperty("steps").GetInt64());
        Assert.Equal("duration", a.Result.GetProperty("end_reason").GetString());
        Assert.Equal(2, p.Result.GetProperty("threads").GetInt32());
        Assert.Equal((500 + 1) * (Vehicles + 1) + 1, CountLines(a.Csv));

        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Hash, p.Hash);
        Assert.True(a.Csv.AsSpan().SequenceEqual(b.Csv), "two single-threaded runs differ");
        Assert.True(a.Csv.AsSpan().SequenceEqual(p.Csv), $"--threads 2 differs from --threads 1 at byte {FirstDifference(a.Csv, p.Csv)}");
    }

    [Fact]
    public void Ring_traffic_wraps_and_follows()
    {
        // Sanity of the generated ring: cars stay on the ring (lane ids kept, s wraps) and nobody collides.
        using var dir = new TempDir();
        string scenario = dir.Write("ring.yaml", ScenarioText.IdmRing(Vehicles, lanes: 4, circumference: 1200, duration: 10, step: 0.02, ego: true));
        var a = Run(scenario, dir.File("a"));
        Assert.Empty(a.Result.GetProperty("collisions").EnumerateArray());
        string[] last = System.Text.Encoding.UTF8.GetString(a.Csv).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^(Vehicles + 1)..];
        Assert.All(last, l =>
        {
            string[] f = l.Split(',');
            Assert.Contains(f[8], new[] { "-1", "-2", "-3", "-4" });
            double s = double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(s, 0, 1200);
        });
    }

    [Fact]
    public void Cut_in_is_identical_across_runs_and_threads_and_changes_with_the_seed_free_step()
    {
        using var dir = new TempDir();
        var a = Run(Repo.CutIn, dir.File("a"));
        var b = Run(Repo.CutIn, dir.File("b"), "--threads", "2");
        Assert.Equal(a.Hash, b.Hash);
        Assert.True(a.Csv.AsSpan().SequenceEqual(b.Csv));
        // A different step is a different run: the hash must notice.
        var c = Run(Repo.CutIn, dir.File("c"), "--step", "0.02");
        Assert.NotEqual(a.Hash, c.Hash);
    }

    private static int CountLines(byte[] csv) => csv.Count(c => c == (byte)'\n');

    private static long FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }
        return a.Length == b.Length ? -1 : n;
    }
}
