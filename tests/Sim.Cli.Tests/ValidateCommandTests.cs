using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim validate` over the scenario library and on bad files.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ValidateCommandTests
{
    /// <summary>Every scenario in scenarios/ (recursively; road files and files without 'entities:' are not scenarios).</summary>
    public static TheoryData<string> LibraryScenarios()
    {
        var data = new TheoryData<string>();
        foreach (string f in LibraryFiles())
        {
            data.Add(f);
        }
        return data;
    }

    private static List<string> LibraryFiles()
    {
        var data = new List<string>();
        string roads = Path.Combine(Repo.Scenarios, "roads") + Path.DirectorySeparatorChar;
        foreach (string f in Directory.EnumerateFiles(Repo.Scenarios, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (f.StartsWith(roads, StringComparison.Ordinal) || !Regex.IsMatch(File.ReadAllText(f), @"^entities:", RegexOptions.Multiline))
            {
                continue;
            }
            data.Add(Path.GetRelativePath(Repo.Scenarios, f).Replace('\\', '/'));
        }
        // OpenSCENARIO scenarios (catalogs are not scenarios).
        foreach (string f in Directory.EnumerateFiles(Repo.Scenarios, "*.xosc", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!f.Contains($"{Path.DirectorySeparatorChar}Catalogs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(Repo.Scenarios, f).Replace('\\', '/'));
            }
        }
        return data;
    }

    [Fact]
    public void The_library_has_scenarios()
        => Assert.Contains("highway_cut_in.yaml", LibraryFiles());

    [Theory]
    [MemberData(nameof(LibraryScenarios))]
    public void Library_scenario_is_valid(string relative)
    {
        string path = Path.Combine(Repo.Scenarios, relative);
        // Our own OpenSCENARIO files use nothing unsupported: --strict keeps it that way.
        CliResult r = path.EndsWith(".xosc", StringComparison.Ordinal) ? SimCli.InProcess("validate", "--strict", path) : SimCli.InProcess("validate", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"ok: {path}", r.StdOut.Trim());
        Assert.Equal(string.Empty, r.StdErr);
    }

    [Fact]
    public void All_library_scenarios_at_once()
    {
        string[] files = LibraryFiles().Select(f => Path.Combine(Repo.Scenarios, f)).ToArray();
        CliResult r = SimCli.InProcess(new[] { "validate" }.Concat(files).ToArray());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(files.Length, r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("ok: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bad_file_exits_2_with_its_location_and_good_files_still_reported()
    {
        using var dir = new TempDir();
        string text = ScenarioText.CutIn().Replace("    speed: $ego_speed", "    sped: $ego_speed", StringComparison.Ordinal);
        string bad = dir.Write("bad.yaml", text);
        CliResult r = SimCli.InProcess("validate", Repo.CutIn, bad);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"ok: {Repo.CutIn}", r.StdOut);
        Assert.Matches("^" + Regex.Escape(bad) + $":{ScenarioText.LineOf(text, "    sped:")}:5: error: unknown key 'sped'", r.StdErr);
        Assert.DoesNotContain("ok: " + bad, r.StdOut);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_one_pass()
    {
        using var dir = new TempDir();
        string text = ScenarioText.CutIn()
            .Replace("    speed: $ego_speed", "    sped: $ego_speed", StringComparison.Ordinal)
            .Replace("  - min_ttc >= 1.5", "  - min_tcc >= 1.5", StringComparison.Ordinal);
        string bad = dir.Write("two_errors.yaml", text);
        CliResult r = SimCli.InProcess("validate", bad);
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith(bad + $":{ScenarioText.LineOf(text, "    sped:")}:5: error: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, "^" + Regex.Escape(bad) + @":\d+:\d+: error: unknown KPI 'min_tcc'.*min_ttc"));
    }

    [Fact]
    public void Placement_errors_are_found_without_running()
    {
        // Valid syntax, but lane -5 does not exist on the 3-lane motorway (4th right lane is the shoulder, 5th is nothing).
        using var dir = new TempDir();
        string bad = dir.Write("no_lane.yaml", ScenarioText.CutIn().Replace("lane: -1, s: 120", "lane: -7, s: 120", StringComparison.Ordinal));
        CliResult r = SimCli.InProcess("validate", bad);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches("^" + Regex.Escape(bad) + @":\d+:\d+: error: .*cutter", r.StdErr);
    }

    [Fact]
    public void Missing_file_exits_2()
    {
        using var dir = new TempDir();
        string missing = dir.File("nope.yaml");
        CliResult r = SimCli.InProcess("validate", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(missing + ": error: ", r.StdErr);
    }
}
