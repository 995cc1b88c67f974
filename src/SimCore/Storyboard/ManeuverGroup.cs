using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>An OpenSCENARIO ManeuverGroup: maneuvers that run together, repeated up to its execution count.</summary>
internal sealed class ManeuverGroup : StoryboardElement
{
    public ManeuverGroup(string name, int maxExecutions, IReadOnlyList<string> actors, IReadOnlyList<Maneuver> maneuvers)
        : base(name, ElementKind.ManeuverGroup, maxExecutions)
    {
        Actors = actors;
        Maneuvers = maneuvers.ToArray();
    }

    public IReadOnlyList<string> Actors { get; }

    public Maneuver[] Maneuvers { get; }

    public override void Reset()
    {
        base.Reset();
        foreach (Maneuver m in Maneuvers)
        {
            m.Reset();
        }
    }

    public void Step(World world)
    {
        if (State == ElementState.Standby)
        {
            MarkRunning(world);
            foreach (Maneuver m in Maneuvers)
            {
                m.Begin(world);
            }
        }
        if (State != ElementState.Running)
        {
            return;
        }
        foreach (Maneuver m in Maneuvers)
        {
            if (m.State == ElementState.Running)
            {
                m.Step(world);
            }
        }
        foreach (Maneuver m in Maneuvers)
        {
            if (m.State == ElementState.Running)
            {
                return;
            }
        }
        MarkEnded(world);
    }

    public void StopAll(World world, string reason)
    {
        foreach (Maneuver m in Maneuvers)
        {
            if (m.State == ElementState.Running)
            {
                m.StopAll(world, reason);
            }
        }
        MarkStopped(world);
    }
}
