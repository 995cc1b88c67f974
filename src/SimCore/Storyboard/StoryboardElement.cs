using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>Kind of storyboard element (OpenSCENARIO hierarchy).</summary>
public enum ElementKind
{
    /// <summary>Story.</summary>
    Story,
    /// <summary>Act.</summary>
    Act,
    /// <summary>ManeuverGroup.</summary>
    ManeuverGroup,
    /// <summary>Maneuver.</summary>
    Maneuver,
    /// <summary>Event.</summary>
    Event,
    /// <summary>Action.</summary>
    Action,
}

/// <summary>
/// A node of the storyboard tree with OpenSCENARIO's state machine: standby, running, complete,
/// and the transitions between them, which StoryboardElementState conditions observe.
/// </summary>
internal abstract class StoryboardElement
{
    protected StoryboardElement(string name, ElementKind kind, int maxExecutions)
    {
        Name = name;
        Kind = kind;
        MaxExecutions = Math.Max(1, maxExecutions);
    }

    public string Name { get; }

    public ElementKind Kind { get; }

    public int MaxExecutions { get; }

    public int Executions { get; protected set; }

    public ElementState State { get; private set; } = ElementState.Standby;

    /// <summary>Step index of the last start (-1 never).</summary>
    public long StartedAtStep { get; private set; } = -1;

    /// <summary>Step index of the last natural end (-1 never).</summary>
    public long EndedAtStep { get; private set; } = -1;

    /// <summary>Step index of the last stop by a trigger or a priority (-1 never).</summary>
    public long StoppedAtStep { get; private set; } = -1;

    /// <summary>Step index of the last skip (-1 never).</summary>
    public long SkippedAtStep { get; private set; } = -1;

    public virtual void Reset()
    {
        State = ElementState.Standby;
        Executions = 0;
        StartedAtStep = EndedAtStep = StoppedAtStep = SkippedAtStep = -1;
    }

    protected void MarkRunning(World world)
    {
        State = ElementState.Running;
        Executions++;
        StartedAtStep = world.StepIndex;
    }

    /// <summary>Ends after running to completion: back to standby while executions remain.</summary>
    protected void MarkEnded(World world)
    {
        EndedAtStep = world.StepIndex;
        State = Executions < MaxExecutions ? ElementState.Standby : ElementState.Complete;
    }

    protected void MarkStopped(World world)
    {
        StoppedAtStep = world.StepIndex;
        State = ElementState.Complete;
    }

    protected void MarkSkipped(World world) => SkippedAtStep = world.StepIndex;
}
