using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Simulation;

/// <summary>An entity handed to an outside controller (a HIL target) moves as its demands say, and only then.</summary>
public class ExternalDriverTests
{
    private static Scenario Scenario() => Parse(
        "name: t\nduration: 10\nstep: 0.01\n" + StraightRoad(2000, 2, 3.5) +
        "entities:\n  - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 20, driver: reference}\n" +
        "  - {name: lead, type: car, position: {road: r, lane: -1, s: 120}, speed: 10}\n");

    [Fact]
    public void Zero_demand_keeps_speed_and_a_constant_demand_accelerates_as_the_actuator_allows()
    {
        var sim = new Simulator(Scenario());
        var snap = new EntitySnapshot[sim.EntityCount];
        sim.UseExternalDriver(0);
        sim.SetDemand(0, 0, 0);
        for (int i = 0; i < 200; i++)
        {
            sim.Advance();
        }
        sim.GetSnapshot(snap);
        // No driver brakes for the slower lead 70 m ahead: 2 s at a steady 20 m/s on a straight road.
        Assert.Equal(20, snap[0].Speed, 9);
        Assert.Equal(50 + 40, snap[0].X, 6);
        Assert.Equal(-1.75, snap[0].Y, 6);

        sim.SetDemand(0, 0, 1.0);
        for (int i = 0; i < 300; i++)
        {
            sim.Advance();
        }
        sim.GetSnapshot(snap);
        // After 3 s of a 1 m/s^2 demand through the first-order actuator lag the speed gain is 3 m/s
        // less what the lag holds back (at most tau * 1 m/s^2 with tau well under 1 s).
        Assert.InRange(snap[0].Speed, 22.0, 23.0);
        Assert.InRange(snap[0].Acceleration, 0.95, 1.0);
    }

    [Fact]
    public void Demands_are_refused_for_entities_not_handed_over_and_for_non_finite_values()
    {
        var sim = new Simulator(Scenario());
        Assert.Contains("not externally driven", Assert.Throws<ArgumentException>(() => sim.SetDemand(0, 0, 1)).Message);
        Assert.Contains("'lead' is not driven by vehicle dynamics", Assert.Throws<ArgumentException>(() => sim.UseExternalDriver(1)).Message);
        sim.UseExternalDriver(0);
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => sim.SetDemand(0, double.NaN, 0)).Message);
    }
}
