using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO TimeHeadwayCondition as esmini plays it: longitudinal distance from the
/// triggering entity to the target over the triggering entity's speed, negative while the target
/// is behind (so "greater than" waits until it is ahead, as cut-in scenarios need), infinite at
/// standstill. (TimeHeadwayCondition, used by native scenarios, reports infinity for a target behind.)
/// </summary>
internal sealed class SignedTimeHeadwayCondition(string entity, string target, double value, Rule rule, bool freespace, MeasureFrame frame) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        double d = Measures.Distance(e, world.Get(target), DistanceKind.Longitudinal, frame, freespace);
        return e.Speed <= 1e-9 ? double.PositiveInfinity : d / e.Speed;
    }

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"headway {entity}->{target} {Measure(world):0.###} s {Rules.Symbol(rule)} {value}");
}
