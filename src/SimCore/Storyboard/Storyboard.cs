using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>
/// The storyboard at run time: stories, and a stop trigger that ends the whole run. Evaluated
/// once per step before entities move, on the state the previous step left.
/// </summary>
internal sealed class Storyboard
{
    private readonly Dictionary<string, StoryboardElement> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(ElementKind, string), StoryboardElement> _byKindAndName = new();

    public Storyboard(IReadOnlyList<Story> stories, Trigger? stopTrigger, IReadOnlyList<ScenarioValue>? values = null)
    {
        Stories = stories.ToArray();
        StopTrigger = stopTrigger;
        Values = values?.ToArray() ?? Array.Empty<ScenarioValue>();
        foreach (StoryboardElement e in Walk())
        {
            _byName.TryAdd(e.Name, e);
            _byKindAndName.TryAdd((e.Kind, e.Name), e);
        }
    }

    public Story[] Stories { get; }

    /// <summary>
    /// The story holding OpenSCENARIO's Init actions (also one of <see cref="Stories"/>). It starts
    /// before the first step (<see cref="StartInit"/>), so what its actions set at once (a
    /// trajectory's start pose) is the state at time zero, as in esmini.
    /// </summary>
    public Story? Init { get; init; }

    public Trigger? StopTrigger { get; }

    /// <summary>Parameters and variables that actions change during a run; each run starts from their initial values.</summary>
    public ScenarioValue[] Values { get; }

    public bool Stopped { get; private set; }

    public string? StopReason { get; private set; }

    public IEnumerable<StoryboardElement> Walk()
    {
        foreach (Story s in Stories)
        {
            yield return s;
            foreach (Act a in s.Acts)
            {
                yield return a;
                foreach (ManeuverGroup g in a.Groups)
                {
                    yield return g;
                    foreach (Maneuver m in g.Maneuvers)
                    {
                        yield return m;
                        foreach (StoryEvent e in m.Events)
                        {
                            yield return e;
                        }
                    }
                }
            }
        }
    }

    public bool TryFind(string name, out StoryboardElement? element) => _byName.TryGetValue(name, out element);

    /// <summary>The element of that kind and name (an act and an event may share a name).</summary>
    public bool TryFind(ElementKind kind, string name, out StoryboardElement? element) => _byKindAndName.TryGetValue((kind, name), out element);

    public void Reset()
    {
        Stopped = false;
        StopReason = null;
        StopTrigger?.Reset();
        foreach (ScenarioValue v in Values)
        {
            v.Reset();
        }
        foreach (Story s in Stories)
        {
            s.Reset();
        }
    }

    /// <summary>Starts the Init story's actions at time zero, before the first step.</summary>
    public void StartInit(World world)
    {
        if (Init is null)
        {
            return;
        }
        Init.Step(world);
        LaunchStarted(world);
    }

    public void Step(World world)
    {
        if (Stopped)
        {
            return;
        }
        foreach (Story s in Stories)
        {
            s.Step(world);
        }
        if (StopTrigger is not null && StopTrigger.Evaluate(world, out Condition? firing))
        {
            Stopped = true;
            StopReason = firing is null ? "stop trigger" : $"{firing.Name}: {firing.Body.Describe(world)}";
            world.Emit("stop", "storyboard", StopReason);
        }
        // Every trigger has now seen the same state; only now do the started events act.
        LaunchStarted(world);
    }

    private static void LaunchStarted(World world)
    {
        List<StoryEvent> started = world.StartedEvents;
        for (int i = 0; i < started.Count; i++)
        {
            started[i].Launch(world);
        }
        started.Clear();
    }
}
