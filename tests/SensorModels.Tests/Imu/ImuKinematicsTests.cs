using SensorModels.Imu;
using SensorModels.Mathematics;
using SimCore.Simulation;

namespace SensorModels.Tests.Imu;

public class ImuKinematicsTests
{
    private const double G = 9.80665;

    private static EntitySnapshot State(double speed = 0, double yawRate = 0, double heading = 0.7, double pitch = 0, double lateralVelocity = 0, double lateralAcceleration = 0, double acceleration = 0)
        => new EntitySnapshot("ego", 100, -50, 3, heading, speed, false, null, 0, 0, 0)
        {
            IsEgo = true,
            Pitch = pitch,
            YawRate = yawRate,
            LateralVelocity = lateralVelocity,
            LateralAcceleration = lateralAcceleration,
            Acceleration = acceleration,
        };

    private static (Vec3 F, Vec3 W) Measure(in EntitySnapshot s, Pose3 mount, double cgX = 0, double yawAcc = 0, double pitchRate = 0)
    {
        var m = new BodyMotion(s, yawAcc, pitchRate, cgX);
        return (mount.InverseRotate(m.SpecificForceAt(mount.Position)), mount.InverseRotate(m.Omega));
    }

    private static void Near(Vec3 expected, Vec3 actual, double tol = 1e-9)
    {
        Assert.True((expected - actual).Length <= tol, $"expected {expected}, got {actual}");
    }

    [Fact]
    public void AStaticImuMeasuresPlusGAlongItsUpAxis()
    {
        // Heading and position do not matter; a mount offset does not either without rotation.
        (Vec3 f, Vec3 w) = Measure(State(), new Pose3(new Vec3(1.2, -0.3, 0.8), 0, 0, 0));
        Near(new Vec3(0, 0, G), f);
        Near(default, w);
    }

    [Fact]
    public void AHeldBrakeAtStandstillIsNotAnAcceleration()
    {
        (Vec3 f, _) = Measure(State(acceleration: -3), Pose3.Identity);
        Near(new Vec3(0, 0, G), f);
    }

    [Theory]
    // Roll +90 deg: the sensor's y axis points up (z points to the vehicle's right).
    [InlineData(90, 0, G, 0)]
    // Roll -90 deg: the sensor's z axis points left, y down.
    [InlineData(-90, 0, -G, 0)]
    public void ARolledMountSeesGravityOnItsSideAxis(double rollDeg, double fx, double fy, double fz)
    {
        (Vec3 f, _) = Measure(State(), new Pose3(new Vec3(0, 0, 1), rollDeg * Math.PI / 180, 0, 0));
        Near(new Vec3(fx, fy, fz), f);
    }

    [Fact]
    public void OnAGradeGravityTiltsIntoTheLongitudinalAxis()
    {
        // Nose up 0.1 rad, standing: specific force (g sin 0.1, 0, g cos 0.1) in the vehicle frame
        // (the road pushes back along the slope).
        (Vec3 f, _) = Measure(State(pitch: 0.1), Pose3.Identity);
        Near(new Vec3(G * Math.Sin(0.1), 0, G * Math.Cos(0.1)), f);
    }

    [Fact]
    public void TheLeverArmAddsCentripetalAccelerationInASteadyTurn()
    {
        // 10 m/s, 0.5 rad/s left turn, no side slip at the reference point: a_ref = (0, u r, 0) = (0, 5, 0).
        // IMU 2 m ahead, 1 m left, 0.5 m up: omega x (omega x rho) = -r^2 (2, 1, 0) = (-0.5, -0.25, 0).
        const double u = 10, r = 0.5;
        (Vec3 f, Vec3 w) = Measure(State(speed: u, yawRate: r, lateralAcceleration: u * r), new Pose3(new Vec3(2, 1, 0.5), 0, 0, 0));
        Near(new Vec3(-r * r * 2, u * r - r * r * 1, G), f);
        Near(new Vec3(0, 0, r), w);
    }

    [Fact]
    public void YawAccelerationActsThroughTheLeverArm()
    {
        // alpha = 2 rad/s^2 about z, IMU 3 m ahead of the reference: alpha x rho = (0, 6, 0).
        (Vec3 f, _) = Measure(State(), new Pose3(new Vec3(3, 0, 0), 0, 0, 0), yawAcc: 2);
        Near(new Vec3(0, 6, G), f);
    }

    [Fact]
    public void ARotatedMountSeesTheYawRateOnItsOwnAxes()
    {
        (Vec3 f, Vec3 w) = Measure(State(speed: 5, yawRate: 0.2, lateralAcceleration: 1), new Pose3(default, 0, Math.PI / 2, 0));
        // Pose3 pitch +90: sensor x = vehicle -z, sensor z = vehicle x.
        Near(new Vec3(-0.2, 0, 0), w);
        Near(new Vec3(-G, 1, 0), f);
    }

    [Fact]
    public void APitchRateAppearsOnTheLateralAxisAndCurvesTheVerticalAcceleration()
    {
        // Cresting a hill at 20 m/s, nose-up pitch falling at 0.05 rad/s: the ISO pitch rate (nose
        // down positive) is +0.05 about y, and the centripetal -u q = -1 m/s^2 along z.
        (Vec3 f, Vec3 w) = Measure(State(speed: 20), Pose3.Identity, pitchRate: -0.05);
        Near(new Vec3(0, 0.05, 0), w);
        Near(new Vec3(0, 0, G - 1), f);
    }
}
