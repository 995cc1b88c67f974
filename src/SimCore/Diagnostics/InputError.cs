namespace SimCore.Diagnostics;

/// <summary>How serious a problem with an input is.</summary>
public enum Severity
{
    /// <summary>The input cannot be used.</summary>
    Error,
    /// <summary>Something was ignored or approximated (an unsupported element); the run can go on.</summary>
    Warning,
}

/// <summary>One problem with an input file, pointing at where it is.</summary>
public sealed record InputError(SourceLocation Location, string Message, Severity Severity = Severity.Error)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {(Severity == Severity.Warning ? "warning" : "error")}: {Message}";

    /// <summary>A warning at a location.</summary>
    public static InputError Warning(SourceLocation location, string message) => new(location, message, Severity.Warning);
}
