namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A fenced code block of a docs page, found by the HTML comment <c>&lt;!-- NAME: ... --&gt;</c> on the
/// line before it, so that a test runs what the page shows and the page cannot drift from it.
/// </summary>
internal static class DocBlock
{
    /// <summary>The text of block <paramref name="name"/> in docs/<paramref name="page"/>, with a final newline.</summary>
    public static string Read(string page, string name)
    {
        string path = Path.Combine(Repo.Root, "docs", page);
        string[] lines = File.ReadAllLines(path);
        int marker = Array.FindIndex(lines, l => l.StartsWith($"<!-- {name}:", StringComparison.Ordinal));
        Assert.True(marker >= 0 && marker + 1 < lines.Length && lines[marker + 1].StartsWith("```", StringComparison.Ordinal),
            $"{path}: no '<!-- {name}: ... -->' line followed by a fenced block");
        int end = Array.FindIndex(lines, marker + 2, l => l.StartsWith("```", StringComparison.Ordinal));
        Assert.True(end > marker + 1, $"{path}: the block after '<!-- {name}:' is not closed");
        return string.Join('\n', lines[(marker + 2)..end]) + "\n";
    }
}
