using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>States and transitions a StoryboardElementStateCondition can wait for.</summary>
public enum ElementStateQuery
{
    /// <summary>In standby.</summary>
    Standby,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Complete.</summary>
    Complete,
    /// <summary>Started this step or the last.</summary>
    StartTransition,
    /// <summary>Ended this step or the last.</summary>
    EndTransition,
    /// <summary>Stopped this step or the last.</summary>
    StopTransition,
    /// <summary>Skipped this step or the last.</summary>
    SkipTransition,
}

/// <summary>True when a named storyboard element (of <paramref name="kind"/> when given) is in a state or just made a transition.</summary>
internal sealed class ElementStateCondition(string element, ElementStateQuery query, ElementKind? kind = null) : ConditionBody
{
    // The element found in the last storyboard asked (a storyboard's elements never change), so a
    // step does not hash the name again; one reference, so threads sharing the scenario never see half of it.
    private Resolved? _resolved;

    private sealed record Resolved(Storyboard Board, StoryboardElement? Element);

    public override bool Evaluate(World world)
    {
        Storyboard? board = world.Storyboard;
        if (board is null)
        {
            return false;
        }
        Resolved? resolved = Volatile.Read(ref _resolved);
        if (resolved is null || !ReferenceEquals(resolved.Board, board))
        {
            StoryboardElement? found = null;
            _ = kind is { } k ? board.TryFind(k, element, out found) : board.TryFind(element, out found);
            Volatile.Write(ref _resolved, resolved = new Resolved(board, found));
        }
        StoryboardElement? e = resolved.Element;
        if (e is null)
        {
            return false;
        }
        // Transitions count for the step they happen in and the next, so an element evaluated
        // before the one that changed still sees the change exactly once.
        bool Recent(long step) => step >= 0 && world.StepIndex - step <= 1;
        return query switch
        {
            ElementStateQuery.Standby => e!.State == ElementState.Standby,
            ElementStateQuery.Running => e!.State == ElementState.Running,
            ElementStateQuery.Complete => e!.State == ElementState.Complete,
            ElementStateQuery.StartTransition => Recent(e!.StartedAtStep),
            ElementStateQuery.EndTransition => Recent(e!.EndedAtStep),
            ElementStateQuery.StopTransition => Recent(e!.StoppedAtStep),
            _ => Recent(e!.SkippedAtStep),
        };
    }

    public override string Describe(World world) => $"{element} {query}";
}
