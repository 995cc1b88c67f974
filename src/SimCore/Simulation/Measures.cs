using SimCore.Collision;
using SimCore.Entities;
using SimCore.Mathematics;

namespace SimCore.Simulation;

/// <summary>Which component of a relative distance a condition measures.</summary>
public enum DistanceKind
{
    /// <summary>Along the reference entity's heading (or the road).</summary>
    Longitudinal,
    /// <summary>Across it.</summary>
    Lateral,
    /// <summary>Straight-line distance.</summary>
    Euclidean,
}

/// <summary>The frame in which a relative distance is measured.</summary>
public enum MeasureFrame
{
    /// <summary>The reference entity's own frame (x forward, y left).</summary>
    Entity,
    /// <summary>Road coordinates (s, t), when both entities are on the same road.</summary>
    Road,
}

/// <summary>Relative geometry between entities, shared by conditions, drivers and KPIs.</summary>
internal static class Measures
{
    public static Vec2 Velocity(Entity e)
        => new Vec2(e.State.Speed, e.State.LateralVelocity).Rotate(e.State.Heading);

    /// <summary>As <see cref="Velocity(Entity)"/>, given <paramref name="forward"/> = <see cref="Vec2.FromAngle"/> of the heading (the same bits, one sincos fewer).</summary>
    public static Vec2 Velocity(Entity e, Vec2 forward)
        => new(forward.X * e.State.Speed - forward.Y * e.State.LateralVelocity, forward.Y * e.State.Speed + forward.X * e.State.LateralVelocity);

    public static Vec2 BoxCenter(Entity e)
        => new Vec2(e.State.X, e.State.Y) + Vec2.FromAngle(e.State.Heading) * e.CenterOffsetX;

    /// <summary>Half extent of <paramref name="e"/>'s box along the unit direction <paramref name="axis"/>.</summary>
    public static double HalfExtentAlong(Entity e, Vec2 axis) => HalfExtentAlong(e, Vec2.FromAngle(e.State.Heading), axis);

    /// <summary>As <see cref="HalfExtentAlong(Entity, Vec2)"/>, given <paramref name="forward"/> = <see cref="Vec2.FromAngle"/> of the heading.</summary>
    public static double HalfExtentAlong(Entity e, Vec2 forward, Vec2 axis)
        => 0.5 * e.Length * Math.Abs(Vec2.Dot(forward, axis)) + 0.5 * e.Width * Math.Abs(Vec2.Cross(forward, axis));

    /// <summary>
    /// Signed distance from <paramref name="from"/> to <paramref name="to"/>: positive ahead (or to the
    /// left), negative behind (right). With freespace, box to box; the sign stays, the size shrinks to the gap (0 when boxes overlap in that component).
    /// </summary>
    public static double Distance(Entity from, Entity to, DistanceKind kind, MeasureFrame frame, bool freespace)
    {
        if (kind == DistanceKind.Euclidean)
        {
            if (freespace)
            {
                return BoxCollision.Distance(from.Box, to.Box);
            }
            return (new Vec2(to.State.X - from.State.X, to.State.Y - from.State.Y)).Length;
        }
        if (frame == MeasureFrame.Road && from.Road is not null && ReferenceEquals(from.Road, to.Road))
        {
            if (kind == DistanceKind.Longitudinal)
            {
                double ds = (to.S - from.S) * from.Direction;
                if (!freespace)
                {
                    return ds;
                }
                double gap = ds >= 0
                    ? ds - LaneIndex.FrontExtent(from) - LaneIndex.RearExtent(to)
                    : -ds - LaneIndex.RearExtent(from) - LaneIndex.FrontExtent(to);
                return gap <= 0 ? 0.0 : Math.Sign(ds) * gap;
            }
            double dt = (to.T - from.T) * from.Direction;
            return freespace ? Shrink(dt, 0.5 * from.Width + 0.5 * to.Width) : dt;
        }
        Vec2 axis = Vec2.FromAngle(from.State.Heading);
        if (kind == DistanceKind.Lateral)
        {
            axis = axis.PerpLeft;
        }
        if (!freespace)
        {
            return Vec2.Dot(new Vec2(to.State.X - from.State.X, to.State.Y - from.State.Y), axis);
        }
        double d = Vec2.Dot(BoxCenter(to) - BoxCenter(from), axis);
        return Shrink(d, HalfExtentAlong(from, axis) + HalfExtentAlong(to, axis));
    }

    private static double Shrink(double d, double extents)
    {
        double gap = Math.Abs(d) - extents;
        return gap <= 0 ? 0.0 : Math.Sign(d) * gap;
    }

    /// <summary>
    /// Time to collision of <paramref name="from"/> with <paramref name="to"/> ahead of it, from the
    /// distance and closing speed in the given measure; +infinity when not closing or not ahead.
    /// </summary>
    public static double TimeToCollision(Entity from, Entity to, DistanceKind kind, MeasureFrame frame, bool freespace)
    {
        double d = Distance(from, to, kind, frame, freespace);
        double closing;
        if (kind == DistanceKind.Euclidean)
        {
            Vec2 los = new Vec2(to.State.X - from.State.X, to.State.Y - from.State.Y).Normalized();
            closing = Vec2.Dot(Velocity(from) - Velocity(to), los);
        }
        else
        {
            Vec2 axis = Vec2.FromAngle(from.State.Heading);
            if (kind == DistanceKind.Lateral)
            {
                axis = axis.PerpLeft;
            }
            closing = Vec2.Dot(Velocity(from) - Velocity(to), axis) * Math.Sign(d);
        }
        if (d < 0 && kind != DistanceKind.Lateral)
        {
            return double.PositiveInfinity;
        }
        if (closing <= 1e-9)
        {
            return double.PositiveInfinity;
        }
        return Math.Abs(d) / closing;
    }
}
