using System.Text;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Simulation;

/// <summary>Same scenario, seed and step: bit-identical states, whatever the thread count.</summary>
public class DeterminismTests
{
    private const string CutIn = "name: det\nduration: 10\nstep: 0.01\nseed: 1\n";

    private static string SmallScenario() => CutIn + StraightRoad(2000, 3) +
        "entities:\n" +
        "  - {name: ego, type: car, position: {road: r, lane: -2, s: 50}, speed: 27.8, driver: reference}\n" +
        "  - {name: cutter, type: car, position: {road: r, lane: -1, s: 120}, speed: 22}\n" +
        "events:\n  - name: cut_in\n    start:\n      relative_distance: {entity: cutter, reference: ego, kind: longitudinal, freespace: true, value: 25, rule: less_than}\n" +
        "    actions:\n      - lane_change: {entity: cutter, lane: -2, shape: sinusoidal, time: 3}\n";

    /// <summary>120 IDM cars on three lanes with mixed speeds, two of them changing lanes.</summary>
    private static string Crowd()
    {
        var sb = new StringBuilder("name: crowd\nduration: 15\nstep: 0.02\nseed: 7\n").Append(StraightRoad(4000, 3)).Append("entities:\n");
        for (int i = 0; i < 120; i++)
        {
            int lane = -(1 + i % 3);
            double s = 20 + 25 * (i / 3) + 3 * (i % 3);
            double v = 15 + i % 7;
            double v0 = 20 + i % 11;
            sb.Append($"  - {{name: c{i}, type: car, position: {{road: r, lane: {lane}, s: {Fmt(s)}}}, speed: {Fmt(v)}, behavior: {{type: idm, desired_speed: {Fmt(v0)}}}}}\n");
        }
        sb.Append("events:\n  - name: merge\n    start: {simulation_time: 2}\n    actions:\n")
          .Append("      - lane_change: {entity: c30, lane: -2, shape: cubic, time: 4}\n")
          .Append("      - lane_change: {entity: c61, lane: -3, shape: sinusoidal, time: 3}\n");
        return sb.ToString();
    }

    private static void AssertSameRun(Trace a, Trace b)
    {
        Assert.Equal(a.Result.StateHash, b.Result.StateHash);
        Assert.Equal(a.Frames.Count, b.Frames.Count);
        for (int i = 0; i < a.Frames.Count; i++)
        {
            Assert.Equal(a.Times[i], b.Times[i]);
            Assert.Equal(a.Frames[i], b.Frames[i]);
        }
        Assert.Equal(a.Result.Events, b.Result.Events, (x, y) => x.Time == y.Time && x.Type == y.Type && x.Name == y.Name && x.Entities.SequenceEqual(y.Entities) && x.Detail == y.Detail);
    }

    [Fact]
    public void SameScenarioTwiceGivesTheSameHashAndSnapshots()
    {
        Trace first = SimHarness.Run(Parse(SmallScenario()));
        Trace second = SimHarness.Run(Parse(SmallScenario()));
        Assert.Single(first.EventsOf("event_start", "cut_in"));
        AssertSameRun(first, second);
    }

    [Fact]
    public void ReRunningOneLoadedScenarioGivesTheSameResult()
    {
        // The scenario holds the storyboard's state; a new simulator resets it.
        Scenario s = Parse(SmallScenario());
        AssertSameRun(SimHarness.Run(s), SimHarness.Run(s));
    }

    [Fact]
    public void TwoThreadsGiveTheSameHashAsOne()
    {
        Trace one = SimHarness.Run(Parse(Crowd()), new SimulationOptions { Threads = 1 });
        Trace two = SimHarness.Run(Parse(Crowd()), new SimulationOptions { Threads = 2 });
        Assert.Equal(120, one.Frames[0].Length);
        Assert.Equal(2, two.Result.Threads);
        // The crowd actually interacts: some car brakes below its start speed.
        Assert.Contains(Enumerable.Range(0, 120), i => one.Frames[^1][i].Speed < 15 + i % 7 - 0.5);
        AssertSameRun(one, two);
    }

    [Fact]
    public void TheHashIncludesTheSeed()
    {
        Trace scenarioSeed = SimHarness.Run(Parse(SmallScenario()));
        Trace otherSeed = SimHarness.Run(Parse(SmallScenario()), new SimulationOptions { Seed = 2 });
        Assert.Equal(1UL, scenarioSeed.Result.Seed);
        Assert.Equal(2UL, otherSeed.Result.Seed);
        Assert.NotEqual(scenarioSeed.Result.StateHash, otherSeed.Result.StateHash);
        // Nothing random yet: the trajectories themselves are identical.
        Assert.Equal(scenarioSeed.Frames[^1], otherSeed.Frames[^1]);
    }

    [Fact]
    public void TheHashDependsOnTheStates()
    {
        Trace a = SimHarness.Run(Parse(SmallScenario()));
        Trace b = SimHarness.Run(Parse(SmallScenario().Replace("speed: 22}", "speed: 22.000001}")));
        Assert.NotEqual(a.Result.StateHash, b.Result.StateHash);
        Assert.Matches("^[0-9a-f]{16}$", a.Result.StateHash);
    }
}
