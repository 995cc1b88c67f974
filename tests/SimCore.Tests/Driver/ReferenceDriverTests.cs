using SimCore.Dynamics;
using SimCore.Simulation;
using SimCore.Tests.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Driver;

/// <summary>The reference driver in closed loop: ACC equilibrium, AEB on a stationary target, lane keeping and lane change.</summary>
public class ReferenceDriverTests
{
    private const double Dt = 0.01;
    private static readonly double CarLength = VehicleParameters.CommonRoadVehicle2.Length;

    [Fact]
    public void AccSettlesAtTheIdmEquilibriumGapBehindASlowerLead()
    {
        // Driver defaults: T = 1.8 s, s0 = 4 m, delta = 4; set speed 30 m/s, lead at 20 m/s.
        // Steady state (dv = 0, lead not accelerating): CAH gives 0 <= a_IDM = 0, so the ACC sits
        // at the IDM equilibrium s_e = (s0 + v T) / sqrt(1 - (v / v0)^4).
        const double v = 20, v0 = 30, T = 1.8, s0 = 4;
        double se = (s0 + v * T) / Math.Sqrt(1 - Math.Pow(v / v0, 4));
        string yaml = "name: acc\nduration: 120\nstep: 0.01\n" + StraightRoad(3000, 2) +
            "entities:\n" +
            "  - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 20, driver: {type: reference, cruise_speed: 30, obey_speed_limit: false}}\n" +
            "  - {name: lead, type: car, position: {road: r, lane: -1, s: 150}, speed: 20}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        var last = t.Frames[^1];
        double gap = last[t.IndexOf("lead")].RoadS - last[t.IndexOf("ego")].RoadS - CarLength;
        Assert.Equal(se, gap, 1);
        Assert.InRange(gap, se - 0.05, se + 0.05);
        Assert.Equal(v, last[t.IndexOf("ego")].Speed, 3);
        Assert.Empty(t.Result.Collisions);
    }

    /// <param name="targetSpeed">0 for CCRs; a creeping 0.01 m/s separates AEB logic from the stationary special case.</param>
    private static Trace StationaryTarget(double targetSpeed)
    {
        // CCRs-like: 50 km/h towards a stationary car whose rear is 20 m ahead (TTC 1.44 s).
        double v = 50 / 3.6;
        double targetS = 50 + 20 + CarLength;
        string yaml = "name: ccrs\nduration: 8\nstep: 0.01\n" + StraightRoad(1000, 2) +
            "entities:\n" +
            $"  - {{name: ego, type: car, position: {{road: r, lane: -1, s: 50}}, speed: {Fmt(v)}, driver: {{type: reference, cruise_speed: {Fmt(v)}, obey_speed_limit: false}}}}\n" +
            $"  - {{name: target, type: car, position: {{road: r, lane: -1, s: {Fmt(targetS)}}}, speed: {Fmt(targetSpeed)}}}\n";
        return SimHarness.Run(Parse(yaml));
    }

