using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>An entity's speed compared with a value.</summary>
internal sealed class SpeedCondition(string entity, double value, Rule rule) : ConditionBody
{
    public override bool Evaluate(World world) => Rules.Compare(world.Get(entity).Speed, rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"speed of {entity} {world.Get(entity).Speed:0.###} m/s {Rules.Symbol(rule)} {value}");
}
