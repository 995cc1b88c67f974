using SimCore.Dynamics;
using SimCore.Kpis;
using SimCore.Simulation;
using SimCore.Tests.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Kpis;

/// <summary>KPIs of whole runs against values worked out by hand from the scenario's geometry and speeds.</summary>
public class KpiTests
{
    private const double Dt = 0.01;
    private static readonly double CarLength = VehicleParameters.CommonRoadVehicle2.Length;
    private static readonly double CarWidth = VehicleParameters.CommonRoadVehicle2.Width;

    private static string Ego(string position, double speed, string extra = "")
        => $"  - {{name: ego, type: car, position: {position}, speed: {Fmt(speed)}, driver: {{type: reference, cruise_speed: {Fmt(speed)}, obey_speed_limit: false}}{extra}}}\n";

    [Fact]
    public void MinTtcAndThwOfAConstantSpeedApproach()
    {
        // The ego cannot change speed (actuator limits of 1e-6 m/s^2), so it closes at a constant
        // 20 - 15 = 5 m/s on a lead 60 m ahead. At 8 s the lead jumps to 25 m/s and the gap opens:
        // the smallest TTC is the gap at 8 s over the closing speed, (60 - 5 * 8) / 5 = 4 s, and the
        // smallest headway that gap over the ego's speed, 20 / 20 = 1 s. The KPIs sample once per
        // step, so they may be one step of closing (5 m/s * dt) off. The 1e-6 m/s^2 limits still let the
        // ego's speed drift by up to 1.2e-5 m/s over 12 s, which moves TTC by about 1e-5 s: slack 1e-4.
        string yaml = "name: ttc\nduration: 12\nstep: 0.01\n" + StraightRoad(1000, 2) + "entities:\n" +
            Ego("{road: r, lane: -1, s: 50}", 20, ", vehicle: {max_acceleration: 0.000001, max_deceleration: 0.000001}") +
            $"  - {{name: lead, type: car, position: {{road: r, lane: -1, s: {Fmt(50 + 60 + CarLength)}}}, speed: 15}}\n" +
            "events:\n  - name: go\n    start: {simulation_time: 8}\n    actions:\n      - speed: {entity: lead, target: 25, shape: step}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        Assert.Equal(20.0, t.Frames[^1][0].Speed, 3);
        Assert.InRange(t.KpiValue("min_ttc"), 4.0 - 1e-4, 4.0 + Dt + 1e-4);
        Assert.InRange(t.KpiValue("min_thw"), 1.0 - 5 * Dt / 20 - 1e-4, 1.0 + 5 * Dt / 20 + 1e-4);
        Assert.InRange(t.KpiValue("min_lead_distance"), 20.0 - 5 * Dt - 1e-3, 20.0 + 5 * Dt + 1e-3);
        Assert.Empty(t.EventsOf("aeb"));
    }

    private static Trace LaneOffsetRun(double offset)
    {
        string yaml = "name: ld\nduration: 10\nstep: 0.01\n" + StraightRoad(1000, 3) + "entities:\n" +
            Ego("{road: r, lane: -2, s: 50}", 20) +
            $"events:\n  - name: drift\n    start: {{simulation_time: 1}}\n    actions:\n      - lane_offset: {{entity: ego, offset: {Fmt(offset)}, time: 2}}\n";
        return SimHarness.Run(Parse(yaml));
    }

    [Fact]
    public void LaneOffsetOverTheBorderIsOneLaneDeparture()
    {
        // 1.5 m left of the centre of a 3.5 m lane, the car's left side is at 1.5 + w/2 > 1.75 m.
        Assert.True(1.5 + CarWidth / 2 > 1.75);
        Trace t = LaneOffsetRun(1.5);
        Assert.Equal(1.0, t.KpiValue("lane_departures"));
        Assert.Single(t.EventsOf("lane_departure"));
        Assert.Equal(1.5, t.Frames[^1][0].LaneOffset, 1);
    }

    [Fact]
    public void LaneOffsetWithinTheLaneIsNoDeparture()
    {
        Assert.True(0.5 + CarWidth / 2 < 1.75 - 0.3);
        Trace t = LaneOffsetRun(0.5);
        Assert.Equal(0.0, t.KpiValue("lane_departures"));
        Assert.Equal(0.5, t.Frames[^1][0].LaneOffset, 1);
    }

    [Theory]
    [InlineData(-1.2, 10.0)]  // right side at -1.75 - 1.2 - w/2 < -3.5: outside the only lane all run long
    [InlineData(0.0, 0.0)]
    public void OffroadTimeCountsTimeWithACornerOutsideTheLanes(double offset, double expected)
    {
        Assert.Equal(offset != 0, -1.75 + offset - CarWidth / 2 < -3.5);
        string yaml = "name: off\nduration: 10\nstep: 0.01\n" + StraightRoad(1000, 1) + "entities:\n" +
            Ego($"{{road: r, lane: -1, s: 50, offset: {Fmt(offset)}}}", 10);
        Trace t = SimHarness.Run(Parse(yaml));
        Assert.Equal(expected, t.KpiValue("offroad_time"), 6);
    }

    [Fact]
    public void OverspeedIntegralIsExcessSpeedTimesTime()
    {
        // 2 m/s over a 20 m/s limit for 10 s: 20 m.
        string yaml = "name: os\nduration: 10\nstep: 0.01\n" + StraightRoad(1000, 1, speedLimit: 20) + "entities:\n" +
            Ego("{road: r, lane: -1, s: 50}", 22);
        Trace t = SimHarness.Run(Parse(yaml));
        Assert.Equal(22.0, t.Frames[^1][0].Speed, 6);
        Assert.Equal(2.0 * 10.0, t.KpiValue("overspeed_integral"), 6);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RearEndCollisionIsRecordedWithTheRelativeSpeed(bool endOnCollision)
    {
        // A car 30.05 m behind the ego's rear closes at 30 - 20 = 10 m/s: contact after 3.005 s,
        // first seen at the step that ends at 3.01 s.
        string yaml = $"name: col\nduration: 6\nstep: 0.01\nend_on_collision: {(endOnCollision ? "true" : "false")}\n" + StraightRoad(1000, 1) + "entities:\n" +
            Ego("{road: r, lane: -1, s: 100}", 20) +
            $"  - {{name: chaser, type: car, position: {{road: r, lane: -1, s: {Fmt(100 - 30.05 - CarLength)}}}, speed: 30}}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        CollisionRecord c = Assert.Single(t.Result.Collisions);
        Assert.True(c.InvolvesEgo);
        Assert.Equal(new[] { "chaser", "ego" }, new[] { c.EntityA, c.EntityB }.OrderBy(n => n).ToArray());
        Assert.Equal(Math.Abs(30.0 - 20.0), c.RelativeSpeed, 3);
        Assert.Equal(3.01, c.Time, 9);
        Assert.Equal(1.0, t.KpiValue("collisions"));
        Assert.Equal(10.0, t.KpiValue("max_collision_speed"), 3);
        if (endOnCollision)
        {
            Assert.Equal(EndReason.Collision, t.Result.EndReason);
            Assert.Equal(3.01, t.Result.SimTime, 9);
        }
        else
        {
            Assert.Equal(EndReason.Duration, t.Result.EndReason);
            Assert.Equal(6.0, t.Result.SimTime, 9);
        }
    }
}
