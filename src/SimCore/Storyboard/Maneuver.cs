using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>An OpenSCENARIO Maneuver: the scope within which event priorities act.</summary>
internal sealed class Maneuver : StoryboardElement
{
    public Maneuver(string name, IReadOnlyList<StoryEvent> events)
        : base(name, ElementKind.Maneuver, 1) => Events = events.ToArray();

    public StoryEvent[] Events { get; }

    public override void Reset()
    {
        base.Reset();
        foreach (StoryEvent e in Events)
        {
            e.Reset();
        }
    }

    public void Begin(World world)
    {
        MarkRunning(world);
        foreach (StoryEvent e in Events)
        {
            e.Reset();
        }
    }

    public void Step(World world)
    {
        foreach (StoryEvent e in Events)
        {
            if (e.State == ElementState.Running)
            {
                e.Step(world);
            }
            else if (e.State == ElementState.Standby && e.ShouldStart(world, out Condition? firing))
            {
                bool othersRunning = false;
                foreach (StoryEvent o in Events)
                {
                    othersRunning |= o != e && o.State == ElementState.Running;
                }
                if (e.Priority == EventPriority.Skip && othersRunning)
                {
                    e.Skip(world);
                    continue;
                }
                if (e.Priority == EventPriority.Override)
                {
                    foreach (StoryEvent o in Events)
                    {
                        if (o != e && o.State == ElementState.Running)
                        {
                            o.StopRunning(world, $"overridden by {e.Name}");
                        }
                    }
                }
                e.Start(world, firing);
            }
        }
        foreach (StoryEvent e in Events)
        {
            if (e.State != ElementState.Complete)
            {
                return;
            }
        }
        MarkEnded(world);
    }

    public void StopAll(World world, string reason)
    {
        foreach (StoryEvent e in Events)
        {
            if (e.State == ElementState.Running)
            {
                e.StopRunning(world, reason);
            }
        }
        MarkStopped(world);
    }
}
