namespace SimCore.Simulation;

/// <summary>Why a run ended (result.json's <c>end_reason</c>, by <see cref="EndReasons.Name"/>).</summary>
public enum EndReason
{
    /// <summary>Not ended yet.</summary>
    Running,

    /// <summary>
    /// The storyboard's stop trigger fired. Triggers see the state at the start of a step, so the
    /// run ends before that step: the last state is the one already observed.
    /// </summary>
    StopTrigger,

    /// <summary>The scenario's duration was reached, after the last step.</summary>
    Duration,

    /// <summary>The ego collided and the scenario ends on collision, after the step that brought it.</summary>
    Collision,
}

/// <summary>The names end reasons have in result.json, recordings and the HIL protocol.</summary>
public static class EndReasons
{
    /// <summary>"running", "stop_trigger", "duration" or "collision".</summary>
    public static string Name(this EndReason reason) => reason switch
    {
        EndReason.Running => "running",
        EndReason.StopTrigger => "stop_trigger",
        EndReason.Duration => "duration",
        EndReason.Collision => "collision",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
