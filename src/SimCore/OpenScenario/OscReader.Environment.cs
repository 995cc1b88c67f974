using System.Globalization;
using System.Xml.Linq;
using SimCore.Storyboard;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    /// <summary>
    /// EnvironmentAction: an Environment, inline or from a catalog. Its TimeOfDay's clock time and
    /// its fog's visual range are played (they set the light and how far drivers see); the rest of
    /// the weather (sun, clouds, precipitation, wind, pressure, temperature) and the road
    /// condition are not modelled: a warning names what is ignored.
    /// </summary>
    private Storyboard.Actions.EnvironmentAction? EnvironmentAction(XElement ea, string name, ParameterScope scope)
    {
        XElement? env = ea.Element("Environment");
        ParameterScope envScope = scope;
        if (env is null && ea.Element("CatalogReference") is { } cr)
        {
            env = _catalogs.Resolve(cr, scope, out envScope);
            if (env is null)
            {
                return null;
            }
        }
        if (env is null)
        {
            _ctx.Error(ea, "<EnvironmentAction> needs an <Environment> or a <CatalogReference> to one");
            return null;
        }
        double? timeOfDay = null, visibility = null;
        foreach (XElement part in env.Elements())
        {
            switch (part.Name.LocalName)
            {
                case "ParameterDeclarations":
                    break;
                case "TimeOfDay":
                    timeOfDay = ClockTime(part, envScope);
                    break;
                case "Weather":
                    foreach (XElement w in part.Elements())
                    {
                        if (w.Name.LocalName == "Fog")
                        {
                            double range = _ctx.RequiredNum(w, "visualRange", envScope, -1);
                            if (range < 0)
                            {
                                _ctx.Error(w.Attribute("visualRange") ?? (XObject)w, "a fog's visualRange must not be negative");
                            }
                            else
                            {
                                visibility = range;
                            }
                        }
                        else
                        {
                            _ctx.Warn(w, $"<{w.Name.LocalName}> is not modelled (only the time of day and fog change what is simulated); it is ignored");
                        }
                    }
                    foreach (XAttribute a in part.Attributes())
                    {
                        _ctx.Warn(a, $"weather attribute '{a.Name.LocalName}' is not modelled; it is ignored");
                    }
                    break;
                case "RoadCondition":
                    _ctx.Warn(part, "<RoadCondition> is not modelled (friction comes from the vehicles' tyres); it is ignored");
                    break;
                default:
                    _ctx.Unsupported(part);
                    break;
            }
        }
        return new Storyboard.Actions.EnvironmentAction(name, timeOfDay, visibility);
    }

    /// <summary>TimeOfDay's dateTime (xsd:dateTime) as hours of its own clock (12:30 in any time zone is 12.5).</summary>
    private double? ClockTime(XElement tod, ParameterScope scope)
    {
        string? text = _ctx.RequiredStr(tod, "dateTime", scope);
        if (text is null)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            _ctx.Error(tod.Attribute("dateTime"), $"'{text}' is not a date and time (xsd:dateTime, e.g. 2025-06-13T12:00:00)");
            return null;
        }
        if (_ctx.Bool(tod, "animation", scope) == true)
        {
            // The clock does not run with the simulation here: the time stays where the action sets it.
            _ctx.Warn(tod.Attribute("animation")!, "TimeOfDay animation is not played: the time of day stays as set");
        }
        return when.TimeOfDay.TotalHours;
    }
}
