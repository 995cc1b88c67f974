using System.Text.Json;

namespace Sim.Runtime.Batch;

/// <summary>The parts of a run's result.json (docs/kpis.md) that a batch reports.</summary>
/// <param name="Status">pass or fail (or error, from a HIL run).</param>
/// <param name="StateHash">The run's state hash.</param>
/// <param name="WallTime">The run loop's wall time in seconds.</param>
/// <param name="FailedCriteria">Criteria with passed = false.</param>
/// <param name="Kpis">Every KPI, in file order.</param>
/// <param name="Perception">The perception mistakes, when the run scored perception.</param>
internal sealed record ResultFile(string Status, string? StateHash, double WallTime, IReadOnlyList<CriterionRecord> FailedCriteria, IReadOnlyList<KeyValuePair<string, double?>> Kpis,
    PerceptionTally? Perception)
{
    /// <summary>
    /// Reads <paramref name="path"/>; null when it is missing or not a complete result (a run
    /// killed while writing leaves only result.json.partial, but a file copied by hand may be cut).
    /// </summary>
    public static ResultFile? TryRead(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("status", out JsonElement status) || status.GetString() is not { } s
                || !root.TryGetProperty("kpis", out JsonElement kpis) || kpis.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("criteria", out JsonElement criteria) || criteria.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var failed = new List<CriterionRecord>();
            foreach (JsonElement c in criteria.EnumerateArray())
            {
                if (c.TryGetProperty("passed", out JsonElement p) && p.ValueKind == JsonValueKind.False)
                {
                    failed.Add(new CriterionRecord(Str(c, "name") ?? "?", Str(c, "kpi") ?? "?", Str(c, "op") ?? "?", Num(c, "threshold"), Num(c, "value"), Num(c, "failed_at")));
                }
            }
            var values = new List<KeyValuePair<string, double?>>();
            foreach (JsonProperty k in kpis.EnumerateObject())
            {
                values.Add(new(k.Name, k.Value.ValueKind == JsonValueKind.Number ? k.Value.GetDouble() : null));
            }
            return new ResultFile(s, Str(root, "state_hash"), Num(root, "wall_time") ?? 0, failed, values, PerceptionTally.FromResult(root));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
