using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Trajectories;
using SimCore.Storyboard.Conditions;
using SimCore.Traffic;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// Reads events (start triggers and actions) and stop triggers. Native scenarios list events flat;
/// they become one story, act, maneuver group and maneuver, so the OpenSCENARIO semantics apply
/// unchanged. Names of entities and events are checked once everything is read.
/// </summary>
internal sealed class StoryboardReader
{
    private readonly YamlContext _ctx;
    private readonly List<(string Name, YamlNode Node)> _entityRefs = new();
    private readonly List<(string Name, YamlNode Node)> _elementRefs = new();
    private int _anonymous;

    public StoryboardReader(YamlContext ctx) => _ctx = ctx;

    private static readonly IReadOnlyDictionary<string, EventPriority> Priorities = new Dictionary<string, EventPriority>
    {
        ["override"] = EventPriority.Override, ["parallel"] = EventPriority.Parallel, ["skip"] = EventPriority.Skip,
    };

    private static readonly IReadOnlyDictionary<string, ConditionEdge> Edges = new Dictionary<string, ConditionEdge>
    {
        ["none"] = ConditionEdge.None, ["rising"] = ConditionEdge.Rising, ["falling"] = ConditionEdge.Falling,
        ["rising_or_falling"] = ConditionEdge.RisingOrFalling,
    };

    private static readonly IReadOnlyDictionary<string, TransitionShape> Shapes = new Dictionary<string, TransitionShape>
    {
        ["step"] = TransitionShape.Step, ["linear"] = TransitionShape.Linear, ["cubic"] = TransitionShape.Cubic,
        ["sinusoidal"] = TransitionShape.Sinusoidal,
    };

    private static readonly IReadOnlyDictionary<string, DistanceKind> DistanceKinds = new Dictionary<string, DistanceKind>
    {
        ["longitudinal"] = DistanceKind.Longitudinal, ["lateral"] = DistanceKind.Lateral, ["euclidean"] = DistanceKind.Euclidean,
    };

    private static readonly IReadOnlyDictionary<string, MeasureFrame> Frames = new Dictionary<string, MeasureFrame>
    {
        ["entity"] = MeasureFrame.Entity, ["road"] = MeasureFrame.Road,
    };

    private static readonly IReadOnlyDictionary<string, ElementStateQuery> States = new Dictionary<string, ElementStateQuery>
    {
        ["standby"] = ElementStateQuery.Standby, ["running"] = ElementStateQuery.Running, ["complete"] = ElementStateQuery.Complete,
        ["start"] = ElementStateQuery.StartTransition, ["end"] = ElementStateQuery.EndTransition,
        ["stop"] = ElementStateQuery.StopTransition, ["skip"] = ElementStateQuery.SkipTransition,
    };

    private static readonly IReadOnlyDictionary<string, EntityKind> Kinds = new Dictionary<string, EntityKind>
    {
        ["car"] = EntityKind.Car, ["truck"] = EntityKind.Truck, ["bus"] = EntityKind.Bus,
        ["pedestrian"] = EntityKind.Pedestrian, ["cyclist"] = EntityKind.Cyclist, ["obstacle"] = EntityKind.Obstacle,
    };

    private static readonly YamlKey RuleKey = Y.Required("rule", Y.Word(Rules.Words.Keys), "Comparison of the measured value with 'value'.");

    private static YamlKey EntityKey(string name, string description) => Y.Required(name, Y.Text(), description);

    private static YamlObject Body(string name, string description, params YamlKey[] keys) => new(name + "_condition", description, keys);

    private static readonly YamlKey Freespace = Y.Key("freespace", Y.Flag(), "Measure box to box instead of reference point to reference point.");
    private static readonly YamlKey FrameKey = Y.Key("frame", Y.Word(Frames.Keys), "entity: the measuring entity's x/y axes; road: differences of s and t (falls back to the entity frame on different roads).");
    private static readonly YamlKey KindKey = Y.Key("kind", Y.Word(DistanceKinds.Keys), "Which component of the distance.");
    private static readonly YamlKey Duration = Y.Key("duration", Y.NonNegative("s"), "How long the state must last.", "0");

