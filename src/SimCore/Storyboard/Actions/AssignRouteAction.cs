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
        e.Route = route;
        return CompletedRun.Instance;
    }
}
