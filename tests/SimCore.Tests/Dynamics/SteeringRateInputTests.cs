using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class SteeringRateInputTests
{
    private static readonly VehicleParameters P = VehicleParameters.CommonRoadVehicle2;

    private static double SteerAfter(double rate, double seconds, double dt = 0.01)
    {
        var model = new KinematicSingleTrack(P);
        var state = new VehicleState { Speed = 5 };
        ControlDemand demand = ControlDemand.WithSteeringRate(rate, 0);
        int n = (int)Math.Round(seconds / dt);
        for (int i = 0; i < n; i++)
        {
            model.Step(ref state, demand, dt);
        }
        return state.SteeringAngle;
    }

    [Fact]
    public void RateBelowTheLimitIntegrates()
        // 0.1 rad/s for 1 s, below CommonRoad vehicle 2's 0.4 rad/s limit: 0.1 rad.
        => Assert.Equal(0.1, SteerAfter(0.1, 1.0), 9);

    [Fact]
    public void RateAboveTheLimitIsCapped()
        // 1 rad/s asked, 0.4 rad/s delivered: 0.4 rad after 1 s, to the left and to the right.
    {
        Assert.Equal(P.MaxSteeringRate * 1.0, SteerAfter(1.0, 1.0), 9);
        Assert.Equal(-P.MaxSteeringRate * 1.0, SteerAfter(-1.0, 1.0), 9);
    }

    [Fact]
    public void AngleStopsAtTheSteeringLimit()
        // 0.4 rad/s for 5 s would be 2 rad; the rack stops at 1.066 rad.
        => Assert.Equal(P.MaxSteeringAngle, SteerAfter(0.4, 5.0), 12);

    [Fact]
    public void NonFiniteRateIsRejected()
    {
        var model = new KinematicSingleTrack(P);
        var state = new VehicleState { Speed = 5 };
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(ref state, ControlDemand.WithSteeringRate(double.NaN, 0), 0.01));
    }
}