    /// <summary>Each condition type and its body (docs/scenario-format.md, Triggers).</summary>
    public static readonly IReadOnlyList<(string Type, YamlShape Body)> Conditions =
    [
        ("simulation_time", Y.AnyOf(Y.Number("s"), Body("simulation_time", "Simulation time (compared in integer nanoseconds); a number means time >= value.",
            Y.Required("value", Y.Number("s"), "Time."), RuleKey))),
        ("speed", Body("speed", "The entity's speed.", EntityKey("entity", "The entity."), Y.Required("value", Y.Number("m/s"), "Speed."), RuleKey)),
        ("acceleration", Body("acceleration", "The entity's longitudinal acceleration.", EntityKey("entity", "The entity."), Y.Required("value", Y.Number("m/s^2"), "Acceleration."), RuleKey)),
        ("relative_speed", Body("relative_speed", "Speed of the entity minus speed of the reference.", EntityKey("entity", "The entity."), EntityKey("reference", "The reference entity."),
            Y.Required("value", Y.Number("m/s"), "Speed difference."), RuleKey)),
        ("time_headway", Body("time_headway", "Distance to the target over the entity's own speed; undefined (false) while the target is behind or the entity stands still.",
            EntityKey("entity", "The following entity."), EntityKey("target", "The entity ahead."), Y.Required("value", Y.Number("s"), "Headway."), RuleKey,
            Freespace with { Default = "true" }, FrameKey with { Default = "road" })),
        ("time_to_collision", Body("time_to_collision", "Distance over closing speed (infinite when not closing).",
            EntityKey("entity", "The entity."), EntityKey("target", "The other entity."), Y.Required("value", Y.Number("s"), "Time to collision."), RuleKey,
            Freespace with { Default = "true" }, KindKey with { Default = "longitudinal" }, FrameKey with { Default = "road" })),
        ("relative_distance", Body("relative_distance", "Absolute distance measured from the reference entity.",
            EntityKey("entity", "The entity."), EntityKey("reference", "The reference entity."), Y.Required("value", Y.Number("m"), "Distance."), RuleKey,
            KindKey with { Default = "euclidean" }, FrameKey with { Default = "entity" }, Freespace with { Default = "false" })),
        ("reach_position", Body("reach_position", "The entity's reference point within the tolerance of a position.",
            EntityKey("entity", "The entity."), Y.Required("position", PositionReader.Any, "The position."), Y.Key("tolerance", Y.Positive("m"), "Radius.", "1"))),
        ("stand_still", Body("stand_still", "Speed below 1 mm/s for the duration.", EntityKey("entity", "The entity."), Duration)),
        ("collision", Body("collision", "The entity's box overlaps the target, any entity of a type, or anything.",
            EntityKey("entity", "The entity."), Y.Key("target", Y.Text(), "The other entity."), Y.Key("type", Y.Word(Kinds.Keys), "Any entity of this type."))),
        ("traveled_distance", Body("traveled_distance", "Odometer at least the value.", EntityKey("entity", "The entity."), Y.Required("value", Y.Number("m"), "Distance travelled."))),
        ("end_of_road", Body("end_of_road", "At the end of a road with no link for the duration.", EntityKey("entity", "The entity."), Duration)),
        ("off_road", Body("off_road", "Reference point outside every lane for the duration.", EntityKey("entity", "The entity."), Duration)),
        ("event_state", Body("event_state", "An event's state (standby, running, complete) or transition (start, end, stop, skip: true in the step it happens and the next).",
            Y.Required("event", Y.Text(), "The event's name."), Y.Required("state", Y.Word(States.Keys), "State or transition."))),
    ];

    public static readonly string[] ConditionTypes = Conditions.Select(c => c.Type).ToArray();

