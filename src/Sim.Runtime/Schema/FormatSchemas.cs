using System.Text;
using Sim.Runtime.Output;
using SimCore.Scenarios;
using SimCore.Scenarios.Yaml;

namespace Sim.Runtime.Schema;

/// <summary>One YAML input format and the file its JSON Schema is written to.</summary>
/// <param name="FileName">The schema's file name (and $id).</param>
/// <param name="Title">What editors call it.</param>
/// <param name="Root">The reader's table of its top level.</param>
/// <param name="ParameterReferences">Scalars may be <c>$name</c> (scenarios and the road files they read).</param>
public sealed record FormatSchema(string FileName, string Title, YamlShape Root, bool ParameterReferences)
{
    /// <summary>The schema text (JSON, "\n" line ends, a final newline).</summary>
    public string Text() => JsonSchemaWriter.Write(Root, FileName, Title, ParameterReferences);
}

/// <summary>
/// The JSON Schemas of every YAML input format, generated from the tables their readers check keys
/// against (docs/scenario-format.md, "Editor support"). `sim schema` writes them to schemas/.
/// </summary>
public static class FormatSchemas
{
    /// <summary>Scenario, road, rig, sweep, datagen and model-spec formats.</summary>
    public static readonly IReadOnlyList<FormatSchema> All =
    [
        new("scenario.schema.json", "sim scenario (YAML)", ScenarioLoader.Schema, true),
        new("road.schema.json", "sim road file (YAML)", ScenarioLoader.RoadFileSchema, true),
        new("rig.schema.json", "sim sensor rig", SensorModels.Rig.RigLoader.Schema, false),
        new("sweep.schema.json", "sim batch sweep file", Batch.SweepFile.Schema, false),
        new("datagen.schema.json", "sim generate spec", Datagen.GenerationSpec.Schema, false),
        new("model-spec.schema.json", "sim perception model spec", Perception.Spec.ModelSpecFormat.Schema, false),
    ];

    /// <summary>Writes every schema into <paramref name="directory"/> (each file complete or not at all); returns the paths.</summary>
    /// <exception cref="IOException">The folder or a file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or a file cannot be written.</exception>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (FormatSchema s in All)
        {
            string path = Path.Combine(directory, s.FileName);
            AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(s.Text())));
            written.Add(path);
        }
        return written;
    }
}
