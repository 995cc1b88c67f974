using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class DynamicSingleTrackTests
{
    private const double G = 9.81;

    // CommonRoad's vehicle 2 is neutral steer (equal load-normalised stiffness front and rear);
    // a stiffer rear axle makes it understeer so the speed dependence is visible.
    private static readonly VehicleParameters Understeering =
        VehicleParameters.CommonRoadVehicle2 with { CorneringStiffnessRear = 1.5 * VehicleParameters.CommonRoadVehicle2.CorneringStiffnessRear };

    private static double UndersteerGradient(VehicleParameters p) =>
        p.Mass / p.Wheelbase * (p.DistanceCgToRear / p.CorneringStiffnessFront - p.DistanceCgToFront / p.CorneringStiffnessRear);

    private static VehicleState RunSteady(IVehicleModel model, double speed, double delta, double seconds, double dt = 0.01)
    {
        var state = new VehicleState { Speed = speed, SteeringAngle = delta };
        var demand = new ControlDemand(delta, 0);
        int steps = (int)Math.Round(seconds / dt);
        for (int k = 0; k < steps; k++)
        {
            model.Step(ref state, demand, dt);
        }
        return state;
    }

    public static TheoryData<string, double> SteadyCases()
    {
        var data = new TheoryData<string, double>();
        foreach (double v in new[] { 10.0, 15.0, 20.0, 25.0, 30.0 })
        {
            data.Add("understeering", v);
            data.Add("commonroad", v);
        }
        foreach (double v in new[] { 10.0, 17.0, 24.0 })
        {
            data.Add("truck", v);
        }
        return data;
    }

    private static VehicleParameters Named(string name) => name switch
    {
        "understeering" => Understeering,
        "commonroad" => VehicleParameters.CommonRoadVehicle2,
        "truck" => VehicleParameters.Truck,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(SteadyCases))]
    public void LinearTyreSteadyYawRateMatchesTheUndersteerFormula(string vehicle, double v)
    {
        VehicleParameters p = Named(vehicle);
        const double delta = 0.01;
        VehicleState s = RunSteady(new DynamicSingleTrack(p, LinearTire.Instance), v, delta, 15);
        double k = UndersteerGradient(p);
        double expected = v * delta / (p.Wheelbase + k * v * v);
        Assert.True(Math.Abs(s.YawRate - expected) <= 0.01 * Math.Abs(expected), $"r {s.YawRate} vs {expected} (K {k})");
        Assert.Equal(v * s.YawRate, s.LateralAcceleration, Math.Abs(v * s.YawRate) * 1e-3);
        Assert.Equal(v, s.Speed, 1e-12);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    public void PacejkaMatchesLinearTyreAtSmallSlip(double v)
    {
        const double delta = 0.005;
        VehicleState linear = RunSteady(new DynamicSingleTrack(Understeering, LinearTire.Instance), v, delta, 15);
        VehicleState pacejka = RunSteady(new DynamicSingleTrack(Understeering, SimplifiedPacejkaTire.Default), v, delta, 15);
        Assert.True(Math.Abs(pacejka.YawRate - linear.YawRate) <= 0.01 * Math.Abs(linear.YawRate), $"{pacejka.YawRate} vs {linear.YawRate}");
        Assert.True(Math.Abs(pacejka.LateralAcceleration - linear.LateralAcceleration) <= 0.01 * Math.Abs(linear.LateralAcceleration));
    }

    [Theory]
    [InlineData("commonroad", 20, 0.3)]
    [InlineData("understeering", 25, 0.5)]
    [InlineData("truck", 20, 0.4)]
    public void PacejkaLateralAccelerationSaturatesAtFriction(string vehicle, double v, double delta)
    {
        VehicleParameters p = Named(vehicle);
        double limit = p.FrictionCoefficient * G;
        var model = new DynamicSingleTrack(p, SimplifiedPacejkaTire.Default);
        var state = new VehicleState { Speed = v };
        var demand = new ControlDemand(delta, 0);
        double peak = 0;
        for (int k = 0; k < 500; k++)
        {
            model.Step(ref state, demand, 0.01);
            Assert.True(double.IsFinite(state.YawRate) && double.IsFinite(state.X));
            peak = Math.Max(peak, Math.Abs(state.LateralAcceleration));
            Assert.True(Math.Abs(state.LateralAcceleration) <= limit * 1.001, $"step {k}: ay {state.LateralAcceleration} > mu g {limit}");
        }
        // The manoeuvre does reach the limit: without saturation it would ask for far more.
        Assert.True(peak >= 0.9 * limit, $"peak {peak}");
        VehicleState linear = RunSteady(new DynamicSingleTrack(p, LinearTire.Instance), v, delta, 5);
        Assert.True(Math.Abs(linear.LateralAcceleration) > 1.5 * limit);
    }

    [Fact]
    public void CoarseStepAtHighSpeedIsStableAndAccurate()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        var model = new DynamicSingleTrack(p);
        VehicleState Run(double dt)
        {
            var state = new VehicleState { Speed = 40 };
            int steps = (int)Math.Round(10 / dt);
            for (int k = 0; k < steps; k++)
            {
                // Steer in after a second of straight driving; a sine-ish lane change would also do.
                double t = k * dt;
                model.Step(ref state, new ControlDemand(t < 1 ? 0 : 0.01, 0), dt);
            }
            return state;
        }
        VehicleState coarse = Run(0.05);
        VehicleState fine = Run(0.001);
        Assert.True(double.IsFinite(coarse.X) && double.IsFinite(coarse.YawRate));
        Assert.Equal(fine.YawRate, coarse.YawRate, Math.Abs(fine.YawRate) * 0.01);
        Assert.Equal(fine.LateralVelocity, coarse.LateralVelocity, Math.Abs(fine.LateralVelocity) * 0.01 + 1e-3);
        double gap = Math.Sqrt((fine.X - coarse.X) * (fine.X - coarse.X) + (fine.Y - coarse.Y) * (fine.Y - coarse.Y));
        Assert.True(gap < 0.5, $"position differs by {gap} m over ~400 m");
    }

    [Theory]
    [InlineData(3.5, 0.1)]
    [InlineData(5.0, 0.3)]
    public void CoarseStepJustAboveTheBlendBandIsStable(double v, double delta)
    {
        // Here the tyre dynamics are fastest (rates ~ C/(m v) of order 100/s): a single RK4
        // step of 0.05 s would diverge, so this checks the substepping.
        var model = new DynamicSingleTrack(VehicleParameters.CommonRoadVehicle2);
        VehicleState coarse = RunSteady(model, v, delta, 5, 0.05);
        VehicleState fine = RunSteady(model, v, delta, 5, 0.001);
        Assert.True(double.IsFinite(coarse.YawRate));
        Assert.Equal(fine.YawRate, coarse.YawRate, Math.Abs(fine.YawRate) * 1e-3);
        Assert.Equal(fine.LateralVelocity, coarse.LateralVelocity, Math.Abs(fine.LateralVelocity) * 1e-3 + 1e-6);
    }

    [Fact]
    public void BelowTheBlendBandItDrivesTheKinematicCircle()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        const double delta = 0.4, v = 1.5;
        VehicleState dyn = new() { Speed = v, SteeringAngle = delta };
        VehicleState kin = dyn;
        var dynamic = new DynamicSingleTrack(p);
        var kinematic = new KinematicSingleTrack(p);
        double radius = p.Wheelbase / Math.Tan(delta);
        for (int k = 0; k < 2000; k++)
        {
            dynamic.Step(ref dyn, new ControlDemand(delta, 0), 0.01);
            kinematic.Step(ref kin, new ControlDemand(delta, 0), 0.01);
            double distance = Math.Sqrt(dyn.X * dyn.X + (dyn.Y - radius) * (dyn.Y - radius));
            Assert.True(Math.Abs(distance - radius) < 0.01, $"step {k}: {distance} vs {radius}");
        }
        Assert.Equal(kin.YawRate, dyn.YawRate, 1e-12);
    }

    [Fact]
    public void PullingAwayThroughTheBlendBandIsSmooth()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        var model = new DynamicSingleTrack(p);
        var state = new VehicleState { SteeringAngle = 0.05 };
        double lastR = 0;
        for (int k = 0; k < 600; k++)
        {
            model.Step(ref state, new ControlDemand(0.05, 1.5), 0.01);
            Assert.True(double.IsFinite(state.YawRate) && double.IsFinite(state.LateralVelocity));
            // At most 1.5 m/s^2 * tan(0.05)/L = 0.03 rad/s^2 of kinematic yaw acceleration; allow the blend some slack.
            Assert.True(Math.Abs(state.YawRate - lastR) < 0.002, $"step {k} at v {state.Speed}: r jumps {lastR} -> {state.YawRate}");
            lastR = state.YawRate;
        }
        Assert.True(state.Speed > DynamicSingleTrack.DynamicAboveSpeed);
    }

    [Fact]
    public void KinematicWeightBlendsMonotonically()
    {
        Assert.Equal(1, DynamicSingleTrack.KinematicWeight(0));
        Assert.Equal(1, DynamicSingleTrack.KinematicWeight(DynamicSingleTrack.KinematicBelowSpeed));
        Assert.Equal(0, DynamicSingleTrack.KinematicWeight(DynamicSingleTrack.DynamicAboveSpeed));
        double last = 1;
        for (double v = 2; v <= 3; v += 0.01)
        {
            double w = DynamicSingleTrack.KinematicWeight(v);
            Assert.True(w <= last);
            last = w;
        }
    }

    [Fact]
    public void StepsAllocateNothing()
    {
        IVehicleModel[] models =
        {
            new DynamicSingleTrack(VehicleParameters.CommonRoadVehicle2),
            new DynamicSingleTrack(VehicleParameters.Bus, LinearTire.Instance),
            new KinematicSingleTrack(VehicleParameters.Truck),
        };
        foreach (IVehicleModel model in models)
        {
            var state = new VehicleState { Speed = 10 };
            var demand = new ControlDemand(0.05, 0.5);
            model.Step(ref state, demand, 0.01);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 1000; k++)
            {
                model.Step(ref state, demand, 0.01);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void RunsAreBitIdentical()
    {
        VehicleState Run()
        {
            var model = new DynamicSingleTrack(VehicleParameters.CommonRoadVehicle2);
            var state = new VehicleState { Speed = 20 };
            for (int k = 0; k < 1000; k++)
            {
                model.Step(ref state, new ControlDemand(0.1 * Math.Sin(k * 0.01), k < 500 ? 0.5 : -6), 0.01);
            }
            return state;
        }
        Assert.Equal(Run(), Run());
    }
}
