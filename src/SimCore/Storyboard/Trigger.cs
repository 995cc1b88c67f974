using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>
/// OpenSCENARIO trigger: true when all conditions of any one group are true (OR of ANDs).
/// Every condition is evaluated every time, never short-circuited, so edge detection sees
/// each step.
/// </summary>
internal sealed class Trigger
{
    public Trigger(IReadOnlyList<IReadOnlyList<Condition>> groups) => Groups = groups.Select(g => g.ToArray()).ToArray();

    public Condition[][] Groups { get; }

    public IEnumerable<Condition> AllConditions => Groups.SelectMany(g => g);

    public void Reset()
    {
        foreach (Condition c in AllConditions)
        {
            c.Reset();
        }
    }

    public bool Evaluate(World world, out Condition? firing)
    {
        bool any = false;
        firing = null;
        foreach (Condition[] group in Groups)
        {
            bool all = group.Length > 0;
            Condition? last = null;
            foreach (Condition c in group)
            {
                bool v = c.Evaluate(world);
                all &= v;
                last = c;
            }
            if (all && !any)
            {
                any = true;
                firing = last;
            }
        }
        return any;
    }
}
