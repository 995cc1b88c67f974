using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Simulation;
using SimCore.Traffic;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Traffic;

/// <summary>
/// Speed and lane-change transitions of lane-bound actors against their closed forms. Timing
/// convention: the storyboard fires at step k (time t_s) on the state of step k-1, and the
/// action already moves the state recorded at t_s, so the transition runs from t0 = t_s - dt,
/// where the entity still has its old value, to t0 + T.
/// </summary>
public class TransitionTests
{
    private const double Dt = 0.01;

    private static Trace RunAction(string action, double duration = 12, string startAt = "1", string extraEntity = "", string extraEvents = "")
    {
        string yaml = $"name: tr\nduration: {Fmt(duration)}\nstep: {Fmt(Dt)}\n" + StraightRoad(3000, 3) +
            "entities:\n" +
            "  - {name: a, type: car, position: {road: r, lane: -1, s: 10}, speed: 10}\n" + extraEntity +
            "events:\n" +
            $"  - name: act\n    start: {{simulation_time: {startAt}}}\n    actions:\n      - {action}\n" + extraEvents;
        return SimHarness.Run(Parse(yaml));
    }

    private static double Start(Trace t, string name = "act") => Assert.Single(t.EventsOf("event_start", name)).Time;

    [Fact]
    public void LinearSpeedOverTimeFollowsTheRampAndEndsAtTheDuration()
    {
        const double v0 = 10, v1 = 20, T = 4;
        Trace t = RunAction("speed: {entity: a, target: 20, shape: linear, time: 4}");
        double ts = Start(t);
        Assert.Equal(1.0, ts);
        double t0 = ts;
        Assert.Equal(v0, t.At(t0, "a").Speed);
        foreach (double tau in new[] { 0.01, 0.5, 1.0, 2.0, 3.0, 3.99 })
        {
            Assert.Equal(v0 + (v1 - v0) * tau / T, t.At(t0 + tau, "a").Speed, 9);
        }
        Assert.Equal(v1, t.At(t0 + T, "a").Speed, 9);
        Assert.Equal(v1, t.At(t0 + T + 2, "a").Speed, 9);
    }

    [Fact]
    public void TimedSpeedEventLastsExactlyItsDuration()
    {
        // The event of a 4 s transition ends 4 s after it started: the clock counts whole steps,
        // so 400 steps of 0.01 s are exactly 4 s (no floating-point accumulation).
        Trace t = RunAction("speed: {entity: a, target: 20, shape: linear, time: 4}");
        double end = Assert.Single(t.EventsOf("event_end", "act")).Time;
        Assert.Equal(Start(t) + 4.0, end, 9);
    }

    [Fact]
    public void SpeedByRateTakesDeltaOverRate()
    {
        // 10 -> 20 m/s at 2 m/s^2: T = 10 / 2 = 5 s.
        Trace t = RunAction("speed: {entity: a, target: 20, shape: linear, rate: 2}");
        double t0 = Start(t);
        Assert.Equal(10 + 2 * 1.0, t.At(t0 + 1.0, "a").Speed, 9);
        Assert.Equal(15.0, t.At(t0 + 2.5, "a").Speed, 9);
        Assert.Equal(20.0 - 2 * Dt, t.At(t0 + 5.0 - Dt, "a").Speed, 9);
        Assert.Equal(20.0, t.At(t0 + 5.0, "a").Speed, 9);
    }

    [Fact]
    public void SpeedByDistanceCompletesOverTheRequestedDistance()
    {
        const double v0 = 10, v1 = 20, D = 100;
        Trace t = RunAction("speed: {entity: a, target: 20, shape: linear, distance: 100}", duration: 15);
        double t0 = Start(t);
        int i0 = t.FrameAt(t0);
        int ia = t.IndexOf("a");
        double s0 = t.Frames[i0][ia].RoadS;
        int iEnd = -1;
        for (int i = i0; i < t.Frames.Count; i++)
        {
            double x = t.Frames[i][ia].RoadS - s0;
            double v = t.Frames[i][ia].Speed;
            if (x < D - v1 * Dt)
            {
                // Linear in distance: v = v0 + dv x / D. Progress is judged once per step, so the
                // value may lag by at most one step of travel: dv * (v1 dt) / D.
                Assert.True(Math.Abs(v - (v0 + (v1 - v0) * x / D)) <= (v1 - v0) * v1 * Dt / D + 1e-9, $"t={t.Times[i]} x={x} v={v}");
            }
            if (iEnd < 0 && Math.Abs(v - v1) < 1e-9)
            {
                iEnd = i;
            }
        }
        Assert.True(iEnd > 0);
        // The target is reached when the distance is covered, to within one step of travel (v1 dt = 0.2 m).
        double travelled = t.Frames[iEnd][ia].RoadS - s0;
        Assert.InRange(travelled, D - v1 * Dt, D + v1 * Dt);
        // dx/dt = v0 + dv x / D  =>  duration = D / dv * ln(v1 / v0).
        double duration = t.Times[iEnd] - t0;
        Assert.Equal(D / (v1 - v0) * Math.Log(v1 / v0), duration, 1);
        Assert.InRange(duration, D / (v1 - v0) * Math.Log(v1 / v0) - 2 * Dt, D / (v1 - v0) * Math.Log(v1 / v0) + 2 * Dt);
    }

