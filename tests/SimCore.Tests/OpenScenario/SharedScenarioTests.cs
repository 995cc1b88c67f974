using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.OpenDrive;
using Xunit.Abstractions;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// The five shared esmini scenarios load with no errors, their warnings are the expected ones,
/// and each plays to its stop trigger (skipped when the shared folder is absent, unless
/// SIM_REQUIRE_ALL=1). Trajectory conformance with esmini's CSVs is tested elsewhere.
/// </summary>
public class SharedScenarioTests(ITestOutputHelper output)
{
    private Scenario Load(string name, EgoDriverMode mode, out List<InputError> warnings)
    {
        warnings = new List<InputError>();
        Scenario s = OpenScenarioReader.Load(Path.Combine(SharedData.Esmini, "xosc", name + ".xosc"), null,
            new OpenScenarioOptions { EgoDriver = mode }, warnings);
        foreach (InputError w in warnings)
        {
            output.WriteLine("warning: " + w);
        }
        return s;
    }

    [SharedTheory]
    // End times as in esmini's own runs (../shared/conformance/esmini/reference).
    [InlineData("cut-in", "stop_trigger", 21.74)]
    [InlineData("cut-in_simple", "stop_trigger", 16.04)]
    [InlineData("lane_change_simple", "stop_trigger", 183.27)]
    [InlineData("speed-profile", "stop_trigger", 14.01)]
    [InlineData("straight_500m", "stop_trigger", 30.01)]
    public void LoadsAndRunsToItsStopTrigger(string name, string endReason, double? endTime)
    {
        Scenario s = Load(name, EgoDriverMode.Scenario, out List<InputError> warnings);
        Assert.All(warnings, w => Assert.True(w.Location.Line > 0, "every warning names a line: " + w));
        RunResult r = new Simulator(s, new SimulationOptions { Step = 0.01 }).Run();
        output.WriteLine($"{name}: end {r.EndReason} at {r.SimTime:0.00} s ({r.EndDetail})");
        foreach (SimEvent e in r.Events.Where(e => e.Type is not ("collision")).Take(60))
        {
            output.WriteLine($"  {e.Time,7:0.00} {e.Type} {e.Name} {string.Join(",", e.Entities)} {e.Detail}");
        }
        Assert.Equal(endReason, r.EndReason.Name());
        if (name == "lane_change_simple")
        {
            Assert.Equal(2, r.Events.Count(e => e.Type == "event_start" && e.Name == "Lane change event"));
            Assert.Equal(3, r.Events.Count(e => e.Type == "event_start" && e.Name == "End Of Road teleport event"));
        }
        if (name == "cut-in")
        {
            Assert.Equal(7.74, Xosc.Started(r, "OvertakerBrakeEvent")!.Value, 6);
        }
        if (endTime is { } t)
        {
            Assert.Equal(t, r.SimTime, 6);
        }
    }

    [SharedFact]
    public void CutInWithTheReferenceDriverLoads()
    {
        Scenario s = Load("cut-in", EgoDriverMode.Reference, out _);
        RunResult r = new Simulator(s).Run();
        output.WriteLine($"end {r.EndReason} at {r.SimTime:0.00} s");
        Assert.NotEqual(EndReason.Running, r.EndReason);
    }
}
