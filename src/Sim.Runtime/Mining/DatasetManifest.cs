using System.Text.Json;
using SimCore.Diagnostics;

namespace Sim.Runtime.Mining;

/// <summary>Every frame of a dataset's manifests (one per shard), by id, and the frame interval.</summary>
internal sealed class DatasetManifest
{
    private DatasetManifest(IReadOnlyList<DatasetFrame> frames, double? interval) => (Frames, Interval) = (frames, interval);

    /// <summary>The frames, ordered by id.</summary>
    public IReadOnlyList<DatasetFrame> Frames { get; }

    /// <summary>Seconds between consecutive frames of a variant (the spec's interval), when the manifest says.</summary>
    public double? Interval { get; }

    /// <exception cref="InputException">No manifest, or one without the fields `sim generate` writes (named with its file).</exception>
    public static DatasetManifest Read(string dataset)
    {
        string[] files = Directory.Exists(dataset) ? Directory.GetFiles(dataset, "manifest*.json") : [];
        if (files.Length == 0)
        {
            throw new InputException(new SourceLocation(dataset, 0, 0), "no manifest.json: not a dataset written by `sim generate`");
        }
        var frames = new SortedDictionary<string, DatasetFrame>(StringComparer.Ordinal);
        double? interval = null;
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
                JsonElement root = doc.RootElement;
                if (!root.TryGetProperty("frames", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
                {
                    throw new InputException(new SourceLocation(file, 0, 0), "no 'frames' list");
                }
                if (root.TryGetProperty("interval", out JsonElement iv) && iv.ValueKind == JsonValueKind.Number)
                {
                    interval = iv.GetDouble();
                }
                int n = 0;
                foreach (JsonElement f in list.EnumerateArray())
                {
                    DatasetFrame frame = Frame(f) ?? throw new InputException(new SourceLocation(file, 0, 0), $"frame {n} of 'frames' lacks its id, time or lineage (scenario, variant)");
                    frames[frame.Id] = frame;
                    n++;
                }
            }
            catch (JsonException e)
            {
                throw new InputException(new SourceLocation(file, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1), $"not JSON: {e.Message}");
            }
        }
        return new DatasetManifest(frames.Values.ToList(), interval);
    }

    private static DatasetFrame? Frame(JsonElement f)
    {
        if (f.ValueKind != JsonValueKind.Object
            || !f.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String
            || !f.TryGetProperty("time", out JsonElement time) || time.ValueKind != JsonValueKind.Number
            || !f.TryGetProperty("lineage", out JsonElement lineage) || lineage.ValueKind != JsonValueKind.Object
            || !lineage.TryGetProperty("scenario", out JsonElement scenario) || !lineage.TryGetProperty("variant", out JsonElement variant))
        {
            return null;
        }
        double? tod = lineage.TryGetProperty("randomised", out JsonElement r) && r.ValueKind == JsonValueKind.Object
            && r.TryGetProperty("time_of_day", out JsonElement h) && h.ValueKind == JsonValueKind.Number ? h.GetDouble() : null;
        string stem = id.GetString()!;
        // Ids become file names: a manifest must not point outside the dataset.
        if (stem.Length == 0 || stem.IndexOfAny(['/', '\\']) >= 0 || stem is "." or "..")
        {
            return null;
        }
        return new DatasetFrame(stem, time.GetDouble(), lineage.Clone(), tod, $"{scenario}#{variant}");
    }
}
