using System.Globalization;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True when the entity's reference point is within a tolerance of a position.</summary>
internal sealed class ReachPositionCondition(string entity, PositionSpec position, double tolerance) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        if (!position.TryResolve(world, out ResolvedPosition p, out _))
        {
            return double.PositiveInfinity;
        }
        double dx = e.State.X - p.X, dy = e.State.Y - p.Y;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    public override bool Evaluate(World world) => Measure(world) <= tolerance;

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{entity} {Measure(world):0.###} m from position (tolerance {tolerance})");
}
