namespace SimCore.Diagnostics;

/// <summary>
/// Thrown when an input (scenario, road, parameter) is invalid. Carries every error found, each
/// with its file and line, so a user fixes them all in one pass. The CLI maps it to exit code 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception from one or more errors.</summary>
    public InputException(IReadOnlyList<InputError> errors)
        : base(errors.Count == 0 ? "invalid input" : string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception from a single error.</summary>
    public InputException(SourceLocation location, string message)
        : this(new[] { new InputError(location, message) })
    {
    }

    /// <summary>All errors found.</summary>
    public IReadOnlyList<InputError> Errors { get; }
}
