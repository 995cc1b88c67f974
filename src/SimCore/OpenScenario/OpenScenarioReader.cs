using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Traffic;

namespace SimCore.OpenScenario;

/// <summary>
/// Reads ASAM OpenSCENARIO 1.0 to 1.3 (.xosc) files into a <see cref="Scenario"/>. Every error
/// and warning names the file and line; unsupported elements are warnings, or errors with
/// <see cref="OpenScenarioOptions.Strict"/>. docs/openscenario-support.md lists what is played.
/// </summary>
public static class OpenScenarioReader
{
    private static readonly string[] DefaultEgoNames = { "Ego", "ego", "hero" };

    /// <summary>Loads and validates an OpenSCENARIO file and the roads it names.</summary>
    /// <param name="path">The .xosc file.</param>
    /// <param name="parameterOverrides">Values replacing global parameters (name without '$'), as from --param.</param>
    /// <param name="options">Ego, driver, strictness, roads.</param>
    /// <param name="warnings">Receives every warning (unsupported or approximated elements).</param>
    /// <exception cref="InputException">The file is missing or invalid; carries every error.</exception>
    public static Scenario Load(string path, IReadOnlyDictionary<string, string>? parameterOverrides, OpenScenarioOptions options, List<InputError> warnings)
    {
        if (!File.Exists(path))
        {
            throw new InputException(new SourceLocation(path, 0, 0), "file not found");
        }
        XDocument doc;
        try
        {
            doc = OscContext.LoadXml(path);
        }
        catch (XmlException e)
        {
            throw new InputException(new SourceLocation(path, e.LineNumber, e.LinePosition), $"XML syntax: {e.Message}");
        }
        var errors = new List<InputError>();
        var ctx = new OscContext(path, options.Strict, errors, warnings);
        Scenario? scenario = Read(ctx, doc, path, parameterOverrides, options);
        if (errors.Count > 0 || scenario is null)
        {
            throw new InputException(errors.Count > 0 ? errors : new[] { new InputError(new SourceLocation(path, 0, 0), "invalid scenario") });
        }
        return scenario;
    }

