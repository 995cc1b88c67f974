using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>
/// OpenSCENARIO RelativeRoadPosition: ds along the reference entity's road (towards increasing
/// s) and dt across it from the entity's own (s, t). The heading runs along the road's reference
/// line (the standard's relative orientation 0, as esmini reads it).
/// </summary>
internal sealed record RelativeRoadPositionSpec(SourceLocation Where, string EntityName, double DeltaS, double DeltaT)
    : PositionSpec(Where)
{
    public override string? ReferencedEntity => EntityName;

    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        error = null;
        if (!world.TryGet(EntityName, out Entity? reference) || reference!.Road is null)
        {
            error = $"entity '{EntityName}' is not on a road, so a position relative to its road is undefined";
            return false;
        }
        Road road = reference.Road;
        double s = reference.S + DeltaS;
        double t = reference.T + DeltaT;
        if (s < 0 || s > road.Length)
        {
            error = $"s = {s:0.##} ({DeltaS} m from '{EntityName}') is outside road '{road.Id}' (length {road.Length:0.###} m)";
            return false;
        }
        Pose2 p = road.ToWorld(s, t);
        int lane = road.LaneIdAt(s, t);
        double offset = lane != 0 ? t - road.LaneCenterT(lane, s) : 0;
        position = new ResolvedPosition(p.X, p.Y, p.Heading, road, s, t, lane, offset);
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
        => entityExists(EntityName) ? null : $"unknown entity '{EntityName}'";
}
