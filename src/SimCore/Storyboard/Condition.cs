using SimCore.Simulation;

namespace SimCore.Storyboard;

/// <summary>The predicate of a condition: a pure function of the world at this step.</summary>
internal abstract class ConditionBody
{
    public abstract bool Evaluate(World world);

    /// <summary>Clears state kept across steps (durations of stand-still, off-road...).</summary>
    public virtual void Reset()
    {
    }

    /// <summary>Short text with the measured value, for the event log.</summary>
    public virtual string Describe(World world) => GetType().Name.Replace("Condition", string.Empty);
}

/// <summary>
/// A condition with OpenSCENARIO's edge and delay. Edges compare with the previous evaluation,
/// so the first evaluation of a condition with an edge is never true: there is no change to see
/// yet (esmini reads it so too; a rising-edge condition already true when first evaluated waits
/// for it to fall and rise again). A delay reports each true result that many seconds later.
/// </summary>
internal sealed class Condition
{
    private bool _last;
    private bool _evaluated;
    private readonly Queue<double> _pending = new();

    public Condition(string name, ConditionBody body, ConditionEdge edge, double delay)
    {
        Name = name;
        Body = body;
        Edge = edge;
        Delay = delay;
    }

    public string Name { get; }

    public ConditionBody Body { get; }

    public ConditionEdge Edge { get; }

    public double Delay { get; }

    public void Reset()
    {
        _last = false;
        _evaluated = false;
        _pending.Clear();
        Body.Reset();
    }

    public bool Evaluate(World world)
    {
        bool value = Body.Evaluate(world);
        bool result = Edge switch
        {
            ConditionEdge.None => value,
            _ when !_evaluated => false,
            ConditionEdge.Rising => value && !_last,
            ConditionEdge.Falling => !value && _last,
            _ => value != _last,
        };
        _last = value;
        _evaluated = true;
        if (Delay <= 0)
        {
            return result;
        }
        double now = world.Seconds;
        if (result)
        {
            _pending.Enqueue(now + Delay);
        }
        bool due = false;
        // Half a step of tolerance: delays are given in seconds, the clock ticks in whole steps.
        while (_pending.Count > 0 && _pending.Peek() <= now + 0.5 * world.Dt)
        {
            _pending.Dequeue();
            due = true;
        }
        return due;
    }
}
