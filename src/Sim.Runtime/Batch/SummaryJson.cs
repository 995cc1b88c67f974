using System.Text.Json;
using SimCore.Diagnostics;

using Sim.Runtime.Output;

namespace Sim.Runtime.Batch;

/// <summary>
/// summary.json (docs/batch.md): counts, per-family KPI distributions, the slowest runs, and every
/// run with what its result.json said, so that `sim report merge` rebuilds all outputs from it.
/// </summary>
internal static class SummaryJson
{
    public const string FileName = "summary.json";

    public static void Write(string outDir, BatchOutcome b)
    {
        AtomicFile.Write(Path.Combine(outDir, FileName), s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteNumber("total", b.Runs.Count);
            w.WriteNumber("pass", b.Pass);
            w.WriteNumber("fail", b.Fail);
            w.WriteNumber("error", b.Error);
            w.WriteNumber("resumed", b.Resumed);
            w.WriteNumber("wall_time", Math.Round(b.WallTime, 3));
            w.WriteString("shard", b.Shard);
            w.WriteStartArray("merged_from");
            foreach (string m in b.MergedFrom)
            {
                w.WriteStringValue(m);
            }
            w.WriteEndArray();
            w.WriteStartObject("families");
            foreach (FamilySummary f in b.Families)
            {
                w.WriteStartObject(f.Family);
                w.WriteNumber("runs", f.Runs.Count);
                w.WriteNumber("pass", f.Pass);
                w.WriteNumber("fail", f.Fail);
                w.WriteNumber("error", f.Error);
                w.WriteStartObject("kpis");
                foreach (KpiDistribution k in f.Kpis)
                {
                    w.WriteStartObject(k.Kpi);
                    w.WriteNumber("count", k.Count);
                    Number(w, "min", k.Min);
                    Number(w, "mean", k.Mean);
                    Number(w, "max", k.Max);
                    Number(w, "p50", k.P50);
                    Number(w, "p95", k.P95);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                PerceptionTally.Write(w, "perception", f.Perception);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            PerceptionTally.Write(w, "perception", b.Perception);
            w.WriteStartArray("slowest");
            foreach (RunRecord r in b.Slowest)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                Number(w, "wall_time", r.WallTime);
                w.WriteString("status", r.Status);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("runs");
            foreach (RunRecord r in b.Runs)
            {
                WriteRun(w, r, outDir);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRun(Utf8JsonWriter w, RunRecord r, string outDir)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("family", r.Family);
        w.WriteString("scenario", r.Scenario);
        w.WriteStartObject("parameters");
        foreach (KeyValuePair<string, string> p in r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(p.Key, p.Value);
        }
        w.WriteEndObject();
        w.WriteString("status", r.Status);
        w.WriteString("reason", r.Reason);
        if (r.ExitCode is int code)
        {
            w.WriteNumber("exit_code", code);
        }
        else
        {
            w.WriteNull("exit_code");
        }
        Number(w, "wall_time", r.WallTime);
        w.WriteBoolean("resumed", r.Resumed);
        w.WriteString("state_hash", r.StateHash);
        // Relative, so a shared volume mounted elsewhere (another node, the CI machine) still resolves it.
        w.WriteString("dir", Path.GetRelativePath(outDir, r.Directory).Replace('\\', '/'));
        w.WriteStartArray("failed_criteria");
        foreach (CriterionRecord c in r.FailedCriteria)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("kpi", c.Kpi);
            w.WriteString("op", c.Op);
            Number(w, "threshold", c.Threshold);
            Number(w, "value", c.Value);
            Number(w, "failed_at", c.FailedAt);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("kpis");
        foreach (KeyValuePair<string, double?> k in r.Kpis)
        {
            Number(w, k.Key, k.Value);
        }
        w.WriteEndObject();
        PerceptionTally.Write(w, "perception", r.Perception);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is double d && double.IsFinite(d))
        {
            w.WriteNumber(name, Math.Round(d, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>The runs, wall time and shard (null for a whole batch) of DIR/summary.json; run folders resolved against DIR.</summary>
    /// <exception cref="InputException">The file is missing or not a batch summary.</exception>
    public static (IReadOnlyList<RunRecord> Runs, double WallTime, ShardSpec? Shard) Read(string dir)
    {
        string path = Path.Combine(dir, FileName);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            var runs = new List<RunRecord>();
            foreach (JsonElement r in root.GetProperty("runs").EnumerateArray())
            {
                var failed = new List<CriterionRecord>();
                foreach (JsonElement c in r.GetProperty("failed_criteria").EnumerateArray())
                {
                    failed.Add(new CriterionRecord(c.GetProperty("name").GetString()!, c.GetProperty("kpi").GetString()!, c.GetProperty("op").GetString()!,
                        Num(c, "threshold"), Num(c, "value"), Num(c, "failed_at")));
                }
                runs.Add(new RunRecord
                {
                    Id = r.GetProperty("id").GetString()!,
                    Family = r.GetProperty("family").GetString()!,
                    Scenario = r.GetProperty("scenario").GetString()!,
                    Parameters = r.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
                    Status = r.GetProperty("status").GetString()!,
                    Reason = r.GetProperty("reason").GetString(),
                    ExitCode = r.GetProperty("exit_code").ValueKind == JsonValueKind.Number ? r.GetProperty("exit_code").GetInt32() : null,
                    WallTime = Num(r, "wall_time") ?? 0,
                    Resumed = r.GetProperty("resumed").GetBoolean(),
                    StateHash = r.GetProperty("state_hash").GetString(),
                    Directory = Path.GetFullPath(Path.Combine(dir, r.GetProperty("dir").GetString()!)),
                    FailedCriteria = failed,
                    Kpis = r.GetProperty("kpis").EnumerateObject().Select(k => new KeyValuePair<string, double?>(k.Name, k.Value.ValueKind == JsonValueKind.Number ? k.Value.GetDouble() : null)).ToList(),
                    // Absent in summaries written before perception was summed.
                    Perception = r.TryGetProperty("perception", out JsonElement p) ? PerceptionTally.Read(p) : null,
                });
            }
            ShardSpec? shard = root.GetProperty("shard").GetString() is string slice ? ShardSpec.Resolve(slice, null, _ => null)! with { Source = path } : null;
            return (runs, Num(root, "wall_time") ?? 0, shard);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(new SourceLocation(path, 0, 0), $"cannot read it: {e.Message} (is {dir} the --out of a `sim batch`?)");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InputException(new SourceLocation(path, 0, 0), $"not a batch summary: {e.Message}");
        }
    }

    private static double? Num(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