    public static readonly YamlObject ConditionShape = new("condition", "One condition: exactly one of the condition types, with an optional delay, edge and name.",
        [
            Y.Key("delay", Y.NonNegative("s"), "Seconds from the condition becoming true to the trigger.", "0"),
            Y.Key("edge", Y.Word(Edges.Keys), "none: while true; rising/falling: when it becomes true/false (never at the first evaluation).", "none"),
            Y.Key("name", Y.Text(), "Shown in the event log."),
            .. Conditions.Select(c => Y.Key(c.Type, c.Body, $"Condition type {c.Type}.")),
        ])
    { ExactlyOne = Conditions.Select(c => c.Type).ToArray() };

    private static readonly YamlList AllOf = Y.List(ConditionShape, 1);

    public static readonly YamlObject AnyTrigger = new("any_trigger", "True when any group holds; a group is a condition or a list of conditions that must all hold.",
        Y.Required("any", Y.List(Y.AnyOf(ConditionShape, AllOf), 1), "The groups."));

    /// <summary>A trigger: a condition, a list (all must hold), or any: [groups].</summary>
    public static readonly YamlAnyOf TriggerShape = Y.AnyOf(ConditionShape, AllOf, AnyTrigger);

    private static readonly YamlKey[] Transition =
    [
        Y.Key("shape", Y.Word(Shapes.Keys), "Shape of the transition.", "linear"),
        Y.Key("time", Y.Positive("s"), "Duration (give one of time, distance, rate)."),
        Y.Key("distance", Y.Positive("m"), "Distance covered during it."),
    ];

    private static YamlObject ActionBody(string name, string description, params YamlKey[] keys) => new(name + "_action", description, keys);

    /// <summary>Each action type and its body (docs/scenario-format.md, Actions).</summary>
    public static readonly IReadOnlyList<(string Type, YamlObject Body)> Actions =
    [
        ("speed", ActionBody("speed", "Changes speed along a shape; relative targets are re-evaluated each step; for the ego it sets the reference driver's cruise speed.",
            [EntityKey("entity", "The entity."),
            Y.Key("target", Y.NonNegative("m/s"), "Absolute target speed."),
            Y.Key("delta", Y.Number("m/s"), "Target: the speed of relative_to plus this."),
            Y.Key("factor", Y.NonNegative(), "Target: the speed of relative_to times this."),
            Y.Key("relative_to", Y.Text(), "The entity a delta or factor refers to."),
            Y.Key("continuous", Y.Flag(), "Keep tracking a relative target and never end.", "false"),
            .. Transition, Y.Key("rate", Y.Positive("m/s^2"), "Average rate of change: duration = |dv| / rate.")])),
        ("lane_change", ActionBody("lane_change", "Moves to a lane's centre (plus offset); the ego's driver plans the same lateral profile.",
            [EntityKey("entity", "The entity."),
            Y.Key("lane", Y.Integer(), "Target lane id (absolute)."),
            Y.Key("lanes", Y.Integer(), "Lanes to the left (negative: right)."),
            Y.Key("relative_to", Y.Text(), "With lanes: counted from this entity's lane."),
            Y.Key("offset", Y.Number("m"), "Offset from the target lane's centre, positive left.", "0"),
            .. Transition, Y.Key("rate", Y.Positive("m/s"), "Lateral speed.")])),
        ("lane_offset", ActionBody("lane_offset", "Shifts within the lane.",
            EntityKey("entity", "The entity."),
            Y.Required("offset", Y.Number("m"), "Offset from the lane centre, positive left."),
            Y.Key("shape", Y.Word(Shapes.Keys), "Shape of the transition.", "cubic"),
            Y.Key("time", Y.Positive("s"), "Duration (or max_lateral_acceleration)."),
            Y.Key("max_lateral_acceleration", Y.Positive("m/s^2"), "Duration from this limit."),
            Y.Key("continuous", Y.Flag(), "Keep the offset and never end.", "false"))),
        ("teleport", ActionBody("teleport", "Places the entity at once, keeping its speed.",
            EntityKey("entity", "The entity."), Y.Required("position", PositionReader.Any, "Where."))),
        ("follow_trajectory", ActionBody("follow_trajectory", "Follows a world polyline; vehicles carry on straight after its end.",
            EntityKey("entity", "The entity."),
            Y.Required("points", PositionReader.Points, "[[x, y], ...] or [{x, y, time}, ...] with times from the action's start."),
            Y.Key("speed", Y.Positive("m/s"), "Speed along it (points without times)."))),
        ("walk", ActionBody("walk", "A pedestrian or cyclist walks a polyline at a speed and stops at its end.",
            EntityKey("entity", "The entity."),
            Y.Required("path", PositionReader.Points, "[[x, y], ...]."),
            Y.Required("speed", Y.Positive("m/s"), "Walking speed."))),
        ("follow_lane", ActionBody("follow_lane", "Hands the entity to IDM lane following.",
            [EntityKey("entity", "The entity."), .. EntityReader.IdmKeys])),
    ];

