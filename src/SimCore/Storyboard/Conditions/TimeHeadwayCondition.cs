using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// Time headway from an entity to a target: signed longitudinal distance divided by the entity's
/// speed, negative while the target is behind (as esmini measures it, so "headway &gt; x" turns
/// true only once the target is ahead). Infinite, with the distance's sign, at standstill.
/// </summary>
internal sealed class TimeHeadwayCondition(string entity, string target, double value, Rule rule, bool freespace, MeasureFrame frame) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        double d = Measures.Distance(e, world.Get(target), DistanceKind.Longitudinal, frame, freespace);
        if (e.Speed <= 1e-9)
        {
            return d < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }
        return d / e.Speed;
    }

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"headway {entity}->{target} {Measure(world):0.###} s {Rules.Symbol(rule)} {value}");
}
