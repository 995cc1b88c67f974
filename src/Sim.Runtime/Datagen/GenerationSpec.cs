using System.Globalization;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Runtime.Datagen;

/// <summary>
/// A generation spec (docs/datagen.md): which scenarios, how many randomised variants of each, which
/// frames of each variant, the sensor rig and the output format. Paths are resolved against the
/// spec's folder.
/// </summary>
/// <param name="File">The spec file (full path), for messages and lineage.</param>
/// <param name="Seed">Seed of every random draw (actors, environment, sensor noise).</param>
/// <param name="Scenarios">Base scenario files (full paths), sorted by their path relative to the spec.</param>
/// <param name="ScenarioKeys">The same paths relative to the spec's folder ('/'-separated): what the random draws and frame order are keyed by.</param>
/// <param name="Variants">Randomised variants per scenario.</param>
/// <param name="Frames">Frames per variant.</param>
/// <param name="Interval">Time between frames (s).</param>
/// <param name="Start">Time of the first frame (s).</param>
/// <param name="Rig">The sensor rig file (full path).</param>
/// <param name="RigWhere">Where the spec names the rig.</param>
/// <param name="Lidar">The lidar written as velodyne, or null for the rig's only lidar.</param>
/// <param name="Camera">The camera written as image_2, or null for the rig's first camera (if any).</param>
/// <param name="Actors">Actor randomisation.</param>
/// <param name="TimeOfDay">Time of day drawn per variant (hours), or null to keep the scenario's.</param>
/// <param name="Visibility">Visibility drawn per variant (m), or null to keep the scenario's.</param>
/// <param name="Where">Location of each top-level key, for messages about values found wrong later.</param>
internal sealed record GenerationSpec(string File, ulong Seed, IReadOnlyList<string> Scenarios, IReadOnlyList<string> ScenarioKeys,
    int Variants, int Frames, double Interval, double Start, string Rig, SourceLocation RigWhere, string? Lidar, string? Camera,
    ActorSpec Actors, ValueRange? TimeOfDay, ValueRange? Visibility, IReadOnlyDictionary<string, SourceLocation> Where)
{
    private static YamlAnyOf Range(string unit, double lo, double hi) => Y.AnyOf(Y.Number(unit, lo, max: hi),
        new YamlObject($"range_{unit.Replace('/', '_')}_{lo}_{hi}".Replace('.', '_').Replace('-', 'm'), "Drawn uniformly between min and max.",
            Y.Required("min", Y.Number(unit, lo, max: hi), "Least value."), Y.Required("max", Y.Number(unit, lo, max: hi), "Greatest value (>= min).")));

    private static readonly YamlObject ActorsShape = new("actors", "Actors added to each variant (docs/datagen.md).",
        Y.Key("count", Range("", 0, 1000), "How many actors: a number or {min, max}.", "1"),
        Y.Key("types", Y.MapOf(Y.Number(null, 0, max: 1e9)), $"Entity types ({string.Join(", ", ActorSpec.KnownTypes)}) to relative weights."),
        Y.Key("ds", Range("m", -10_000, 10_000), "Distance ahead of the ego along its lane."),
        Y.Key("speed", Range("m/s", 0, 100), "Vehicle speed."),
        Y.Key("pedestrian_speed", Range("m/s", 0, 15), "Pedestrian speed."),
        Y.Key("cyclist_speed", Range("m/s", 0, 30), "Cyclist speed."));

    private static readonly YamlObject EnvironmentShape = new("datagen_environment", "Environment drawn per variant.",
        Y.Key("time_of_day", Range("h", 0, 23.999), "Hours: a number or {min, max}.", "the scenario's"),
        Y.Key("visibility", Range("m", 1, 1e6), "Meteorological visibility: a number or {min, max}.", "the scenario's"));

    private static readonly YamlObject Top = new("generation_spec", "A generation spec (docs/datagen.md): scenarios, randomised variants, frames, the rig and the output format.",
        Y.Key("seed", Y.Integer(0), "Seed of every random draw.", "0"),
        Y.Required("scenarios", Y.AnyOf(Y.Text(), Y.List(Y.Text(), 1)), "Native YAML scenario files, relative to the spec."),
        Y.Key("variants", Y.Integer(1, 1_000_000), "Randomised variants per scenario.", "1"),
        Y.Key("frames", Y.Integer(1, 1_000_000), "Frames per variant.", "1"),
        Y.Required("interval", Y.Number("s", 1e-6, max: 1e6), "Time between frames."),
        Y.Key("start", Y.Number("s", 0, max: 1e6), "Time of the first frame.", "0"),
        Y.Required("rig", Y.Text(), "The sensor rig file, relative to the spec."),
        Y.Key("lidar", Y.Text(), "The lidar written as velodyne/.", "the rig's only lidar"),
        Y.Key("camera", Y.Text(), "The camera written as image_2/.", "the rig's first camera"),
        Y.Key("format", Y.Word(["kitti"]), "Output layout.", "kitti"),
        Y.Key("actors", ActorsShape, "Actors added per variant."),
        Y.Key("environment", EnvironmentShape, "Environment drawn per variant."));

    /// <summary>The top level of a generation spec: the root of the tables its reader checks keys against, and of schemas/datagen.schema.json.</summary>
    public static YamlObject Schema => Top;

    /// <summary>Reads a spec; throws <see cref="InputException"/> with every problem, each at its line and column.</summary>
    public static GenerationSpec Load(string path)
    {
        string full = Path.GetFullPath(path);
        var syntax = new List<InputError>();
        YamlNode? rootNode = YamlContext.LoadRoot(path, InputFiles.ReadText(path, "generation spec"), syntax);
        if (syntax.Count > 0)
        {
            throw new InputException(syntax);
        }
        if (rootNode is not YamlMappingNode root)
        {
            throw new InputException(new SourceLocation(path, 1, 1), "a generation spec is a mapping with 'scenarios:', 'rig:', 'frames:' and 'interval:' (docs/datagen.md)");
        }
        var r = new Reader(path);
        string dir = Path.GetDirectoryName(full)!;
        ulong seed = 0;
        var scenarios = new List<(string Key, string Full)>();
        int variants = 1, frames = 1;
        double interval = 0, start = 0;
        string? rig = null, lidar = null, camera = null;
        SourceLocation rigWhere = default;
        ActorSpec actors = ActorSpec.None;
        ValueRange? timeOfDay = null, visibility = null;
        var where = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode value) in root.Children)
        {
            string key = Reader.Scalar(keyNode) ?? "";
            where[key] = r.Where(keyNode);
            if (!Top.Has(key))
            {
                r.Unknown(keyNode, "a generation spec", Names(Top));
                continue;
            }
            switch (key)
            {
                case "seed":
                    if (Reader.Scalar(value) is not { } s || !ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        r.Error(value, "'seed' must be a non-negative integer");
                    }
                    break;
                case "scenarios":
                    IEnumerable<YamlNode> items = value is YamlSequenceNode seq ? seq.Children : [value];
                    foreach (YamlNode item in items)
                    {
                        if (Reader.Scalar(item) is not { Length: > 0 } file)
                        {
                            r.Error(item, "'scenarios' lists scenario files (paths relative to the spec)");
                            continue;
                        }
                        string p = Path.GetFullPath(Path.Combine(dir, file));
                        if (!System.IO.File.Exists(p))
                        {
                            r.Error(item, $"scenario '{file}' not found (looked for {p})");
                        }
                        else if (Path.GetExtension(p).ToLowerInvariant() is not (".yaml" or ".yml"))
                        {
                            r.Error(item, $"scenario '{file}': randomised variants are derived from native YAML scenarios (.yaml, .yml)");
                        }
                        else
                        {
                            scenarios.Add((Path.GetRelativePath(dir, p).Replace('\\', '/'), p));
                        }
                    }
                    break;
                case "variants":
                    variants = r.Int(value, key, 1, 1_000_000) ?? 1;
                    break;
                case "frames":
                    frames = r.Int(value, key, 1, 1_000_000) ?? 1;
                    break;
                case "interval":
                    interval = r.Number(value, key, 1e-6, 1e6) ?? 0;
                    break;
                case "start":
                    start = r.Number(value, key, 0, 1e6) ?? 0;
                    break;
                case "rig":
                    rigWhere = r.Where(value);
                    if (Reader.Scalar(value) is { Length: > 0 } rf)
                    {
                        rig = Path.GetFullPath(Path.Combine(dir, rf));
                        if (!System.IO.File.Exists(rig))
                        {
                            r.Error(value, $"rig '{rf}' not found (looked for {rig})");
                        }
                    }
                    else
                    {
                        r.Error(value, "'rig' is the sensor rig file (relative to the spec)");
                    }
                    break;
                case "lidar":
                    lidar = r.Name(value, key);
                    break;
                case "camera":
                    camera = r.Name(value, key);
                    break;
                case "format":
                    if (Reader.Scalar(value) is not "kitti")
                    {
                        r.Error(value, $"'format' is 'kitti' (the only output format), not '{Reader.Scalar(value)}'");
                    }
                    break;
                case "actors":
                    actors = ReadActors(r, value) ?? actors;
                    break;
                case "environment":
                    if (value is not YamlMappingNode em)
                    {
                        r.Error(value, "'environment' maps 'time_of_day' (hours) and 'visibility' (m) to a value or {min, max}");
                        break;
                    }
                    foreach ((YamlNode ek, YamlNode ev) in em.Children)
                    {
                        if (!EnvironmentShape.Has(Reader.Scalar(ek) ?? ""))
                        {
                            r.Unknown(ek, "environment", Names(EnvironmentShape));
                            continue;
                        }
                        switch (Reader.Scalar(ek))
                        {
                            case "time_of_day":
                                timeOfDay = r.Range(ev, "time_of_day", 0, 23.999);
                                break;
                            case "visibility":
                                visibility = r.Range(ev, "visibility", 1, 1e6);
                                break;
                            default:
                                throw new InvalidOperationException($"the environment table declares '{Reader.Scalar(ek)}' but its reader does not read it");
                        }
                    }
                    break;
                default:
                    throw new InvalidOperationException($"the generation spec table declares '{key}' but its reader does not read it");
            }
        }
        foreach (string required in new[] { "scenarios", "rig", "interval" })
        {
            if (!where.ContainsKey(required))
            {
                r.Error(root, $"a generation spec needs '{required}:'");
            }
        }
        if (scenarios.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count() != scenarios.Count)
        {
            r.Error(root["scenarios"], "'scenarios' names a file twice");
        }
        if (r.Errors.Count > 0)
        {
            throw new InputException(r.Errors);
        }
        scenarios.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new GenerationSpec(full, seed, scenarios.Select(s => s.Full).ToArray(), scenarios.Select(s => s.Key).ToArray(),
            variants, frames, interval, start, rig!, rigWhere, lidar, camera, actors, timeOfDay, visibility, where);
    }

    private static ActorSpec? ReadActors(Reader r, YamlNode value)
    {
        if (value is not YamlMappingNode m)
        {
            r.Error(value, $"'actors' is a mapping of {string.Join(", ", Names(ActorsShape))}");
            return null;
        }
        ActorSpec a = ActorSpec.None with { Count = new ValueRange(1, 1) };
        foreach ((YamlNode k, YamlNode v) in m.Children)
        {
            string key = Reader.Scalar(k) ?? "";
            if (!ActorsShape.Has(key))
            {
                r.Unknown(k, "'actors'", Names(ActorsShape));
                continue;
            }
            switch (key)
            {
                case "count":
                    a = a with { Count = r.Range(v, "count", 0, 1000) ?? a.Count };
                    break;
                case "types":
                    if (v is not YamlMappingNode tm || tm.Children.Count == 0)
                    {
                        r.Error(v, $"'types' maps entity types ({string.Join(", ", ActorSpec.KnownTypes)}) to relative weights");
                        break;
                    }
                    var types = new List<(string, double)>();
                    foreach ((YamlNode tk, YamlNode tv) in tm.Children)
                    {
                        string type = Reader.Scalar(tk) ?? "";
                        if (!ActorSpec.KnownTypes.Contains(type))
                        {
                            r.Unknown(tk, "'types'", ActorSpec.KnownTypes, "type");
                        }
                        else if (r.Number(tv, $"weight of '{type}'", 0, 1e9) is double w)
                        {
                            types.Add((type, w));
                        }
                    }
                    if (types.Count > 0 && types.Sum(t => t.Item2) <= 0)
                    {
                        r.Error(v, "'types': the weights add up to 0");
                    }
                    else if (types.Count > 0)
                    {
                        a = a with { Types = types };
                    }
                    break;
                case "ds":
                    a = a with { Ds = r.Range(v, "ds", -10_000, 10_000) ?? a.Ds };
                    break;
                case "speed":
                    a = a with { VehicleSpeed = r.Range(v, "speed", 0, 100) ?? a.VehicleSpeed };
                    break;
                case "pedestrian_speed":
                    a = a with { PedestrianSpeed = r.Range(v, "pedestrian_speed", 0, 15) ?? a.PedestrianSpeed };
                    break;
                case "cyclist_speed":
                    a = a with { CyclistSpeed = r.Range(v, "cyclist_speed", 0, 30) ?? a.CyclistSpeed };
                    break;
                default:
                    throw new InvalidOperationException($"the actors table declares '{key}' but its reader does not read it");
            }
        }
        return a;
    }

    private static string[] Names(YamlObject o) => o.Keys.Select(k => k.Name).ToArray();

    /// <summary>Collects errors at YAML nodes and parses the spec's value shapes.</summary>
    private sealed class Reader(string file)
    {
        public List<InputError> Errors { get; } = new();

        public SourceLocation Where(YamlNode n) => new(file, (int)n.Start.Line, (int)n.Start.Column);

        public void Error(YamlNode n, string message) => Errors.Add(new InputError(Where(n), message));

        public static string? Scalar(YamlNode n) => (n as YamlScalarNode)?.Value;

        public void Unknown(YamlNode key, string where, IReadOnlyList<string> known, string what = "key")
        {
            string typed = Scalar(key) ?? "";
            string? close = known.MinBy(k => Distance(typed, k));
            string hint = close is not null && Distance(typed, close) <= Math.Max(2, typed.Length / 3) ? $" (did you mean '{close}'?)" : "";
            Error(key, $"unknown {what} '{typed}' in {where}{hint}; expected one of: {string.Join(", ", known)}");
        }

        public string? Name(YamlNode n, string key)
        {
            if (Scalar(n) is { Length: > 0 } s)
            {
                return s;
            }
            Error(n, $"'{key}' is the name of a sensor of the rig");
            return null;
        }

        public int? Int(YamlNode n, string key, int min, int max)
        {
            if (Scalar(n) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max)
            {
                return v;
            }
            Error(n, $"'{key}' must be an integer from {min} to {max}");
            return null;
        }

        public double? Number(YamlNode n, string key, double min, double max)
        {
            if (Scalar(n) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max)
            {
                return v;
            }
            Error(n, string.Create(CultureInfo.InvariantCulture, $"'{key}' must be a number from {min} to {max}"));
            return null;
        }

        /// <summary>A number (fixed) or {min, max}.</summary>
        public ValueRange? Range(YamlNode n, string key, double lo, double hi)
        {
            if (n is YamlScalarNode)
            {
                return Number(n, key, lo, hi) is double v ? new ValueRange(v, v) : null;
            }
            if (n is not YamlMappingNode m)
            {
                Error(n, $"'{key}' is a number or {{min, max}}");
                return null;
            }
            double? min = null, max = null;
            bool seenMin = false, seenMax = false;
            foreach ((YamlNode k, YamlNode v) in m.Children)
            {
                switch (Scalar(k))
                {
                    case "min":
                        seenMin = true;
                        min = Number(v, $"{key}.min", lo, hi);
                        break;
                    case "max":
                        seenMax = true;
                        max = Number(v, $"{key}.max", lo, hi);
                        break;
                    default:
                        Unknown(k, $"'{key}'", ["min", "max"]);
                        return null;
                }
            }
            if (min is null || max is null)
            {
                if (!seenMin || !seenMax)
                {
                    Error(n, $"'{key}' needs both 'min' and 'max'");
                }
                return null;
            }
            if (max < min)
            {
                Error(n, $"'{key}': max must be >= min");
                return null;
            }
            return new ValueRange(min.Value, max.Value);
        }

        private static int Distance(string a, string b)
        {
            a = a.ToLowerInvariant();
            b = b.ToLowerInvariant();
            var prev = new int[b.Length + 1];
            var cur = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                prev[j] = j;
            }
            for (int i = 1; i <= a.Length; i++)
            {
                cur[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
                (prev, cur) = (cur, prev);
            }
            return prev[b.Length];
        }
    }
}
