using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// Distance along the roads from an entity to a fixed position (as esmini's position delta:
/// the shortest road path between them), or the straight-line distance when no road path joins
/// them. The path is laid out once and reused while the entity stays on it.
/// </summary>
internal sealed class PathDistance(ResolvedPosition target)
{
    private RoutePath? _path;
    private double _targetS;

    public ResolvedPosition Target { get; } = target;

    public double From(Entity e, World world)
    {
        if (e.Road is not null && Target.Road is not null)
        {
            double? at = _path?.PathS(e.Road, e.S);
            if (at is null)
            {
                Lay(e, world);
                at = _path?.PathS(e.Road, e.S);
            }
            if (at is double s)
            {
                return Math.Abs(_targetS - s);
            }
        }
        return Math.Sqrt((e.State.X - Target.X) * (e.State.X - Target.X) + (e.State.Y - Target.Y) * (e.State.Y - Target.Y));
    }

    private void Lay(Entity e, World world)
    {
        _path = null;
        var here = new ResolvedPosition(e.State.X, e.State.Y, e.State.Heading, e.Road, e.S, e.T, e.LaneId, e.LaneOffset);
        RoutePath? path = RoutePlanner.Plan(world.Network, new[] { here, Target }, new[] { RouteStrategy.Shortest, RouteStrategy.Shortest }, 0, 0, out _);
        if (path?.PathS(Target.Road!, Target.S) is double s)
        {
            _path = path;
            _targetS = s;
        }
    }

    /// <summary>The entity's speed along its road's direction of travel (esmini's velocity projected on s).</summary>
    public static double AlongRoad(Entity e)
    {
        if (e.Road is null)
        {
            return e.Speed;
        }
        double rel = Angles.WrapPi(e.State.Heading - e.Road.ReferenceLine.Evaluate(e.S).Heading);
        return e.Speed * Math.Abs(Math.Cos(rel));
    }
}
