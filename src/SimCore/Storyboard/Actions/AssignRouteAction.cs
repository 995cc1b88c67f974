using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO AssignRouteAction: gives the entity a route, which lane following consults at
/// junctions. Completes at once (the route stays until another replaces it).
/// </summary>
internal sealed class AssignRouteAction(string name, string entity, Route route) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        var roads = new List<string>();
        foreach (Scenarios.PositionSpec p in route.Waypoints)
        {
            if (p.TryResolve(world, out Scenarios.ResolvedPosition at, out string? error) && at.Road is not null)
            {
                roads.Add(at.Road.Id);
            }
            else
            {
                world.Emit("action_failed", Name, $"a waypoint of route '{route.Name}' is on no road{(error is null ? string.Empty : ": " + error)}", e);
            }
        }
        RoutePath? path = route.Lay(world, out string? layError);
        if (path is null)
        {
            world.Emit("route_unplanned", Name, $"{layError}; junctions are chosen towards the next waypoint's road", e);
        }
        e.Route = new ActiveRoute(route, roads.ToArray(), path);
        if (e.Road is not null)
        {
            e.Route.Arrive(e.Road.Id);
        }
        return CompletedRun.Instance;
    }
}
