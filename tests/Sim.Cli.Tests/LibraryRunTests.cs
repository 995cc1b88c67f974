using System.Text.Json;
using Sim.Runtime;
using SimCore.Scenarios;

namespace Sim.Cli.Tests;

/// <summary>
/// Every library scenario runs to the outcome its criteria document (exit 0): a change in the
/// reference driver, the dynamics or the storyboard that breaks one shows up here. The runs go
/// through <see cref="RunSession"/> as `sim run` does, without the console, so they run in parallel.
/// </summary>
public sealed class LibraryRunTests
{
    public static TheoryData<string> LibraryScenarios() => ValidateCommandTests.LibraryScenarios();

    [Theory]
    [MemberData(nameof(LibraryScenarios))]
    public void Library_scenario_runs_and_meets_its_criteria(string relative)
    {
        using var dir = new TempDir();
        string outDir = dir.File("out");
        // Benchmark scenarios are long by design; two simulated seconds show they run.
        var overrides = relative.StartsWith("bench/", StringComparison.Ordinal)
            ? new Dictionary<string, string> { ["duration"] = "2" }
            : new Dictionary<string, string>();
        var warnings = new StringWriter();
        using (RunSession session = RunSession.Open(new RunRequest(Path.Combine(Repo.Scenarios, relative), outDir)
        {
            Load = new LoadOptions { Parameters = overrides },
            Warnings = warnings,
        }))
        {
            RunOutcome outcome = session.Run();
            Assert.True(outcome.Error is null && outcome.Verdict == Verdict.Pass, $"{relative}: {outcome.Verdict} {outcome.Error}\n{warnings}");
        }
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        Assert.Equal("pass", doc.RootElement.GetProperty("status").GetString());
        Assert.All(doc.RootElement.GetProperty("criteria").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }
}