    /// <summary>TTC at each frame from positions and speeds: gap / closing speed.</summary>
    private static double[] Ttc(Trace t)
    {
        int ie = t.IndexOf("ego"), it = t.IndexOf("target");
        return t.Frames.Select(f =>
        {
            double gap = f[it].RoadS - f[ie].RoadS - CarLength;
            double closing = f[ie].Speed - f[it].Speed;
            return closing > 1e-6 ? gap / closing : double.PositiveInfinity;
        }).ToArray();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void AebStopsTheEgoBeforeAStationaryTarget(double targetSpeed)
    {
        Trace t = StationaryTarget(targetSpeed);
        Assert.Empty(t.Result.Collisions);
        Assert.NotEmpty(t.EventsOf("aeb"));
        Assert.True(t.KpiValue("aeb_activations") >= 1);
        int ie = t.IndexOf("ego"), it = t.IndexOf("target");
        var last = t.Frames[^1];
        Assert.True(last[ie].Speed < 0.05, $"ego still moving at {last[ie].Speed} m/s");
        Assert.True(last[it].RoadS - last[ie].RoadS - CarLength > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void FullBrakeEngagesWhenTtcDropsBelowOneSecond(double targetSpeed)
    {
        Trace t = StationaryTarget(targetSpeed);
        double[] ttc = Ttc(t);
        int ie = t.IndexOf("ego");
        int firstBelow = Array.FindIndex(ttc, x => x < 1.0);
        Assert.True(firstBelow > 0, "the approach gets below 1 s TTC");
        // Deceleration beyond what ACC (5 m/s^2) or partial AEB (4 m/s^2) ask for: full braking.
        int firstFull = -1;
        for (int i = 1; i < t.Frames.Count; i++)
        {
            if ((t.Frames[i - 1][ie].Speed - t.Frames[i][ie].Speed) / Dt > 5.5)
            {
                firstFull = i;
                break;
            }
        }
        Assert.True(firstFull > firstBelow, "no full braking before TTC < 1 s");
        // Actuator lag (0.2 s) and jerk limit delay the deceleration by a few steps only.
        Assert.True(t.Times[firstFull] - t.Times[firstBelow] <= 0.15, $"full braking only {t.Times[firstFull] - t.Times[firstBelow]} s after TTC < 1 s");

        // The log records the full-brake engagement, at the step after the state with TTC < 1 s.
        SimEvent full = Assert.Single(t.EventsOf("aeb", "full_brake"));
        Assert.Equal(t.Times[firstBelow] + Dt, full.Time, 9);
    }

    [Fact]
    public void LaneKeepingOnACurveStaysNearTheLaneCentre()
    {
        // R = 250 m arc from s = 100 to 900; 20 m/s is below the curve speed sqrt(2 / 0.004) = 22.4 m/s.
        string yaml = "name: curve\nduration: 40\nstep: 0.01\n" +
            "road:\n  id: r\n  geometry:\n    - line: 100\n    - arc: {length: 800, curvature: 0.004}\n    - line: 300\n  lanes:\n    right:\n      - {width: 3.5}\n      - {width: 3.5}\n" +
            "entities:\n  - {name: ego, type: car, position: {road: r, lane: -2, s: 20}, speed: 20, driver: {type: reference, cruise_speed: 20, obey_speed_limit: false}}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        int checkedFrames = 0;
        foreach (var f in t.Frames)
        {
            // After 3 s on the arc (60 m) until shortly before it ends.
            if (f[0].RoadS is > 160 and < 880)
            {
                Assert.Equal(-2, f[0].LaneId);
                Assert.True(Math.Abs(f[0].LaneOffset) < 0.2, $"offset {f[0].LaneOffset} at s = {f[0].RoadS}");
                checkedFrames++;
            }
        }
        Assert.True(checkedFrames > 3000);
        Assert.Equal(0, t.KpiValue("lane_departures"));
    }

    [Fact]
    public void LaneChangeRequestMovesTheEgoToTheTargetLane()
    {
        string yaml = "name: lc\nduration: 12\nstep: 0.01\n" + StraightRoad(1000, 3) +
            "entities:\n  - {name: ego, type: car, position: {road: r, lane: -1, s: 20}, speed: 20, driver: {type: reference, cruise_speed: 20, obey_speed_limit: false}}\n" +
            "events:\n  - name: change\n    start: {simulation_time: 1}\n    actions:\n      - lane_change: {entity: ego, lane: -2, shape: sinusoidal, time: 4}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        Assert.Equal(-1, t.At(1.0, "ego").LaneId);
        var end = t.Frames[^1][0];
        Assert.Equal(-2, end.LaneId);
        Assert.True(Math.Abs(end.LaneOffset) < 0.2, $"offset {end.LaneOffset}");
        Assert.Single(t.EventsOf("event_end", "change"));
        // A requested change is not a lane departure.
        Assert.Equal(0, t.KpiValue("lane_departures"));
    }
}
