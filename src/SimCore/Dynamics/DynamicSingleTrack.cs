using SimCore.Mathematics;

namespace SimCore.Dynamics;

/// <summary>
/// Planar dynamic single-track model: lateral velocity and yaw rate driven by the axle
/// lateral forces of a tyre model (static axle loads), longitudinal speed driven directly by
/// the actuator acceleration. Below <see cref="KinematicBelowSpeed"/> it becomes the kinematic
/// model, blending smoothly up to <see cref="DynamicAboveSpeed"/>, because the slip angles are
/// singular at standstill (as CommonRoad's ST model switches to kinematics at low speed).
/// Integrated with RK4 on substeps short enough for the tyre dynamics, so any caller step
/// up to 0.05 s is stable.
/// </summary>
public sealed class DynamicSingleTrack : IVehicleModel
{
    /// <summary>At or below this speed (m/s) the model is purely kinematic.</summary>
    public const double KinematicBelowSpeed = 2.0;

    /// <summary>At or above this speed (m/s) the model is purely dynamic.</summary>
    public const double DynamicAboveSpeed = 3.0;

    // Longest substep: keeps RK4 accurate for the yaw mode even when the stiffness bound allows more.
    private const double MaxSubstep = 0.01;

    // Bounds the work per step for extreme parameter sets instead of running away.
    private const int MaxSubsteps = 1000;

    // How fast lateral velocity and yaw rate are pulled onto their kinematic values in the
    // blend region: fast against the manoeuvre, slow against the substep.
    private const double KinematicRelaxationTime = 0.05;

    private readonly Actuators _actuators;
    private readonly ITireModel _tire;
    private readonly double _loadFront;
    private readonly double _loadRear;
    private readonly double _stiffnessRate;

    /// <summary>Creates the model.</summary>
    /// <param name="parameters">Vehicle parameters; they must pass <see cref="VehicleParameters.Validate"/>.</param>
    /// <param name="tire">Tyre model for both axles; <see cref="SimplifiedPacejkaTire.Default"/> when null.</param>
    public DynamicSingleTrack(VehicleParameters parameters, ITireModel? tire = null)
    {
        _actuators = new Actuators(parameters);
        Parameters = parameters;
        _tire = tire ?? SimplifiedPacejkaTire.Default;
        double g = PhysicalConstants.Gravity;
        _loadFront = parameters.Mass * g * parameters.DistanceCgToRear / parameters.Wheelbase;
        _loadRear = parameters.Mass * g * parameters.DistanceCgToFront / parameters.Wheelbase;
        double cf = parameters.CorneringStiffnessFront;
        double cr = parameters.CorneringStiffnessRear;
        double lf = parameters.DistanceCgToFront;
        double lr = parameters.DistanceCgToRear;
        // Sum of the lateral and yaw damping rates of the linear model, times speed: an upper
        // bound on its eigenvalues' magnitude at speed v is this divided by v.
        _stiffnessRate = (cf + cr) / parameters.Mass + (lf * lf * cf + lr * lr * cr) / parameters.YawInertia;
    }

    /// <inheritdoc />
    public VehicleParameters Parameters { get; }

    /// <summary>The tyre model used on both axles.</summary>
    public ITireModel Tire => _tire;

    /// <inheritdoc />
    public void Step(ref VehicleState state, in ControlDemand demand, double dt)
    {
        VehicleParameters p = Parameters;
        var input = new StepInput
        {
            Delta0 = Math.Clamp(state.SteeringAngle, -p.MaxSteeringAngle, p.MaxSteeringAngle),
            A0 = Math.Clamp(state.Acceleration, -p.MaxDeceleration, p.MaxAcceleration),
            Dt = dt,
        };
        _actuators.Step(ref state, demand, dt);
        input.Delta1 = state.SteeringAngle;
        input.A1 = state.Acceleration;

        var s = new Body
        {
            X = state.X,
            Y = state.Y,
            H = state.Heading,
            Vx = Math.Clamp(state.Speed, 0, p.MaxSpeed),
            Vy = state.LateralVelocity,
            R = state.YawRate,
        };

        if (s.Vx <= KinematicBelowSpeed)
        {
            // Purely kinematic from the start, so the first substep already turns at the
            // kinematic yaw rate instead of relaxing towards it from a stale value.
            SnapToKinematic(ref s, input.Delta0);
        }

        // The slowest speed reachable in this step sets the stiffest tyre dynamics.
        double vSlowest = Math.Max(s.Vx - p.MaxDeceleration * dt, KinematicBelowSpeed);
        double hStable = vSlowest / _stiffnessRate;
        int n = (int)Math.Ceiling(dt / Math.Min(MaxSubstep, hStable) - 1e-9);
        n = Math.Clamp(n, 1, MaxSubsteps);
        double h = dt / n;

        for (int i = 0; i < n; i++)
        {
            double t = i * h;
            Body k1 = Derivative(in s, t, in input, out _);
            Body s2 = Add(in s, in k1, 0.5 * h);
            Body k2 = Derivative(in s2, t + 0.5 * h, in input, out _);
            Body s3 = Add(in s, in k2, 0.5 * h);
            Body k3 = Derivative(in s3, t + 0.5 * h, in input, out _);
            Body s4 = Add(in s, in k3, h);
            Body k4 = Derivative(in s4, t + h, in input, out _);
            s.X += h / 6 * (k1.X + 2 * k2.X + 2 * k3.X + k4.X);
            s.Y += h / 6 * (k1.Y + 2 * k2.Y + 2 * k3.Y + k4.Y);
            s.H += h / 6 * (k1.H + 2 * k2.H + 2 * k3.H + k4.H);
            s.Vx += h / 6 * (k1.Vx + 2 * k2.Vx + 2 * k3.Vx + k4.Vx);
            s.Vy += h / 6 * (k1.Vy + 2 * k2.Vy + 2 * k3.Vy + k4.Vy);
            s.R += h / 6 * (k1.R + 2 * k2.R + 2 * k3.R + k4.R);
            s.Vx = Math.Clamp(s.Vx, 0, p.MaxSpeed);
            if (s.Vx <= KinematicBelowSpeed)
            {
                SnapToKinematic(ref s, input.SteeringAt(t + h));
            }
        }

        // Evaluated at the end state so the reported value matches the state handed back.
        _ = Derivative(in s, dt, in input, out double lateralAcceleration);
        state.X = s.X;
        state.Y = s.Y;
        state.Heading = Angles.WrapPi(s.H);
        state.Speed = s.Vx;
        state.LateralVelocity = s.Vy;
        state.YawRate = s.R;
        state.LateralAcceleration = lateralAcceleration;
    }

