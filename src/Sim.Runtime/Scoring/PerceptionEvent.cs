namespace Sim.Runtime.Scoring;

/// <summary>Something the perception got wrong for a while: an object missed, or a ghost reported.</summary>
/// <param name="TimeNanoseconds">Simulation time of the first tick of the episode (ns).</param>
/// <param name="Type"><see cref="Missed"/> or <see cref="FalsePositive"/>.</param>
/// <param name="Class">Class of the missed object, or the class the target gave its ghost.</param>
/// <param name="ObjectId">Entity id of the missed object, or the target's id of the ghost.</param>
/// <param name="Text">One line for people, e.g. "pedestrian 4 missed at t=3.200 s".</param>
internal sealed record PerceptionEvent(long TimeNanoseconds, string Type, string Class, long ObjectId, string Text)
{
    /// <summary>A ground-truth object left unmatched.</summary>
    public const string Missed = "missed";

    /// <summary>A perceived object matched to nothing.</summary>
    public const string FalsePositive = "false_positive";

    /// <summary>Simulation time in seconds.</summary>
    public double TimeSeconds => TimeNanoseconds / 1e9;
}
