using System.Xml.Linq;
using SimCore.Scenarios;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    /// <summary>Reads a Position element (its one child says the kind); null after reporting a problem.</summary>
    public PositionSpec? Position(XElement? position, ParameterScope scope)
    {
        if (position is null)
        {
            return null;
        }
        XElement? p = _ctx.Choice(position);
        if (p is null)
        {
            return null;
        }
        var where = _ctx.Where(p);
        PositionSpec? spec;
        switch (p.Name.LocalName)
        {
            case "WorldPosition":
                return new WorldPositionSpec(where, _ctx.RequiredNum(p, "x", scope), _ctx.RequiredNum(p, "y", scope), _ctx.Num(p, "h", scope) ?? 0, p.Attribute("h") is not null);
            case "LanePosition":
            {
                string? road = _ctx.RequiredStr(p, "roadId", scope);
                string? lane = _ctx.RequiredStr(p, "laneId", scope);
                double s = _ctx.RequiredNum(p, "s", scope);
                double offset = _ctx.Num(p, "offset", scope) ?? 0;
                if (road is null || lane is null)
                {
                    return null;
                }
                if (!int.TryParse(lane, out int laneId))
                {
                    _ctx.Error(p.Attribute("laneId"), $"laneId must be an integer, not '{lane}'");
                    return null;
                }
                s = ClampS(p, road, s);
                spec = new LanePositionSpec(where, road, laneId, s, offset, 0);
                if (spec.Check(_network, _ => true) is { } err)
                {
                    _ctx.Error(p, err);
                    return null;
                }
                break;
            }
            case "RoadPosition":
            {
                string? road = _ctx.RequiredStr(p, "roadId", scope);
                double s = _ctx.RequiredNum(p, "s", scope), t = _ctx.RequiredNum(p, "t", scope);
                if (road is null)
                {
                    return null;
                }
                s = ClampS(p, road, s);
                spec = new RoadPositionSpec(where, road, s, t, 0);
                if (spec.Check(_network, _ => true) is { } err)
                {
                    _ctx.Error(p, err);
                    return null;
                }
                break;
            }
            case "RelativeLanePosition":
            {
                string? entity = EntityRef(p, "entityRef", scope);
                int dLane = (int)Math.Round(_ctx.RequiredNum(p, "dLane", scope));
                double ds = _ctx.Num(p, "ds", scope) ?? _ctx.Num(p, "dsLane", scope) ?? 0;
                if (p.Attribute("ds") is null && p.Attribute("dsLane") is null)
                {
                    _ctx.Error(p, "<RelativeLanePosition> needs 'ds' or 'dsLane'");
                }
                if (entity is null)
                {
                    return null;
                }
                // ds runs along the road's reference line; dsLane along the entity's lane and direction of travel.
                RelativeLaneFrame frame = p.Attribute("ds") is not null ? RelativeLaneFrame.Road : RelativeLaneFrame.Lane;
                spec = new RelativeLanePositionSpec(where, entity, dLane, ds, _ctx.Num(p, "offset", scope) ?? 0, frame);
                break;
            }
            case "RelativeRoadPosition":
            {
                string? entity = EntityRef(p, "entityRef", scope);
                double ds = _ctx.RequiredNum(p, "ds", scope), dt = _ctx.RequiredNum(p, "dt", scope);
                if (entity is null)
                {
                    return null;
                }
                spec = new RelativeRoadPositionSpec(where, entity, ds, dt);
                break;
            }
            case "RelativeObjectPosition":
            case "RelativeWorldPosition":
            {
                string? entity = EntityRef(p, "entityRef", scope);
                double dx = _ctx.RequiredNum(p, "dx", scope), dy = _ctx.RequiredNum(p, "dy", scope);
                if (entity is null)
                {
                    return null;
                }
                spec = new RelativeObjectPositionSpec(where, entity, dx, dy, p.Name.LocalName == "RelativeObjectPosition");
                break;
            }
            case "RoutePosition":
                spec = RoutePosition(p, scope);
                break;
            case "TrajectoryPosition":
                spec = TrajectoryPosition(p, scope);
                break;
            case "GeoPosition":
                spec = GeoPosition(p, scope);
                break;
            default:
                _ctx.Unsupported(p, "positions are World, Lane, Road, RelativeLane, RelativeRoad, RelativeObject, RelativeWorld, Route, Trajectory and Geo");
                return null;
        }
        return spec is null ? null : Orientation(p, spec, scope);
    }

    /// <summary>An s just off the road (rounding in a tool's output) is clamped onto it, with a warning, as esmini does.</summary>
    private double ClampS(XElement p, string roadId, double s)
    {
        if (_network.Find(roadId) is not { } road || (s >= 0 && s <= road.Length))
        {
            return s;
        }
        double clamped = Math.Clamp(s, 0, road.Length);
        _ctx.Tolerated(p.Attribute("s") ?? (System.Xml.Linq.XObject)p, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"s = {s} is outside road '{roadId}' (length {road.Length:0.###} m): clamped to {clamped:0.###} as esmini does"));
        return clamped;
    }

    private PositionSpec Orientation(XElement p, PositionSpec spec, ParameterScope scope)
    {
        XElement? o = p.Element("Orientation");
        if (o is null)
        {
            return spec;
        }
        string type = _ctx.Str(o, "type", scope) ?? "relative";
        if (type is not ("relative" or "absolute"))
        {
            _ctx.Error(o.Attribute("type"), $"Orientation type must be relative or absolute, not '{type}'");
        }
        if ((_ctx.Num(o, "p", scope) ?? 0) != 0 || (_ctx.Num(o, "r", scope) ?? 0) != 0)
        {
            _ctx.Warn(o, "pitch and roll are ignored (entities follow the road surface)");
        }
        double h = _ctx.Num(o, "h", scope) ?? 0;
        // Only an h states a heading (a trajectory vertex keeps it), even one that adds nothing.
        return o.Attribute("h") is null ? spec : new OrientedPositionSpec(spec.Where, spec, type == "absolute", h);
    }
}
