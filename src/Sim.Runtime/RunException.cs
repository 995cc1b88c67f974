namespace Sim.Runtime;

/// <summary>
/// A run that cannot start or go on for a reason other than a located input error: an output
/// directory that cannot be used, a target that did not come, a model that failed, a simulator
/// fault. The message is one line for the user, "WHERE: error: WHAT".
/// </summary>
public sealed class RunException : Exception
{
    /// <summary>The error "<paramref name="where"/>: error: <paramref name="what"/>".</summary>
    public RunException(string where, string what, Exception? inner = null)
        : base($"{where}: error: {what}", inner)
    {
    }

    /// <summary>An error whose whole line is <paramref name="line"/> (e.g. "error: WHAT" when there is no where).</summary>
    public RunException(string line)
        : base(line)
    {
    }
}
