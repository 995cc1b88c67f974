using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>
/// OpenSCENARIO RelativeObjectPosition (dx forward, dy left in the reference entity's frame) and
/// RelativeWorldPosition (dx east, dy north), with the reference entity's heading.
/// </summary>
internal sealed record RelativeObjectPositionSpec(SourceLocation Where, string EntityName, double Dx, double Dy, bool InEntityFrame)
    : PositionSpec(Where)
{
    public override string? ReferencedEntity => EntityName;

    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        error = null;
        if (!world.TryGet(EntityName, out Entity? reference))
        {
            error = $"unknown entity '{EntityName}'";
            return false;
        }
        double heading = reference!.State.Heading;
        Vec2 d = InEntityFrame ? new Vec2(Dx, Dy).Rotate(heading) : new Vec2(Dx, Dy);
        var p = new Vec2(reference.State.X + d.X, reference.State.Y + d.Y);
        position = world.Network.TryLocate(p, out RoadCoordinate rc, heading)
            ? new ResolvedPosition(p.X, p.Y, heading, rc.Road, rc.S, rc.T, rc.LaneId, rc.LaneOffset)
            : new ResolvedPosition(p.X, p.Y, heading, null, 0, 0, 0, 0);
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
        => entityExists(EntityName) ? null : $"unknown entity '{EntityName}'";
}
