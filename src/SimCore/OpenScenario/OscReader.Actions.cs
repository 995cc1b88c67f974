using System.Xml.Linq;
using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Traffic;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, TransitionShape> ShapeWords = new Dictionary<string, TransitionShape>
    {
        ["step"] = TransitionShape.Step,
        ["linear"] = TransitionShape.Linear,
        ["cubic"] = TransitionShape.Cubic,
        ["sinusoidal"] = TransitionShape.Sinusoidal,
    };

    private static readonly IReadOnlyDictionary<string, TransitionDimension> DimensionWords = new Dictionary<string, TransitionDimension>
    {
        ["rate"] = TransitionDimension.Rate,
        ["time"] = TransitionDimension.Time,
        ["distance"] = TransitionDimension.Distance,
    };

    /// <summary>TransitionDynamics; a rate's sign only says the direction, the change follows from the target.</summary>
    private TransitionDynamics Dynamics(XElement? d, ParameterScope scope)
    {
        if (d is null)
        {
            return new TransitionDynamics(TransitionShape.Step, TransitionDimension.Time, 0);
        }
        TransitionShape shape = _ctx.Enum(d, "dynamicsShape", scope, ShapeWords) ?? TransitionShape.Step;
        TransitionDimension dim = _ctx.Enum(d, "dynamicsDimension", scope, DimensionWords) ?? TransitionDimension.Time;
        double value = _ctx.Num(d, "value", scope) ?? 0;
        if (dim == TransitionDimension.Rate)
        {
            // esmini reads -4 m/s^2 towards a lower speed as 4 m/s^2; so do we.
            value = Math.Abs(value);
        }
        else if (value < 0)
        {
            _ctx.Error(d.Attribute("value"), $"a transition's {dim.ToString().ToLowerInvariant()} must not be negative");
            value = 0;
        }
        return new TransitionDynamics(shape, dim, value);
    }

    private DynamicLimits Limits(XElement? c, ParameterScope scope)
        => c is null
            ? new DynamicLimits(null, null, null)
            : new DynamicLimits(_ctx.Num(c, "maxAcceleration", scope), _ctx.Num(c, "maxDeceleration", scope), _ctx.Num(c, "maxSpeed", scope),
                _ctx.Num(c, "maxAccelerationRate", scope), _ctx.Num(c, "maxDecelerationRate", scope));

    /// <summary>A PrivateAction for one entity; null when it is unsupported (reported) or broken (an error).</summary>
    public ActionBase? PrivateAction(XElement pa, string name, string entity, ParameterScope scope)
    {
        XElement? a = _ctx.Choice(pa);
        if (a is null)
        {
            return null;
        }
        switch (a.Name.LocalName)
        {
            case "TeleportAction":
            {
                PositionSpec? p = Position(a.Element("Position"), scope);
                if (a.Element("Position") is null)
                {
                    _ctx.Error(a, "<TeleportAction> needs a <Position>");
                }
                return p is null ? null : new TeleportAction(name, entity, p);
            }
            case "LongitudinalAction":
                return Longitudinal(_ctx.Choice(a), name, entity, scope);
            case "LateralAction":
                return Lateral(_ctx.Choice(a), name, entity, scope);
            case "RoutingAction":
                return Routing(_ctx.Choice(a), name, entity, scope);
            case "SynchronizeAction":
                return Synchronize(a, name, entity, scope);
            case "AppearanceAction":
                return Appearance(a, name, entity, scope);
            case "ActivateControllerAction":
                // Switches the ego's reference driver on or off (see ControllerAction); other
                // controller domains (animation, lighting) do not exist here.
                return new ControllerAction(name, entity, "ActivateControllerAction",
                    _ctx.Bool(a, "longitudinal", scope), _ctx.Bool(a, "lateral", scope));
            case "ControllerAction":
                // OpenSCENARIO 1.1+ nests ActivateControllerAction here (the direct form is
                // deprecated); assigning or overriding controllers has no counterpart.
                if (a.Element("ActivateControllerAction") is { } activate)
                {
                    return new ControllerAction(name, entity, "ActivateControllerAction",
                        _ctx.Bool(activate, "longitudinal", scope), _ctx.Bool(activate, "lateral", scope));
                }
                if (a.Element("OverrideControllerValueAction") is { } values)
                {
                    return OverrideValues(values, name, entity, scope);
                }
                _ctx.Warn(a, "AssignControllerAction has no effect: the ego's driver is chosen with --ego-driver, other entities follow the storyboard");
                return new ControllerAction(name, entity, "ControllerAction (no effect)");
            case "VisibilityAction":
                return Visibility(a, name, entity, scope);
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }

    private ActionBase? Longitudinal(XElement? a, string name, string entity, ParameterScope scope)
    {
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "SpeedAction":
            {
                TransitionDynamics dyn = Dynamics(a.Element("SpeedActionDynamics"), scope);
                if (a.Element("SpeedActionDynamics") is null)
                {
                    _ctx.Error(a, "<SpeedAction> needs <SpeedActionDynamics>");
                }
                XElement? target = a.Element("SpeedActionTarget") is { } t ? _ctx.Choice(t) : null;
                if (target is null)
                {
                    _ctx.Error(a, "<SpeedAction> needs <SpeedActionTarget>");
                    return null;
                }
                if (target.Name.LocalName == "AbsoluteTargetSpeed")
                {
                    return new SpeedAction(name, entity, new SpeedTarget(SpeedTargetKind.Absolute, _ctx.RequiredNum(target, "value", scope), null), dyn, false, distanceAsTime: true);
                }
                if (target.Name.LocalName == "RelativeTargetSpeed")
                {
                    string? reference = EntityRef(target, "entityRef", scope);
                    double value = _ctx.RequiredNum(target, "value", scope);
                    string type = _ctx.Str(target, "speedTargetValueType", scope) ?? "delta";
                    bool continuous = _ctx.Bool(target, "continuous", scope) ?? false;
                    if (type is not ("delta" or "factor"))
                    {
                        _ctx.Error(target.Attribute("speedTargetValueType"), $"speedTargetValueType must be delta or factor, not '{type}'");
                    }
                    return reference is null ? null : new SpeedAction(name, entity,
                        new SpeedTarget(type == "factor" ? SpeedTargetKind.RelativeFactor : SpeedTargetKind.RelativeDelta, value, reference), dyn, continuous, distanceAsTime: true);
                }
                _ctx.Unsupported(target);
                return null;
            }
            case "LongitudinalDistanceAction":
                return LongitudinalDistance(a, name, entity, scope);
            case "SpeedProfileAction":
            {
                string? reference = a.Attribute("entityRef") is null ? null : EntityRef(a, "entityRef", scope);
                string mode = _ctx.Str(a, "followingMode", scope) ?? "follow";
                if (mode is not ("follow" or "position"))
                {
                    _ctx.Error(a.Attribute("followingMode"), $"followingMode must be follow or position, not '{mode}'");
                }
                var entries = new List<SpeedProfileEntry>();
                foreach (XElement e in a.Elements("SpeedProfileEntry"))
                {
                    double? time = _ctx.Num(e, "time", scope);
                    if (time < 0)
                    {
                        _ctx.Error(e.Attribute("time"), "a speed profile entry's time must not be negative");
                    }
                    entries.Add(new SpeedProfileEntry(time, _ctx.RequiredNum(e, "speed", scope)));
                }
                if (entries.Count == 0)
                {
                    _ctx.Error(a, "<SpeedProfileAction> needs at least one <SpeedProfileEntry>");
                    return null;
                }
                return new SpeedProfileAction(name, entity, entries, reference, mode == "follow", Limits(a.Element("DynamicConstraints"), scope));
            }
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }

    private ActionBase? Lateral(XElement? a, string name, string entity, ParameterScope scope)
    {
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "LaneChangeAction":
            {
                double targetOffset = _ctx.Num(a, "targetLaneOffset", scope) ?? 0;
                TransitionDynamics dyn = Dynamics(a.Element("LaneChangeActionDynamics"), scope);
                XElement? target = a.Element("LaneChangeTarget") is { } t ? _ctx.Choice(t) : null;
                if (target is null)
                {
                    _ctx.Error(a, "<LaneChangeAction> needs <LaneChangeTarget>");
                    return null;
                }
                if (target.Name.LocalName == "AbsoluteTargetLane")
                {
                    string? lane = _ctx.RequiredStr(target, "value", scope);
                    if (lane is null || !int.TryParse(lane, out int id) || id == 0)
                    {
                        _ctx.Error(target, $"AbsoluteTargetLane value must be a non-zero lane id, not '{lane}'");
                        return null;
                    }
                    return new LaneChangeAction(name, entity, id, 0, null, targetOffset, dyn);
                }
                if (target.Name.LocalName == "RelativeTargetLane")
                {
                    string? reference = EntityRef(target, "entityRef", scope);
                    int delta = (int)Math.Round(_ctx.RequiredNum(target, "value", scope));
                    return reference is null ? null : new LaneChangeAction(name, entity, null, delta, reference, targetOffset, dyn);
                }
                _ctx.Unsupported(target);
                return null;
            }
            case "LateralDistanceAction":
                return LateralDistance(a, name, entity, scope);
            case "LaneOffsetAction":
            {
                bool continuous = _ctx.Bool(a, "continuous", scope) ?? false;
                XElement? d = a.Element("LaneOffsetActionDynamics");
                TransitionShape shape = d is null ? TransitionShape.Step : _ctx.Enum(d, "dynamicsShape", scope, ShapeWords) ?? TransitionShape.Step;
                double? maxLat = d is null ? null : _ctx.Num(d, "maxLateralAcc", scope);
                XElement? target = a.Element("LaneOffsetTarget") is { } t ? _ctx.Choice(t) : null;
                if (target is null)
                {
                    _ctx.Error(a, "<LaneOffsetAction> needs <LaneOffsetTarget>");
                    return null;
                }
                if (target.Name.LocalName != "AbsoluteTargetLaneOffset")
                {
                    _ctx.Unsupported(target, "lane offsets are absolute only");
                    return null;
                }
                double offset = _ctx.RequiredNum(target, "value", scope);
                return new LaneOffsetAction(name, entity, offset, shape, maxLat is null or <= 0 ? 0 : null, maxLat, continuous);
            }
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }

    private ActionBase? Routing(XElement? a, string name, string entity, ParameterScope scope)
    {
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "AssignRouteAction":
                return RouteRef(a, a, scope, name) is { } route ? new AssignRouteAction(name, entity, route) : null;
            case "AcquirePositionAction":
                return AcquirePosition(a, name, entity, scope);
            case "FollowTrajectoryAction":
                return Trajectory(a, name, entity, scope);
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }
}
