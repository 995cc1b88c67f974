using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Imu;

/// <summary>
/// Rigid-body motion of a vehicle at one instant, in its own frame (ISO 8855): angular velocity
/// and acceleration, and the velocity and inertial acceleration of a reference point at the
/// centre of gravity on the ground. Points elsewhere on the body follow from the lever arm.
/// </summary>
internal readonly struct BodyMotion
{
    /// <summary>Standard gravity (m/s^2).</summary>
    public const double Gravity = 9.80665;

    /// <summary>Vehicle pose in the world (rotation used for gravity and velocities).</summary>
    public readonly Pose3 Pose;

    /// <summary>Angular velocity, vehicle frame (rad/s).</summary>
    public readonly Vec3 Omega;

    /// <summary>Angular acceleration, vehicle frame (rad/s^2).</summary>
    public readonly Vec3 Alpha;

    /// <summary>Reference point (x = centre of gravity, on the ground), vehicle frame (m).</summary>
    public readonly Vec3 Reference;

    /// <summary>Velocity of the reference point, vehicle axes (m/s).</summary>
    public readonly Vec3 Velocity;

    /// <summary>Inertial acceleration of the reference point, vehicle axes (m/s^2).</summary>
    public readonly Vec3 Acceleration;

    /// <summary>
    /// Motion from a snapshot and the rates the snapshot does not carry.
    /// </summary>
    /// <param name="s">The vehicle's state.</param>
    /// <param name="yawAcceleration">d(yaw rate)/dt (rad/s^2).</param>
    /// <param name="pitchRate">d(Pitch)/dt of the snapshot's nose-up pitch (rad/s).</param>
    /// <param name="cgX">Centre of gravity ahead of the rear axle (m): where the snapshot's lateral velocity and acceleration apply.</param>
    public BodyMotion(in EntitySnapshot s, double yawAcceleration, double pitchRate, double cgX)
    {
        Pose = SensorWorld.VehiclePose(s);
        // Pose pitch is ISO 8855 (nose down positive), the snapshot's is nose up.
        double theta = -s.Pitch, thetaDot = -pitchRate;
        (double st, double ct) = Math.SinCos(theta);
        double r = s.YawRate, rDot = yawAcceleration;
        // World angular velocity r * z_world + thetaDot * y_body (Z-Y Euler rates) in body axes;
        // its derivative with theta'' = 0 (pitch is piecewise linear in time within a step).
        Omega = new Vec3(-r * st, thetaDot, r * ct);
        Alpha = new Vec3(-rDot * st - r * thetaDot * ct, 0, rDot * ct - r * thetaDot * st);
        Reference = new Vec3(cgX, 0, 0);
        double u = s.Speed, vy = s.LateralVelocity;
        // A held brake keeps a negative actuator acceleration at standstill while nothing moves.
        double uDot = u <= 0 && s.Acceleration < 0 ? 0 : s.Acceleration;
        Velocity = new Vec3(u, vy, 0);
        // Inertial acceleration in body axes = body-frame derivative + omega x v. The dynamics'
        // lateral acceleration already is vy' + u r (planar), so only the remaining terms are added.
        Acceleration = new Vec3(uDot - Omega.Z * vy, s.LateralAcceleration, Omega.X * vy - Omega.Y * u);
    }

    /// <summary>Inertial acceleration of a body point (vehicle frame, m) in vehicle axes: a + alpha x rho + omega x (omega x rho).</summary>
    public Vec3 AccelerationAt(Vec3 point)
    {
        Vec3 rho = point - Reference;
        return Acceleration + Vec3.Cross(Alpha, rho) + Vec3.Cross(Omega, Vec3.Cross(Omega, rho));
    }

    /// <summary>Specific force (acceleration minus gravity) at a body point, vehicle axes: +g up when at rest.</summary>
    public Vec3 SpecificForceAt(Vec3 point) => AccelerationAt(point) + Pose.InverseRotate(new Vec3(0, 0, Gravity));

    /// <summary>Velocity of a body point in vehicle axes: v + omega x rho.</summary>
    public Vec3 VelocityAt(Vec3 point) => Velocity + Vec3.Cross(Omega, point - Reference);

    /// <summary>
    /// The ego's motion at <paramref name="t"/> within the world's current step: the state
    /// interpolated by <see cref="SensorWorld.At"/>, the yaw acceleration and pitch rate from the
    /// step's two samples (zero in the initial step, which has only one).
    /// </summary>
    public static BodyMotion OfEntity(SensorWorld world, int index, SimTime t, double? cgX)
    {
        EntitySnapshot s = world.At(index, t);
        double span = (world.Time.Nanoseconds - world.PreviousTime.Nanoseconds) * 1e-9;
        double yawAcc = 0, pitchRate = 0;
        if (span > 0)
        {
            EntitySnapshot a = world.Previous[index], b = world.Current[index];
            yawAcc = (b.YawRate - a.YawRate) / span;
            pitchRate = (b.Pitch - a.Pitch) / span;
        }
        return new BodyMotion(s, yawAcc, pitchRate, cgX ?? DefaultCgX(s));
    }

    /// <summary>
    /// Where the centre of gravity is assumed when the rig does not say: the snapshot does not
    /// carry the vehicle's cg_to_rear, and the bounding-box centre is the closest thing it has.
    /// </summary>
    public static double DefaultCgX(in EntitySnapshot s) => s.CenterOffsetX;
}
