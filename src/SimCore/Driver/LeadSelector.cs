using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Driver;

/// <summary>The object the ego has to react to: the nearest one in (or about to enter) its path.</summary>
internal readonly record struct LeadObject(Entity Entity, double Gap, double ClosingSpeed, double LeadSpeed);

/// <summary>
/// Finds the object in the ego's path. An object counts when its box overlaps the ego's driving
/// corridor now, or when its lateral motion puts it in the corridor during the time the ego takes
/// to pass it (crossing pedestrians and cyclists). Same-road objects are measured in road
/// coordinates so curves do not push a lead vehicle out of the corridor.
/// </summary>
internal static class LeadSelector
{
    /// <summary>Extra half-width on each side of the ego's corridor (m).</summary>
    public const double CorridorMargin = 0.3;

    public static LeadObject? Find(Entity ego, World world, Func<Road, double, double>? pathT, double range)
    {
        LeadObject? best = null;
        double egoHalfWidth = 0.5 * ego.Width + CorridorMargin;
        double front = LaneIndex.FrontExtent(ego);
        Vec2? egoForward = null;
        foreach (Entity o in world.Entities)
        {
            if (ReferenceEquals(o, ego) || !o.SeenByTraffic)
            {
                continue;
            }
            double along, lateral;
            Vec2 axis;
            double axisAngle = double.NaN;
            if (ego.Road is not null && ReferenceEquals(o.Road, ego.Road))
            {
                Road road = ego.Road;
                double ds = (o.S - ego.S) * ego.Direction;
                bool ring = road.Successor is { } link && link.RoadId == road.Id;
                if (ring && ds < -0.5 * road.Length)
                {
                    ds += road.Length;
                }
                else if (ring && ds > 0.5 * road.Length)
                {
                    ds -= road.Length;
                }
                along = ds;
                double centre = pathT?.Invoke(road, o.S) ?? ego.T;
                lateral = (o.T - centre) * ego.Direction;
                double h = o.ReferenceHere().Heading + (ego.Direction < 0 ? Math.PI : 0);
                axis = Vec2.FromAngle(h);
                axisAngle = h;
            }
            else
            {
                // Taken on first need: on the ego's road the axis is the road's.
                egoForward ??= Vec2.FromAngle(ego.State.Heading);
                Vec2 d = new Vec2(o.State.X - ego.State.X, o.State.Y - ego.State.Y);
                axis = egoForward.Value;
                axisAngle = ego.State.Heading;
                along = Vec2.Dot(d, axis);
                lateral = Vec2.Dot(d, axis.PerpLeft);
            }
            // Box centre of the object, and its extents along and across the path.
            // One sincos for the object's heading serves every projection below.
            // A lane-bound object along its lane has exactly the axis's angle (bit for bit, so -0 is not +0).
            Vec2 forward = BitConverter.DoubleToInt64Bits(o.State.Heading) == BitConverter.DoubleToInt64Bits(axisAngle)
                ? axis : Vec2.FromAngle(o.State.Heading);
            double centreShift = o.CenterOffsetX * Vec2.Dot(forward, axis);
            double centreLateralShift = o.CenterOffsetX * Vec2.Cross(axis, forward);
            double halfAlong = Measures.HalfExtentAlong(o, forward, axis);
            double halfAcross = Measures.HalfExtentAlong(o, forward, axis.PerpLeft);
            double gap = along + centreShift - halfAlong - front;
            double behindLimit = -(2 * halfAlong + ego.Length);
            if (gap < behindLimit || gap > range)
            {
                continue;
            }
            double lat = lateral + centreLateralShift;
            Vec2 vo = Measures.Velocity(o, forward);
            double vLong = Vec2.Dot(vo, axis);
            double vLat = Vec2.Dot(vo, axis.PerpLeft);
            double reach = egoHalfWidth + halfAcross;
            bool inPath = Math.Abs(lat) < reach;
            if (!inPath && gap > 0 && Math.Abs(vLat) > 0.05)
            {
                // Time window in which the object is inside the corridor ...
                double t1 = (-reach - lat) / vLat, t2 = (reach - lat) / vLat;
                double tIn = Math.Min(t1, t2), tOut = Math.Max(t1, t2);
                // ... against the window in which the ego's front sweeps the object's position.
                double closing = Math.Max(ego.Speed - vLong, 0.5);
                double tArrive = gap / closing;
                double tLeave = (gap + 2 * halfAlong + ego.Length) / closing;
                inPath = tIn < tLeave && tOut > tArrive && tArrive < 6.0;
            }
            if (!inPath)
            {
                continue;
            }
            double g = Math.Max(gap, 0.0);
            if (best is null || g < best.Value.Gap)
            {
                best = new LeadObject(o, g, ego.Speed - vLong, vLong);
            }
        }
        return best;
    }
}
