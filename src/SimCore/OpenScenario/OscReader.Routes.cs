using System.Xml.Linq;
using SimCore.Scenarios;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Traffic;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, RouteStrategy> StrategyWords = new Dictionary<string, RouteStrategy>
    {
        ["shortest"] = RouteStrategy.Shortest,
        ["fastest"] = RouteStrategy.Fastest,
        ["leastIntersections"] = RouteStrategy.LeastIntersections,
        ["random"] = RouteStrategy.Random,
    };

    /// <summary>A Route given inline or by CatalogReference inside <paramref name="holder"/> (AssignRouteAction, RouteRef); null after reporting.</summary>
    private Route? RouteRef(XElement holder, XElement owner, ParameterScope scope, string fallbackName)
    {
        XElement? route = InlineOrCatalog(holder, owner, "Route", scope, out ParameterScope routeScope);
        if (route is null)
        {
            return null;
        }
        var points = new List<PositionSpec>();
        var strategies = new List<RouteStrategy>();
        bool ok = true;
        foreach (XElement w in route.Elements("Waypoint"))
        {
            PositionSpec? p = Position(w.Element("Position"), routeScope);
            if (w.Element("Position") is null)
            {
                _ctx.Error(w, "<Waypoint> needs a <Position>");
            }
            RouteStrategy strategy = RouteStrategy.Shortest;
            if (w.Attribute("routeStrategy") is null)
            {
                _ctx.Warn(w, "<Waypoint> has no routeStrategy; shortest is used");
            }
            else
            {
                strategy = _ctx.Enum(w, "routeStrategy", routeScope, StrategyWords) ?? RouteStrategy.Shortest;
            }
            if (p is null)
            {
                ok = false;
                continue;
            }
            points.Add(p);
            strategies.Add(strategy);
        }
        if (route.Elements("Waypoint").Count() < 2)
        {
            _ctx.Error(route, "a <Route> needs at least two <Waypoint>s");
            return null;
        }
        return ok ? new Route(_ctx.Str(route, "name", routeScope) ?? fallbackName, points, strategies, _ctx.Bool(route, "closed", routeScope) ?? false) : null;
    }

    /// <summary>AcquirePositionAction: a route from where the entity is to the position, by the shortest path.</summary>
    private ActionBase? AcquirePosition(XElement a, string name, string entity, ParameterScope scope)
    {
        PositionSpec? target = Position(a.Element("Position"), scope);
        if (a.Element("Position") is null)
        {
            _ctx.Error(a, "<AcquirePositionAction> needs a <Position>");
        }
        if (target is null)
        {
            return null;
        }
        var here = new RelativeObjectPositionSpec(target.Where, entity, 0, 0, InEntityFrame: true);
        return new AssignRouteAction(name, entity, new Route(name, new PositionSpec[] { here, target }, new[] { RouteStrategy.Shortest, RouteStrategy.Shortest }, false));
    }

    /// <summary>RoutePosition: RouteRef and InRoutePosition (FromCurrentEntity, FromRoadCoordinates, FromLaneCoordinates).</summary>
    private PositionSpec? RoutePosition(XElement p, ParameterScope scope)
    {
        XElement? routeRef = p.Element("RouteRef");
        Route? route = routeRef is null ? null : RouteRef(routeRef, routeRef, scope, "route");
        if (routeRef is null)
        {
            _ctx.Error(p, "<RoutePosition> needs a <RouteRef>");
        }
        XElement? inRoute = p.Element("InRoutePosition") is { } ir ? _ctx.Choice(ir) : null;
        if (p.Element("InRoutePosition") is null)
        {
            _ctx.Error(p, "<RoutePosition> needs an <InRoutePosition>");
        }
        if (route is null || inRoute is null)
        {
            return null;
        }
        var where = _ctx.Where(p);
        switch (inRoute.Name.LocalName)
        {
            case "FromCurrentEntity":
            {
                string? entity = EntityRef(inRoute, "entityRef", scope);
                return entity is null ? null : new RoutePositionSpec(where, route, InRouteKind.FromCurrentEntity, entity, 0, 0, 0, 0);
            }
            case "FromRoadCoordinates":
                return new RoutePositionSpec(where, route, InRouteKind.RoadCoordinates, null, PathS(inRoute, scope), _ctx.RequiredNum(inRoute, "t", scope), 0, 0);
            case "FromLaneCoordinates":
            {
                string? lane = _ctx.RequiredStr(inRoute, "laneId", scope);
                if (lane is null)
                {
                    return null;
                }
                if (!int.TryParse(lane, out int laneId))
                {
                    _ctx.Error(inRoute.Attribute("laneId"), $"laneId must be an integer, not '{lane}'");
                    return null;
                }
                return new RoutePositionSpec(where, route, InRouteKind.LaneCoordinates, null, PathS(inRoute, scope), 0, laneId, _ctx.Num(inRoute, "laneOffset", scope) ?? 0);
            }
            default:
                _ctx.Error(inRoute, $"<{inRoute.Name.LocalName}> is not an InRoutePosition: use FromCurrentEntity, FromRoadCoordinates or FromLaneCoordinates");
                return null;
        }
    }

    private double PathS(XElement el, ParameterScope scope)
    {
        double s = _ctx.RequiredNum(el, "pathS", scope);
        if (s < 0)
        {
            _ctx.Error(el.Attribute("pathS"), $"pathS must not be negative, not {s}");
        }
        return s;
    }
}
