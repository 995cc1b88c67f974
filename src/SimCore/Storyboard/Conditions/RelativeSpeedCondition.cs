using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>Speed of an entity minus the speed of a reference entity, compared with a value.</summary>
internal sealed class RelativeSpeedCondition(string entity, string reference, double value, Rule rule) : ConditionBody
{
    private double Measure(World world) => world.Get(entity).Speed - world.Get(reference).Speed;

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"speed of {entity} relative to {reference} {Measure(world):0.###} m/s {Rules.Symbol(rule)} {value}");
}
