using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Scenarios;

/// <summary>Which InRoutePosition form a <see cref="RoutePositionSpec"/> uses.</summary>
internal enum InRouteKind
{
    /// <summary>Where an entity now is on the route.</summary>
    FromCurrentEntity,

    /// <summary>pathS along the route, t from the road's reference line.</summary>
    RoadCoordinates,

    /// <summary>pathS along the route, a lane of the road there and an offset from its centre.</summary>
    LaneCoordinates,
}

/// <summary>
/// OpenSCENARIO RoutePosition: a place on a route laid out on the roads (see <see cref="RoutePath"/>;
/// pathS counts from the first waypoint). The heading is the route's direction of travel there.
/// </summary>
internal sealed record RoutePositionSpec(SourceLocation Where, Route Route, InRouteKind Kind, string? EntityName, double PathS, double T, int LaneId, double LaneOffset)
    : PositionSpec(Where)
{
    // Waypoints that name no entity lay out the same path every time.
    private RoutePath? _fixed;
    private World? _fixedFor;

    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        RoutePath? path = Path(world, out error);
        if (path is null)
        {
            return false;
        }
        Road road;
        double s, heading;
        switch (Kind)
        {
            case InRouteKind.FromCurrentEntity:
            {
                if (!world.TryGet(EntityName!, out Entity? e) || e!.Road is null || path.PathS(e.Road, e.S) is not double at)
                {
                    error = $"entity '{EntityName}' is not on route '{Route.Name}'";
                    return false;
                }
                path.TryLocate(at, out _, out _, out heading);
                position = new ResolvedPosition(e.State.X, e.State.Y, heading, e.Road, e.S, e.T, e.LaneId, e.LaneOffset);
                return true;
            }
            default:
                if (!path.TryLocate(PathS, out RouteLeg l, out s, out heading))
                {
                    error = $"pathS = {PathS} is beyond route '{Route.Name}' (length {path.Length:0.###} m)";
                    return false;
                }
                road = l.Road;
                break;
        }
        double t;
        int lane;
        double offset;
        if (Kind == InRouteKind.LaneCoordinates)
        {
            if (LaneId == 0 || !road.HasLane(LaneId, s))
            {
                (int min, int max) = road.LaneIdRange(s);
                error = $"lane {LaneId} does not exist on road '{road.Id}' at s = {s:0.###}, {PathS} m along route '{Route.Name}' (lanes there: {min}..{max}, without 0)";
                return false;
            }
            t = road.LaneCenterT(LaneId, s) + LaneOffset;
            lane = LaneId;
            offset = LaneOffset;
        }
        else
        {
            t = T;
            lane = road.LaneIdAt(s, t);
            offset = lane != 0 ? t - road.LaneCenterT(lane, s) : 0;
        }
        Mathematics.Pose2 p = road.ToWorld(s, t);
        position = new ResolvedPosition(p.X, p.Y, heading, road, s, t, lane, offset);
        return true;
    }

    private RoutePath? Path(World world, out string? error)
    {
        error = null;
        if (_fixed is not null && ReferenceEquals(_fixedFor, world))
        {
            return _fixed;
        }
        RoutePath? path = Route.Lay(world, out error);
        if (path is not null && Route.Waypoints.All(w => w.Check(world.Network, _ => false) is null))
        {
            _fixed = path;
            _fixedFor = world;
        }
        return path;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
        => Kind == InRouteKind.FromCurrentEntity && !entityExists(EntityName!) ? $"unknown entity '{EntityName}'" : null;
}
