namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A fenced code block of a docs page, found by the HTML comment <c>&lt;!-- NAME: ... --&gt;</c> on the
/// line before it, so that a test (or benchmark) runs what the page shows and the page cannot drift from it.
/// </summary>
internal static class DocBlock
{
    /// <summary>The text of block <paramref name="name"/> in the page at <paramref name="path"/>, with a final newline.</summary>
    /// <exception cref="InvalidDataException">No such block.</exception>
    public static string Read(string path, string name)
    {
        string[] lines = File.ReadAllLines(path);
        int marker = Array.FindIndex(lines, l => l.StartsWith($"<!-- {name}:", StringComparison.Ordinal));
        if (marker < 0 || marker + 1 >= lines.Length || !lines[marker + 1].StartsWith("```", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: no '<!-- {name}: ... -->' line followed by a fenced block");
        }
        int end = Array.FindIndex(lines, marker + 2, l => l.StartsWith("```", StringComparison.Ordinal));
        if (end < 0)
        {
            throw new InvalidDataException($"{path}:{marker + 2}: the block '{name}' is not closed");
        }
        return string.Join('\n', lines[(marker + 2)..end]) + "\n";
    }
}
