using System.Buffers.Binary;
using System.Text.Json;
using Perception;
using Perception.Runtime;
using Sim.Runtime.Output;
using SimCore.Diagnostics;

namespace Sim.Runtime.Sil;

/// <summary>
/// `sim mine`: ranks the frames of a `sim generate` dataset by a model's uncertainty and selects
/// the top K for labelling, with lineage (docs/perception-models.md, "Mining").
/// </summary>
public static class Mining
{
    /// <summary>A frame of the dataset as its manifest describes it.</summary>
    private sealed record Frame(string Id, double Time, JsonElement Lineage, double? TimeOfDay);

    /// <summary>
    /// The selection's path without .json or .txt: `--out sel.json` writes sel.json and sel.txt, not sel.json.json.
    /// </summary>
    public static string Stem(string output)
        => Path.GetExtension(output) is ".json" or ".txt" ? output[..^Path.GetExtension(output).Length] : output;

    /// <summary>
    /// Ranks every frame of <paramref name="dataset"/> (its manifests, one per shard) by how
    /// uncertain the model at <paramref name="spec"/> is about it (<paramref name="by"/>: entropy or
    /// margin of its detections' class scores, only <paramref name="cls"/> when given, only frames of
    /// <paramref name="condition"/> night or day when given) and writes the top
    /// <paramref name="top"/> as OUTPUT.json (with lineage) and OUTPUT.txt (ids).
    /// Returns the frames selected and considered.
    /// </summary>
    /// <exception cref="InputException">A bad option, model spec, or not a dataset.</exception>
    /// <exception cref="RunException">A damaged dataset file, or the model failed.</exception>
    public static (int Selected, int Considered) Mine(string dataset, string spec, int top, string output, string by = "entropy", string? cls = null, string? condition = null)
    {
        output = Stem(output);
        try
        {
            if (top < 1)
            {
                throw new InputException(new SourceLocation("--top", 0, 0), "must be at least 1");
            }
            if (by is not ("entropy" or "margin"))
            {
                throw new InputException(new SourceLocation("--by", 0, 0), $"'{by}' is not entropy or margin");
            }
            if (condition is not (null or "night" or "day"))
            {
                throw new InputException(new SourceLocation("--condition", 0, 0), $"'{condition}' is not night or day");
            }
            List<Frame> frames = ReadManifests(dataset);
            using ModelRunner runner = ModelRunner.Load(spec);
            if (cls is not null && !runner.ClassNames.Contains(cls))
            {
                throw new InputException(new SourceLocation("--class", 0, 0), $"'{cls}' is not a class of the model ({string.Join(", ", runner.ClassNames)})");
            }
            var ranked = new List<(Frame Frame, double Score, int Detections)>();
            foreach (Frame f in frames)
            {
                if (condition is not null && (f.TimeOfDay is not { } h || (h < 6 || h >= 20) != (condition == "night")))
                {
                    continue;
                }
                string file = Path.Combine(dataset, "lidar", f.Id + ".bin");
                byte[] bytes = File.Exists(file) ? File.ReadAllBytes(file) : throw new InputException(new SourceLocation(file, 0, 0), "missing: the manifest lists this frame");
                var scores = new List<double>();
                foreach (ReadOnlyMemory<byte> payload in Payloads(bytes, file))
                {
                    foreach (Detection d in runner.Detect(payload.Span))
                    {
                        if (cls is null || d.ClassName == cls)
                        {
                            scores.Add(d.Score);
                        }
                    }
                }
                ranked.Add((f, FrameUncertainty.Of(scores, by == "margin"), scores.Count));
            }
            // Most uncertain first; ties by frame id, so the selection is the same on every machine.
            ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Frame.Id, b.Frame.Id));
            var chosen = ranked.Take(top).ToList();
            AtomicFile.Write(output + ".json", s =>
            {
                using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
                w.WriteStartObject();
                w.WriteString("dataset", dataset);
                w.WriteString("model", spec);
                w.WriteString("provider", runner.Provider);
                w.WriteString("by", by);
                w.WriteString("class", cls);
                w.WriteString("condition", condition);
                w.WriteNumber("frames_considered", ranked.Count);
                w.WriteNumber("selected", chosen.Count);
                w.WriteStartArray("frames");
                foreach ((Frame f, double score, int n) in chosen)
                {
                    w.WriteStartObject();
                    w.WriteString("id", f.Id);
                    w.WriteNumber("uncertainty", Math.Round(score, 6));
                    w.WriteNumber("detections", n);
                    w.WriteNumber("time", f.Time);
                    w.WritePropertyName("lineage");
                    f.Lineage.WriteTo(w);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            AtomicFile.Write(output + ".txt", s =>
            {
                using var t = new StreamWriter(s);
                t.NewLine = "\n";
                foreach ((Frame f, _, _) in chosen)
                {
                    t.WriteLine(f.Id);
                }
            });
            return (chosen.Count, ranked.Count);
        }
        catch (Exception e) when (e is InvalidDataException or ModelOutputException or JsonException or IOException)
        {
            throw new RunException(dataset, e.Message, e);
        }
    }

    /// <summary>Every frame of every manifest (one per shard) in the dataset, by id.</summary>
    private static List<Frame> ReadManifests(string dataset)
    {
        string[] files = Directory.Exists(dataset) ? Directory.GetFiles(dataset, "manifest*.json") : [];
        if (files.Length == 0)
        {
            throw new InputException(new SourceLocation(dataset, 0, 0), "no manifest.json: not a dataset written by `sim generate`");
        }
        var frames = new SortedDictionary<string, Frame>(StringComparer.Ordinal);
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!doc.RootElement.TryGetProperty("frames", out JsonElement list))
            {
                throw new InputException(new SourceLocation(file, 0, 0), "no 'frames' list");
            }
            foreach (JsonElement f in list.EnumerateArray())
            {
                JsonElement lineage = f.GetProperty("lineage").Clone();
                double? tod = lineage.TryGetProperty("randomised", out JsonElement r) && r.TryGetProperty("time_of_day", out JsonElement h) && h.ValueKind == JsonValueKind.Number ? h.GetDouble() : null;
                string id = f.GetProperty("id").GetString()!;
                frames[id] = new Frame(id, f.GetProperty("time").GetDouble(), lineage, tod);
            }
        }
        return frames.Values.ToList();
    }

    /// <summary>The lidar.v1 payloads (one per packet) a dataset's lidar file holds, back to back.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Payloads(byte[] bytes, string file)
    {
        int at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 16)
            {
                throw new InvalidDataException($"{file}: {bytes.Length - at} bytes at {at} are not a lidar.v1 header");
            }
            long length = 16 + (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) * BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 4));
            if (at + length > bytes.Length)
            {
                throw new InvalidDataException($"{file}: the payload at byte {at} claims {length} bytes; {bytes.Length - at} are left");
            }
            yield return bytes.AsMemory(at, (int)length);
            at += (int)length;
        }
    }
}
