namespace HilBridge.Transport;

/// <summary>
/// Reads ZPL (ZeroMQ RFC 4), the format of czmq/pyzmq certificate files: a tree by indentation of
/// four spaces per level, <c>name = value</c> or a bare <c>name</c>, <c>#</c> comments. Only what
/// a certificate needs is kept: each value under its slash-separated path and its line.
/// </summary>
internal static class ZplReader
{
    /// <summary>A value and the 1-based line it was on.</summary>
    public readonly record struct Entry(string Value, int Line);

    /// <exception cref="CurveKeyFileException">The text is not ZPL.</exception>
    public static Dictionary<string, Entry> Read(string path, string text)
    {
        var values = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var stack = new List<string>();
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            int lineNo = n + 1;
            string line = lines[n].TrimEnd('\r');
            string trimmed = line.TrimStart(' ');
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            if (trimmed[0] == '\t')
            {
                throw new CurveKeyFileException(path, lineNo, "indentation must be spaces (4 per level), not tabs");
            }
            int indent = line.Length - trimmed.Length;
            if (indent % 4 != 0)
            {
                throw new CurveKeyFileException(path, lineNo, $"indentation of {indent} spaces is not a multiple of 4");
            }
            int level = indent / 4;
            if (level > stack.Count)
            {
                throw new CurveKeyFileException(path, lineNo, "indented more than one level below the line above");
            }
            stack.RemoveRange(level, stack.Count - level);

            (string name, string? value) = SplitNameValue(path, lineNo, trimmed);
            stack.Add(name);
            string key = string.Join('/', stack);
            if (value is not null && !values.TryAdd(key, new Entry(value, lineNo)))
            {
                throw new CurveKeyFileException(path, lineNo, $"'{key}' is given twice (first on line {values[key].Line})");
            }
        }
        return values;
    }

    private static (string Name, string? Value) SplitNameValue(string path, int lineNo, string text)
    {
        int eq = text.IndexOf('=');
        string name = (eq < 0 ? text : text[..eq]).Trim();
        // RFC 4 names: letters, digits and $-_@.&+/ ; a space or quote means a malformed line.
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "$-_@.&+/".Contains(c)))
        {
            throw new CurveKeyFileException(path, lineNo, $"'{name}' is not a ZPL name");
        }
        if (eq < 0)
        {
            return (name, null);
        }
        string rest = text[(eq + 1)..].Trim(' ');
        if (rest.Length > 0 && (rest[0] == '"' || rest[0] == '\''))
        {
            int close = rest.IndexOf(rest[0], 1);
            if (close < 0)
            {
                throw new CurveKeyFileException(path, lineNo, $"the value of '{name}' has no closing {rest[0]}");
            }
            string after = rest[(close + 1)..].TrimStart(' ');
            if (after.Length > 0 && after[0] != '#')
            {
                throw new CurveKeyFileException(path, lineNo, $"text after the quoted value of '{name}'");
            }
            return (name, rest[1..close]);
        }
        int comment = rest.IndexOf('#');
        return (name, (comment < 0 ? rest : rest[..comment]).TrimEnd(' '));
    }
}
