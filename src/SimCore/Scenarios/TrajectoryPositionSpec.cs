using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Trajectories;

namespace SimCore.Scenarios;

/// <summary>
/// OpenSCENARIO TrajectoryPosition: <see cref="S"/> metres along a trajectory (fixed in the world
/// when resolved) and <see cref="T"/> to its left; the heading is the trajectory's there.
/// </summary>
internal sealed record TrajectoryPositionSpec(SourceLocation Where, TrajectoryShape Shape, double S, double T) : PositionSpec(Where)
{
    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        Trajectory? trajectory = Shape.Freeze(new FreezeContext(world, null, false), out error);
        if (trajectory is null)
        {
            return false;
        }
        if (S < 0 || S > trajectory.Length + 1e-9)
        {
            error = $"s = {S} is outside the trajectory (length {trajectory.Length:0.###} m)";
            return false;
        }
        TrajectoryPoint p = trajectory.At(S);
        var at = new Vec2(p.X - T * Math.Sin(p.Heading), p.Y + T * Math.Cos(p.Heading));
        position = world.Network.TryLocate(at, out RoadCoordinate rc, p.Heading)
            ? new ResolvedPosition(at.X, at.Y, p.Heading, rc.Road, rc.S, rc.T, rc.LaneId, rc.LaneOffset)
            : new ResolvedPosition(at.X, at.Y, p.Heading, null, 0, 0, 0, 0);
        return true;
    }
}