    public static readonly string[] ActionTypes = Actions.Select(a => a.Type).ToArray();

    public static readonly YamlObject ActionShape = new("action", "One action: exactly one of the action types, with an optional name.",
        [Y.Key("name", Y.Text(), "Shown in the event log.", "EVENT.TYPE"), .. Actions.Select(a => Y.Key(a.Type, a.Body, $"Action type {a.Type}."))])
    { ExactlyOne = Actions.Select(a => a.Type).ToArray() };

    public static readonly YamlObject EventShape = new("event", "An event: actions that start together when its start trigger fires.",
        Y.Required("name", Y.Text(), "Unique name."),
        Y.Key("priority", Y.Word(Priorities.Keys), "parallel; override (stops running events); skip (not while another runs).", "parallel"),
        Y.Key("max_executions", Y.Integer(1), "More than 1: back to standby after ending, may trigger again.", "1"),
        Y.Key("start", TriggerShape, "Start trigger; omitted: starts at once."),
        Y.Required("actions", Y.List(ActionShape, 1), "The actions."));

    public Storyboard.Storyboard Read(IReadOnlyList<YamlNode> events, YamlNode? stop)
    {
        var list = new List<StoryEvent>();
        foreach (YamlNode n in events)
        {
            if (ReadEvent(n) is { } e)
            {
                list.Add(e);
            }
        }
        foreach (IGrouping<string, StoryEvent> dup in list.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            _ctx.Error(events[list.FindLastIndex(e => e.Name == dup.Key)], $"event name '{dup.Key}' is used more than once");
        }
        return OfEvents(list, stop is null ? null : ReadTrigger(stop, "'stop'"));
    }

    /// <summary>A native scenario's storyboard: its events in one story, act and maneuver named "main".</summary>
    public static Storyboard.Storyboard OfEvents(IReadOnlyList<StoryEvent> events, Trigger? stopTrigger)
    {
        var maneuver = new Maneuver("main", events);
        var group = new ManeuverGroup("main", 1, Array.Empty<string>(), new[] { maneuver });
        var act = new Act("main", null, null, new[] { group });
        return new Storyboard.Storyboard(new[] { new Story("main", new[] { act }) }, stopTrigger);
    }

    /// <summary>Reports references to entities and events that do not exist.</summary>
    public void CheckReferences(IReadOnlyCollection<string> entities, IReadOnlyCollection<string> elements)
    {
        foreach ((string name, YamlNode node) in _entityRefs)
        {
            if (!entities.Contains(name))
            {
                _ctx.Error(node, $"unknown entity '{name}'{Suggestions.Hint(name, entities)}");
            }
        }
        foreach ((string name, YamlNode node) in _elementRefs)
        {
            if (!elements.Contains(name))
            {
                _ctx.Error(node, $"unknown event '{name}'{Suggestions.Hint(name, elements)}");
            }
        }
    }

