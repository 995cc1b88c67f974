using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class KinematicSingleTrackTests
{
    [Theory]
    [InlineData(0.1, 0.01)]
    [InlineData(0.3, 0.01)]
    [InlineData(0.2, 0.05)]
    [InlineData(-0.25, 0.001)]
    public void ConstantSteeringDrivesTheAnalyticCircle(double delta, double dt)
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        var model = new KinematicSingleTrack(p);
        const double x0 = 3, y0 = -2, h0 = 0.7, v = 5;
        var state = new VehicleState { X = x0, Y = y0, Heading = h0, Speed = v, SteeringAngle = delta };
        var demand = new ControlDemand(delta, 0);
        // Signed radius: positive steering turns left, the centre is on the left of the heading.
        double radius = p.Wheelbase / Math.Tan(delta);
        double cx = x0 - radius * Math.Sin(h0);
        double cy = y0 + radius * Math.Cos(h0);
        int steps = (int)Math.Round(20 / dt);
        for (int k = 0; k < steps; k++)
        {
            model.Step(ref state, demand, dt);
            double distance = Math.Sqrt((state.X - cx) * (state.X - cx) + (state.Y - cy) * (state.Y - cy));
            Assert.True(Math.Abs(distance - Math.Abs(radius)) < 0.01, $"step {k}: {distance} vs {radius}");
        }
        // The arc length driven fixes the heading: h = h0 + v t / R.
        double expectedHeading = SimCore.Mathematics.Angles.WrapPi(h0 + v * steps * dt / radius);
        Assert.Equal(expectedHeading, state.Heading, 1e-9);
        Assert.Equal(v * Math.Tan(delta) / p.Wheelbase, state.YawRate, 1e-12);
        Assert.Equal(v * v / radius, state.LateralAcceleration, 1e-9);
        Assert.Equal(p.DistanceCgToRear * state.YawRate, state.LateralVelocity, 1e-12);
    }

    [Fact]
    public void AccelerationIntegratesSpeedAndDistanceExactly()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2 with { AccelerationTimeConstant = 0 };
        var model = new KinematicSingleTrack(p);
        var state = new VehicleState { Speed = 5, Acceleration = 2 };
        for (int k = 0; k < 100; k++)
        {
            model.Step(ref state, new ControlDemand(0, 2), 0.01);
        }
        Assert.Equal(5 + 2 * 1.0, state.Speed, 1e-9);
        Assert.Equal(5 * 1.0 + 0.5 * 2 * 1.0, state.X, 1e-9);
        Assert.Equal(0, state.Y, 1e-12);
    }

    [Fact]
    public void SpeedStopsAtMaxSpeed()
    {
        VehicleParameters p = VehicleParameters.Truck;
        var model = new KinematicSingleTrack(p);
        var state = new VehicleState { Speed = p.MaxSpeed - 0.1 };
        for (int k = 0; k < 500; k++)
        {
            model.Step(ref state, new ControlDemand(0, 5), 0.01);
            Assert.True(state.Speed <= p.MaxSpeed);
        }
        Assert.Equal(p.MaxSpeed, state.Speed);
    }
}
