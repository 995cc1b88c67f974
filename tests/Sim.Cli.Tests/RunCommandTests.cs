using System.Globalization;
using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run` end to end, in-process through Program.Main.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests
{
    private const string Header = "time,entity,x,y,z,heading,speed,road_s,lane_id,lane_offset";

    [Fact]
    public void CutIn_passes_and_writes_result_json()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("PASS", r.StdOut);
        Assert.Equal(string.Empty, r.StdErr);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        JsonElement root = doc.RootElement;
        Assert.Equal("highway_cut_in", root.GetProperty("scenario").GetString());
        Assert.Equal("pass", root.GetProperty("status").GetString());
        Assert.Equal("duration", root.GetProperty("end_reason").GetString());
        Assert.Equal(1UL, root.GetProperty("seed").GetUInt64());
        double step = root.GetProperty("step").GetDouble();
        Assert.Equal(0.01, step);
        long steps = root.GetProperty("steps").GetInt64();
        Assert.Equal((long)Math.Round(25 / step), steps);
        Assert.Equal(25.0, root.GetProperty("sim_time").GetDouble(), 9);
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("wall_time").GetDouble() >= 0);
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("state_hash").GetString());

        JsonElement[] criteria = root.GetProperty("criteria").EnumerateArray().ToArray();
        Assert.Equal(new[] { "no_collision", "min_ttc >= 1.5", "max_decel <= 4", "no_lane_departure" },
            criteria.Select(c => c.GetProperty("name").GetString()));
        Assert.All(criteria, c =>
        {
            Assert.True(c.GetProperty("passed").GetBoolean());
            Assert.Equal(JsonValueKind.Null, c.GetProperty("failed_at").ValueKind);
        });
        JsonElement ttc = criteria[1];
        Assert.Equal("min_ttc", ttc.GetProperty("kpi").GetString());
        Assert.Equal(">=", ttc.GetProperty("op").GetString());
        Assert.Equal(1.5, ttc.GetProperty("threshold").GetDouble());

        JsonElement kpis = root.GetProperty("kpis");
        Assert.Equal(JsonValueKind.Object, kpis.ValueKind);
        // The cutter ends up ahead in the ego's lane: TTC is measured, finite and above the criterion.
        double minTtc = kpis.GetProperty("min_ttc").GetDouble();
        Assert.InRange(minTtc, 1.5, 1000);
        Assert.Equal(ttc.GetProperty("value").GetDouble(), minTtc);
        Assert.Equal(0, kpis.GetProperty("collisions").GetDouble());
        Assert.InRange(kpis.GetProperty("max_decel").GetDouble(), 0.0, 4.0);
        foreach (string k in new[] { "min_thw", "min_lead_distance", "max_accel", "max_jerk", "traveled_distance", "final_speed" })
        {
            Assert.True(kpis.TryGetProperty(k, out JsonElement v), $"kpis.{k} missing");
            Assert.Equal(JsonValueKind.Number, v.ValueKind);
        }
        Assert.Equal(JsonValueKind.Array, root.GetProperty("collisions").ValueKind);
        Assert.Empty(root.GetProperty("collisions").EnumerateArray());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("events").ValueKind);
        Assert.False(File.Exists(Path.Combine(outDir, "result.json.partial")));
        Assert.False(File.Exists(Path.Combine(outDir, "trajectories.csv.partial")));
    }

    [Fact]
    public void CutIn_writes_trajectories_csv_consistent_with_the_road()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        CliResult r = SimCli.InProcess("run", Repo.CutIn, "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(string.Empty, r.StdOut);

        long steps;
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json"))))
        {
            steps = doc.RootElement.GetProperty("steps").GetInt64();
        }
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "trajectories.csv"));
        Assert.Equal(Header, lines[0]);
        const int entities = 2;
        Assert.Equal((steps + 1) * entities, lines.Length - 1);

        string[][] rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, f => Assert.Equal(10, f.Length));
        // Every step lists every entity, in declaration order, at time = index * step.
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i % entities == 0 ? "ego" : "cutter", rows[i][1]);
            Assert.Equal((i / entities) * 0.01, D(rows[i][0]), 6);
        }

        // The road is straight along +x from (0,0) for 1200 m: lane -2's centre is 3.75 + 3.75/2 to the right.
        string[] ego0 = rows[0];
        Assert.Equal(50.0, D(ego0[2]), 9);
        Assert.Equal(-(3.75 + 3.75 / 2), D(ego0[3]), 9);
        Assert.Equal(0.0, D(ego0[4]));
        Assert.Equal(0.0, D(ego0[5]), 9);
        Assert.Equal(27.8, D(ego0[6]), 9);
        Assert.Equal(50.0, D(ego0[7]), 9);
        Assert.Equal("-2", ego0[8]);
        Assert.Equal(0.0, D(ego0[9]), 9);
        string[] cutter0 = rows[1];
        Assert.Equal(120.0, D(cutter0[2]), 9);
        Assert.Equal(-3.75 / 2, D(cutter0[3]), 9);
        Assert.Equal("-1", cutter0[8]);

        // After the cut-in the cutter is in the ego's lane, ahead of it.
        string[] lastCutter = rows[^1];
        string[] lastEgo = rows[^2];
        Assert.Equal("-2", lastCutter[8]);
        Assert.True(D(lastCutter[2]) > D(lastEgo[2]));
        // While x < 1200 the road is straight, so y = -5.625 in lane -2 and x = road_s.
        foreach (string[] f in rows.Where(f => f[8] == "-2" && D(f[7]) < 1200 && f[1] == "ego"))
        {
            Assert.Equal(D(f[7]), D(f[2]), 6);
        }
    }

    [Fact]
    public void Failing_criterion_exits_1_and_still_writes_outputs()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("cut_in_strict.yaml", ScenarioText.CutInFailing());
        string outDir = dir.File("out");
        CliResult r = SimCli.InProcess("run", scenario, "--out", outDir, "--quiet");
        Assert.True(r.ExitCode == 1, r.ToString());

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        JsonElement root = doc.RootElement;
        Assert.Equal("fail", root.GetProperty("status").GetString());
        JsonElement strict = root.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "max_decel <= 0.01");
        Assert.False(strict.GetProperty("passed").GetBoolean());
        Assert.True(strict.GetProperty("value").GetDouble() > 0.01);
        double failedAt = strict.GetProperty("failed_at").GetDouble();
        Assert.InRange(failedAt, 0.0, 25.0);
        // The other criteria are unaffected.
        Assert.All(root.GetProperty("criteria").EnumerateArray().Where(c => c.GetProperty("name").GetString() != "max_decel <= 0.01"),
            c => Assert.True(c.GetProperty("passed").GetBoolean()));
        Assert.Contains(root.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "criterion_failed" && e.GetProperty("name").GetString() == "max_decel <= 0.01");
        Assert.True(File.Exists(Path.Combine(outDir, "trajectories.csv")));
    }

    [Fact]
    public void Execute_directly_matches_main_and_honours_step_override()
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        CliResult r = SimCli.Capture(() => Commands.RunCommand.Execute(Repo.CutIn, outDir,
            new SimCore.Simulation.SimulationOptions { Step = 0.02, Seed = 3 }, new Dictionary<string, string> { ["cut_in_gap"] = "30" }, quiet: true));
        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        Assert.Equal(0.02, doc.RootElement.GetProperty("step").GetDouble());
        Assert.Equal(1250, doc.RootElement.GetProperty("steps").GetInt64());
        Assert.Equal(3UL, doc.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal(1 + 1251 * 2, File.ReadAllLines(Path.Combine(outDir, "trajectories.csv")).Length);
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