    [Theory]
    [InlineData("cubic")]
    [InlineData("sinusoidal")]
    public void ShapedSpeedMatchesTheShapeFunction(string shape)
    {
        Func<double, double> f = shape == "cubic"
            ? x => 3 * x * x - 2 * x * x * x
            : x => (1 - Math.Cos(Math.PI * x)) / 2;
        Trace t = RunAction($"speed: {{entity: a, target: 20, shape: {shape}, time: 4}}");
        double t0 = Start(t);
        Assert.Equal(15.0, t.At(t0 + 2.0, "a").Speed, 9);
        Assert.Equal(10 + 10 * f(0.25), t.At(t0 + 1.0, "a").Speed, 9);
        Assert.Equal(10 + 10 * f(0.75), t.At(t0 + 3.0, "a").Speed, 9);
        Assert.Equal(20.0, t.At(t0 + 4.0, "a").Speed, 9);
    }

    [Fact]
    public void RelativeContinuousTargetTracksTheReferenceSpeed()
    {
        // 'a' keeps 2 m/s above 'b' while 'b' ramps 10 -> 20 m/s from 1 s to 6 s. The control
        // phase reads 'b' as the previous step left it: a(t_k) = b(t_{k-1}) + 2.
        Trace t = RunAction("speed: {entity: a, delta: 2, relative_to: b, continuous: true, shape: step}", duration: 8, startAt: "0.5",
            extraEntity: "  - {name: b, type: car, position: {road: r, lane: -2, s: 10}, speed: 10}\n",
            extraEvents: "  - name: ramp\n    start: {simulation_time: 1}\n    actions:\n      - speed: {entity: b, target: 20, shape: linear, time: 5}\n");
        int ia = t.IndexOf("a"), ib = t.IndexOf("b");
        int from = t.FrameAt(0.6);
        Assert.True(t.Frames[^1][ib].Speed > 19.99, "b ramps to 20 m/s");
        for (int i = from; i < t.Frames.Count; i++)
        {
            Assert.Equal(t.Frames[i - 1][ib].Speed + 2, t.Frames[i][ia].Speed, 9);
        }
        // Continuous: the action never ends.
        Assert.Empty(t.EventsOf("event_end", "act"));
    }

    private static double LateralT(Road road, EntitySnapshot e) => road.LaneCenterT(e.LaneId, e.RoadS) + e.LaneOffset;

    [Fact]
    public void SinusoidalLaneChangeFollowsTheShapeAndSwitchesLaneWhenItsCentreCrossesTheBorder()
    {
        const double T = 4;
        Trace t = RunAction("lane_change: {entity: a, lane: -2, shape: sinusoidal, time: 4}");
        Road road = Parse("name: x\nduration: 1\n" + StraightRoad(3000, 3) + "entities:\n  - {name: a, type: car, position: {road: r, lane: -1, s: 10}}\n").Network.Find("r")!;
        double t0Lat = -1.75, t1Lat = -5.25;   // lane centres of 3.5 m lanes
        double ts0 = Start(t);
        Assert.Equal(t0Lat, LateralT(road, t.At(ts0, "a")), 9);
        Assert.Equal(t0Lat + (t1Lat - t0Lat) / 2, LateralT(road, t.At(ts0 + T / 2, "a")), 9);
        Assert.Equal(t0Lat + (t1Lat - t0Lat) * (1 - Math.Cos(Math.PI / 4)) / 2, LateralT(road, t.At(ts0 + T / 4, "a")), 9);
        Assert.Equal(t1Lat, LateralT(road, t.At(ts0 + T, "a")), 9);
        Assert.Equal(t1Lat, LateralT(road, t.At(ts0 + T + 1, "a")), 9);
        // The lane id follows the reference point: traffic in the target lane must see the car
        // once it is more in that lane than in its old one. Equal widths put the border at the
        // shape's midpoint, T / 2.
        Assert.Equal(-1, t.At(ts0 + T / 2 - Dt, "a").LaneId);
        Assert.Equal(-2, t.At(ts0 + T / 2 + Dt, "a").LaneId);
        Assert.Equal(-2, t.At(ts0 + T * 0.75, "a").LaneId);
        Assert.Equal(-2, t.At(ts0 + T, "a").LaneId);
    }

    [Fact]
    public void LaneChangeTiltsTheHeadingByTheLateralSlope()
    {
        Trace t = RunAction("lane_change: {entity: a, lane: -2, shape: sinusoidal, time: 4}");
        Road road = Parse("name: x\nduration: 1\n" + StraightRoad(3000, 3) + "entities:\n  - {name: a, type: car, position: {road: r, lane: -1, s: 10}}\n").Network.Find("r")!;
        int ia = t.IndexOf("a");
        int first = t.FrameAt(Start(t));
        int last = t.FrameAt(Start(t) + 4);
        double maxTilt = 0;
        for (int i = first; i <= last; i++)
        {
            EntitySnapshot prev = t.Frames[i - 1][ia], cur = t.Frames[i][ia];
            double expected = Math.Atan2(LateralT(road, cur) - LateralT(road, prev), cur.RoadS - prev.RoadS);
            Assert.Equal(expected, Angles.WrapPi(cur.Heading), 9);
            maxTilt = Math.Max(maxTilt, Math.Abs(expected));
        }
        // Peak lateral rate of a half-cosine over 3.5 m in 4 s: pi * 3.5 / (2 * 4) m/s. The speed
        // (10 m/s) is the length of the velocity, so the heading tilts by asin(rate / speed).
        Assert.Equal(Math.Asin(Math.PI * 3.5 / (2 * 4 * 10)), maxTilt, 3);
        Assert.Equal(0.0, Angles.WrapPi(t.At(Start(t) + 5, "a").Heading), 9);
    }
}
