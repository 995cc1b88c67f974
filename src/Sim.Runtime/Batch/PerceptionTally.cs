using System.Text.Json;
using Sim.Runtime.Scoring;

namespace Sim.Runtime.Batch;

/// <summary>
/// The perception mistakes of one run (its result.json's "perception") or of several summed:
/// scored driving time and, per class, ghost (FP) and miss (FN) episodes. Rates of a sum are
/// total mistakes over total hours, not a mean of the runs' rates (docs/batch.md).
/// </summary>
/// <param name="Runs">Runs summed (1 for one run).</param>
/// <param name="ScoredSeconds">Scored driving time (s).</param>
/// <param name="Classes">Per class, by name (ordinal).</param>
internal sealed record PerceptionTally(int Runs, double ScoredSeconds, IReadOnlyList<PerceptionTally.ClassMistakes> Classes)
{
    /// <summary>Mistakes of one class.</summary>
    /// <param name="Class">Class name.</param>
    /// <param name="FalsePositiveEpisodes">Ghost episodes.</param>
    /// <param name="FalseNegativeEpisodes">Miss episodes.</param>
    internal readonly record struct ClassMistakes(string Class, long FalsePositiveEpisodes, long FalseNegativeEpisodes);

    /// <summary>
    /// The "perception" section of a result.json: at its top (`sim replay`), in "model" (`sim run
    /// --ego-driver onnx:`) or in "hil" (`sim run --target`); null when it has none.
    /// </summary>
    /// <exception cref="InvalidOperationException">The section has not the documented shape.</exception>
    /// <exception cref="FormatException">A count is not an integer.</exception>
    public static PerceptionTally? FromResult(JsonElement root)
    {
        foreach (string parent in new[] { "", "model", "hil" })
        {
            JsonElement holder = root;
            if ((parent.Length == 0 || (root.TryGetProperty(parent, out holder) && holder.ValueKind == JsonValueKind.Object))
                && holder.TryGetProperty("perception", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
            {
                return Read(p);
            }
        }
        return null;
    }

    /// <summary>Reads what <see cref="WriteJson"/> wrote, or a result.json's "perception" section (its extra keys ignored); null for JSON null.</summary>
    /// <exception cref="InvalidOperationException">Not the documented shape.</exception>
    /// <exception cref="FormatException">A count is not an integer.</exception>
    public static PerceptionTally? Read(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        double seconds = e.GetProperty("scored_time_s").GetDouble();
        int runs = e.TryGetProperty("runs", out JsonElement r) ? r.GetInt32() : 1;
        var classes = new List<ClassMistakes>();
        foreach (JsonProperty c in e.GetProperty("classes").EnumerateObject())
        {
            classes.Add(new ClassMistakes(c.Name, c.Value.GetProperty("fp_episodes").GetInt64(), c.Value.GetProperty("fn_episodes").GetInt64()));
        }
        classes.Sort((a, b) => string.CompareOrdinal(a.Class, b.Class));
        return new PerceptionTally(runs, seconds, classes);
    }

    /// <summary>The sum of the runs that scored perception; null when none did.</summary>
    public static PerceptionTally? Sum(IEnumerable<PerceptionTally?> tallies)
    {
        int runs = 0;
        double seconds = 0;
        var classes = new SortedDictionary<string, (long Fp, long Fn)>(StringComparer.Ordinal);
        foreach (PerceptionTally t in tallies.OfType<PerceptionTally>())
        {
            runs += t.Runs;
            seconds += t.ScoredSeconds;
            foreach (ClassMistakes c in t.Classes)
            {
                (long fp, long fn) = classes.GetValueOrDefault(c.Class);
                classes[c.Class] = (fp + c.FalsePositiveEpisodes, fn + c.FalseNegativeEpisodes);
            }
        }
        return runs == 0 ? null : new PerceptionTally(runs, seconds, classes.Select(kv => new ClassMistakes(kv.Key, kv.Value.Fp, kv.Value.Fn)).ToList());
    }

    /// <summary>Writes {runs, scored_time_s, classes: {CLASS: {fp_episodes, fn_episodes, fp_per_hour, fn_per_hour}}}; a rate is null when no time was scored.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("runs", Runs);
        w.WriteNumber("scored_time_s", ScoredSeconds);
        w.WriteStartObject("classes");
        foreach (ClassMistakes c in Classes)
        {
            w.WriteStartObject(c.Class);
            MistakesPerHour.Write(w, c.FalsePositiveEpisodes, c.FalseNegativeEpisodes, ScoredSeconds);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes <paramref name="tally"/>, or JSON null for none.</summary>
    public static void Write(Utf8JsonWriter w, string name, PerceptionTally? tally)
    {
        w.WritePropertyName(name);
        if (tally is null)
        {
            w.WriteNullValue();
        }
        else
        {
            tally.WriteJson(w);
        }
    }
}
