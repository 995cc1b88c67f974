using SimCore.Dynamics;
using SimCore.Tests.Simulation;
using SimCore.Traffic;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Traffic;

/// <summary>IDM (Treiber et al. 2000) and the ACC model of Kesting et al. (2010) against formulas written out here.</summary>
public class IdmTests
{
    private static readonly IdmParameters P = new();

    /// <summary>IDM: a [1 - (v/v0)^delta - (s*/s)^2], s* = s0 + max(0, v T + v dv / (2 sqrt(a b))).</summary>
    private static double IdmReference(IdmParameters p, double v, double v0, double s, double vLead)
    {
        double sStar = p.MinimumGap + Math.Max(0, v * p.TimeHeadway + v * (v - vLead) / (2 * Math.Sqrt(p.MaxAcceleration * p.ComfortableDeceleration)));
        return p.MaxAcceleration * (1 - Math.Pow(v / v0, p.Exponent) - sStar * sStar / (s * s));
    }

    /// <summary>Constant-acceleration heuristic, Kesting, Treiber, Helbing (2010), eq. (6), with a~_l = min(a_l, a).</summary>
    private static double CahReference(IdmParameters p, double v, double vLead, double s, double aLead)
    {
        double al = Math.Min(aLead, p.MaxAcceleration);
        if (vLead * vLead - 2 * s * al == 0)
        {
            // Leader standing and not accelerating: both branches tend to -v^2 / (2 s), the
            // deceleration that stops in the gap.
            return -v * v / (2 * s);
        }
        if (vLead * (v - vLead) <= -2 * s * al)
        {
            return v * v * al / (vLead * vLead - 2 * s * al);
        }
        double dv = Math.Max(v - vLead, 0);
        return al - dv * dv / (2 * s);
    }

    /// <summary>ACC model, eq. (7): IDM where it is not below CAH, else the tanh blend with coolness c.</summary>
    private static double AccReference(IdmParameters p, double v, double v0, double s, double vLead, double aLead, double c = 0.99)
    {
        double aIdm = IdmReference(p, v, v0, s, vLead);
        double aCah = CahReference(p, v, vLead, s, aLead);
        if (aIdm >= aCah)
        {
            return aIdm;
        }
        double b = p.ComfortableDeceleration;
        return (1 - c) * aIdm + c * (aCah + b * Math.Tanh((aIdm - aCah) / b));
    }

    [Theory]
    [InlineData(0.0, 30.0)]
    [InlineData(10.0, 30.0)]
    [InlineData(29.0, 30.0)]
    [InlineData(33.0, 30.0)]
    public void FreeRoadAccelerationIsAOneMinusSpeedRatioToTheDelta(double v, double v0)
    {
        double expected = P.MaxAcceleration * (1 - Math.Pow(v / v0, 4));
        Assert.Equal(expected, P.Acceleration(v, v0, double.PositiveInfinity, 0, false), 12);
    }

    [Theory]
    [InlineData(20.0, 30.0, 40.0, 20.0)]
    [InlineData(20.0, 30.0, 25.0, 15.0)]
    [InlineData(10.0, 15.0, 60.0, 12.0)]
    public void InteractionTermMatchesTheIdmFormula(double v, double v0, double s, double vLead)
    {
        double expected = Math.Max(IdmReference(P, v, v0, s, vLead), -P.MaxDeceleration);
        Assert.Equal(expected, P.Acceleration(v, v0, s, v - vLead, true), 12);
    }

    [Fact]
    public void FreeRoadStepInASimulation()
    {
        string yaml = "name: idm\nduration: 0.01\nstep: 0.01\n" + StraightRoad(1000, 1) +
            "entities:\n  - {name: a, type: car, position: {road: r, lane: -1, s: 10}, speed: 10, behavior: {type: idm, desired_speed: 30}}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        Assert.Equal(10 + 1.4 * (1 - Math.Pow(10.0 / 30.0, 4)) * 0.01, t.Frames[^1][0].Speed, 12);
    }

    [Fact]
    public void FollowerSettlesAtTheIdmEquilibriumGap()
    {
        // Leader at constant v = 15 m/s; follower with v0 = 30 m/s. Equilibrium (dv = 0, a = 0):
        // s_e = (s0 + v T) / sqrt(1 - (v / v0)^delta).
        const double v = 15, v0 = 30;
        double se = (P.MinimumGap + v * P.TimeHeadway) / Math.Sqrt(1 - Math.Pow(v / v0, P.Exponent));
        string yaml = "name: idm\nduration: 150\nstep: 0.01\n" + StraightRoad(3000, 1) +
            "entities:\n" +
            "  - {name: lead, type: car, position: {road: r, lane: -1, s: 200}, speed: 15}\n" +
            "  - {name: f, type: car, position: {road: r, lane: -1, s: 150}, speed: 15, behavior: {type: idm, desired_speed: 30}}\n";
        Trace t = SimHarness.Run(Parse(yaml));
        double length = VehicleParameters.CommonRoadVehicle2.Length;
        var last = t.Frames[^1];
        // Same cars: front extent of the follower plus rear extent of the leader is one length.
        double gap = last[t.IndexOf("lead")].RoadS - last[t.IndexOf("f")].RoadS - length;
        Assert.Equal(se, gap, 3);
        Assert.Equal(v, last[t.IndexOf("f")].Speed, 6);
    }

    [Theory]
    [InlineData(20.0, 30.0, 100.0, 20.0, 0.0)]   // large steady gap: IDM not below CAH
    [InlineData(25.0, 33.0, 10.0, 25.0, 0.0)]    // cut-in at a short steady gap: blend
    [InlineData(25.0, 33.0, 12.0, 27.0, 0.0)]    // short but opening gap: blend
    [InlineData(22.0, 30.0, 30.0, 20.0, -3.0)]   // leader braking: CAH's first branch
    [InlineData(22.0, 30.0, 15.0, 15.0, 3.0)]    // leader accelerating harder than a: a~_l = a
    [InlineData(15.0, 30.0, 8.0, 15.0, -1.0)]
    [InlineData(13.9, 30.0, 20.0, 0.0, 0.0)]     // stationary leader (CCRs): finite, CAH = -v^2 / (2 s)
    [InlineData(13.9, 30.0, 40.0, 0.0, 0.0)]
    public void AccAccelerationMatchesKesting2010(double v, double v0, double s, double vLead, double aLead)
    {
        double expected = Math.Max(AccReference(P, v, v0, s, vLead, aLead), -P.MaxDeceleration);
        Assert.Equal(expected, P.AccAcceleration(v, v0, s, vLead, aLead, true), 12);
    }

    [Fact]
    public void AccEqualsIdmWhenIdmIsNotBelowCahAndIsMilderOtherwise()
    {
        // Steady gap well above s*: a_IDM > 0 = a_CAH.
        Assert.Equal(IdmReference(P, 20, 30, 100, 20), P.AccAcceleration(20, 30, 100, 20, 0, true), 12);
        // Cut-in 10 m ahead at the same speed: IDM brakes far harder than needed, the ACC does not.
        double idm = IdmReference(P, 25, 33, 10, 25);
        double acc = P.AccAcceleration(25, 33, 10, 25, 0, true);
        Assert.True(idm < -P.MaxDeceleration);
        Assert.True(acc > -P.ComfortableDeceleration - 0.3 && acc < 0, $"acc = {acc}");
        // No leader: plain free-road IDM.
        Assert.Equal(1.4 * (1 - Math.Pow(20.0 / 30.0, 4)), P.AccAcceleration(20, 30, double.PositiveInfinity, 0, 0, false), 12);
    }
}
