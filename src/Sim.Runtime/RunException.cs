namespace Sim.Runtime;

/// <summary>
/// A run that cannot start or go on for a reason other than a located input error: an output
/// directory that cannot be used, a target that did not come, a model that failed, a simulator
/// fault. The message is one line for the user, "WHERE: error: WHAT". <see cref="IsInternal"/>
/// tells a simulator fault (a bug to report; `sim` exits 3) from an error the user can fix (exit 2).
/// </summary>
public sealed class RunException : Exception
{
    /// <summary>The error "<paramref name="where"/>: error: <paramref name="what"/>".</summary>
    public RunException(string where, string what, Exception? inner = null)
        : base($"{where}: error: {what}", inner)
    {
    }

    private RunException(string where, string what, Exception inner, bool isInternal)
        : base($"{where}: error: {what}", inner) => IsInternal = isInternal;

    /// <summary>True when the simulator itself failed (a bug), not the input or the environment.</summary>
    public bool IsInternal { get; }

    /// <summary>A fault of the simulator while running <paramref name="where"/>: a bug to report, never a verdict on the input.</summary>
    public static RunException Internal(string where, string what, Exception inner) => new(where, what, inner, isInternal: true);

    /// <summary>An error whose whole line is <paramref name="line"/> (e.g. "error: WHAT" when there is no where).</summary>
    public RunException(string line)
        : base(line)
    {
    }
}
