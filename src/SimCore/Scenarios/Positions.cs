using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>A position resolved to world and (where known) road coordinates.</summary>
internal readonly record struct ResolvedPosition(double X, double Y, double Heading, Road? Road, double S, double T, int LaneId, double LaneOffset);

/// <summary>A position as written in a scenario; resolved against the world when used.</summary>
internal abstract record PositionSpec(SourceLocation Where)
{
    public abstract bool TryResolve(World world, out ResolvedPosition position, out string? error);

    /// <summary>Checks static references (roads, lanes) at load time, before anything runs.</summary>
    public virtual string? Check(RoadNetwork network, Func<string, bool> entityExists) => null;

    /// <summary>The entity this position is relative to, or null: start positions are placed after it.</summary>
    public virtual string? ReferencedEntity => null;

    /// <summary>
    /// True when the position states a heading of its own (an orientation h, a world h); a
    /// trajectory vertex that does not takes the heading of its segment.
    /// </summary>
    public virtual bool GivesHeading => false;

    internal static double LaneHeading(Road road, double s, int laneId)
    {
        double h = road.ReferenceLine.Evaluate(s).Heading;
        return road.LaneDirection(laneId) > 0 ? h : Angles.WrapPi(h + Math.PI);
    }

    internal static int ShiftLane(int laneId, int delta)
    {
        int id = laneId + delta;
        if (laneId < 0 && id >= 0)
        {
            id++;
        }
        else if (laneId > 0 && id <= 0)
        {
            id--;
        }
        return id;
    }
}

/// <summary>Lane and s on a road, with a lateral offset from the lane centre (positive left).</summary>
internal sealed record LanePositionSpec(SourceLocation Where, string RoadId, int LaneId, double S, double Offset, double RelativeHeading)
    : PositionSpec(Where)
{
    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        error = Check(world.Network, _ => true);
        if (error is not null)
        {
            return false;
        }
        Road road = world.Network.Find(RoadId)!;
        double t = road.LaneCenterT(LaneId, S) + Offset;
        Pose2 p = road.ToWorld(S, t);
        double heading = Angles.WrapPi(LaneHeading(road, S, LaneId) + RelativeHeading);
        position = new ResolvedPosition(p.X, p.Y, heading, road, S, t, LaneId, Offset);
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
    {
        Road? road = network.Find(RoadId);
        if (road is null)
        {
            return $"unknown road '{RoadId}'{Yaml.Suggestions.Hint(RoadId, network.Roads.Select(r => r.Id))}";
        }
        if (S < 0 || S > road.Length)
        {
            return $"s = {S} is outside road '{RoadId}' (length {road.Length:0.###} m)";
        }
        if (LaneId == 0 || !road.HasLane(LaneId, S))
        {
            (int min, int max) = road.LaneIdRange(S);
            return $"lane {LaneId} does not exist on road '{RoadId}' at s = {S} (lanes there: {min}..{max}, without 0)";
        }
        return null;
    }
}

/// <summary>Road coordinates s, t.</summary>
internal sealed record RoadPositionSpec(SourceLocation Where, string RoadId, double S, double T, double RelativeHeading)
    : PositionSpec(Where)
{
    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        error = Check(world.Network, _ => true);
        if (error is not null)
        {
            return false;
        }
        Road road = world.Network.Find(RoadId)!;
        Pose2 p = road.ToWorld(S, T);
        int lane = road.LaneIdAt(S, T);
        double offset = lane != 0 ? T - road.LaneCenterT(lane, S) : 0;
        position = new ResolvedPosition(p.X, p.Y, Angles.WrapPi(p.Heading + RelativeHeading), road, S, T, lane, offset);
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
    {
        Road? road = network.Find(RoadId);
        if (road is null)
        {
            return $"unknown road '{RoadId}'{Yaml.Suggestions.Hint(RoadId, network.Roads.Select(r => r.Id))}";
        }
        return S < 0 || S > road.Length ? $"s = {S} is outside road '{RoadId}' (length {road.Length:0.###} m)" : null;
    }
}

/// <summary>World x, y and heading (<paramref name="HeadingGiven"/>: the heading was written, not defaulted to 0).</summary>
internal sealed record WorldPositionSpec(SourceLocation Where, double X, double Y, double Heading, bool HeadingGiven = true) : PositionSpec(Where)
{
    public override bool GivesHeading => HeadingGiven;

    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        error = null;
        if (world.Network.TryLocate(new Vec2(X, Y), out RoadCoordinate rc, Heading))
        {
            position = new ResolvedPosition(X, Y, Heading, rc.Road, rc.S, rc.T, rc.LaneId, rc.LaneOffset);
        }
        else
        {
            position = new ResolvedPosition(X, Y, Heading, null, 0, 0, 0, 0);
        }
        return true;
    }
}

/// <summary>How a <see cref="RelativeLanePositionSpec"/> counts lanes, distance and offset.</summary>
internal enum RelativeLaneFrame
{
    /// <summary>Lanes to the left of the entity's direction of travel, ds ahead along it, offset along the road's t (the YAML form).</summary>
    Travel,

    /// <summary>OpenSCENARIO dsLane: like <see cref="Travel"/>, with the offset to the left of the direction of travel too; heading along the lane's direction.</summary>
    Lane,

    /// <summary>OpenSCENARIO ds: along the road's s, lanes counted by id (positive towards the road's left), offset along t; heading along the road.</summary>
    Road,
}

/// <summary>Relative to another entity's lane, s and lateral offset, counted in <see cref="Frame"/>.</summary>
internal sealed record RelativeLanePositionSpec(SourceLocation Where, string EntityName, int DeltaLane, double DeltaS, double Offset, RelativeLaneFrame Frame = RelativeLaneFrame.Travel)
    : PositionSpec(Where)
{
    public override string? ReferencedEntity => EntityName;

    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        position = default;
        error = null;
        if (!world.TryGet(EntityName, out Entity? reference) || reference!.Road is null || reference.LaneId == 0)
        {
            error = $"entity '{EntityName}' is not on a lane, so a position relative to its lane is undefined";
            return false;
        }
        Road road = reference.Road;
        int dir = Frame == RelativeLaneFrame.Road ? 1 : reference.Direction;
        double s = reference.S + DeltaS * dir;
        // Lanes to the left of the direction of travel: for lanes running against s that is towards negative ids.
        int lane = PositionSpec.ShiftLane(reference.LaneId, DeltaLane * dir);
        if (s < 0 || s > road.Length || !road.HasLane(lane, s))
        {
            error = $"the lane {DeltaLane:+0;-0;0} from '{EntityName}', {DeltaS} m ahead, does not exist (road '{road.Id}', lane {lane}, s = {s:0.##})";
            return false;
        }
        double offset = Frame == RelativeLaneFrame.Lane ? Offset * dir : Offset;
        double t = road.LaneCenterT(lane, s) + offset;
        Pose2 p = road.ToWorld(s, t);
        double heading = Frame == RelativeLaneFrame.Road ? road.ReferenceLine.Evaluate(s).Heading : LaneHeading(road, s, lane);
        position = new ResolvedPosition(p.X, p.Y, heading, road, s, t, lane, offset);
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists)
        => entityExists(EntityName) ? null : $"unknown entity '{EntityName}'";
}
