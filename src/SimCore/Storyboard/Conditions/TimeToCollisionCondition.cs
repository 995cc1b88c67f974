using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>Time to collision between an entity and a target, compared with a value.</summary>
internal sealed class TimeToCollisionCondition(string entity, string target, double value, Rule rule, bool freespace, DistanceKind kind, MeasureFrame frame) : ConditionBody
{
    public double Measure(World world) => Measures.TimeToCollision(world.Get(entity), world.Get(target), kind, frame, freespace);

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"ttc {entity}->{target} {Measure(world):0.###} s {Rules.Symbol(rule)} {value}");
}
