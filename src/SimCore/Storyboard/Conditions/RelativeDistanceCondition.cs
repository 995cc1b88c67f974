using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>Distance (absolute value) between an entity and a reference entity, compared with a value.</summary>
internal sealed class RelativeDistanceCondition(string entity, string reference, DistanceKind kind, MeasureFrame frame, bool freespace, double value, Rule rule) : ConditionBody
{
    public double Measure(World world) => Math.Abs(Measures.Distance(world.Get(reference), world.Get(entity), kind, frame, freespace));

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant()} distance {entity}-{reference} {Measure(world):0.###} m {Rules.Symbol(rule)} {value}");
}