    private StoryEvent? ReadEvent(YamlNode node)
    {
        MapReader? m = _ctx.Map(node, "an event", EventShape);
        if (m is null)
        {
            return null;
        }
        string name = m.RequiredString("name", "an event") ?? "?";
        string label = $"event '{name}'";
        EventPriority priority = m.Enum("priority", Priorities) ?? EventPriority.Parallel;
        int executions = 1;
        if (m.Get("max_executions") is { } me && _ctx.Int(me, "'max_executions'") is { } n)
        {
            if (n < 1)
            {
                _ctx.Error(me, "'max_executions' must be at least 1");
            }
            executions = Math.Max(1, n);
        }
        Trigger? start = m.Get("start") is { } sn ? ReadTrigger(sn, $"start of {label}") : null;
        var actions = new List<ActionBase>();
        YamlNode? actionsNode = m.Required("actions", label);
        if (actionsNode is not null)
        {
            foreach (YamlNode a in _ctx.Sequence(actionsNode, "'actions'"))
            {
                if (ReadAction(a, name) is { } action)
                {
                    actions.Add(action);
                }
            }
            if (actions.Count == 0 && actionsNode is YamlSequenceNode { Children.Count: 0 })
            {
                _ctx.Error(actionsNode, $"{label} needs at least one action");
            }
        }
        m.Finish(label);
        return new StoryEvent(name, priority, executions, start, actions);
    }

