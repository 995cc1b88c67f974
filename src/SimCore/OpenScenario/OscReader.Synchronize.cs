using System.Xml.Linq;
using SimCore.Scenarios;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Traffic;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    // esmini's default tolerance around both target positions.
    private const double SynchronizeTolerance = 0.0;

    /// <summary>SynchronizeAction: master, both target positions, tolerances, FinalSpeed (absolute or relative to the master) with an optional steady state.</summary>
    private ActionBase? Synchronize(XElement a, string name, string entity, ParameterScope scope)
    {
        string? master = EntityRef(a, "masterEntityRef", scope);
        PositionSpec? masterTarget = Position(a.Element("TargetPositionMaster"), scope);
        PositionSpec? target = Position(a.Element("TargetPosition"), scope);
        if (a.Element("TargetPositionMaster") is null)
        {
            _ctx.Error(a, "<SynchronizeAction> needs a <TargetPositionMaster>");
        }
        if (a.Element("TargetPosition") is null)
        {
            _ctx.Error(a, "<SynchronizeAction> needs a <TargetPosition>");
        }
        double masterTolerance = Tolerance(a, "targetToleranceMaster", scope), tolerance = Tolerance(a, "targetTolerance", scope);
        SpeedTarget? final = null;
        SteadyState? steady = null;
        if (a.Element("FinalSpeed") is { } fs && _ctx.Choice(fs) is { } speed)
        {
            switch (speed.Name.LocalName)
            {
                case "AbsoluteSpeed":
                    final = new SpeedTarget(SpeedTargetKind.Absolute, _ctx.RequiredNum(speed, "value", scope), null);
                    break;
                case "RelativeSpeedToMaster":
                {
                    string type = _ctx.Str(speed, "speedTargetValueType", scope) ?? "delta";
                    if (type is not ("delta" or "factor"))
                    {
                        _ctx.Error(speed.Attribute("speedTargetValueType"), $"speedTargetValueType must be delta or factor, not '{type}'");
                    }
                    final = new SpeedTarget(type == "factor" ? SpeedTargetKind.RelativeFactor : SpeedTargetKind.RelativeDelta, _ctx.RequiredNum(speed, "value", scope), master);
                    break;
                }
                default:
                    _ctx.Error(speed, $"<{speed.Name.LocalName}> is not a FinalSpeed: use AbsoluteSpeed or RelativeSpeedToMaster");
                    break;
            }
            steady = SteadyStateOf(speed, scope);
        }
        if (final is { Kind: SpeedTargetKind.Absolute, Value: <= 0 } && steady is not null)
        {
            _ctx.Error(a.Element("FinalSpeed"), "a steady state needs a final speed above 0");
            return null;
        }
        return master is null || masterTarget is null || target is null
            ? null
            : new SynchronizeAction(name, entity, master, masterTarget, target, masterTolerance, tolerance, final, steady);
    }

    private double Tolerance(XElement a, string attribute, ParameterScope scope)
    {
        double v = _ctx.Num(a, attribute, scope) ?? SynchronizeTolerance;
        if (v < 0)
        {
            _ctx.Error(a.Attribute(attribute), $"{attribute} must not be negative, not {v}");
            return SynchronizeTolerance;
        }
        return v;
    }

    private SteadyState? SteadyStateOf(XElement speed, ParameterScope scope)
    {
        // 1.1+ wraps the choice in SteadyState; 1.0 had the elements directly.
        XElement holder = speed.Element("SteadyState") ?? speed;
        if (holder.Element("TargetDistanceSteadyState") is { } d)
        {
            return new SteadyState(false, NonNegative(d, "distance", scope));
        }
        if (holder.Element("TargetTimeSteadyState") is { } t)
        {
            return new SteadyState(true, NonNegative(t, "time", scope));
        }
        return null;
    }

    private double NonNegative(XElement el, string attribute, ParameterScope scope)
    {
        double v = _ctx.RequiredNum(el, attribute, scope);
        if (v < 0)
        {
            _ctx.Error(el.Attribute(attribute), $"'{attribute}' must not be negative, not {v}");
            return 0;
        }
        return v;
    }
}
