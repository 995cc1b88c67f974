using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>
/// Every library scenario runs to the outcome its criteria document (exit 0): a change in the
/// reference driver, the dynamics or the storyboard that breaks one shows up here.
/// </summary>
[Collection(ConsoleCollection.Name)]
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
        CliResult r = SimCli.Capture(() => Commands.RunCommand.Execute(Path.Combine(Repo.Scenarios, relative), outDir,
            new SimCore.Simulation.SimulationOptions(), overrides, quiet: true));
        Assert.True(r.ExitCode == 0, $"{relative}: {r}");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        Assert.Equal("pass", doc.RootElement.GetProperty("status").GetString());
        Assert.All(doc.RootElement.GetProperty("criteria").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
    }
}
