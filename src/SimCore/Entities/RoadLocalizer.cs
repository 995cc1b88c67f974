using SimCore.Mathematics;
using SimCore.Roads;

namespace SimCore.Entities;

/// <summary>
/// Keeps an entity's road coordinates up to date from its world pose. Entities move a little
/// each step, so a few Newton iterations from the last s replace a global search; the global
/// search runs only when the entity has no road yet or the local one fails.
/// </summary>
internal static class RoadLocalizer
{
    public static void Localize(Entity e, RoadNetwork network)
    {
        var p = new Vec2(e.State.X, e.State.Y);
        if (e.Road is not null && TryProjectNear(network, e.Road, e.LaneId, p, e.S, out double s, out double t, out Road road, e))
        {
            Assign(e, road, s, t);
            return;
        }
        if (network.TryLocate(p, out RoadCoordinate rc, e.State.Heading))
        {
            Assign(e, rc.Road, rc.S, rc.T);
            return;
        }
        e.OnRoad = false;
        e.LaneId = 0;
    }

    private static void Assign(Entity e, Road road, double s, double t)
    {
        bool changedRoad = !ReferenceEquals(road, e.Road);
        e.Road = road;
        if (changedRoad)
        {
            e.Route?.Arrive(road.Id);
        }
        e.S = s;
        e.T = t;
        int lane = road.LaneIdAt(s, t);
        e.LaneId = lane;
        e.OnRoad = lane != 0;
        e.LaneOffset = lane != 0 ? t - road.LaneCenterT(lane, s) : 0.0;
        if (changedRoad || e.Mode != MotionMode.LaneBound)
        {
            double rel = Angles.WrapPi(e.State.Heading - road.ReferenceLine.Evaluate(s).Heading);
            e.Direction = Math.Abs(rel) <= Math.PI / 2 ? 1 : -1;
        }
    }

    /// <summary>Newton projection onto the road's reference line starting at <paramref name="sHint"/>, stepping onto linked roads past either end.</summary>
    public static bool TryProjectNear(RoadNetwork network, Road start, int laneId, Vec2 p, double sHint, out double s, out double t, out Road road, Entity? routed = null)
    {
        road = start;
        s = sHint;
        t = 0;
        for (int hop = 0; hop < 3; hop++)
        {
            ReferenceLine line = road.ReferenceLine;
            s = Math.Clamp(s, 0, line.Length);
            bool converged = false;
            for (int it = 0; it < 8; it++)
            {
                ReferencePoint rp = line.Evaluate(s);
                double c = Math.Cos(rp.Heading), sn = Math.Sin(rp.Heading);
                double dx = p.X - rp.X, dy = p.Y - rp.Y;
                double along = dx * c + dy * sn;
                t = -dx * sn + dy * c;
                double denom = 1.0 - rp.Curvature * t;
                double ds = along / (denom > 0.1 ? denom : 0.1);
                s += ds;
                if (Math.Abs(ds) < 1e-9)
                {
                    converged = true;
                    break;
                }
                if (s < 0 || s > line.Length)
                {
                    break;
                }
            }
            if (s < -1e-9)
            {
                if (!Link(network, road, laneId, atEnd: false, routed, out Road? prev, out double sOn))
                {
                    return false;
                }
                road = prev!;
                s = sOn;
                continue;
            }
            if (s > line.Length + 1e-9)
            {
                if (!Link(network, road, laneId, atEnd: true, routed, out Road? next, out double sOn))
                {
                    return false;
                }
                road = next!;
                s = sOn;
                continue;
            }
            if (!converged)
            {
                return false;
            }
            // A lateral offset far beyond any lane means the hint was on the wrong branch.
            return Math.Abs(t) < 50.0;
        }
        return false;
    }

    // The road beyond an end: a junction needs the lane to pick its connecting road; a plain
    // road link does not (the lane is re-derived from the position on the new road).
    private static bool Link(RoadNetwork network, Road road, int laneId, bool atEnd, Entity? routed, out Road? target, out double sOn)
    {
        target = null;
        sOn = 0;
        RoadLink? link = atEnd ? road.Successor : road.Predecessor;
        if (link is null)
        {
            return false;
        }
        bool entersAtStart;
        if (link.IsJunction)
        {
            string? preferred = routed is null ? null : Traffic.RouteNavigator.PreferredConnection(routed, network, road, atEnd);
            if (laneId == 0 || !network.TryGetNextLane(road, laneId, atEnd, out Road next, out _, out entersAtStart, preferred))
            {
                return false;
            }
            target = next;
        }
        else
        {
            target = network.Find(link.RoadId);
            entersAtStart = link.ContactPoint == ContactPoint.Start;
        }
        if (target is null)
        {
            return false;
        }
        sOn = entersAtStart ? 0 : target.Length;
        return true;
    }
}
