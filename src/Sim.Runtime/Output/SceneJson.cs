using System.Text.Json;
using SensorModels.Runtime;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Output;

/// <summary>An entity as scene.json describes it: what a view needs to draw its box.</summary>
internal sealed record SceneEntity(string Name, string Kind, double Length, double Width, double Height, double CenterOffsetX, bool Ego);

/// <summary>A sensor of the ego's rig: its mounting on the ground plane and where it sees (null: no field of view).</summary>
internal sealed record SceneSensor(string Name, string Type, double X, double Y, double Z, double Yaw, SensorCoverage? Coverage);

/// <summary>
/// What a run was made of, beyond its trajectories: the scenario file and the options it was loaded
/// with (so its roads can be read again), the entities' kinds and boxes, and the rig's sensors.
/// </summary>
internal sealed record RunScene(string Scenario, string File, LoadOptions Load, string? Rig, IReadOnlyList<SceneEntity> Entities, IReadOnlyList<SceneSensor> Sensors);

/// <summary>scene.json (docs/kpis.md): a <see cref="RunScene"/>, written by every `sim run` and read by `sim view`.</summary>
internal static class SceneJson
{
    public const string FileName = "scene.json";
    private const string Format = "sim-scene/1";

    /// <summary>The scene of a run about to start.</summary>
    public static RunScene Capture(LoadOptions load, Scenario scenario, Simulator sim, string? rigPath, SensorRig? rig)
    {
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        SceneEntity[] entities = snapshots.Select(e => new SceneEntity(e.Name, e.Kind.ToString().ToLowerInvariant(), e.Length, e.Width, e.Height, e.CenterOffsetX, e.IsEgo)).ToArray();
        SceneSensor[] sensors = rig?.Sensors.Select(Sensor).ToArray() ?? [];
        return new RunScene(scenario.Name, Path.GetFullPath(scenario.SourceFile),
            load, rigPath is null ? null : Path.GetFullPath(rigPath), entities, sensors);
    }

    private static SceneSensor Sensor(Sensor s)
    {
        // The heading of the sensor's x axis on the ground plane (a camera pitched down still looks that way).
        SensorModels.Mathematics.Pose3 mount = s.Definition.Mount;
        SensorModels.Mathematics.Vec3 forward = mount.Rotate(new SensorModels.Mathematics.Vec3(1, 0, 0));
        return new SceneSensor(s.Definition.Name, s.Definition.Type, mount.Position.X, mount.Position.Y, mount.Position.Z, Math.Atan2(forward.Y, forward.X), s.Coverage);
    }

    public static void Write(string path, RunScene s)
    {
        using FileStream fs = File.Create(path);
        using var w = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteString("scenario", s.Scenario);
        w.WriteString("file", s.File);
        w.WriteStartObject("load");
        w.WriteStartObject("parameters");
        foreach ((string k, string v) in (s.Load.Parameters ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }
        w.WriteEndObject();
        w.WriteString("ego", s.Load.Ego);
        w.WriteString("ego_driver", s.Load.EgoDriver == EgoDriverMode.Scenario ? "scenario" : "reference");
        w.WriteBoolean("default_criteria", s.Load.DefaultCriteria);
        w.WriteNumber("seed", s.Load.Seed);
        w.WriteEndObject();
        w.WriteString("rig", s.Rig);
        WriteEntities(w, s.Entities);
        WriteSensors(w, s.Sensors);
        w.WriteEndObject();
    }

    /// <summary>"entities": each one's name, kind and box (scene.json and the view page).</summary>
    public static void WriteEntities(Utf8JsonWriter w, IReadOnlyList<SceneEntity> entities)
    {
        w.WriteStartArray("entities");
        foreach (SceneEntity e in entities)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("kind", e.Kind);
            w.WriteNumber("length", Math.Round(e.Length, 6));
            w.WriteNumber("width", Math.Round(e.Width, 6));
            w.WriteNumber("height", Math.Round(e.Height, 6));
            w.WriteNumber("center_offset_x", Math.Round(e.CenterOffsetX, 6));
            w.WriteBoolean("ego", e.Ego);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>"sensors": each one's ground-plane mount and coverage (scene.json and the view page).</summary>
    public static void WriteSensors(Utf8JsonWriter w, IReadOnlyList<SceneSensor> sensors)
    {
        w.WriteStartArray("sensors");
        foreach (SceneSensor x in sensors)
        {
            w.WriteStartObject();
            w.WriteString("name", x.Name);
            w.WriteString("type", x.Type);
            w.WriteNumber("x", x.X);
            w.WriteNumber("y", x.Y);
            w.WriteNumber("z", x.Z);
            w.WriteNumber("yaw", x.Yaw);
            if (x.Coverage is { } c)
            {
                w.WriteStartObject("coverage");
                w.WriteNumber("min_range", c.MinRange);
                w.WriteNumber("max_range", c.MaxRange);
                w.WriteNumber("azimuth_right", Math.Round(c.AzimuthRight, 9));
                w.WriteNumber("azimuth_left", Math.Round(c.AzimuthLeft, 9));
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("coverage");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Reads scene.json.</summary>
    /// <exception cref="InvalidDataException">Not a scene.json of this format (the message says what is wrong).</exception>
    public static RunScene Read(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement r = doc.RootElement;
            if (r.GetProperty("format").GetString() != Format)
            {
                throw new InvalidDataException($"{path}: not a {Format} file");
            }
            JsonElement load = r.GetProperty("load");
            var parameters = load.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
            var options = new LoadOptions
            {
                Parameters = parameters,
                Ego = load.GetProperty("ego").GetString(),
                EgoDriver = load.GetProperty("ego_driver").GetString() == "scenario" ? EgoDriverMode.Scenario : EgoDriverMode.Reference,
                DefaultCriteria = load.GetProperty("default_criteria").GetBoolean(),
                Seed = load.GetProperty("seed").GetUInt64(),
            };
            var entities = r.GetProperty("entities").EnumerateArray().Select(e => new SceneEntity(e.GetProperty("name").GetString()!, e.GetProperty("kind").GetString()!,
                e.GetProperty("length").GetDouble(), e.GetProperty("width").GetDouble(), e.GetProperty("height").GetDouble(),
                e.GetProperty("center_offset_x").GetDouble(), e.GetProperty("ego").GetBoolean())).ToArray();
            var sensors = r.GetProperty("sensors").EnumerateArray().Select(x => new SceneSensor(x.GetProperty("name").GetString()!, x.GetProperty("type").GetString()!,
                x.GetProperty("x").GetDouble(), x.GetProperty("y").GetDouble(), x.GetProperty("z").GetDouble(), x.GetProperty("yaw").GetDouble(),
                x.GetProperty("coverage") is { ValueKind: JsonValueKind.Object } c
                    ? new SensorCoverage(c.GetProperty("min_range").GetDouble(), c.GetProperty("max_range").GetDouble(), c.GetProperty("azimuth_right").GetDouble(), c.GetProperty("azimuth_left").GetDouble())
                    : null)).ToArray();
            return new RunScene(r.GetProperty("scenario").GetString()!, r.GetProperty("file").GetString()!, options, r.GetProperty("rig").GetString(), entities, sensors);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a valid scene.json: {e.Message}", e);
        }
    }
}
