using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// Time headway from an entity to a target: signed longitudinal distance divided by the entity's
/// speed, negative while the target is behind (as esmini measures it, so "headway &gt; x" turns
/// true only once the target is ahead). Infinite, with the distance's sign, at standstill.
/// </summary>
/// <remarks>
/// With <see cref="DistanceKind.Euclidean"/> the distance is the straight one (box to box with
/// freespace), signed by whether the target is ahead: how esmini measures OpenSCENARIO 1.0's
/// freespace headway along a route.
/// </remarks>
internal sealed class TimeHeadwayCondition(string entity, string target, double value, Rule rule, bool freespace, MeasureFrame frame,
    DistanceKind kind = DistanceKind.Longitudinal) : ConditionBody
{
    public double Measure(World world)
    {
        Entity e = world.Get(entity);
        Entity t = world.Get(target);
        double d = kind == DistanceKind.Euclidean
            ? Math.Sign(Measures.Distance(e, t, DistanceKind.Longitudinal, frame, false)) * Measures.Distance(e, t, DistanceKind.Euclidean, frame, freespace)
            : Measures.Distance(e, t, DistanceKind.Longitudinal, frame, freespace);
        if (e.Speed <= 1e-9)
        {
            return d < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }
        return d / e.Speed;
    }

    public override bool Evaluate(World world) => Rules.Compare(Measure(world), rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"headway {entity}->{target} {Measure(world):0.###} s {Rules.Symbol(rule)} {value}");
}
