using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>An OpenSCENARIO Act: maneuver groups gated by a start trigger and ended by a stop trigger.</summary>
internal sealed class Act : StoryboardElement
{
    public Act(string name, Trigger? start, Trigger? stop, IReadOnlyList<ManeuverGroup> groups)
        : base(name, ElementKind.Act, 1)
    {
        StartTrigger = start;
        StopTrigger = stop;
        Groups = groups.ToArray();
    }

    public Trigger? StartTrigger { get; }

    public Trigger? StopTrigger { get; }

    public ManeuverGroup[] Groups { get; }

    public override void Reset()
    {
        base.Reset();
        StartTrigger?.Reset();
        StopTrigger?.Reset();
        foreach (ManeuverGroup g in Groups)
        {
            g.Reset();
        }
    }

    public void Step(World world)
    {
        if (State == ElementState.Standby)
        {
            Condition? firing = null;
            if (StartTrigger is not null && !StartTrigger.Evaluate(world, out firing))
            {
                return;
            }
            MarkRunning(world);
            world.Emit("act_start", Name, firing is null ? null : $"{firing.Name}: {firing.Body.Describe(world)}");
        }
        if (State != ElementState.Running)
        {
            return;
        }
        if (StopTrigger is not null && StopTrigger.Evaluate(world, out _))
        {
            foreach (ManeuverGroup g in Groups)
            {
                if (g.State == ElementState.Running)
                {
                    g.StopAll(world, $"act {Name} stopped");
                }
            }
            MarkStopped(world);
            world.Emit("act_stop", Name, null);
            return;
        }
        bool anyLeft = false;
        foreach (ManeuverGroup g in Groups)
        {
            // A group that ended with executions left starts over (back in standby).
            if (g.State != ElementState.Complete)
            {
                g.Step(world);
            }
            anyLeft |= g.State != ElementState.Complete;
        }
        if (!anyLeft)
        {
            MarkEnded(world);
            world.Emit("act_end", Name, null);
        }
    }
}
