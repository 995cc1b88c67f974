using System.Diagnostics;
using System.Text;
using SimCore.Diagnostics;
using SimCore.Scenarios;

namespace Sim.Runtime.Tests.Hostile;

/// <summary>
/// Megabytes of elements no reader knows, nested up to the depth bound or side by side, in an
/// OpenSCENARIO or OpenDRIVE file (issue 16: 100k-deep unknown elements took 15-17 s). The readers
/// never walk into an element they do not know, so the cost is the parse, linear in the input; the
/// bounds here are generous (the figures are in docs/PERFORMANCE.md), there to catch a return to
/// a cost per element that grows with depth or count.
/// </summary>
public sealed class LargeXmlTests
{
    private const int Size = 5 << 20;

    [Theory]
    [InlineData("xosc", "deep")]
    [InlineData("xosc", "wide")]
    [InlineData("xodr", "deep")]
    [InlineData("xodr", "wide")]
    public void Megabytes_of_unknown_elements_load_in_bounded_time_and_memory(string format, string shape)
    {
        using var dir = new TempDir();
        // 190 deep is within the bound of 200 with the document's own levels.
        string unit = shape == "deep" ? string.Concat(Enumerable.Repeat("<u>", 190)) + string.Concat(Enumerable.Repeat("</u>", 190)) : "<u/>";
        string scenario = Write(dir, format, Repeat(unit, Size));
        // This thread's own allocation: validation runs on it, and other test classes running in
        // parallel would otherwise count too.
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        IReadOnlyList<InputError> errors = ScenarioFiles.Validate(scenario);
        watch.Stop();
        Assert.True(errors.Count == 0, string.Join('\n', errors.Take(3)));
        long mib = (GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20;
        // Measured (2-core VM, load 3-5): 1.3-1.9 s for sim validate as a whole, ~40 bytes of tree per byte of input.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"{watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(mib < 2048, $"{mib} MiB allocated");
    }

    [Theory]
    [InlineData("xosc")]
    [InlineData("xodr")]
    public void More_nodes_than_the_bound_are_an_error_at_their_line_before_any_tree_is_built(string format)
    {
        using var dir = new TempDir();
        // 4.2 million empty elements, 5 lines of them: 17 MB of text that would need some 600 MB as a tree.
        string line = Repeat("<u/>", (int)(InputFiles.MaxXmlNodes / 5 + 40_000) * 4) + "\n";
        string scenario = Write(dir, format, string.Concat(Enumerable.Repeat(line, 5)));
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        IReadOnlyList<InputError> errors = ScenarioFiles.Validate(scenario);
        // (A scenario on the road also says that its entities' road is unknown.)
        InputError e = Assert.Single(errors, e => e.Message.Contains($"more than {InputFiles.MaxXmlNodes} elements, attributes and text nodes", StringComparison.Ordinal));
        Assert.EndsWith("." + format, e.Location.File, StringComparison.Ordinal);
        Assert.True(e.Location.Line > 1, e.ToString());
        // The text and its scan, not a tree.
        long mib = (GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20;
        Assert.True(mib < 400, $"{mib} MiB allocated");
    }

    private static string Repeat(string unit, int size)
    {
        var b = new StringBuilder(size + unit.Length);
        while (b.Length < size)
        {
            b.Append(unit);
        }
        return b.ToString();
    }

    /// <summary>The file to validate: the OpenSCENARIO cut-in, or a scenario on the T-junction, with <paramref name="blob"/> after the header.</summary>
    private static string Write(TempDir dir, string format, string blob)
    {
        string scenarios = Repo.Scenarios;
        if (format == "xosc")
        {
            string xosc = File.ReadAllText(Path.Combine(scenarios, "xosc", "cut_in_parameters.xosc"))
                .Replace("path=\"Catalogs/", $"path=\"{scenarios}/xosc/Catalogs/", StringComparison.Ordinal)
                .Replace("filepath=\"../roads/", $"filepath=\"{scenarios}/roads/", StringComparison.Ordinal);
            int at = xosc.IndexOf('>', xosc.IndexOf("<FileHeader", StringComparison.Ordinal)) + 1;
            return dir.Write("big.xosc", xosc[..at] + blob + xosc[at..]);
        }
        string xodr = File.ReadAllText(Path.Combine(scenarios, "roads", "t_junction.xodr"));
        int end = xodr.IndexOf("</header>", StringComparison.Ordinal) is int h and >= 0 ? h + "</header>".Length : xodr.IndexOf('>', xodr.IndexOf("<header", StringComparison.Ordinal)) + 1;
        string road = dir.Write("big.xodr", xodr[..end] + blob + xodr[end..]);
        string yaml = File.ReadAllText(Path.Combine(scenarios, "t_junction_straight.yaml"));
        Assert.Contains("road: {file: roads/t_junction.xodr}", yaml);
        return dir.Write("s.yaml", yaml.Replace("road: {file: roads/t_junction.xodr}", $"road: {{file: \"{road}\"}}", StringComparison.Ordinal));
    }
}
