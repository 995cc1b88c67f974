using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.OpenDrive;

namespace SimCore.Tests.Simulation;

/// <summary>
/// Golden state hashes of library scenarios: any change to what a scenario does (dynamics, driver,
/// storyboard, traffic, readers, the hash itself) shows here first, named by scenario.
/// </summary>
/// <remarks>
/// The values are what `sim run SCENARIO` writes as result.json's state_hash (defaults: the
/// scenario's seed and step, the reference driver), recorded from the CLI, not from this test.
/// Updating them is right only when behaviour changes on purpose: say in the commit which change
/// moves which scenario and why, rerun `sim run scenarios/X --out DIR` for each listed here and
/// copy result.json's state_hash, end reason and time; and run tools/golden/outputs.sh before and
/// after, so that every other output that moved is explained too. A value that changes without
/// such a change is a determinism or behaviour bug, not a stale constant.
/// </remarks>
public class LibraryStateHashTests
{
    [Theory]
    [InlineData("highway_cut_in.yaml", "9984718bc269160b", EndReason.Duration, 25.0)]
    [InlineData("euroncap/ccrs_50.yaml", "fa91ba65fe3d0e50", EndReason.StopTrigger, 24.16)]
    [InlineData("euroncap/cpna_night.yaml", "405888c5980002d2", EndReason.Duration, 30.0)]
    [InlineData("t_junction_straight.yaml", "a1833e0cae0b8276", EndReason.Duration, 16.0)]
    [InlineData("xosc/cut_in_parameters.xosc", "21b80afd350da39c", EndReason.StopTrigger, 23.17)]
    [InlineData("xosc/lane_drop_merge.xosc", "2ff164569aaab609", EndReason.StopTrigger, 27.79)]
    public void LibraryScenarioEndsInItsGoldenState(string scenario, string stateHash, EndReason end, double simTime)
    {
        Scenario s = ScenarioFiles.Load(Path.Combine(SharedData.RepoRoot, "scenarios", scenario));
        RunResult r = new Simulator(s, new SimulationOptions { Threads = 2 }).Run();
        Assert.Equal((end, simTime), (r.EndReason, Math.Round(r.SimTime, 6)));
        Assert.Equal(stateHash, r.StateHash);
    }
}
