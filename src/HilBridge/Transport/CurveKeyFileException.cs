namespace HilBridge.Transport;

/// <summary>A CURVE key file that cannot be used; the message reads <c>path:line: error: what</c>.</summary>
public sealed class CurveKeyFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> at <paramref name="line"/> (0 when no line is to blame).</summary>
    public CurveKeyFileException(string path, int line, string what)
        : base(line > 0 ? $"{path}:{line}: error: {what}" : $"{path}: error: {what}")
    {
        FilePath = path;
        Line = line;
    }

    /// <summary>The file, as it was given.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line at fault, or 0 when the fault is the file as a whole (a missing key).</summary>
    public int Line { get; }
}
