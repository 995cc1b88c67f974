using System.Globalization;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO TimeToCollisionCondition with a position target: distance to the position over
/// the speed at which the entity closes on it; infinite when not closing (or behind, for a
/// longitudinal distance).
/// </summary>
internal sealed class TimeToCollisionPositionCondition(string entity, PositionSpec position, DistanceKind kind, MeasureFrame frame, bool freespace, double value, Rule rule) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        if (!position.TryResolve(world, out ResolvedPosition p, out _))
        {
            return double.PositiveInfinity;
        }
        double d = DistanceCondition.Between(e, p, kind, frame, freespace);
        Vec2 v = Measures.Velocity(e);
        double closing;
        if (kind == DistanceKind.Euclidean)
        {
            closing = Vec2.Dot(v, new Vec2(p.X - e.State.X, p.Y - e.State.Y).Normalized());
        }
        else
        {
            if (d < 0 && kind == DistanceKind.Longitudinal)
            {
                return double.PositiveInfinity;
            }
            Vec2 axis = Vec2.FromAngle(e.State.Heading);
            if (kind == DistanceKind.Lateral)
            {
                axis = axis.PerpLeft;
            }
            closing = Vec2.Dot(v, axis) * Math.Sign(d);
        }
        if (Math.Abs(d) <= 1e-12)
        {
            return 0;
        }
        return closing <= 1e-9 ? double.PositiveInfinity : Math.Abs(d) / closing;
    }

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"ttc {entity}->position {Measure(world):0.###} s {Rules.Symbol(rule)} {value}");
}
