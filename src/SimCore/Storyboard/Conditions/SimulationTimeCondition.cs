using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>Simulation time compared with a value.</summary>
internal sealed class SimulationTimeCondition(double value, Rule rule) : ConditionBody
{
    // Compare in whole nanoseconds: "time > 3" must not depend on how 3 s of 0.01 s steps round.
    public override bool Evaluate(World world)
        => Rules.Compare(world.Time.Nanoseconds, rule, Timing.SimTime.FromSeconds(value).Nanoseconds);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"time {world.Seconds:0.###} s {Rules.Symbol(rule)} {value}");
}
