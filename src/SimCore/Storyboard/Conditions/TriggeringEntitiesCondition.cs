using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>
/// OpenSCENARIO TriggeringEntities: the same entity condition for each triggering entity,
/// true when any (or all) of them hold. Every part is evaluated each step, never short-circuited,
/// so parts that track durations see every step.
/// </summary>
internal sealed class TriggeringEntitiesCondition(IReadOnlyList<ConditionBody> parts, bool all) : ConditionBody
{
    public IReadOnlyList<ConditionBody> Parts { get; } = parts;

    public bool All { get; } = all;

    public override bool Evaluate(World world)
    {
        bool any = false, every = true;
        for (int i = 0; i < Parts.Count; i++)
        {
            bool v = Parts[i].Evaluate(world);
            any |= v;
            every &= v;
        }
        return All ? every && Parts.Count > 0 : any;
    }

    public override void Reset()
    {
        foreach (ConditionBody p in Parts)
        {
            p.Reset();
        }
    }

    public override string Describe(World world)
        => Parts.Count == 1 ? Parts[0].Describe(world)
            : (All ? "all of: " : "any of: ") + string.Join("; ", Parts.Select(p => p.Describe(world)));
}
