using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>An OpenSCENARIO Story: acts that run from the start of the storyboard.</summary>
internal sealed class Story : StoryboardElement
{
    public Story(string name, IReadOnlyList<Act> acts)
        : base(name, ElementKind.Story, 1) => Acts = acts.ToArray();

    public Act[] Acts { get; }

    public override void Reset()
    {
        base.Reset();
        foreach (Act a in Acts)
        {
            a.Reset();
        }
    }

    public void Step(World world)
    {
        if (State == ElementState.Standby)
        {
            MarkRunning(world);
        }
        if (State != ElementState.Running)
        {
            return;
        }
        foreach (Act a in Acts)
        {
            if (a.State != ElementState.Complete)
            {
                a.Step(world);
            }
        }
        foreach (Act a in Acts)
        {
            if (a.State != ElementState.Complete)
            {
                return;
            }
        }
        MarkEnded(world);
    }
}
