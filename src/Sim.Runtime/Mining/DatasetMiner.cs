using System.Globalization;
using System.Text.Json;
using Perception;
using Perception.Runtime;
using Perception.Uncertainty;
using Sim.Runtime.Output;
using Sim.Runtime.Sil;
using SimCore.Diagnostics;

namespace Sim.Runtime.Mining;

/// <summary>
/// `sim mine`: ranks the frames of a `sim generate` dataset by how unsure one model is about them
/// (binary entropy or margin of its detections' scores, summed) or how much an ensemble disagrees
/// (mutual information per heatmap cell, <see cref="EnsembleDisagreement"/>, the frame's max or
/// mean), skips near-duplicates (<see cref="NearDuplicates"/>) and writes the top K with lineage.
/// </summary>
public static class DatasetMiner
{
    private static readonly string[] SingleModelMeasures = ["entropy", "margin"];
    private static readonly string[] EnsembleMeasures = ["mi-max", "mi-mean"];

    private sealed record Scored(DatasetFrame Frame, double Score, double Entropy, double Margin, FrameDisagreement Disagreement, int Detections);

    /// <summary>Runs the request and writes OUTPUT.json and OUTPUT.txt.</summary>
    /// <exception cref="InputException">Bad options, dataset or model specs.</exception>
    /// <exception cref="RunException">A frame's file is missing or malformed, or a model failed (names the file).</exception>
    public static MineSummary Run(MineRequest r)
    {
        try
        {
            return Mine(r);
        }
        catch (Exception e) when (e is InvalidDataException or ModelOutputException or JsonException or IOException)
        {
            throw new RunException(r.Dataset, e.Message, e);
        }
    }

