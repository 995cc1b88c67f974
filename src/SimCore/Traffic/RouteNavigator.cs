using SimCore.Entities;
using SimCore.Roads;

namespace SimCore.Traffic;

/// <summary>Turns an entity's route into the connecting road to take at the junction ahead.</summary>
internal static class RouteNavigator
{
    /// <summary>
    /// The connecting road of the junction beyond <paramref name="road"/>'s end (or start) that the
    /// route's laid-out path takes, else the one that brings the entity to its next waypoint's road
    /// in the fewest hops; null without a route, past
    /// its last waypoint, or when the link is not a junction (the lane links decide then).
    /// </summary>
    public static string? PreferredConnection(Entity e, RoadNetwork network, Road road, bool atEnd)
    {
        ActiveRoute? route = e.Route;
        if (route?.Target is not { } target)
        {
            return null;
        }
        if (route.TryRecall(road, atEnd, out string? known))
        {
            return known;
        }
        RoadLink? link = atEnd ? road.Successor : road.Predecessor;
        if (link is not { IsJunction: true } || network.FindJunction(link.ElementId) is not { } junction)
        {
            return null;
        }
        if (route.Path?.After(road) is { JunctionId: not null } planned)
        {
            foreach (JunctionConnection c in junction.ConnectionArray)
            {
                if (c.IncomingRoad == road.Id && c.ConnectingRoad == planned.Id)
                {
                    // The connecting road the laid-out path takes.
                    route.Remember(road, atEnd, planned.Id);
                    return planned.Id;
                }
            }
        }
        string? best = null;
        int bestHops = int.MaxValue;
        foreach (JunctionConnection c in junction.ConnectionArray)
        {
            if (c.IncomingRoad != road.Id || !c.TryMapLane(e.LaneId, out _))
            {
                continue;
            }
            int hops = network.Graph.Hops(c.ConnectingRoad, target);
            if (hops < bestHops)
            {
                bestHops = hops;
                best = c.ConnectingRoad;
            }
        }
        route.Remember(road, atEnd, best);
        return best;
    }
}
