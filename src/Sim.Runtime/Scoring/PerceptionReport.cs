using System.Text.Json;

namespace Sim.Runtime.Scoring;

/// <summary>What a <see cref="PerceptionScorer"/> found over a run (docs/hil-scoring.md).</summary>
/// <param name="TicksScored">Ticks scored.</param>
/// <param name="Options">The thresholds used.</param>
/// <param name="Classes">Per class, sorted by name (ordinal).</param>
/// <param name="Events">Events in the order they were decided, at most <see cref="PerceptionScorerOptions.MaxEvents"/>.</param>
/// <param name="EventsDropped">Events past the cap, counted only.</param>
internal sealed record PerceptionReport(long TicksScored, PerceptionScorerOptions Options, IReadOnlyList<ClassScore> Classes,
    IReadOnlyList<PerceptionEvent> Events, long EventsDropped)
{
    /// <summary>Driving time scored (ns): <see cref="PerceptionScorer.ScoredNanoseconds"/>.</summary>
    public long ScoredNanoseconds { get; init; }

    /// <summary>Driving time scored (s), the denominator of the per-hour rates.</summary>
    public double ScoredSeconds => ScoredNanoseconds / 1e9;

    /// <summary>
    /// Writes the report as one JSON object. Numbers go through <see cref="Utf8JsonWriter"/>,
    /// which formats invariantly (shortest round-trip form) whatever the culture.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("ticks_scored", TicksScored);
        writer.WriteNumber("scored_time_s", ScoredSeconds);
        writer.WriteNumber("distance_threshold_m", Options.DistanceThreshold);
        writer.WriteNumber("score_threshold", Options.ScoreThreshold);
        writer.WriteNumber("miss_frames", Options.MissFrames);
        writer.WriteStartObject("classes");
        foreach (ClassScore c in Classes)
        {
            writer.WriteStartObject(c.Class);
            writer.WriteNumber("tp", c.TruePositives);
            writer.WriteNumber("fp", c.FalsePositives);
            writer.WriteNumber("fn", c.FalseNegatives);
            WriteNullable(writer, "precision", c.Precision);
            WriteNullable(writer, "recall", c.Recall);
            WriteNullable(writer, "mean_iou", c.MeanIou);
            WriteNullable(writer, "mean_centre_error_m", c.MeanCentreError);
            MistakesPerHour.Write(writer, c.FalsePositiveEpisodes, c.FalseNegativeEpisodes, ScoredSeconds);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteStartArray("events");
        foreach (PerceptionEvent e in Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber("time", e.TimeSeconds);
            writer.WriteString("type", e.Type);
            writer.WriteString("class", e.Class);
            writer.WriteNumber("object", e.ObjectId);
            writer.WriteString("text", e.Text);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNumber("events_dropped", EventsDropped);
        writer.WriteEndObject();
    }

    /// <summary>The report as indented JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(writer);
        }
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        // Keys are always present so readers see one shape; undefined metrics are null, never NaN.
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
