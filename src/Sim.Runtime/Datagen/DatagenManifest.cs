using System.Reflection;
using System.Text.Json;
using Sim.Runtime.Batch;

using Sim.Runtime.Output;

namespace Sim.Runtime.Datagen;

/// <summary>
/// manifest.json (manifest.shard-I-of-N.json for a shard, so shards sharing a folder do not
/// overwrite each other): the generator, spec and rig with their hashes, and every frame's lineage.
/// It holds no wall-clock values, so the same spec gives the same bytes.
/// </summary>
internal static class DatagenManifest
{
    /// <summary>The simulator's version: the assembly's informational version.</summary>
    public static string SimulatorVersion
        => typeof(DatagenManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The manifest's file name for a shard (or none).</summary>
    public static string FileName(ShardSpec? shard) => shard is null ? "manifest.json" : $"manifest.shard-{shard.Index}-of-{shard.Count}.json";

    public static void Write(string path, GenerationSpec spec, string specSha, string rigSha, ShardSpec? shard,
        IReadOnlyList<FrameLineage> frames, IReadOnlyList<(string Variant, string Reason)> errors)
    {
        AtomicFile.Write(path, s =>
        {
            using var j = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            j.WriteStartObject();
            j.WriteString("format", "kitti");
            j.WriteString("simulator_version", SimulatorVersion);
            j.WriteString("spec", Path.GetFileName(spec.File));
            j.WriteString("spec_sha256", specSha);
            j.WriteString("rig", Path.GetRelativePath(Path.GetDirectoryName(spec.File)!, spec.Rig).Replace('\\', '/'));
            j.WriteString("rig_sha256", rigSha);
            j.WriteNumber("seed", spec.Seed);
            j.WriteNumber("interval", spec.Interval);
            j.WriteNumber("frames_per_variant", spec.Frames);
            if (shard is null)
            {
                j.WriteNull("shard");
            }
            else
            {
                j.WriteString("shard", shard.ToString());
            }
            j.WriteStartArray("errors");
            foreach ((string variant, string reason) in errors)
            {
                j.WriteStartObject();
                j.WriteString("variant", variant);
                j.WriteString("reason", reason);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("frames");
            foreach (FrameLineage f in frames)
            {
                j.WriteStartObject();
                j.WriteString("id", FrameFiles.Stem(f.Id));
                j.WriteNumber("time", f.TimeNs / 1e9);
                f.WriteTo(j);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        });
    }
}
