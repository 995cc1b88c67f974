using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// Time headway from an entity to a target: longitudinal distance divided by the entity's speed.
/// It is defined only while the target is ahead and the entity moves forward; otherwise the
/// condition is false whatever its rule (as esmini decides it: a standing car has no headway, so
/// "headway &lt; 2 s" does not fire on it, and "headway &gt; x" turns true only once the target is ahead).
/// </summary>
/// <remarks>
/// With <see cref="DistanceKind.Euclidean"/> (esmini's default when relativeDistanceType is not
/// given) the distance is the straight one (box to box with freespace), signed by whether the
/// target is ahead.
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
            : Measures.Distance(e, t, kind, frame, freespace);
        if (d < 0 || e.Speed <= 1e-9)
        {
            return double.NaN;
        }
        return d / e.Speed;
    }

    public override bool Evaluate(World world) => Measure(world) is var h && !double.IsNaN(h) && Rules.Compare(h, rule, value);

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"headway {entity}->{target} {(Measure(world) is var h && double.IsNaN(h) ? "undefined" : h.ToString("0.###", CultureInfo.InvariantCulture))} s {Rules.Symbol(rule)} {value}");
}
