using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>
/// OpenSCENARIO GeoPosition: a latitude and longitude, projected onto the road's x, y through the
/// OpenDRIVE geoReference when the scenario is read (<see cref="X"/>, <see cref="Y"/>). The
/// heading is the driving direction of the lane there (0 off the roads), which an Orientation
/// turns (relative) or replaces (absolute).
/// </summary>
internal sealed record GeoPositionSpec(SourceLocation Where, double LatitudeDeg, double LongitudeDeg, double X, double Y) : PositionSpec(Where)
{
    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        error = null;
        if (world.Network.TryLocate(new Vec2(X, Y), out RoadCoordinate rc) && rc.LaneId != 0)
        {
            double heading = LaneHeading(rc.Road, rc.S, rc.LaneId);
            position = new ResolvedPosition(X, Y, heading, rc.Road, rc.S, rc.T, rc.LaneId, rc.LaneOffset);
        }
        else
        {
            position = new ResolvedPosition(X, Y, 0, null, 0, 0, 0, 0);
        }
        return true;
    }
}
