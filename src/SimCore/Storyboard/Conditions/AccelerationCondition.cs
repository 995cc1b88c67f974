using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>An entity's longitudinal acceleration compared with a value.</summary>
internal sealed class AccelerationCondition(string entity, double value, Rule rule) : ConditionBody
{
    public override bool Evaluate(World world) => Rules.Compare(world.Get(entity).State.Acceleration, rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"acceleration of {entity} {world.Get(entity).State.Acceleration:0.###} m/s^2 {Rules.Symbol(rule)} {value}");
}