    /// <summary>A condition, a list of conditions (all must hold), or any: [groups] (one group must hold).</summary>
    public Trigger? ReadTrigger(YamlNode node, string what)
    {
        var groups = new List<IReadOnlyList<Condition>>();
        if (node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode("any")))
        {
            MapReader m = new(_ctx, map, AnyTrigger);
            foreach (YamlNode g in m.List("any"))
            {
                groups.Add(ReadGroup(g));
            }
            m.Finish(what);
        }
        else
        {
            groups.Add(ReadGroup(node));
        }
        return groups.Any(g => g.Count > 0) ? new Trigger(groups) : null;
    }

    private List<Condition> ReadGroup(YamlNode node)
    {
        var list = new List<Condition>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode s ? s.Children : new[] { node };
        foreach (YamlNode c in items)
        {
            if (ReadCondition(c) is { } cond)
            {
                list.Add(cond);
            }
        }
        return list;
    }

    private string Entity(MapReader m, string key, string owner)
    {
        YamlNode? n = m.Required(key, owner);
        string? name = n is null ? null : _ctx.Scalar(n, $"'{key}'");
        if (name is not null)
        {
            _entityRefs.Add((name, n!));
        }
        return name ?? "?";
    }

    private Rule RuleOf(MapReader m, string owner)
    {
        YamlNode? n = m.Required("rule", owner);
        return n is null ? Rule.GreaterThan : _ctx.Enum(n, "'rule'", Rules.Words) ?? Rule.GreaterThan;
    }

    private Condition? ReadCondition(YamlNode node)
    {
        MapReader? outer = _ctx.Map(node, "a condition", ConditionShape);
        if (outer is null)
        {
            return null;
        }
        string[] types = outer.Keys.Where(k => ConditionTypes.Contains(k)).ToArray();
        bool misspelt = outer.Keys.Any(k => !ConditionShape.Has(k));
        outer.Finish("a condition");
        if (types.Length != 1)
        {
            if (!misspelt || types.Length > 1)
            {
                _ctx.Error(node, types.Length == 0
                    ? $"a condition needs a type: one of {string.Join(", ", ConditionTypes)}"
                    : $"a condition has exactly one type, found {string.Join(", ", types)}");
            }
            return null;
        }
        string type = types[0];
        double delay = outer.NonNegative("delay") ?? 0;
        ConditionEdge edge = outer.Enum("edge", Edges) ?? ConditionEdge.None;
        string name = outer.String("name") ?? $"{type}#{++_anonymous}";
        YamlNode body = outer.Get(type)!;
        ConditionBody? result = type == "simulation_time" && body is YamlScalarNode
            ? (_ctx.Double(body, "simulation_time") is { } t ? new SimulationTimeCondition(t, Rule.GreaterOrEqual) : null)
            : ReadConditionBody(type, body);
        return result is null ? null : new Condition(name, result, edge, delay);
    }

    private ConditionBody? ReadConditionBody(string type, YamlNode body)
    {
        YamlObject shape = MapReader.ObjectOf(Conditions.First(c => c.Type == type).Body)!;
        MapReader? m = _ctx.Map(body, $"'{type}'", shape);
        if (m is null)
        {
            return null;
        }
        string owner = $"'{type}'";
        ConditionBody? c = type switch
        {
            "simulation_time" => new SimulationTimeCondition(m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner)),
            "speed" => new SpeedCondition(Entity(m, "entity", owner), m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner)),
            "acceleration" => new AccelerationCondition(Entity(m, "entity", owner), m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner)),
            "relative_speed" => new RelativeSpeedCondition(Entity(m, "entity", owner), Entity(m, "reference", owner), m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner)),
            "time_headway" => new TimeHeadwayCondition(Entity(m, "entity", owner), Entity(m, "target", owner), m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner),
                m.Bool("freespace") ?? true, m.Enum("frame", Frames) ?? MeasureFrame.Road),
            "time_to_collision" => new TimeToCollisionCondition(Entity(m, "entity", owner), Entity(m, "target", owner), m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner),
                m.Bool("freespace") ?? true, m.Enum("kind", DistanceKinds) ?? DistanceKind.Longitudinal, m.Enum("frame", Frames) ?? MeasureFrame.Road),
            "relative_distance" => new RelativeDistanceCondition(Entity(m, "entity", owner), Entity(m, "reference", owner),
                m.Enum("kind", DistanceKinds) ?? DistanceKind.Euclidean, m.Enum("frame", Frames) ?? MeasureFrame.Entity, m.Bool("freespace") ?? false,
                m.RequiredDouble("value", owner) ?? 0, RuleOf(m, owner)),
            "reach_position" => ReadReach(m, owner),
            "stand_still" => new StandStillCondition(Entity(m, "entity", owner), m.NonNegative("duration") ?? 0),
            "collision" => ReadCollision(m, owner),
            "traveled_distance" => new TraveledDistanceCondition(Entity(m, "entity", owner), m.RequiredDouble("value", owner) ?? 0),
            "end_of_road" => new EndOfRoadCondition(Entity(m, "entity", owner), m.NonNegative("duration") ?? 0),
            "off_road" => new OffRoadCondition(Entity(m, "entity", owner), m.NonNegative("duration") ?? 0),
            _ => ReadElementState(m, owner),
        };
        m.Finish(owner);
        return c;
    }

    private ConditionBody? ReadReach(MapReader m, string owner)
    {
        string entity = Entity(m, "entity", owner);
        YamlNode? p = m.Required("position", owner);
        PositionSpec? pos = p is null ? null : PositionReader.Read(_ctx, p, "'position'");
        double tolerance = m.Positive("tolerance") ?? 1.0;
        return pos is null ? null : new ReachPositionCondition(entity, pos, tolerance);
    }

    private ConditionBody ReadCollision(MapReader m, string owner)
    {
        string entity = Entity(m, "entity", owner);
        string? target = m.Has("target") ? Entity(m, "target", owner) : null;
        EntityKind? kind = m.Enum("type", Kinds);
        return new CollisionCondition(entity, target, kind);
    }

    private ConditionBody? ReadElementState(MapReader m, string owner)
    {
        YamlNode? en = m.Required("event", owner);
        string? element = en is null ? null : _ctx.Scalar(en, "'event'");
        if (element is not null)
        {
            _elementRefs.Add((element, en!));
        }
        ElementStateQuery? state = m.Required("state", owner) is { } sn ? _ctx.Enum(sn, "'state'", States) : null;
        return element is null || state is null ? null : new ElementStateCondition(element, state.Value);
    }

    private TransitionDynamics ReadDynamics(MapReader m, string owner, bool allowRate, string rateUnit)
    {
        TransitionShape shape = m.Enum("shape", Shapes) ?? TransitionShape.Linear;
        var given = new List<(TransitionDimension, double)>();
        if (m.Get("time") is not null && m.Positive("time") is { } t) given.Add((TransitionDimension.Time, t));
        if (m.Get("distance") is not null && m.Positive("distance") is { } d) given.Add((TransitionDimension.Distance, d));
        if (allowRate && m.Get("rate") is not null && m.Positive("rate") is { } r) given.Add((TransitionDimension.Rate, r));
        if (given.Count > 1)
        {
            _ctx.Error(m.Node, $"{owner}: give one of time, distance{(allowRate ? ", rate (" + rateUnit + ")" : string.Empty)}");
        }
        if (given.Count == 0)
        {
            if (shape != TransitionShape.Step && !m.Keys.Any(k => k is "time" or "distance" or "rate"))
            {
                _ctx.Error(m.Node, $"{owner}: a {shape.ToString().ToLowerInvariant()} transition needs time, distance{(allowRate ? " or rate" : string.Empty)} (or shape: step)");
            }
            return new TransitionDynamics(shape, TransitionDimension.Time, 0);
        }
        return new TransitionDynamics(shape, given[0].Item1, given[0].Item2);
    }

    private ActionBase? ReadAction(YamlNode node, string eventName)
    {
        MapReader? outer = _ctx.Map(node, "an action", ActionShape);
        if (outer is null)
        {
            return null;
        }
        string[] types = outer.Keys.Where(k => ActionTypes.Contains(k)).ToArray();
        bool misspelt = outer.Keys.Any(k => !ActionShape.Has(k));
        outer.Finish("an action");
        if (types.Length != 1)
        {
            if (!misspelt || types.Length > 1)
            {
                _ctx.Error(node, types.Length == 0
                    ? $"an action needs a type: one of {string.Join(", ", ActionTypes)}"
                    : $"an action has exactly one type, found {string.Join(", ", types)}");
            }
            return null;
        }
        string type = types[0];
        string name = outer.String("name") ?? $"{eventName}.{type}";
        MapReader? m = _ctx.Map(outer.Get(type)!, $"'{type}'", Actions.First(a => a.Type == type).Body);
        if (m is null)
        {
            return null;
        }
        string owner = $"'{type}' action";
        ActionBase? a = type switch
        {
            "speed" => ReadSpeed(m, name, owner),
            "lane_change" => ReadLaneChange(m, name, owner),
            "lane_offset" => ReadLaneOffset(m, name, owner),
            "teleport" => ReadTeleport(m, name, owner),
            "follow_trajectory" => ReadTrajectory(m, name, owner, walk: false),
            "walk" => ReadTrajectory(m, name, owner, walk: true),
            _ => new FollowLaneAction(name, Entity(m, "entity", owner), EntityReader.ReadIdm(m)),
        };
        m.Finish(owner);
        return a;
    }

    private ActionBase ReadSpeed(MapReader m, string name, string owner)
    {
        string entity = Entity(m, "entity", owner);
        SpeedTarget target;
        if (m.Has("target"))
        {
            target = new SpeedTarget(SpeedTargetKind.Absolute, m.NonNegative("target") ?? 0, null);
            if (m.Has("delta") || m.Has("factor"))
            {
                _ctx.Error(m.Node, $"{owner}: give 'target', or 'delta'/'factor' with 'relative_to', not both");
            }
        }
        else if (m.Has("delta") || m.Has("factor"))
        {
            string reference = Entity(m, "relative_to", owner);
            target = m.Has("delta")
                ? new SpeedTarget(SpeedTargetKind.RelativeDelta, m.Double("delta", 0), reference)
                : new SpeedTarget(SpeedTargetKind.RelativeFactor, m.NonNegative("factor") ?? 1, reference);
        }
        else
        {
            _ctx.Error(m.Node, $"{owner} needs 'target' (m/s), or 'delta' or 'factor' with 'relative_to'");
            target = new SpeedTarget(SpeedTargetKind.Absolute, 0, null);
        }
        bool continuous = m.Bool("continuous") ?? false;
        TransitionDynamics dyn = ReadDynamics(m, owner, allowRate: true, "m/s^2");
        return new SpeedAction(name, entity, target, dyn, continuous);
    }

    private ActionBase ReadLaneChange(MapReader m, string name, string owner)
    {
        string entity = Entity(m, "entity", owner);
        int? absolute = m.Int("lane");
        int relative = m.Int("lanes") ?? 0;
        string? relativeTo = m.Has("relative_to") ? Entity(m, "relative_to", owner) : null;
        if (absolute is null == !m.Has("lanes"))
        {
            _ctx.Error(m.Node, $"{owner} needs either 'lane' (a lane id) or 'lanes' (how many lanes to the left, negative to the right)");
        }
        if (absolute == 0)
        {
            _ctx.Error(m.Get("lane")!, "lane 0 is the centre line, not a lane");
        }
        double offset = m.Double("offset", 0);
        TransitionDynamics dyn = ReadDynamics(m, owner, allowRate: true, "m/s lateral");
        return new LaneChangeAction(name, entity, absolute, relative, relativeTo, offset, dyn);
    }

    private ActionBase ReadLaneOffset(MapReader m, string name, string owner)
    {
        string entity = Entity(m, "entity", owner);
        double offset = m.RequiredDouble("offset", owner) ?? 0;
        TransitionShape shape = m.Enum("shape", Shapes) ?? TransitionShape.Cubic;
        double? time = m.Positive("time");
        double? maxAcc = m.Positive("max_lateral_acceleration");
        if (time is null && maxAcc is null && shape != TransitionShape.Step)
        {
            _ctx.Error(m.Node, $"{owner} needs 'time' or 'max_lateral_acceleration'");
        }
        return new LaneOffsetAction(name, entity, offset, shape, time, maxAcc, m.Bool("continuous") ?? false);
    }

    private ActionBase? ReadTeleport(MapReader m, string name, string owner)
    {
        string entity = Entity(m, "entity", owner);
        YamlNode? p = m.Required("position", owner);
        PositionSpec? pos = p is null ? null : PositionReader.Read(_ctx, p, "'position'");
        return pos is null ? null : new TeleportAction(name, entity, pos);
    }

    private ActionBase? ReadTrajectory(MapReader m, string name, string owner, bool walk)
    {
        string entity = Entity(m, "entity", owner);
        string key = walk ? "path" : "points";
        YamlNode? pn = m.Required(key, owner);
        bool timed = !walk && pn is YamlSequenceNode seq && seq.Children.FirstOrDefault() is YamlMappingNode first
            && first.Children.ContainsKey(new YamlScalarNode("time"));
        List<double>? times = timed ? new List<double>() : null;
        List<Vec2> points = pn is null ? new List<Vec2>() : PositionReader.ReadPoints(_ctx, pn, $"'{key}'", times);
        double? speed = walk ? m.RequiredDouble("speed", owner) : m.Positive("speed");
        if (walk && speed is <= 0)
        {
            _ctx.Error(m.Get("speed")!, "'speed' must be greater than 0");
        }
        if (timed && speed is not null)
        {
            _ctx.Error(m.Get("speed")!, "a trajectory with times takes its speed from them; drop 'speed'");
        }
        if (points.Count < 2)
        {
            return null;
        }
        var where = _ctx.Where(pn!);
        var vertices = points.Select((p, i) => new PolylineVertex(new WorldPositionSpec(where, p.X, p.Y, 0, HeadingGiven: false), times?[i])).ToArray();
        // A walk ends standing still; a trajectory ends with people standing and vehicles carrying on.
        return new FollowTrajectoryAction(name, entity, new PolylineShape(where, vertices, Closed: false), times is null ? null : TrajectoryTiming.Relative,
            follow: false, speed: speed, stopAtEnd: walk ? true : null);
    }
}
