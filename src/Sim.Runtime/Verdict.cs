namespace Sim.Runtime;

/// <summary>How a piece of work ended, as `sim` turns it into an exit code (0, 1, 2).</summary>
public enum Verdict
{
    /// <summary>Done, and every criterion passed.</summary>
    Pass,

    /// <summary>Done, and a criterion failed.</summary>
    Fail,

    /// <summary>Not done: bad input, a lost target, a run that errored.</summary>
    Error,
}
