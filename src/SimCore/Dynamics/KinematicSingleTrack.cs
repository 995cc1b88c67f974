using SimCore.Mathematics;

namespace SimCore.Dynamics;

/// <summary>
/// Kinematic single-track (bicycle) model referenced at the rear axle:
/// x' = v cos h, y' = v sin h, h' = v tan(delta) / L. No tyre slip: right for low speeds
/// and gentle manoeuvres, and the fallback of <see cref="DynamicSingleTrack"/> near standstill.
/// </summary>
public sealed class KinematicSingleTrack : IVehicleModel
{
    private readonly Actuators _actuators;

    /// <summary>Creates the model.</summary>
    /// <param name="parameters">Vehicle parameters; they must pass <see cref="VehicleParameters.Validate"/>.</param>
    public KinematicSingleTrack(VehicleParameters parameters)
    {
        _actuators = new Actuators(parameters);
        Parameters = parameters;
    }

    /// <inheritdoc />
    public VehicleParameters Parameters { get; }

    /// <inheritdoc />
    public void Step(ref VehicleState state, in ControlDemand demand, double dt)
    {
        VehicleParameters p = Parameters;
        double l = p.Wheelbase;
        double delta0 = Math.Clamp(state.SteeringAngle, -p.MaxSteeringAngle, p.MaxSteeringAngle);
        double a0 = Math.Clamp(state.Acceleration, -p.MaxDeceleration, p.MaxAcceleration);
        _actuators.Step(ref state, demand, dt);
        double delta1 = state.SteeringAngle;
        double a1 = state.Acceleration;

        // The actuator output moves linearly enough within one step that its mean is a
        // second-order accurate stand-in for the whole step.
        double v0 = Math.Clamp(state.Speed, 0, p.MaxSpeed);
        double distance = Travel(v0, 0.5 * (a0 + a1), p.MaxSpeed, dt, out double v1);

        // Driving a circular arc of the mean curvature is exact for constant steering, so
        // the path does not depend on dt when the steering is held.
        double curvature = 0.5 * (Math.Tan(delta0) + Math.Tan(delta1)) / l;
        double dh = curvature * distance;
        double chord = distance * SinXOverX(0.5 * dh);
        double chordDirection = state.Heading + 0.5 * dh;
        state.X += chord * Math.Cos(chordDirection);
        state.Y += chord * Math.Sin(chordDirection);
        state.Heading = Angles.WrapPi(state.Heading + dh);
        state.Speed = v1;

        double yawRate = v1 * Math.Tan(delta1) / l;
        // The rear axle does not slide, so the CG (lr ahead of it) moves sideways at lr * r.
        double lateralVelocity = p.DistanceCgToRear * yawRate;
        state.LateralAcceleration = v1 * yawRate + (lateralVelocity - state.LateralVelocity) / dt;
        state.YawRate = yawRate;
        state.LateralVelocity = lateralVelocity;
    }

    /// <summary>
    /// Distance covered in <paramref name="dt"/> from speed <paramref name="v0"/> at constant
    /// acceleration <paramref name="a"/>, stopping at zero and at <paramref name="vMax"/>.
    /// </summary>
    internal static double Travel(double v0, double a, double vMax, double dt, out double v1)
    {
        double v = v0 + a * dt;
        if (v < 0)
        {
            v1 = 0;
            // Stops part-way: the brake holds the car for the rest of the step.
            return a < 0 ? 0.5 * v0 * (v0 / -a) : 0;
        }
        if (v > vMax)
        {
            v1 = vMax;
            double tReach = a > 0 ? Math.Max(0, (vMax - v0) / a) : 0;
            return 0.5 * (v0 + vMax) * tReach + vMax * (dt - tReach);
        }
        v1 = v;
        return 0.5 * (v0 + v) * dt;
    }

    internal static double SinXOverX(double x)
        => Math.Abs(x) < 1e-4 ? 1 - x * x / 6 : Math.Sin(x) / x;
}
