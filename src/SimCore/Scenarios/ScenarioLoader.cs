using System.Globalization;
using SimCore.Diagnostics;
using SimCore.Kpis;
using SimCore.Roads;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Storyboard;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios;

/// <summary>
/// Loads native YAML scenarios (docs/scenario-format.md). Every problem found is reported at once,
/// each with file, line and column; unknown keys are errors with a suggestion.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads and validates a scenario file.</summary>
    /// <param name="path">The scenario file.</param>
    /// <param name="parameterOverrides">Values that replace declared parameters (name without '$').</param>
    /// <param name="warnings">Receives warnings (unsupported elements of road files); null ignores them.</param>
    /// <exception cref="InputException">The file is missing or invalid; carries every error.</exception>
    public static Scenario Load(string path, IReadOnlyDictionary<string, string>? parameterOverrides = null, List<InputError>? warnings = null)
    {
        return Parse(path, InputFiles.ReadText(path, "scenario"), parameterOverrides, warnings);
    }

    /// <summary>Loads a scenario from text (its path is used for messages and relative files).</summary>
    /// <param name="path">Path used in messages and to resolve relative files.</param>
    /// <param name="text">The YAML text.</param>
    /// <param name="parameterOverrides">Values that replace declared parameters.</param>
    /// <param name="warnings">Receives warnings; null ignores them.</param>
    /// <exception cref="InputException">The text is invalid.</exception>
    public static Scenario Parse(string path, string text, IReadOnlyDictionary<string, string>? parameterOverrides = null, List<InputError>? warnings = null)
    {
        var errors = new List<InputError>();
        Scenario? scenario = ParseCollecting(path, text, parameterOverrides, errors, warnings ?? new List<InputError>());
        if (errors.Count > 0 || scenario is null)
        {
            throw new InputException(errors);
        }
        return scenario;
    }

    /// <summary>
    /// Checks a scenario file without running it: loads it and places its entities. Returns every
    /// error (empty when valid).
    /// </summary>
    public static IReadOnlyList<InputError> Validate(string path, IReadOnlyDictionary<string, string>? parameterOverrides = null)
        => ScenarioFiles.Validate(path, new LoadOptions { Parameters = parameterOverrides });

    private static readonly YamlObject Environment = new("environment", "Time of day and visibility (cameras render them; the reference driver sees less far at night).",
        Y.Key("time_of_day", Y.AnyOf(Y.Text("^([01]?[0-9]|2[0-3]):[0-5][0-9]$"), Y.Number("h", 0, max: 24)), "Local time: \"HH:MM\" or hours 0..24.", "12:00"),
        Y.Key("visibility", Y.Positive("m"), "Meteorological visibility (fog below 1000 m).", "10000"));

    private static readonly YamlObject Goal = new("goal", "The ego's destination, for route_completion and goal_reached.",
        Y.Required("position", Yaml.PositionReader.Any, "Where."),
        Y.Key("radius", Y.Positive("m"), "Reached within this distance (in the goal's lane when given on a lane).", "2"));

    /// <summary>
    /// The top level of a native scenario (docs/scenario-format.md): the root of the table every
    /// reader of the format checks its keys against, and of schemas/scenario.schema.json.
    /// </summary>
    public static YamlObject Schema => Top;

    /// <summary>The top level of a road file (docs/scenario-format.md, Roads): the root of schemas/road.schema.json.</summary>
    public static YamlShape RoadFileSchema => Yaml.RoadReader.FileShape;

    private static readonly YamlObject Top = new("scenario", "A native scenario: parameters, roads, entities, a storyboard of events, stop conditions and pass/fail criteria. Units SI; headings in radians counter-clockwise from +x.",
        Y.Key("name", Y.Text(), "Scenario name.", "the file name"),
        Y.Key("description", Y.Text(), "One line saying what the scenario tests."),
        Y.Key("parameters", Y.MapOf(Y.AnyOf(Y.Number(), Y.Text(), Y.Flag())), "Names and values; any scalar written $name takes the value; --param name=value overrides."),
        Y.Required("duration", Y.Positive("s"), "Longest simulated time."),
        Y.Key("step", Y.Positive("s"), "Fixed step; --step overrides.", "0.01"),
        Y.Key("seed", Y.Integer(0), "Seed of every random stream; --seed overrides.", "0"),
        Y.Key("environment", Environment, "Time of day and visibility."),
        Y.Key("end_on_collision", Y.Flag(), "The run ends at the ego's first collision.", "true"),
        Y.Key("rig", Y.Text(), "Sensor rig file, relative to the scenario (docs/sensors.md); --rig overrides."),
        Y.Key("road", Yaml.RoadReader.RoadOrFile, "One road inline, or {file: path} (a YAML road file or OpenDRIVE .xodr, relative to the scenario)."),
        Y.Key("roads", Y.List(Yaml.RoadReader.RoadOrFile, 1), "Several roads or road files."),
        Y.Required("entities", Y.List(Yaml.EntityReader.Shape, 1), "The entities; the one with a driver is the ego."),
        Y.Key("events", Y.List(Yaml.StoryboardReader.EventShape), "The storyboard: events with start triggers and actions."),
        Y.Key("stop", Yaml.StoryboardReader.TriggerShape, "Ends the run when it fires (end_reason stop_trigger)."),
        Y.Key("criteria", Y.List(Y.Text()), "Pass/fail: '<kpi> <op> <value>' (docs/kpis.md; $param allowed as the value) or no_collision, collision, no_offroad, no_lane_departure, goal_reached, comfortable."),
        Y.Key("goal", Goal, "The ego's destination."));

    private static Scenario? ParseCollecting(string path, string text, IReadOnlyDictionary<string, string>? overrides, List<InputError> errors, List<InputError> warnings)
    {
        YamlNode? root = YamlContext.LoadRoot(path, text, errors);
        if (root is null)
        {
            return null;
        }
        var ctx = new YamlContext(path, errors);
        MapReader? top = ctx.Map(root, "a scenario", Top);
        if (top is null)
        {
            return null;
        }
        ctx.Parameters = ReadParameters(ctx, top, overrides, path);

        string name = top.String("name") ?? Path.GetFileNameWithoutExtension(path);
        string description = top.String("description") ?? string.Empty;
        double? duration = top.Positive("duration");
        if (duration is null && !top.Has("duration"))
        {
            ctx.Error(root, "a scenario needs 'duration' (seconds)");
        }
        double step = top.Positive("step") ?? 0.01;
        ulong seed = 0;
        if (top.Get("seed") is { } seedNode && ctx.Scalar(seedNode, "'seed'") is { } seedText)
        {
            if (!ulong.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            {
                ctx.Error(seedNode, $"'seed' must be a non-negative integer, not '{seedText}'");
            }
        }
        EnvironmentSettings environment = ReadEnvironment(ctx, top);
        bool endOnCollision = top.Bool("end_on_collision") ?? true;

        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string? rig = null;
        if (top.Get("rig") is { } rigNode && ctx.Scalar(rigNode, "'rig'") is { } rigText)
        {
            // Sensors are not SimCore's business: the path is checked and handed on.
            rig = Path.Combine(baseDir, rigText);
            if (!File.Exists(rig))
            {
                ctx.Error(rigNode, $"sensor rig file '{rigText}' does not exist (looked for {rig})");
            }
        }
        var roads = new List<Road>();
        var junctions = new List<Junction>();
        if (top.Get("road") is { } roadNode)
        {
            roads.AddRange(RoadReader.ReadRoadOrFile(ctx, roadNode, baseDir, junctions, warnings));
        }
        foreach (YamlNode r in top.List("roads"))
        {
            roads.AddRange(RoadReader.ReadRoadOrFile(ctx, r, baseDir, junctions, warnings));
        }
        if (!top.Has("road") && !top.Has("roads"))
        {
            ctx.Error(root, "a scenario needs 'road' (inline, or file: path) or 'roads'");
        }
        RoadReader.CheckLinks(ctx, ctx.Where(root), roads, junctions);
        var network = new RoadNetwork(roads.GroupBy(r => r.Id).Select(g => g.First()).ToArray(), junctions);

        var entities = new List<EntityDefinition>();
        YamlNode? entitiesNode = top.Get("entities");
        if (entitiesNode is null)
        {
            ctx.Error(root, "a scenario needs 'entities'");
        }
        else
        {
            foreach (YamlNode en in ctx.Sequence(entitiesNode, "'entities'"))
            {
                if (EntityReader.Read(ctx, en) is { } e)
                {
                    if (entities.Any(x => x.Name == e.Name))
                    {
                        ctx.Error(en, $"entity name '{e.Name}' is used more than once");
                    }
                    entities.Add(e);
                }
            }
        }
        CheckEntities(ctx, entities, network);

        var storyReader = new StoryboardReader(ctx);
        Storyboard.Storyboard storyboard = storyReader.Read(top.List("events"), top.Get("stop"));
        storyReader.CheckReferences(entities.Select(e => e.Name).ToArray(), storyboard.Walk().OfType<StoryEvent>().Select(e => e.Name).ToArray());

        Goal? goal = null;
        if (top.Map("goal") is { } gm)
        {
            YamlNode? pn = gm.Required("position", "'goal'");
            PositionSpec? pos = pn is null ? null : PositionReader.Read(ctx, pn, "goal position");
            double radius = gm.Positive("radius") ?? 2.0;
            gm.Finish("goal");
            if (pos is not null)
            {
                if (pos.Check(network, n => entities.Any(e => e.Name == n)) is { } err)
                {
                    ctx.Error(pos.Where, $"goal: {err}");
                }
                goal = new Goal(pos, radius);
            }
        }
        List<Criterion> criteria = ReadCriteria(ctx, top, goal is not null);
        if (criteria.Count > 0 && !entities.Any(e => e.IsEgo))
        {
            ctx.Error(top.Get("criteria")!, "criteria judge the ego, but no entity has a 'driver'");
        }
        top.Finish("the scenario");

        if (errors.Count > 0)
        {
            return null;
        }
        return new Scenario(name, description, path, duration ?? 0, step, seed, network, entities, storyboard, criteria, goal,
            environment, endOnCollision, ctx.Parameters) { RigFile = rig };
    }

    private static IReadOnlyDictionary<string, ParameterValue> ReadParameters(YamlContext ctx, MapReader top, IReadOnlyDictionary<string, string>? overrides, string path)
    {
        var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        if (top.Get("parameters") is YamlNode pn && pn is not YamlMappingNode)
        {
            ctx.Error(pn, "'parameters' must be a mapping (key: value pairs)");
        }
        else if (top.Get("parameters") is YamlMappingNode pm)
        {
            foreach (KeyValuePair<YamlNode, YamlNode> kv in pm.Children)
            {
                string key = (kv.Key as YamlScalarNode)?.Value ?? "?";
                if (kv.Value is not YamlScalarNode { Value: { } v })
                {
                    ctx.Error(kv.Value, $"parameter '{key}' must be a single value");
                    continue;
                }
                values[key] = new ParameterValue(key, v);
            }
        }
        foreach ((string key, string value) in overrides ?? new Dictionary<string, string>())
        {
            if (!values.ContainsKey(key))
            {
                ctx.Error(new SourceLocation("--param", 0, 0), $"'{key}' is not a parameter of {path}{Suggestions.Hint(key, values.Keys)}");
                continue;
            }
            values[key] = new ParameterValue(key, value);
        }
        return values;
    }

    private static EnvironmentSettings ReadEnvironment(YamlContext ctx, MapReader top)
    {
        var env = new EnvironmentSettings();
        if (top.Map("environment") is not { } em)
        {
            return env;
        }
        double tod = env.TimeOfDay;
        if (em.Get("time_of_day") is { } tn && ctx.Scalar(tn, "'time_of_day'") is { } text)
        {
            string[] parts = text.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], out int h) && int.TryParse(parts[1], out int min) && h is >= 0 and < 24 && min is >= 0 and < 60)
            {
                tod = h + min / 60.0;
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double hours) && hours is >= 0 and < 24)
            {
                tod = hours;
            }
            else
            {
                ctx.Error(tn, $"'time_of_day' is HH:MM or hours 0..24, not '{text}'");
            }
        }
        double visibility = em.Positive("visibility") ?? env.Visibility;
        em.Finish("environment");
        return env with { TimeOfDay = tod, Visibility = visibility };
    }

    private static void CheckEntities(YamlContext ctx, List<EntityDefinition> entities, RoadNetwork network)
    {
        var declared = new HashSet<string>();
        foreach (EntityDefinition e in entities)
        {
            // Relative positions resolve in declaration order, so they may refer only to earlier entities.
            string? error = e.Position.Check(network, n => declared.Contains(n));
            if (error is not null && e.Position is RelativeLanePositionSpec rel && entities.Any(x => x.Name == rel.EntityName))
            {
                error = $"'{rel.EntityName}' must be declared before '{e.Name}' to place it relative to it";
            }
            else if (error is not null && e.Position is RelativeLanePositionSpec rel2)
            {
                error = $"unknown entity '{rel2.EntityName}'{Suggestions.Hint(rel2.EntityName, entities.Select(x => x.Name))}";
            }
            if (error is not null)
            {
                ctx.Error(e.Position.Where, $"position of '{e.Name}': {error}");
            }
            declared.Add(e.Name);
        }
        List<EntityDefinition> egos = entities.Where(e => e.IsEgo).ToList();
        if (egos.Count > 1)
        {
            ctx.Error(egos[1].Where, $"only one entity can have a driver (the ego); '{egos[0].Name}' already has one");
        }
    }

    private static List<Criterion> ReadCriteria(YamlContext ctx, MapReader top, bool hasGoal)
    {
        var list = new List<Criterion>();
        string[] kpis = KpiMonitor.Catalogue.Select(k => k.Name).ToArray();
        foreach (YamlNode n in top.List("criteria"))
        {
            string? text = ctx.Scalar(n, "a criterion");
            if (text is null)
            {
                continue;
            }
            SourceLocation where = ctx.Where(n);
            string trimmed = text.Trim();
            if (Criterion.Named.TryGetValue(trimmed, out (string Kpi, Rule Rule, double Threshold) named))
            {
                list.Add(new Criterion(trimmed, named.Kpi, named.Rule, named.Threshold, where));
                if (named.Kpi == "goal_reached" && !hasGoal)
                {
                    ctx.Error(n, "'goal_reached' needs a 'goal' in the scenario");
                }
                continue;
            }
            string[] parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                ctx.Error(n, $"a criterion is '<kpi> <op> <value>' (e.g. 'min_ttc >= 1.5') or one of {string.Join(", ", Criterion.Named.Keys)}; not '{InputError.Excerpt(trimmed)}'{Suggestions.Hint(trimmed, Criterion.Named.Keys)}");
                continue;
            }
            if (!kpis.Contains(parts[0]))
            {
                ctx.Error(n, $"unknown KPI '{InputError.Excerpt(parts[0])}'{Suggestions.Hint(parts[0], kpis)}; KPIs are listed in docs/kpis.md");
                continue;
            }
            if (!Rules.Words.TryGetValue(parts[1], out Rule rule) || parts[1].Any(char.IsLetter))
            {
                ctx.Error(n, $"'{InputError.Excerpt(parts[1])}' is not a comparison: use >=, >, <=, <, ==, !=");
                continue;
            }
            string valueText = parts[2].StartsWith('$') && ctx.Parameters.TryGetValue(parts[2][1..], out ParameterValue? pv) ? pv.Text : parts[2];
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double threshold) || !double.IsFinite(threshold))
            {
                ctx.Error(n, $"'{InputError.Excerpt(parts[2])}' is not a number");
                continue;
            }
            if (parts[0] is "route_completion" or "goal_reached" && !hasGoal)
            {
                ctx.Error(n, $"'{parts[0]}' needs a 'goal' in the scenario");
            }
            list.Add(new Criterion(trimmed, parts[0], rule, threshold, where));
        }
        return list;
    }
}
