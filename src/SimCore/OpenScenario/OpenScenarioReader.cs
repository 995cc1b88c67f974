using System.Globalization;
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
        XDocument doc = OscContext.LoadDocument(path, out string? note);
        var errors = new List<InputError>();
        var ctx = new OscContext(path, options.Strict, errors, warnings);
        if (note is not null)
        {
            ctx.Tolerated(new SourceLocation(path, 1, 1), note);
        }
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
        if (root?.Name.LocalName == "OpenScenario")
        {
            ctx.Tolerated(root, "the root element is <OpenScenario>; the standard spells it <OpenSCENARIO> (read as esmini does)");
        }
        else if (root is null || root.Name.LocalName != "OpenSCENARIO")
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
            ctx.Error(pvd, "this is a parameter value distribution, not a scenario: expand it with ParameterDistribution (`sim batch` runs it, `sim run` plays its first run)");
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
        reader.ReadTrafficSignals(root.Element("RoadNetwork")?.Element("TrafficSignals"));
        reader.DeclareVariables(root.Element("VariableDeclarations"));

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
        var inInit = new HashSet<string>(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var environment = new EnvironmentSettings();
        Story? init = Init(ctx, reader, sb.Element("Init"), global, positions, speeds, placed, inInit, ref environment);
        Storyboard.Storyboard storyboard = reader.ReadStoryboard(sb, init);
        reader.CheckElementReferences();

        var entities = new List<EntityDefinition>();
        foreach (OscEntity b in bodies)
        {
            // As in esmini, an entity with nothing in Init that an AddEntityAction places enters the run then.
            bool absent = !inInit.Contains(b.Name) && reader.IsAddedByAction(b.Name);
            if (!positions.TryGetValue(b.Name, out PositionSpec? position))
            {
                if (!absent && !placed.Contains(b.Name))
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
                StartsAbsent = absent,
            });
        }
        CheckPlacementOrder(ctx, entities);
        if (ctx.Errors.Count > 0)
        {
            return null;
        }
        var parameters = global.Own.ToDictionary(kv => kv.Key, kv => new ParameterValue(kv.Key, kv.Value), StringComparer.Ordinal);
        Kpis.Criterion[] criteria = options.DefaultCriteria && bodies.FirstOrDefault(b => b.Name == ego) is { } egoBody
            ? new[] { Kpis.Criterion.EgoNoCollision(ctx.Where(egoBody.Where)) }
            : Array.Empty<Kpis.Criterion>();
        return new Scenario(Path.GetFileNameWithoutExtension(path), description, path, options.Duration, options.Step, 0, network, entities, storyboard,
            criteria, null, environment, false, parameters) { SignalControllers = reader.SignalControllers };
    }

    private static RoadNetwork? Roads(OscContext ctx, XElement root, ParameterScope global, string baseDir, OpenScenarioOptions options)
    {
        if (options.Network is not null)
        {
            return options.Network;
        }
        XElement? rn = root.Element("RoadNetwork");
        XElement? logic = rn?.Element("LogicFile");
        if (rn is null)
        {
            // Required by the schema; esmini plays such a file without roads, and so do we.
            ctx.Tolerated(root, "<OpenSCENARIO> has no <RoadNetwork>: read as a scenario without roads");
        }
        foreach (XElement other in rn?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (other.Name.LocalName is not ("LogicFile" or "SceneGraphFile" or "TrafficSignals"))
            {
                ctx.Unsupported(other);
            }
        }
        if (logic is null || string.IsNullOrWhiteSpace(ctx.Str(logic, "filepath", global)))
        {
            ctx.Warn(logic ?? rn ?? root, "no road network (no LogicFile): entities move in world coordinates; "
                + "lane and road positions, lane changes and the lane KPIs are not available");
            return new RoadNetwork(Array.Empty<Road>());
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
        Dictionary<string, PositionSpec> positions, Dictionary<string, double> speeds, HashSet<string> placed, HashSet<string> inInit,
        ref EnvironmentSettings environment)
    {
        var events = new List<StoryEvent>();
        XElement? actions = init?.Element("Actions");
        int globals = 0;
        foreach (XElement el in actions?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (el.Name.LocalName == "GlobalAction")
            {
                string name = $"Init global {++globals}";
                if (reader.GlobalAction(el, name, global) is { } action)
                {
                    if (action is Storyboard.Actions.EnvironmentAction env)
                    {
                        // The environment the run starts in, as a teleport is the start position.
                        environment = env.Apply(environment);
                    }
                    else
                    {
                        events.Add(new StoryEvent(name, EventPriority.Parallel, 1, null, new[] { action }));
                    }
                }
                continue;
            }
            if (el.Name.LocalName != "Private")
            {
                ctx.Unsupported(el, "Init plays private and global actions");
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
            inInit.Add(entity);
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

    /// <summary>
    /// The standard resolves start positions in declaration order, so a relative one may only name
    /// an earlier entity. esmini reorders its Init instead, and so do we (the simulator places an
    /// entity after the one it refers to), with a warning; an error with --strict. A cycle is an error.
    /// </summary>
    private static void CheckPlacementOrder(OscContext ctx, List<EntityDefinition> entities)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, EntityDefinition> byName = entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (EntityDefinition e in entities)
        {
            string? reference = e.Position.ReferencedEntity;
            if (reference is not null && !declared.Contains(reference) && byName.ContainsKey(reference))
            {
                // Follow the chain of references: coming back to this entity is a cycle.
                var seen = new HashSet<string>(StringComparer.Ordinal) { e.Name };
                string? r = reference;
                while (r is not null && seen.Add(r) && byName.TryGetValue(r, out EntityDefinition? next))
                {
                    r = next.Position.ReferencedEntity;
                }
                if (r is not null && r == e.Name)
                {
                    ctx.Errors.Add(new InputError(e.Position.Where, $"'{e.Name}' starts relative to '{reference}', which (through its own start position) is placed relative to '{e.Name}': the start positions refer to each other in a cycle"));
                }
                else if (ctx.Strict)
                {
                    ctx.Errors.Add(new InputError(e.Position.Where, $"'{e.Name}' starts relative to '{reference}', which is declared after it in <Entities> (--strict)"));
                }
                else
                {
                    ctx.Warnings.Add(InputError.Warning(e.Position.Where, $"'{e.Name}' starts relative to '{reference}', which is declared after it in <Entities>; '{reference}' is placed first, as esmini does"));
                }
            }
            declared.Add(e.Name);
        }
    }
}