    /// <summary>
    /// Purely kinematic: no slip, so lateral velocity and yaw rate are what steering angle and
    /// speed make them, exactly as in <see cref="KinematicSingleTrack"/>.
    /// </summary>
    private void SnapToKinematic(ref Body s, double delta)
    {
        double r = s.Vx * Math.Tan(delta) / Parameters.Wheelbase;
        s.R = r;
        s.Vy = Parameters.DistanceCgToRear * r;
    }

    /// <summary>Weight of the kinematic model at speed <paramref name="vx"/>: 1 below, 0 above the blend band, smoothstep between.</summary>
    internal static double KinematicWeight(double vx)
    {
        if (vx <= KinematicBelowSpeed)
        {
            return 1;
        }
        if (vx >= DynamicAboveSpeed)
        {
            return 0;
        }
        double u = (DynamicAboveSpeed - vx) / (DynamicAboveSpeed - KinematicBelowSpeed);
        // Smoothstep so the blended derivatives have no kink at the band's edges.
        return u * u * (3 - 2 * u);
    }

    private Body Derivative(in Body s, double t, in StepInput input, out double lateralAcceleration)
    {
        VehicleParameters p = Parameters;
        double delta = input.SteeringAt(t);
        double a = input.AccelerationAt(t);
        double lf = p.DistanceCgToFront;
        double lr = p.DistanceCgToRear;

        double vxDot = a;
        if ((s.Vx <= 0 && a < 0) || (s.Vx >= p.MaxSpeed && a > 0))
        {
            vxDot = 0;
        }

        double w = KinematicWeight(s.Vx);
        double vyDot = 0;
        double rDot = 0;
        if (w > 0)
        {
            double l = p.Wheelbase;
            double tan = Math.Tan(delta);
            double cos = Math.Cos(delta);
            double rKin = s.Vx * tan / l;
            double rKinDot = (vxDot * tan + s.Vx * input.SteeringRate / (cos * cos)) / l;
            vyDot += w * (lr * rKinDot + (lr * rKin - s.Vy) / KinematicRelaxationTime);
            rDot += w * (rKinDot + (rKin - s.R) / KinematicRelaxationTime);
        }
        if (w < 1)
        {
            // ISO 8855 slip angles: direction of the axle's velocity relative to the wheel's x axis.
            double slipFront = Math.Atan2(s.Vy + lf * s.R, s.Vx) - delta;
            double slipRear = Math.Atan2(s.Vy - lr * s.R, s.Vx);
            double mu = p.FrictionCoefficient;
            double forceFront = _tire.LateralForce(slipFront, _loadFront, p.CorneringStiffnessFront, mu);
            double forceRear = _tire.LateralForce(slipRear, _loadRear, p.CorneringStiffnessRear, mu);
            double forceFrontLateral = forceFront * Math.Cos(delta);
            vyDot += (1 - w) * ((forceFrontLateral + forceRear) / p.Mass - s.Vx * s.R);
            rDot += (1 - w) * ((lf * forceFrontLateral - lr * forceRear) / p.YawInertia);
        }

        // The reference point is the rear axle, which slides sideways at vy - lr r.
        double vyRear = s.Vy - lr * s.R;
        double sin = Math.Sin(s.H);
        double cosH = Math.Cos(s.H);
        lateralAcceleration = vyDot + s.Vx * s.R;
        return new Body
        {
            X = s.Vx * cosH - vyRear * sin,
            Y = s.Vx * sin + vyRear * cosH,
            H = s.R,
            Vx = vxDot,
            Vy = vyDot,
            R = rDot,
        };
    }

    private static Body Add(in Body s, in Body d, double h) => new()
    {
        X = s.X + h * d.X,
        Y = s.Y + h * d.Y,
        H = s.H + h * d.H,
        Vx = s.Vx + h * d.Vx,
        Vy = s.Vy + h * d.Vy,
        R = s.R + h * d.R,
    };

    /// <summary>The integrated part of the state (or its time derivative).</summary>
    private struct Body
    {
        public double X;
        public double Y;
        public double H;
        public double Vx;
        public double Vy;
        public double R;
    }

    /// <summary>Actuator outputs at both ends of the step; they move linearly in between.</summary>
    private struct StepInput
    {
        public double Delta0;
        public double Delta1;
        public double A0;
        public double A1;
        public double Dt;

        public readonly double SteeringRate => (Delta1 - Delta0) / Dt;

        public readonly double SteeringAt(double t) => Delta0 + (Delta1 - Delta0) * (t / Dt);

        public readonly double AccelerationAt(double t) => A0 + (A1 - A0) * (t / Dt);
    }
}
