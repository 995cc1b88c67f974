using System.Text;
using System.Text.Json;
using SensorModels.Runtime;
using SimCore.Kpis;
using SimCore.Simulation;

namespace Sim.Runtime.Output;

/// <summary>Writes result.json (schema in docs/kpis.md). Unmeasured values are null, never NaN or Infinity.</summary>
internal static class ResultJsonWriter
{
    public static void Write(string path, RunResult r, double wallSeconds, IReadOnlyList<SensorSummary>? sensors = null, string? error = null,
        IReadOnlyList<(string Name, Action<Utf8JsonWriter> Write)>? sections = null)
    {
        using FileStream fs = File.Create(path);
        Write(fs, r, wallSeconds, sensors, error, sections);
    }

    /// <summary>
    /// Writes the result. <paramref name="error"/>: the run was cut short (status "error", end_reason
    /// "error", the reason as end_detail); <paramref name="sections"/> write further objects by name
    /// ("hil" for a HIL target, "model" for a model in the loop).
    /// </summary>
    public static void Write(Stream stream, RunResult r, double wallSeconds, IReadOnlyList<SensorSummary>? sensors = null, string? error = null,
        IReadOnlyList<(string Name, Action<Utf8JsonWriter> Write)>? sections = null)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("scenario", r.Scenario);
        w.WriteString("file", r.File);
        w.WriteString("status", error is not null ? "error" : r.Status == RunStatus.Pass ? "pass" : "fail");
        w.WriteString("end_reason", error is not null ? "error" : r.EndReason.Name());
        if ((error ?? r.EndDetail) is not { } detail)
        {
            w.WriteNull("end_detail");
        }
        else
        {
            w.WriteString("end_detail", detail);
        }
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("step", r.Step);
        w.WriteNumber("steps", r.Steps);
        w.WriteNumber("sim_time", r.SimTime);
        w.WriteNumber("wall_time", Math.Round(wallSeconds, 6));
        w.WriteNumber("threads", r.Threads);
        w.WriteString("state_hash", r.StateHash);

        w.WriteStartArray("criteria");
        foreach (CriterionResult c in r.Criteria)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("kpi", c.Kpi);
            w.WriteString("op", c.Operator);
            w.WriteNumber("threshold", c.Threshold);
            Number(w, "value", c.Value);
            w.WriteBoolean("passed", c.Passed);
            Number(w, "failed_at", c.FailedAt);
            w.WriteString("source", c.Source);
            if (c.NotApplicable is { } why)
            {
                w.WriteString("not_applicable", why);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("kpis");
        foreach (KpiValue k in r.Kpis)
        {
            Number(w, k.Name, k.Value);
        }
        w.WriteEndObject();
        if (r.Kpis.Any(k => k.NotApplicable is not null))
        {
            w.WriteStartObject("kpis_not_applicable");
            foreach (KpiValue k in r.Kpis.Where(k => k.NotApplicable is not null))
            {
                w.WriteString(k.Name, k.NotApplicable);
            }
            w.WriteEndObject();
        }

        w.WriteStartArray("comfort_violations");
        foreach (string v in r.ComfortViolations)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();

        w.WriteStartArray("collisions");
        foreach (CollisionRecord c in r.Collisions)
        {
            w.WriteStartObject();
            w.WriteNumber("time", c.Time);
            w.WriteString("entity_a", c.EntityA);
            w.WriteString("entity_b", c.EntityB);
            w.WriteNumber("relative_speed", Math.Round(c.RelativeSpeed, 6));
            w.WriteBoolean("involves_ego", c.InvolvesEgo);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("events");
        foreach (SimEvent e in r.Events)
        {
            Sim.Runtime.Recording.SimEventJson.Write(w, e);
        }
        w.WriteEndArray();

        // Only when a sensor rig ran (docs/sensors.md): {name: {type, format, outputs, bytes}}.
        if (sensors is not null)
        {
            w.WriteStartObject("sensors");
            foreach (SensorSummary s in sensors)
            {
                w.WriteStartObject(s.Name);
                w.WriteString("type", s.Type);
                w.WriteString("format", s.Format);
                w.WriteNumber("outputs", s.Outputs);
                w.WriteNumber("bytes", s.Bytes);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        foreach ((string name, Action<Utf8JsonWriter> write) in sections ?? [])
        {
            w.WritePropertyName(name);
            write(w);
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d))
        {
            w.WriteNumber(name, Math.Round(d, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
