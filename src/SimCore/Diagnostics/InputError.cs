namespace SimCore.Diagnostics;

/// <summary>How serious a problem with an input is.</summary>
public enum Severity
{
    /// <summary>The input cannot be used.</summary>
    Error,
    /// <summary>Something was ignored or approximated (an unsupported element); the run can go on.</summary>
    Warning,
    /// <summary>Information about what was done with the input (e.g. which run of a distribution plays); nothing is wrong.</summary>
    Note,
}

/// <summary>One problem with an input file, pointing at where it is.</summary>
public sealed record InputError(SourceLocation Location, string Message, Severity Severity = Severity.Error)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Severity switch { Severity.Warning => "warning", Severity.Note => "note", _ => "error" }}: {Message}";

    /// <summary>A warning at a location.</summary>
    public static InputError Warning(SourceLocation location, string message) => new(location, message, Severity.Warning);

    /// <summary>A note at a location.</summary>
    public static InputError Note(SourceLocation location, string message) => new(location, message, Severity.Note);

    /// <summary>The most characters of the user's own text an error quotes back.</summary>
    public const int MaxQuoted = 80;

    /// <summary>
    /// <paramref name="text"/> as an error quotes it: whole when short, else its start and "...", so a
    /// 200 KB value is not echoed back whole.
    /// </summary>
    public static string Excerpt(string text) => text.Length <= MaxQuoted ? text : text[..(MaxQuoted - 3)] + "...";
}
