using System.Text.Json;
using Sim.Runtime.Batch;

namespace Sim.Runtime.Tests.Batch;

/// <summary>summary.json's perception mistakes: total episodes over total scored hours, per family and overall.</summary>
public sealed class BatchPerceptionTests
{
    /// <summary>A result.json as `sim run` writes it, with a perception section under <paramref name="holder"/> (or none).</summary>
    private static string Result(string? holder, string? perception)
    {
        string section = perception is null ? "" : $", \"{holder}\": {{\"ticks\": 10, \"perception\": {perception}}}";
        return $"{{\"status\": \"pass\", \"state_hash\": \"00\", \"wall_time\": 0.5, \"kpis\": {{\"collisions\": 0}}, \"criteria\": []{section}}}";
    }

    private static string Perception(double seconds, string classes)
        => $"{{\"ticks_scored\": 100, \"scored_time_s\": {seconds}, \"classes\": {{{classes}}}, \"events\": [], \"events_dropped\": 0}}";

    private static string Class(string name, long fp, long fn)
        => $"\"{name}\": {{\"tp\": 5, \"fp\": {10 * fp}, \"fn\": {10 * fn}, \"fp_episodes\": {fp}, \"fn_episodes\": {fn}, \"fp_per_hour\": 99, \"fn_per_hour\": 99}}";

    private static RunRecord Run(TempDir dir, string id, string family, string resultJson)
    {
        string path = dir.Write($"runs/{id}/result.json", resultJson);
        ResultFile result = ResultFile.TryRead(path) ?? throw new InvalidOperationException("unreadable " + path);
        return new RunRecord
        {
            Id = id, Family = family, Scenario = id + ".yaml", Parameters = new Dictionary<string, string>(), Status = result.Status,
            StateHash = result.StateHash, Kpis = result.Kpis, Perception = result.Perception, Directory = Path.GetDirectoryName(path)!,
        };
    }

    private static JsonElement Rates(JsonElement perception, string cls) => perception.GetProperty("classes").GetProperty(cls);

    [Fact]
    public void Families_and_the_batch_sum_episodes_and_hours_before_dividing()
    {
        using var dir = new TempDir();
        RunRecord[] runs =
        [
            // Family a: a model in the loop for half an hour (3 ghost cars, 1 missed car, 2 missed pedestrians)...
            Run(dir, "a__x=1", "a", Result("model", Perception(1800, Class("car", 3, 1) + ", " + Class("pedestrian", 0, 2)))),
            // ...and a HIL target for an hour and a half (1 ghost car, no pedestrian seen).
            Run(dir, "a__x=2", "a", Result("hil", Perception(5400, Class("car", 1, 0)))),
            // Family b scored no perception; family c scored one tick (no time).
            Run(dir, "b", "b", Result(null, null)),
            Run(dir, "c", "c", Result("hil", Perception(0, Class("car", 0, 0)))),
        ];
        Assert.Null(runs[2].Perception);

        string outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        SummaryJson.Write(outDir, new BatchOutcome(runs, 1, null));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, SummaryJson.FileName)));
        JsonElement families = doc.RootElement.GetProperty("families");

        // Family a: 2 h. Car: 4 ghosts / 2 h = 2 per hour (the mean of the runs' rates, 6 and 0.67, would be 3.33);
        // 1 miss / 2 h = 0.5. Pedestrian: 2 misses / 2 h = 1 per hour, 0 ghosts.
        JsonElement a = families.GetProperty("a").GetProperty("perception");
        Assert.Equal(2, a.GetProperty("runs").GetInt32());
        Assert.Equal(7200, a.GetProperty("scored_time_s").GetDouble());
        Assert.Equal(["car", "pedestrian"], a.GetProperty("classes").EnumerateObject().Select(p => p.Name));
        Assert.Equal((4, 1), (Rates(a, "car").GetProperty("fp_episodes").GetInt64(), Rates(a, "car").GetProperty("fn_episodes").GetInt64()));
        Assert.Equal(2.0, Rates(a, "car").GetProperty("fp_per_hour").GetDouble(), 1e-12);
        Assert.Equal(0.5, Rates(a, "car").GetProperty("fn_per_hour").GetDouble(), 1e-12);
        Assert.Equal(0.0, Rates(a, "pedestrian").GetProperty("fp_per_hour").GetDouble());
        Assert.Equal(1.0, Rates(a, "pedestrian").GetProperty("fn_per_hour").GetDouble(), 1e-12);

        Assert.Equal(JsonValueKind.Null, families.GetProperty("b").GetProperty("perception").ValueKind);
        // No time scored: rates are null, never NaN or infinity.
        JsonElement c = families.GetProperty("c").GetProperty("perception");
        Assert.Equal(JsonValueKind.Null, Rates(c, "car").GetProperty("fp_per_hour").ValueKind);
        Assert.Equal(JsonValueKind.Null, Rates(c, "car").GetProperty("fn_per_hour").ValueKind);

        // The batch: runs a__x=1, a__x=2 and c, 2 h; the same rates as family a.
        JsonElement all = doc.RootElement.GetProperty("perception");
        Assert.Equal(3, all.GetProperty("runs").GetInt32());
        Assert.Equal(7200, all.GetProperty("scored_time_s").GetDouble());
        Assert.Equal(2.0, Rates(all, "car").GetProperty("fp_per_hour").GetDouble(), 1e-12);
        Assert.Equal(1.0, Rates(all, "pedestrian").GetProperty("fn_per_hour").GetDouble(), 1e-12);

        // Each run carries its own: a__x=2 had 1 ghost car in 1.5 h.
        JsonElement run2 = doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "a__x=2").GetProperty("perception");
        Assert.Equal(1 / 1.5, Rates(run2, "car").GetProperty("fp_per_hour").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "b").GetProperty("perception").ValueKind);

        // `sim report merge` rebuilds the summary from the runs summary.json lists: the same sums.
        (IReadOnlyList<RunRecord> read, _, _) = SummaryJson.Read(outDir);
        string again = dir.File("again");
        Directory.CreateDirectory(again);
        SummaryJson.Write(again, new BatchOutcome(read, 1, null));
        using JsonDocument merged = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(again, SummaryJson.FileName)));
        Assert.Equal(all.GetRawText(), merged.RootElement.GetProperty("perception").GetRawText());
        Assert.Equal(a.GetRawText(), merged.RootElement.GetProperty("families").GetProperty("a").GetProperty("perception").GetRawText());
    }

    [Fact]
    public void A_perception_section_is_found_at_the_top_of_a_replay_result()
    {
        using JsonDocument doc = JsonDocument.Parse("{\"status\": \"complete\", \"replay\": {\"ticks\": 10}, \"perception\": " + Perception(36, Class("cyclist", 2, 0)) + "}");
        PerceptionTally t = PerceptionTally.FromResult(doc.RootElement)!;
        Assert.Equal(36, t.ScoredSeconds);
        Assert.Equal(new PerceptionTally.ClassMistakes("cyclist", 2, 0), Assert.Single(t.Classes));
    }
}
