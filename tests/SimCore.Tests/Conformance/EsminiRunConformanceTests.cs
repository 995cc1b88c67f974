using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.OpenDrive;
using Xunit.Abstractions;

namespace SimCore.Tests.Conformance;

/// <summary>
/// The shared esmini scenarios played with the ego following the storyboard (esmini's way) must
/// reproduce esmini's own trajectories (../shared/conformance/esmini/reference): every entity
/// within 0.10 m and 0.01 rad, speeds within 0.05 m/s, at every step of 0.01 s.
/// </summary>
public sealed class EsminiRunConformanceTests(ITestOutputHelper output)
{
    private static (Scenario Scenario, EsminiTrajectory Ours, EsminiTrajectory Theirs, RunResult Result) Play(string name)
    {
        string esmini = SharedData.Esmini;
        var warnings = new List<InputError>();
        Scenario scenario = OpenScenarioReader.Load(Path.Combine(esmini, "xosc", name + ".xosc"), null,
            new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario }, warnings);
        var sim = new Simulator(scenario, new SimulationOptions { Step = 0.01 });
        EsminiTrajectory ours = EsminiTrajectory.Record(sim);
        return (scenario, ours, EsminiTrajectory.Read(Path.Combine(esmini, "reference", name + ".csv")), sim.Result());
    }

    [SharedTheory]
    [InlineData("cut-in")]
    [InlineData("cut-in_simple")]
    [InlineData("lane_change_simple")]
    [InlineData("speed-profile")]
    [InlineData("straight_500m")]
    [InlineData("bicycle_fall_over")]
    [InlineData("follow_trajectory_by_front_axle")]
    [InlineData("lane-change_clothoid_based_trajectory")]
    [InlineData("lane-change_clothoid_spline_based_trajectory")]
    [InlineData("lane-change_trajectory_wp")]
    [InlineData("pedestrian")]
    [InlineData("synch_with_steady_state")]
    [InlineData("drop-bike")]
    [InlineData("highway_merge")]
    [InlineData("keep_lateral_distance")]
    [InlineData("left-hand-traffic_by_heading")]
    [InlineData("left-hand-traffic_using_road_rule")]
    [InlineData("tunnels")]
    [InlineData("light_state")]
    [InlineData("traffic_lights")]
    public void TrajectoriesMatchEsmini(string name)
    {
        (_, EsminiTrajectory ours, EsminiTrajectory theirs, RunResult result) = Play(name);
        output.WriteLine($"{name}: ended by {result.EndReason} at {result.SimTime} s");
        var failures = new List<string>();
        foreach (string entity in theirs.Entities)
        {
            Assert.Contains(entity, ours.Entities);
            var d = TrajectoryDifference.Compare(entity, theirs.Rows(entity), ours.Rows(entity));
            output.WriteLine(d.ToString());
            if (d.MaxPosition > 0.10 || d.MaxHeading > 0.01 || d.MaxSpeed > 0.05)
            {
                failures.Add(d.ToString());
            }
            // Same length of run: the last reference row has a counterpart.
            if (Math.Abs(theirs.Rows(entity)[^1].Time - ours.Rows(entity)[^1].Time) > 1e-6)
            {
                failures.Add($"{entity}: esmini's run ends at {theirs.Rows(entity)[^1].Time}, ours at {ours.Rows(entity)[^1].Time}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedFact]
    public void CutInEventTimesMatchEsmini()
    {
        (_, _, _, RunResult result) = Play("cut-in");
        SimEvent brake = Assert.Single(result.Events, e => e.Type == "event_start" && e.Name == "OvertakerBrakeEvent");
        Assert.Equal(7.74, brake.Time, 6);
        Assert.Equal(EndReason.StopTrigger, result.EndReason);
        Assert.Equal(21.74, result.SimTime, 6);
    }
}
