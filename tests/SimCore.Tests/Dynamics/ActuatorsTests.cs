using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class ActuatorsTests
{
    private const double Dt = 0.01;

    private static VehicleParameters Car(double maxJerk = 30, double accelTau = 0.2) =>
        VehicleParameters.CommonRoadVehicle2 with { MaxJerk = maxJerk, AccelerationTimeConstant = accelTau };

    [Fact]
    public void BrakeStepFollowsTheExactFirstOrderResponseWithoutJerkLimit()
    {
        const double tau = 0.2;
        const double demand = -8;
        var actuators = new Actuators(Car(maxJerk: 1e9, accelTau: tau));
        double a = 0;
        for (int k = 1; k <= 300; k++)
        {
            a = actuators.StepAcceleration(a, demand, Dt);
            double analytic = demand * (1 - Math.Exp(-k * Dt / tau));
            Assert.Equal(analytic, a, 1e-9);
        }
    }

    [Fact]
    public void BrakeStepRespectsJerkLimitAndOtherwiseFollowsTheLag()
    {
        const double tau = 0.2;
        const double jerk = 30;
        const double demand = -8;
        var actuators = new Actuators(Car(jerk, tau));
        double decay = Math.Exp(-Dt / tau);
        double a = 0;
        int limited = 0;
        int free = 0;
        for (int k = 0; k < 300; k++)
        {
            double next = actuators.StepAcceleration(a, demand, Dt);
            double lagStep = (demand - a) * (1 - decay);
            Assert.True(Math.Abs(next - a) <= jerk * Dt + 1e-12, $"step {k}: jerk {(next - a) / Dt}");
            Assert.True(next >= demand - 1e-12, "no overshoot past the demand");
            if (Math.Abs(lagStep) > jerk * Dt)
            {
                limited++;
                Assert.Equal(a - jerk * Dt, next, 1e-12);
            }
            else
            {
                free++;
                Assert.Equal(demand + (a - demand) * decay, next, 1e-12);
            }
            a = next;
        }
        // Both regimes occurred: the initial lag slope 8/0.2 = 40 m/s^3 exceeds the 30 m/s^3 limit.
        Assert.True(limited > 0 && free > 0, $"limited {limited}, free {free}");
        Assert.Equal(demand, a, 1e-3);
    }

    [Fact]
    public void AccelerationIsClampedToTheVehicleLimits()
    {
        VehicleParameters p = Car();
        var actuators = new Actuators(p);
        double a = 0;
        for (int k = 0; k < 500; k++)
        {
            a = actuators.StepAcceleration(a, -50, Dt);
            Assert.True(a >= -p.MaxDeceleration);
        }
        Assert.Equal(-p.MaxDeceleration, a, 1e-6);
        for (int k = 0; k < 500; k++)
        {
            a = actuators.StepAcceleration(a, 50, Dt);
            Assert.True(a <= p.MaxAcceleration);
        }
        Assert.Equal(p.MaxAcceleration, a, 1e-6);
    }

    [Fact]
    public void SteeringRespectsRateAndAngleLimits()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        var actuators = new Actuators(p);
        double delta = 0;
        bool rateLimited = false;
        for (int k = 0; k < 600; k++)
        {
            double next = actuators.StepSteering(delta, 2.0, Dt);
            double step = Math.Abs(next - delta);
            Assert.True(step <= p.MaxSteeringRate * Dt + 1e-12, $"rate {step / Dt}");
            rateLimited |= step > p.MaxSteeringRate * Dt - 1e-12;
            Assert.True(Math.Abs(next) <= p.MaxSteeringAngle);
            delta = next;
        }
        Assert.True(rateLimited);
        Assert.Equal(p.MaxSteeringAngle, delta, 1e-9);
    }

    [Fact]
    public void SmallSteeringStepFollowsTheLag()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        var actuators = new Actuators(p);
        double delta = 0;
        // 0.02 rad / 0.1 s = 0.2 rad/s initial rate: below the 0.4 rad/s limit.
        for (int k = 1; k <= 100; k++)
        {
            delta = actuators.StepSteering(delta, 0.02, Dt);
            Assert.Equal(0.02 * (1 - Math.Exp(-k * Dt / p.SteeringTimeConstant)), delta, 1e-12);
        }
    }

    [Fact]
    public void ZeroTimeConstantMeansOnlyTheRateLimitApplies()
    {
        VehicleParameters p = Car(maxJerk: 1e9, accelTau: 0);
        var actuators = new Actuators(p);
        Assert.Equal(-8, actuators.StepAcceleration(0, -8, Dt));
    }

    [Fact]
    public void NonFiniteDemandOrStepIsRefused()
    {
        var actuators = new Actuators(VehicleParameters.CommonRoadVehicle2);
        Assert.Throws<ArgumentOutOfRangeException>(() => actuators.StepAcceleration(0, double.NaN, Dt));
        Assert.Throws<ArgumentOutOfRangeException>(() => actuators.StepSteering(0, double.PositiveInfinity, Dt));
        Assert.Throws<ArgumentOutOfRangeException>(() => actuators.StepSteering(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => actuators.StepSteering(0, 0, double.NaN));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BrakingToAStopNeverReverses(bool dynamic)
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        IVehicleModel model = dynamic ? new DynamicSingleTrack(p) : new KinematicSingleTrack(p);
        var state = new VehicleState { Speed = 10 };
        var demand = new ControlDemand(0, -8);
        double lastX = state.X;
        for (int k = 0; k < 500; k++)
        {
            model.Step(ref state, demand, Dt);
            Assert.True(state.Speed >= 0);
            Assert.True(state.X >= lastX, "no backwards motion");
            lastX = state.X;
        }
        Assert.Equal(0, state.Speed);
        // Stopping distance is bounded below by the ideal v^2/(2 a).
        Assert.True(state.X >= 10 * 10 / (2 * 8.0));
    }
}