    private static Scenario? Read(OscContext ctx, XDocument doc, string path, IReadOnlyDictionary<string, string>? overrides, OpenScenarioOptions options)
    {
        XElement? root = doc.Root;
        if (root is null || root.Name.LocalName != "OpenSCENARIO")
        {
            ctx.Error(root, $"not an OpenSCENARIO file: the root element is <{root?.Name.LocalName}>, not <OpenSCENARIO>");
            return null;
        }
        if (root.Element("Catalog") is { } cat)
        {
            ctx.Error(cat, "this is a catalog file, not a scenario");
            return null;
        }
        if (root.Element("ParameterValueDistribution") is { } pvd)
        {
            ctx.Error(pvd, "parameter value distributions are not supported; set values with --param");
            return null;
        }
        XElement? header = root.Element("FileHeader");
        string description = header?.Attribute("description")?.Value ?? string.Empty;
        if (header is null)
        {
            ctx.Error(root, "<OpenSCENARIO> needs a <FileHeader>");
        }
        else if (header.Attribute("revMajor")?.Value != "1")
        {
            ctx.Error(header, $"OpenSCENARIO {header.Attribute("revMajor")?.Value}.x is not supported (1.0 to 1.3 are)");
        }
        else if (int.TryParse(header.Attribute("revMinor")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int minor) && minor > 3)
        {
            ctx.Warn(header, $"OpenSCENARIO 1.{minor}: read as 1.3; newer elements are reported as unsupported");
        }

        var global = new ParameterScope(null);
        OscParameters.Declare(ctx, root.Element("ParameterDeclarations"), global, overrides ?? new Dictionary<string, string>());
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var catalogs = new OscCatalogs(ctx, global);
        catalogs.ReadLocations(root.Element("CatalogLocations"), baseDir);

        RoadNetwork? network = Roads(ctx, root, global, baseDir, options);
        if (network is null)
        {
            return null;
        }
        var reader = new OscReader(ctx, catalogs, global, network);

        var bodies = new List<OscEntity>();
        foreach (XElement so in root.Element("Entities")?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (so.Name.LocalName != "ScenarioObject")
            {
                ctx.Unsupported(so);
                continue;
            }
            OscEntity? body = reader.ScenarioObject(so);
            if (body is null && so.Attribute("name")?.Value is { } broken)
            {
                // Known by name, so references to it do not repeat the error.
                reader.AddEntity(broken);
            }
            if (body is not null)
            {
                if (bodies.Any(b => b.Name == body.Name))
                {
                    ctx.Error(so, $"entity name '{body.Name}' is used more than once");
                    continue;
                }
                bodies.Add(body);
                reader.AddEntity(body.Name);
            }
        }
        if (root.Element("Entities") is null)
        {
            ctx.Error(root, "<OpenSCENARIO> needs <Entities>");
        }

        string? ego = EgoName(ctx, root, bodies, options);
        XElement? sb = root.Element("Storyboard");
        if (sb is null)
        {
            ctx.Error(root, "<OpenSCENARIO> needs a <Storyboard>");
            return null;
        }
        var positions = new Dictionary<string, PositionSpec>(StringComparer.Ordinal);
        var speeds = new Dictionary<string, double>(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        Story? init = Init(ctx, reader, sb.Element("Init"), global, positions, speeds, placed);
        Storyboard.Storyboard storyboard = reader.ReadStoryboard(sb, init);
        reader.CheckElementReferences();

        var entities = new List<EntityDefinition>();
        foreach (OscEntity b in bodies)
        {
            if (!positions.TryGetValue(b.Name, out PositionSpec? position))
            {
                if (!placed.Contains(b.Name))
                {
                    ctx.Warn(b.Where, $"entity '{b.Name}' has no TeleportAction in Init; it starts at the world origin");
                }
                position = new WorldPositionSpec(ctx.Where(b.Where), 0, 0, 0);
            }
            double speed = speeds.GetValueOrDefault(b.Name);
            bool isEgo = b.Name == ego;
            bool driven = isEgo && options.EgoDriver == EgoDriverMode.Reference;
            // The vehicle models integrate about the rear axle: a driven entity keeps its reference point there.
            double refOffset = driven ? 0 : b.RefPointOffset;
            if (driven && b.RefPointOffset > 0)
            {
                ctx.Warn(b.Where, $"'{b.Name}' is driven by the reference driver, which steers about the rear axle: refpoint_x_offset is ignored");
            }
            entities.Add(new EntityDefinition(b.Name, b.Kind, ctx.Where(b.Where))
            {
                Vehicle = b.Vehicle,
                Length = b.Length,
                Width = b.Width,
                Height = b.Height,
                CenterOffsetX = b.CenterX - refOffset,
                TrailingDistance = refOffset,
                Position = position,
                Speed = speed,
                Driver = driven ? DriverKind.Reference : DriverKind.None,
                DriverSettings = driven ? new ReferenceDriverSettings { CruiseSpeed = speed } : null,
                StoryboardEgo = isEgo && !driven,
            });
        }
        CheckPlacementOrder(ctx, entities);
        if (ctx.Errors.Count > 0)
        {
            return null;
        }
        var parameters = global.Own.ToDictionary(kv => kv.Key, kv => new ParameterValue(kv.Key, kv.Value), StringComparer.Ordinal);
        return new Scenario(Path.GetFileNameWithoutExtension(path), description, path, options.Duration, options.Step, 0, network, entities, storyboard,
            Array.Empty<Kpis.Criterion>(), null, new EnvironmentSettings(), false, parameters);
    }

    private static RoadNetwork? Roads(OscContext ctx, XElement root, ParameterScope global, string baseDir, OpenScenarioOptions options)
    {
        if (options.Network is not null)
        {
            return options.Network;
        }
        XElement? rn = root.Element("RoadNetwork");
        XElement? logic = rn?.Element("LogicFile");
        if (logic is null)
        {
            ctx.Error(rn ?? root, "the scenario names no road: <RoadNetwork><LogicFile filepath=\"...\"/> is needed");
            return null;
        }
        foreach (XElement other in rn!.Elements())
        {
            if (other.Name.LocalName is not ("LogicFile" or "SceneGraphFile"))
            {
                ctx.Unsupported(other);
            }
        }
        string? file = ctx.RequiredStr(logic, "filepath", global);
        if (file is null)
        {
            return null;
        }
        string full = Path.GetFullPath(Path.Combine(baseDir, file));
        if (!File.Exists(full))
        {
            ctx.Error(logic, $"road file '{full}' not found");
            return null;
        }
        Func<string, List<InputError>, RoadNetwork> loader = options.RoadLoader ?? OpenDrive.OpenDriveReader.Load;
        try
        {
            return loader(full, ctx.Warnings);
        }
        catch (InputException e)
        {
            ctx.Errors.AddRange(e.Errors);
            return null;
        }
    }

    private static string? EgoName(OscContext ctx, XElement root, List<OscEntity> bodies, OpenScenarioOptions options)
    {
        if (options.EgoName is { } named)
        {
            if (bodies.Any(b => b.Name == named))
            {
                return named;
            }
            ctx.Errors.Add(new InputError(new SourceLocation("--ego", 0, 0), $"no entity '{named}' in {ctx.MainFile}{Suggestions.Hint(named, bodies.Select(b => b.Name))}"));
            return null;
        }
        string? found = DefaultEgoNames.FirstOrDefault(n => bodies.Any(b => b.Name == n));
        if (found is null && bodies.Count > 0)
        {
            ctx.Warn(root.Element("Entities"), $"no entity is named {string.Join(", ", DefaultEgoNames)}: no ego (name one with --ego); KPIs are not measured");
        }
        return found;
    }

    /// <summary>
    /// Init: teleports become start positions and step speed changes start speeds; every other
    /// private action becomes an event of an "Init" story that runs in the first step, which
    /// plays it from time 0 (the first step's control sees the whole first step).
    /// </summary>
    private static Story? Init(OscContext ctx, OscReader reader, XElement? init, ParameterScope global,
        Dictionary<string, PositionSpec> positions, Dictionary<string, double> speeds, HashSet<string> placed)
    {
        var events = new List<StoryEvent>();
        XElement? actions = init?.Element("Actions");
        foreach (XElement el in actions?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (el.Name.LocalName != "Private")
            {
                ctx.Unsupported(el, "Init plays private actions only");
                continue;
            }
            string? entity = ctx.RequiredStr(el, "entityRef", global);
            if (entity is null)
            {
                continue;
            }
            if (!reader.HasEntity(entity))
            {
                ctx.Error(el.Attribute("entityRef"), $"unknown entity '{entity}'{Suggestions.Hint(entity, reader.EntityNames)}");
                continue;
            }
            int n = 0;
            foreach (XElement pa in el.Elements("PrivateAction"))
            {
                string name = $"Init {entity} {++n}";
                XElement? kind = pa.Elements().FirstOrDefault();
                if (kind?.Name.LocalName == "TeleportAction")
                {
                    if (reader.Position(kind.Element("Position"), global) is { } position)
                    {
                        positions[entity] = position;
                    }
                    else if (kind.Element("Position") is null)
                    {
                        ctx.Error(kind, "<TeleportAction> needs a <Position>");
                    }
                    continue;
                }
                if (InstantSpeed(ctx, kind, global) is { } v)
                {
                    speeds[entity] = v;
                    continue;
                }
                if (reader.PrivateAction(pa, name, entity, global) is { } action)
                {
                    events.Add(new StoryEvent(name, EventPriority.Parallel, 1, null, new[] { action }));
                    if (action is FollowTrajectoryAction)
                    {
                        // The trajectory's start places the entity at time zero.
                        placed.Add(entity);
                    }
                }
            }
        }
        if (events.Count == 0)
        {
            return null;
        }
        var maneuver = new Maneuver("Init", events);
        var group = new ManeuverGroup("Init", 1, events.SelectMany(e => e.Actions.SelectMany(a => a.Actors)).Distinct().ToArray(), new[] { maneuver });
        return new Story("Init", new[] { new Act("Init", null, null, new[] { group }) });
    }

    /// <summary>The speed of an Init SpeedAction that jumps at once to an absolute target; null for any other action.</summary>
    private static double? InstantSpeed(OscContext ctx, XElement? action, ParameterScope scope)
    {
        XElement? speed = action?.Name.LocalName == "LongitudinalAction" ? action.Element("SpeedAction") : null;
        XElement? dyn = speed?.Element("SpeedActionDynamics");
        XElement? target = speed?.Element("SpeedActionTarget")?.Element("AbsoluteTargetSpeed");
        if (dyn is null || target is null)
        {
            return null;
        }
        bool instant = ctx.Str(dyn, "dynamicsShape", scope) == "step"
            || (ctx.Str(dyn, "dynamicsDimension", scope) is "time" or "distance" && ctx.Num(dyn, "value", scope) == 0);
        return instant ? ctx.Num(target, "value", scope) : null;
    }

    /// <summary>Relative start positions resolve in declaration order: the reference must come first.</summary>
    private static void CheckPlacementOrder(OscContext ctx, List<EntityDefinition> entities)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (EntityDefinition e in entities)
        {
            PositionSpec p = e.Position is OrientedPositionSpec o ? o.Inner : e.Position;
            string? reference = p switch
            {
                RelativeLanePositionSpec r => r.EntityName,
                RelativeRoadPositionSpec r => r.EntityName,
                RelativeObjectPositionSpec r => r.EntityName,
                _ => null,
            };
            if (reference is not null && !declared.Contains(reference))
            {
                ctx.Errors.Add(new InputError(p.Where, $"'{e.Name}' starts relative to '{reference}', which must be declared before it in <Entities>"));
            }
            declared.Add(e.Name);
        }
    }
}
