using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>An OpenSCENARIO Event: a start trigger, a priority and actions that start together.</summary>
internal sealed class StoryEvent : StoryboardElement
{
    private readonly List<IActionRun> _runs = new();

    public StoryEvent(string name, EventPriority priority, int maxExecutions, Trigger? start, IReadOnlyList<ActionBase> actions)
        : base(name, ElementKind.Event, maxExecutions)
    {
        Priority = priority;
        StartTrigger = start;
        Actions = actions;
    }

    public EventPriority Priority { get; }

    public Trigger? StartTrigger { get; }

    public IReadOnlyList<ActionBase> Actions { get; }

    public override void Reset()
    {
        base.Reset();
        _runs.Clear();
        StartTrigger?.Reset();
    }

    /// <summary>Evaluates the start trigger while in standby; a missing trigger is true at once.</summary>
    public bool ShouldStart(World world, out Condition? firing)
    {
        firing = null;
        return StartTrigger is null || StartTrigger.Evaluate(world, out firing);
    }

    /// <summary>
    /// Marks the event running. Its actions start in <see cref="Launch"/>, after every trigger of
    /// this step has been evaluated on the unchanged state (as esmini does): a teleport must not
    /// move an entity before a sibling event's condition has looked at it.
    /// </summary>
    public void Start(World world, Condition? firing)
    {
        MarkRunning(world);
        world.Emit("event_start", Name, firing is null ? null : $"{firing.Name}: {firing.Body.Describe(world)}", ActorsOf(world));
        _runs.Clear();
        foreach (ActionBase a in Actions)
        {
            if (a.ActsWhenTriggered)
            {
                _runs.Add(a.Start(world));
            }
        }
        world.StartedEvents.Add(this);
    }

    /// <summary>Starts the actions of an event started in this step; ends it at once when they all finish at once.</summary>
    public void Launch(World world)
    {
        if (State != ElementState.Running)
        {
            return;
        }
        foreach (ActionBase a in Actions)
        {
            if (!a.ActsWhenTriggered)
            {
                _runs.Add(a.Start(world));
            }
        }
        Step(world);
    }

    public void Step(World world)
    {
        foreach (IActionRun r in _runs)
        {
            if (!r.IsDone(world))
            {
                return;
            }
        }
        _runs.Clear();
        MarkEnded(world);
        world.Emit("event_end", Name, null, ActorsOf(world));
    }

    public void StopRunning(World world, string reason)
    {
        foreach (IActionRun r in _runs)
        {
            r.Stop(world);
        }
        _runs.Clear();
        MarkStopped(world);
        world.Emit("event_stop", Name, reason, ActorsOf(world));
    }

    public void Skip(World world) => MarkSkipped(world);

    private Entities.Entity[] ActorsOf(World world)
        => Actions.SelectMany(a => a.Actors).Distinct().Where(n => world.TryGet(n, out _)).Select(world.Get).ToArray();
}
