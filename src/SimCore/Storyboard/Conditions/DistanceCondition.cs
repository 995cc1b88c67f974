using System.Globalization;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO DistanceCondition: distance (absolute value) from an entity to a position,
/// euclidean or one component in the entity's frame or in road coordinates, compared with a value.
/// With freespace the entity's bounding box counts, the position is a point.
/// </summary>
internal sealed class DistanceCondition(string entity, PositionSpec position, DistanceKind kind, MeasureFrame frame, bool freespace, double value, Rule rule) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        if (!position.TryResolve(world, out ResolvedPosition p, out _))
        {
            return double.PositiveInfinity;
        }
        return Math.Abs(Between(e, p, kind, frame, freespace));
    }

    /// <summary>Signed distance from the entity to a resolved position (positive ahead or left).</summary>
    internal static double Between(Entity e, ResolvedPosition p, DistanceKind kind, MeasureFrame frame, bool freespace)
    {
        if (kind == DistanceKind.Euclidean)
        {
            if (!freespace)
            {
                return new Vec2(p.X - e.State.X, p.Y - e.State.Y).Length;
            }
            // Point to box: distance from the point to the nearest point of the oriented box.
            Vec2 c = Measures.BoxCenter(e);
            Vec2 d = new Vec2(p.X - c.X, p.Y - c.Y).Rotate(-e.State.Heading);
            double gx = Math.Max(Math.Abs(d.X) - 0.5 * e.Length, 0), gy = Math.Max(Math.Abs(d.Y) - 0.5 * e.Width, 0);
            return Math.Sqrt(gx * gx + gy * gy);
        }
        double delta;
        double extent;
        if (frame == MeasureFrame.Road && e.Road is not null && p.Road is not null && ReferenceEquals(e.Road, p.Road))
        {
            delta = kind == DistanceKind.Longitudinal ? (p.S - e.S) * e.Direction : (p.T - e.T) * e.Direction;
            extent = kind == DistanceKind.Longitudinal
                ? (delta >= 0 ? LaneIndex.FrontExtent(e) : LaneIndex.RearExtent(e))
                : 0.5 * e.Width;
        }
        else
        {
            Vec2 axis = Vec2.FromAngle(e.State.Heading);
            if (kind == DistanceKind.Lateral)
            {
                axis = axis.PerpLeft;
            }
            Vec2 from = freespace ? Measures.BoxCenter(e) : new Vec2(e.State.X, e.State.Y);
            delta = Vec2.Dot(new Vec2(p.X - from.X, p.Y - from.Y), axis);
            extent = Measures.HalfExtentAlong(e, axis);
        }
        if (!freespace)
        {
            return delta;
        }
        double gap = Math.Abs(delta) - extent;
        return gap <= 0 ? 0.0 : Math.Sign(delta) * gap;
    }

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant()} distance {entity}-position {Measure(world):0.###} m {Rules.Symbol(rule)} {value}");
}
