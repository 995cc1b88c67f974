using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Simulation;

/// <summary>Simulator.EgoIndex (the one way to find the ego) and how runs end (EndReason, EndedWithNewState).</summary>
public class EgoAndEndTests
{
    private static Scenario Scenario(string entities, string extra = "")
        => Parse("name: t\nduration: 1\n" + StraightRoad(500) + "entities:\n" + entities + extra);

    private const string Car = "  - {name: a, type: car, position: {road: r, lane: -1, s: 10}, speed: 5}\n";

    [Fact]
    public void The_ego_is_the_entity_with_a_driver_wherever_it_is_declared()
    {
        Scenario s = Scenario(Car + Car.Replace("name: a", "name: b").Replace("s: 10", "s: 40")
            + "  - {name: me, type: car, position: {road: r, lane: -2, s: 10}, speed: 5, driver: reference}\n");
        Assert.Equal(2, new Simulator(s).EgoIndex);
        Assert.Equal(-1, new Simulator(Scenario(Car)).EgoIndex);
    }

    [Fact]
    public void The_duration_ends_after_the_last_step_and_leaves_a_new_state()
    {
        var sim = new Simulator(Scenario(Car), new SimulationOptions { Step = 0.25 });
        Assert.Equal(EndReason.Running, sim.EndReason);
        Assert.False(sim.EndedWithNewState);
        int steps = 0;
        while (sim.Advance())
        {
            steps++;
        }
        // 1 s in 0.25 s steps: the fourth step ends the run, and its state is new.
        Assert.Equal(3, steps);
        Assert.Equal(4, sim.Steps);
        Assert.Equal(EndReason.Duration, sim.EndReason);
        Assert.True(sim.EndedWithNewState);
        Assert.Equal("duration", sim.Result().EndReason.Name());
    }

    [Fact]
    public void A_stop_trigger_ends_before_the_step_and_leaves_no_new_state()
    {
        // "time > 0.4" first holds at the start of the step from 0.5 s: the run ends at 0.5 s, without that step.
        Scenario s = Scenario(Car, "stop:\n  simulation_time: {value: 0.4, rule: greater_than}\n");
        var sim = new Simulator(s, new SimulationOptions { Step = 0.25 });
        while (sim.Advance())
        {
        }
        Assert.Equal(EndReason.StopTrigger, sim.EndReason);
        Assert.Equal(0.5, sim.Time.Seconds);
        Assert.False(sim.EndedWithNewState);
        Assert.Equal("stop_trigger", sim.Result().EndReason.Name());
    }
}
