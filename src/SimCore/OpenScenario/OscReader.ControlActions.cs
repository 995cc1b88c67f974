using System.Xml.Linq;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    /// <summary>VisibilityAction: graphics, traffic and sensors (all required); a 1.2 SensorReferenceSet still hides from every sensor.</summary>
    private ActionBase? Visibility(XElement a, string name, string entity, ParameterScope scope)
    {
        bool? graphics = RequiredBool(a, "graphics", scope), traffic = RequiredBool(a, "traffic", scope), sensors = RequiredBool(a, "sensors", scope);
        if (a.Element("SensorReferenceSet") is { } set)
        {
            _ctx.Warn(set, "a SensorReferenceSet names the sensors concerned; here the visibility applies to every sensor of the rig");
        }
        return graphics is null || traffic is null || sensors is null ? null : new VisibilityAction(name, entity, graphics.Value, traffic.Value, sensors.Value);
    }

    private bool? RequiredBool(XElement el, string name, ParameterScope scope)
    {
        if (el.Attribute(name) is null)
        {
            _ctx.Error(el, $"<{el.Name.LocalName}> needs attribute '{name}'");
            return null;
        }
        return _ctx.Bool(el, name, scope);
    }

    /// <summary>
    /// OverrideControllerValueAction: Throttle, Brake, Clutch, ParkingBrake, SteeringWheel and Gear,
    /// in the 1.1 form (value attributes) and the 1.2 form (BrakePercent / BrakeForce, ManualGear /
    /// AutomaticGear). Pedal values must lie in [0, 1].
    /// </summary>
    private ActionBase? OverrideValues(XElement a, string name, string entity, ParameterScope scope)
    {
        var values = new List<ControlOverride>();
        foreach (XElement c in a.Elements())
        {
            bool active = RequiredBool(c, "active", scope) ?? false;
            if (c.Attribute("maxRate") is not null || c.Attribute("maxTorque") is not null)
            {
                _ctx.Warn(c, "maxRate and maxTorque are not applied: the vehicle's own actuator lags and rate limits are");
            }
            switch (c.Name.LocalName)
            {
                case "Throttle":
                    values.Add(new ControlOverride(OverriddenControl.Throttle, active, Pedal(c, "value", scope)));
                    break;
                case "Clutch":
                    values.Add(new ControlOverride(OverriddenControl.Clutch, active, Pedal(c, "value", scope)));
                    break;
                case "SteeringWheel":
                    values.Add(new ControlOverride(OverriddenControl.SteeringWheel, active, _ctx.RequiredNum(c, "value", scope)));
                    break;
                case "Brake":
                case "ParkingBrake":
                {
                    bool parking = c.Name.LocalName == "ParkingBrake";
                    XElement? input = c.Elements().FirstOrDefault();
                    if (input is null)
                    {
                        values.Add(new ControlOverride(parking ? OverriddenControl.ParkingBrake : OverriddenControl.Brake, active, Pedal(c, "value", scope)));
                    }
                    else if (input.Name.LocalName == "BrakePercent")
                    {
                        values.Add(new ControlOverride(parking ? OverriddenControl.ParkingBrake : OverriddenControl.Brake, active, Pedal(input, "value", scope)));
                    }
                    else if (input.Name.LocalName == "BrakeForce")
                    {
                        double force = _ctx.RequiredNum(input, "value", scope);
                        if (force < 0)
                        {
                            _ctx.Error(input.Attribute("value"), "a brake force must not be negative");
                        }
                        values.Add(new ControlOverride(parking ? OverriddenControl.ParkingBrakeForce : OverriddenControl.BrakeForce, active, Math.Max(force, 0)));
                    }
                    else
                    {
                        _ctx.Error(input, $"<{c.Name.LocalName}> holds <BrakePercent> or <BrakeForce>, not <{input.Name.LocalName}>");
                    }
                    break;
                }
                case "Gear":
                    if (Gear(c, active, scope) is { } gear)
                    {
                        values.Add(gear);
                    }
                    break;
                default:
                    _ctx.Error(c, $"<OverrideControllerValueAction> overrides Throttle, Brake, Clutch, ParkingBrake, SteeringWheel or Gear, not <{c.Name.LocalName}>");
                    break;
            }
        }
        if (values.Count == 0)
        {
            _ctx.Error(a, "<OverrideControllerValueAction> overrides nothing");
            return null;
        }
        return new OverrideControllerValueAction(name, entity, values);
    }

    private double Pedal(XElement el, string attribute, ParameterScope scope)
    {
        double v = _ctx.RequiredNum(el, attribute, scope);
        if (v is < 0 or > 1)
        {
            _ctx.Error(el.Attribute(attribute) ?? (XObject)el, $"<{el.Name.LocalName}> {attribute} {v} is outside [0, 1]");
            return Math.Clamp(v, 0, 1);
        }
        return v;
    }

    /// <summary>1.1: Gear number; 1.2: ManualGear number, or AutomaticGear gear n, p, r, d.</summary>
    private ControlOverride? Gear(XElement c, bool active, ParameterScope scope)
    {
        XElement? inner = c.Elements().FirstOrDefault();
        if (inner is null)
        {
            return new ControlOverride(OverriddenControl.Gear, active, Math.Round(_ctx.RequiredNum(c, "number", scope)));
        }
        if (inner.Name.LocalName == "ManualGear")
        {
            return new ControlOverride(OverriddenControl.Gear, active, Math.Round(_ctx.RequiredNum(inner, "number", scope)));
        }
        if (inner.Name.LocalName == "AutomaticGear")
        {
            switch (_ctx.RequiredStr(inner, "gear", scope))
            {
                case "d":
                    return new ControlOverride(OverriddenControl.Gear, active, 1);
                case "n":
                    return new ControlOverride(OverriddenControl.Gear, active, 0);
                case "r":
                    return new ControlOverride(OverriddenControl.Gear, active, -1);
                case "p":
                    return new ControlOverride(OverriddenControl.Park, active, 0);
                case null:
                    return null;
                case var other:
                    _ctx.Error(inner.Attribute("gear"), $"an automatic gear is n, p, r or d, not '{other}'");
                    return null;
            }
        }
        _ctx.Error(inner, $"<Gear> holds <ManualGear> or <AutomaticGear>, not <{inner.Name.LocalName}>");
        return null;
    }
}
