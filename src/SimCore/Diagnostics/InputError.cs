using System.Text.RegularExpressions;

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
public sealed partial record InputError(SourceLocation Location, string Message, Severity Severity = Severity.Error)
{
    /// <summary>
    /// What is wrong. Text quoted from the input ('...') is cut to <see cref="Excerpt"/> and the whole
    /// to <see cref="MaxMessage"/> characters here, where every error is made: a reader that quotes a
    /// 100 KB value it did not expect must not echo it back whole.
    /// </summary>
    public string Message { get; init; } = Bounded(Message);

    /// <summary>The longest message an error carries.</summary>
    public const int MaxMessage = 1000;

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

    private static string Bounded(string message)
    {
        if (message.Length <= 2 * MaxQuoted)
        {
            return message;
        }
        string s = LongQuote().Replace(message, m => "'" + Excerpt(m.Groups[1].Value) + "'");
        return s.Length <= MaxMessage ? s : s[..(MaxMessage - 3)] + "...";
    }

    /// <summary>A quotation longer than <see cref="MaxQuoted"/> (81 and more).</summary>
    [GeneratedRegex("'([^'\\n]{81,})'")]
    private static partial Regex LongQuote();
}
