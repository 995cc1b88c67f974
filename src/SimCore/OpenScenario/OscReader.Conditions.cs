using System.Xml.Linq;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Storyboard;
using SimCore.Storyboard.Conditions;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, ConditionEdge> EdgeWords = new Dictionary<string, ConditionEdge>
    {
        ["none"] = ConditionEdge.None,
        ["rising"] = ConditionEdge.Rising,
        ["falling"] = ConditionEdge.Falling,
        ["risingOrFalling"] = ConditionEdge.RisingOrFalling,
    };

    /// <summary>A StartTrigger or StopTrigger: condition groups ORed, conditions within a group ANDed. Empty means none.</summary>
    public Trigger? Trigger(XElement? trigger, ParameterScope scope)
    {
        if (trigger is null)
        {
            return null;
        }
        var groups = new List<IReadOnlyList<Condition>>();
        foreach (XElement g in trigger.Elements())
        {
            if (g.Name.LocalName != "ConditionGroup")
            {
                _ctx.Unsupported(g);
                continue;
            }
            var list = new List<Condition>();
            foreach (XElement c in g.Elements())
            {
                if (c.Name.LocalName != "Condition")
                {
                    _ctx.Unsupported(c);
                    continue;
                }
                if (Condition(c, scope) is { } cond)
                {
                    list.Add(cond);
                }
            }
            if (list.Count > 0)
            {
                groups.Add(list);
            }
        }
        return groups.Count > 0 ? new Trigger(groups) : null;
    }

    private Condition? Condition(XElement c, ParameterScope scope)
    {
        string name = _ctx.Str(c, "name", scope) ?? "condition";
        double delay = _ctx.Num(c, "delay", scope) ?? 0;
        if (delay < 0)
        {
            _ctx.Error(c.Attribute("delay"), "delay must not be negative");
        }
        ConditionEdge edge = c.Attribute("conditionEdge") is null
            ? ConditionEdge.None
            : _ctx.Enum(c, "conditionEdge", scope, EdgeWords) ?? ConditionEdge.None;
        XElement? body = _ctx.Choice(c);
        ConditionBody? result = body?.Name.LocalName switch
        {
            null => null,
            "ByEntityCondition" => ByEntity(body, scope),
            "ByValueCondition" => ByValue(body, scope),
            _ => Unknown(body),
        };
        return result is null ? null : new Condition(name, result, edge, Math.Max(0, delay));
    }

    private ConditionBody? Unknown(XElement el)
    {
        _ctx.Unsupported(el);
        return new ConstantCondition(false, $"unsupported {el.Name.LocalName}");
    }

    private ConditionBody? ByEntity(XElement by, ParameterScope scope)
    {
        XElement? triggering = by.Element("TriggeringEntities");
        XElement? condition = by.Element("EntityCondition");
        if (triggering is null || condition is null)
        {
            _ctx.Error(by, "<ByEntityCondition> needs <TriggeringEntities> and <EntityCondition>");
            return null;
        }
        string rule = _ctx.Str(triggering, "triggeringEntitiesRule", scope) ?? "any";
        if (rule is not ("any" or "all"))
        {
            _ctx.Error(triggering.Attribute("triggeringEntitiesRule"), $"triggeringEntitiesRule must be any or all, not '{rule}'");
        }
        XElement? inner = _ctx.Choice(condition);
        if (inner is null)
        {
            return null;
        }
        var parts = new List<ConditionBody>();
        foreach (XElement r in triggering.Elements("EntityRef"))
        {
            string? entity = EntityRef(r, "entityRef", scope);
            if (entity is null)
            {
                continue;
            }
            ConditionBody? body = EntityCondition(inner, entity, scope);
            if (body is null)
            {
                return null;
            }
            parts.Add(body);
        }
        if (!triggering.Elements("EntityRef").Any())
        {
            _ctx.Error(triggering, "<TriggeringEntities> names no <EntityRef>");
            return null;
        }
        return parts.Count == 0 ? null : new TriggeringEntitiesCondition(parts, rule == "all");
    }

    private ConditionBody? EntityCondition(XElement c, string entity, ParameterScope scope)
    {
        switch (c.Name.LocalName)
        {
            case "EndOfRoadCondition":
                return new EndOfRoadCondition(entity, _ctx.RequiredNum(c, "duration", scope));
            case "OffroadCondition":
                return new OffRoadCondition(entity, _ctx.RequiredNum(c, "duration", scope));
            case "StandStillCondition":
                return new StandStillCondition(entity, _ctx.RequiredNum(c, "duration", scope));
            case "CollisionCondition":
            {
                if (c.Element("EntityRef") is { } er)
                {
                    string? target = EntityRef(er, "entityRef", scope);
                    return target is null ? null : new CollisionCondition(entity, target, null);
                }
                if (c.Element("ByType") is { } bt)
                {
                    string? type = _ctx.RequiredStr(bt, "type", scope);
                    EntityKind? kind = type switch
                    {
                        "pedestrian" => EntityKind.Pedestrian,
                        "miscellaneous" => EntityKind.Obstacle,
                        "vehicle" => null,
                        _ => null,
                    };
                    if (type == "vehicle")
                    {
                        // Any vehicle kind: one condition per kind would be needed; any collision is the closest.
                        _ctx.Warn(bt, "a collision with type 'vehicle' counts a collision with any entity");
                    }
                    return new CollisionCondition(entity, null, kind);
                }
                _ctx.Error(c, "<CollisionCondition> needs <EntityRef> or <ByType>");
                return null;
            }
            case "TimeHeadwayCondition":
            {
                string? target = EntityRef(c, "entityRef", scope);
                double value = _ctx.RequiredNum(c, "value", scope);
                bool freespace = _ctx.Bool(c, "freespace", scope) ?? false;
                MeasureFrame frame = Frame(c, scope);
                // Without relativeDistanceType (1.0 has none) the distance is the straight one,
                // box to box with freespace: esmini's default, which decides when its events fire.
                DistanceKind kind = DistanceType(c, scope, DistanceKind.Euclidean);
                return target is null ? null : new TimeHeadwayCondition(entity, target, value, Rule(c, scope), freespace, frame, kind);
            }
            case "TimeToCollisionCondition":
            {
                double value = _ctx.RequiredNum(c, "value", scope);
                bool freespace = _ctx.Bool(c, "freespace", scope) ?? false;
                MeasureFrame frame = Frame(c, scope);
                DistanceKind kind = DistanceType(c, scope, DistanceKind.Euclidean);
                Rule rule = Rule(c, scope);
                XElement? t = c.Element("TimeToCollisionConditionTarget");
                if (t?.Element("EntityRef") is { } er)
                {
                    string? target = EntityRef(er, "entityRef", scope);
                    return target is null ? null : new TimeToCollisionCondition(entity, target, value, rule, freespace, kind, frame);
                }
                if (t?.Element("Position") is { } pos)
                {
                    PositionSpec? p = Position(pos, scope);
                    return p is null ? null : new TimeToCollisionPositionCondition(entity, p, kind, frame, freespace, value, rule);
                }
                _ctx.Error(c, "<TimeToCollisionCondition> needs <TimeToCollisionConditionTarget> with <EntityRef> or <Position>");
                return null;
            }
            case "AccelerationCondition":
                DirectionNote(c, scope);
                return new AccelerationCondition(entity, _ctx.RequiredNum(c, "value", scope), Rule(c, scope));
            case "SpeedCondition":
                DirectionNote(c, scope);
                return new SpeedCondition(entity, _ctx.RequiredNum(c, "value", scope), Rule(c, scope));
            case "RelativeSpeedCondition":
            {
                DirectionNote(c, scope);
                string? target = EntityRef(c, "entityRef", scope);
                double value = _ctx.RequiredNum(c, "value", scope);
                return target is null ? null : new RelativeSpeedCondition(entity, target, value, Rule(c, scope));
            }
            case "TraveledDistanceCondition":
                return new TraveledDistanceCondition(entity, _ctx.RequiredNum(c, "value", scope));
            case "ReachPositionCondition":
            {
                double tolerance = _ctx.RequiredNum(c, "tolerance", scope);
                PositionSpec? p = Position(c.Element("Position"), scope);
                if (c.Element("Position") is null)
                {
                    _ctx.Error(c, "<ReachPositionCondition> needs a <Position>");
                }
                return p is null ? null : new ReachPositionCondition(entity, p, tolerance);
            }
            case "DistanceCondition":
            {
                double value = _ctx.RequiredNum(c, "value", scope);
                bool freespace = _ctx.Bool(c, "freespace", scope) ?? false;
                MeasureFrame frame = Frame(c, scope);
                DistanceKind kind = DistanceType(c, scope, DistanceKind.Euclidean);
                Rule rule = Rule(c, scope);
                if (c.Element("Position") is null)
                {
                    _ctx.Error(c, "<DistanceCondition> needs a <Position>");
                    return null;
                }
                PositionSpec? p = Position(c.Element("Position"), scope);
                return p is null ? null : new DistanceCondition(entity, p, kind, frame, freespace, value, rule);
            }
            case "RelativeDistanceCondition":
            {
                string? target = EntityRef(c, "entityRef", scope);
                double value = _ctx.RequiredNum(c, "value", scope);
                bool freespace = _ctx.Bool(c, "freespace", scope) ?? false;
                MeasureFrame frame = Frame(c, scope);
                if (c.Attribute("relativeDistanceType") is null)
                {
                    _ctx.Error(c, "<RelativeDistanceCondition> needs attribute 'relativeDistanceType'");
                }
                DistanceKind kind = DistanceType(c, scope, DistanceKind.Euclidean);
                Rule rule = Rule(c, scope);
                // The standard measures from the triggering entity to the referenced one.
                return target is null ? null : new RelativeDistanceCondition(target, entity, kind, frame, freespace, value, rule);
            }
            default:
                _ctx.Unsupported(c, "entity conditions are EndOfRoad, Offroad, StandStill, Collision, TimeHeadway, TimeToCollision, Acceleration, Speed, RelativeSpeed, TraveledDistance, ReachPosition, Distance and RelativeDistance");
                return new ConstantCondition(false, $"unsupported {c.Name.LocalName}");
        }
    }

    private void DirectionNote(XElement c, ParameterScope scope)
    {
        string? direction = _ctx.Str(c, "direction", scope);
        if (direction is not null && direction != "longitudinal")
        {
            _ctx.Warn(c, $"direction '{direction}' is measured as longitudinal");
        }
    }

    private static readonly IReadOnlyDictionary<string, ElementStateQuery> StateWords = new Dictionary<string, ElementStateQuery>
    {
        ["startTransition"] = ElementStateQuery.StartTransition,
        ["endTransition"] = ElementStateQuery.EndTransition,
        ["stopTransition"] = ElementStateQuery.StopTransition,
        ["skipTransition"] = ElementStateQuery.SkipTransition,
        ["completeState"] = ElementStateQuery.Complete,
        ["runningState"] = ElementStateQuery.Running,
        ["standbyState"] = ElementStateQuery.Standby,
    };

    private static readonly string[] ElementTypes = { "story", "act", "maneuverGroup", "maneuver", "event", "action" };

    private ConditionBody? ByValue(XElement by, ParameterScope scope)
    {
        XElement? c = _ctx.Choice(by);
        if (c is null)
        {
            return null;
        }
        switch (c.Name.LocalName)
        {
            case "SimulationTimeCondition":
                return new SimulationTimeCondition(_ctx.RequiredNum(c, "value", scope), Rule(c, scope));
            case "TrafficSignalCondition":
                return TrafficSignal(c, scope);
            case "TrafficSignalControllerCondition":
                return TrafficSignalController(c, scope);
            case "StoryboardElementStateCondition":
            {
                string? type = _ctx.RequiredStr(c, "storyboardElementType", scope);
                string? name = _ctx.RequiredStr(c, "storyboardElementRef", scope);
                if (c.Attribute("state") is null)
                {
                    _ctx.Error(c, "<StoryboardElementStateCondition> needs attribute 'state'");
                    return null;
                }
                ElementStateQuery? state = _ctx.Enum(c, "state", scope, StateWords);
                if (type is null || name is null || state is null)
                {
                    return null;
                }
                if (!ElementTypes.Contains(type))
                {
                    _ctx.Error(c.Attribute("storyboardElementType"), $"'{type}' is not a storyboardElementType: use {string.Join(", ", ElementTypes)}{Suggestions.Hint(type, ElementTypes)}");
                    return null;
                }
                _elementRefs.Add((name, type, c));
                return new ActionStateCondition(this, type, name, state.Value, c);
            }
            case "ParameterCondition":
                return ValueCondition(c, ParameterRef(c, scope), scope);
            case "VariableCondition":
                return ValueCondition(c, VariableRef(c), scope);
            default:
                _ctx.Unsupported(c, "value conditions are SimulationTime, StoryboardElementState, Parameter and Variable");
                return new ConstantCondition(false, $"unsupported {c.Name.LocalName}");
        }
    }

    /// <summary>
    /// Defers building a StoryboardElementStateCondition until the storyboard is read: an action's
    /// state is its event's (actions are not storyboard elements of their own here).
    /// </summary>
    private sealed class ActionStateCondition(OscReader reader, string type, string name, ElementStateQuery state, XElement where) : ConditionBody
    {
        private ElementStateCondition? _inner;

        private ElementStateCondition Inner
        {
            get
            {
                if (_inner is null)
                {
                    string target = type == "action" && reader._actionToEvent.TryGetValue(name, out string? ev) ? ev : name;
                    _inner = new ElementStateCondition(target, state, KindOf(type));
                }
                return _inner;
            }
        }

        public XElement Where => where;

        private static ElementKind? KindOf(string type) => type switch
        {
            "story" => ElementKind.Story,
            "act" => ElementKind.Act,
            "maneuverGroup" => ElementKind.ManeuverGroup,
            "maneuver" => ElementKind.Maneuver,
            "event" or "action" => ElementKind.Event,
            _ => null,
        };

        public override bool Evaluate(World world) => Inner.Evaluate(world);

        public override string Describe(World world) => Inner.Describe(world);
    }
}