    private static MineSummary Mine(MineRequest r)
    {
        Check(r);
        DatasetManifest manifest = DatasetManifest.Read(r.Dataset);
        double window = r.Dedup ?? manifest.Interval ?? 0;
        var runners = new List<ModelRunner>();
        try
        {
            foreach (string spec in r.Specs)
            {
                runners.Add(ModelRunner.Load(spec));
            }
            int focus = CheckModels(r, runners);
            List<Scored> ranked = Score(r, manifest, runners, focus);
            // Most uncertain first; ties by frame id, so the selection is the same on every machine.
            ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Frame.Id, b.Frame.Id));
            (List<Scored> chosen, int skipped) = NearDuplicates.TopK(ranked, r.Top, window, s => s.Frame);
            Write(r, runners[0], ranked.Count, window, skipped, chosen);
            return new MineSummary(chosen.Count, ranked.Count, skipped, window);
        }
        finally
        {
            foreach (ModelRunner m in runners)
            {
                m.Dispose();
            }
        }
    }

    private static void Check(MineRequest r)
    {
        if (r.Top < 1)
        {
            throw new InputException(new SourceLocation("--top", 0, 0), "must be at least 1");
        }
        string[] measures = r.Ensemble ? EnsembleMeasures : SingleModelMeasures;
        if (!measures.Contains(r.By))
        {
            string other = r.Ensemble ? "one model (--model) ranks by entropy or margin" : "mi-max and mi-mean need an ensemble (--ensemble SPEC1,SPEC2,...)";
            throw new InputException(new SourceLocation("--by", 0, 0), $"'{r.By}' is not one of {string.Join(", ", measures)}; {other}");
        }
        if (r.Ensemble && r.Specs.Count < 2)
        {
            throw new InputException(new SourceLocation("--ensemble", 0, 0), $"an ensemble is two or more model specs, comma-separated; got {r.Specs.Count}");
        }
        if (r.Condition is not (null or "night" or "dusk" or "day"))
        {
            throw new InputException(new SourceLocation("--condition", 0, 0), $"'{r.Condition}' is not night, dusk or day");
        }
        if (r.Dedup is { } d && !(d >= 0 && double.IsFinite(d)))
        {
            throw new InputException(new SourceLocation("--dedup", 0, 0), $"a window in seconds, 0 or more, not {d.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Members of an ensemble must see the same sensor and answer with the same heatmap; returns the focus class or -1.</summary>
    private static int CheckModels(MineRequest r, List<ModelRunner> runners)
    {
        ModelRunner first = runners[0];
        foreach (ModelRunner m in runners.Skip(1))
        {
            if (m.Input != first.Input || !m.ClassNames.SequenceEqual(first.ClassNames) || m.HeatmapHeight != first.HeatmapHeight || m.HeatmapWidth != first.HeatmapWidth
                || m.ImageWidth != first.ImageWidth || m.ImageHeight != first.ImageHeight)
            {
                throw new InputException(new SourceLocation(m.SpecPath, 0, 0),
                    $"an ensemble's members must read the same sensor and output the same heatmap: this spec's model is {Describe(m)}, the first ({first.SpecPath}) {Describe(first)}");
            }
        }
        if (r.Class is null)
        {
            return -1;
        }
        int focus = first.ClassNames.ToList().IndexOf(r.Class);
        return focus >= 0 ? focus : throw new InputException(new SourceLocation("--class", 0, 0), $"'{r.Class}' is not a class of the model ({string.Join(", ", first.ClassNames)})");
    }

    private static string Describe(ModelRunner m)
        => FormattableString.Invariant($"{m.Input.ToString().ToLowerInvariant()} [{string.Join(", ", m.ClassNames)}] x {m.HeatmapHeight} x {m.HeatmapWidth}");

    private static List<Scored> Score(MineRequest r, DatasetManifest manifest, List<ModelRunner> runners, int focus)
    {
        var inputs = new DatasetInputs(r.Dataset);
        ModelRunner first = runners[0];
        var disagreement = new EnsembleDisagreement(first.ClassNames.Count, first.HeatmapHeight * first.HeatmapWidth, focus);
        var scores = new List<double>();
        var ranked = new List<Scored>();
        foreach (DatasetFrame f in manifest.Frames)
        {
            if (r.Condition is not null && (f.TimeOfDay is not { } h || SensorModels.Rendering.Lighting.ConditionAt(h) != r.Condition))
            {
                continue;
            }
            byte[]? image = first.Input == ModelInput.Camera ? inputs.Image(f.Id, first.ImageWidth, first.ImageHeight) : null;
            ReadOnlySpan<byte> sweep = image is null ? inputs.LidarSweep(f.Id) : default;
            scores.Clear();
            for (int m = 0; m < runners.Count; m++)
            {
                if (image is not null)
                {
                    IReadOnlyList<ImageDetection> found = runners[m].DetectImage(first.ImageWidth, first.ImageHeight, image);
                    if (m == 0)
                    {
                        scores.AddRange(found.Where(d => r.Class is null || d.ClassName == r.Class).Select(d => (double)d.Score));
                    }
                }
                else
                {
                    IReadOnlyList<Detection> found = runners[m].Detect(sweep);
                    if (m == 0)
                    {
                        scores.AddRange(found.Where(d => r.Class is null || d.ClassName == r.Class).Select(d => (double)d.Score));
                    }
                }
                if (r.Ensemble)
                {
                    disagreement.Add(runners[m].Heatmap);
                }
            }
            FrameDisagreement mi = r.Ensemble ? disagreement.Finish() : default;
            double entropy = FrameUncertainty.Of(scores, margin: false), margin = FrameUncertainty.Of(scores, margin: true);
            double score = r.By switch
            {
                "mi-max" => mi.MaxBits,
                "mi-mean" => mi.MeanBits,
                "margin" => margin,
                _ => entropy,
            };
            ranked.Add(new Scored(f, score, entropy, margin, mi, scores.Count));
        }
        return ranked;
    }

    private static void Write(MineRequest r, ModelRunner first, int considered, double window, int skipped, List<Scored> chosen)
    {
        AtomicFile.Write(r.Output + ".json", s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("dataset", r.Dataset);
            if (r.Ensemble)
            {
                w.WriteStartArray("ensemble");
                foreach (string spec in r.Specs)
                {
                    w.WriteStringValue(spec);
                }
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("model", r.Specs[0]);
            }
            w.WriteString("provider", first.Provider);
            w.WriteString("by", r.By);
            w.WriteString("class", r.Class);
            w.WriteString("condition", r.Condition);
            w.WriteNumber("dedup_seconds", window);
            w.WriteNumber("frames_considered", considered);
            w.WriteNumber("near_duplicates_skipped", skipped);
            w.WriteNumber("selected", chosen.Count);
            w.WriteStartArray("frames");
            foreach (Scored c in chosen)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Frame.Id);
                w.WriteNumber("uncertainty", Math.Round(c.Score, 6));
                if (r.Ensemble)
                {
                    w.WriteNumber("mi_max", Math.Round(c.Disagreement.MaxBits, 6));
                    w.WriteNumber("mi_mean", Math.Round(c.Disagreement.MeanBits, 8));
                }
                // The first model's detection measures, alongside (today's ranking).
                w.WriteNumber("entropy", Math.Round(c.Entropy, 6));
                w.WriteNumber("margin", Math.Round(c.Margin, 6));
                w.WriteNumber("detections", c.Detections);
                w.WriteNumber("time", c.Frame.Time);
                w.WritePropertyName("lineage");
                c.Frame.Lineage.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        AtomicFile.Write(r.Output + ".txt", s =>
        {
            using var t = new StreamWriter(s);
            t.NewLine = "\n";
            foreach (Scored c in chosen)
            {
                t.WriteLine(c.Frame.Id);
            }
        });
    }
}
