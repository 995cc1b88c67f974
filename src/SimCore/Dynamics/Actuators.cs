namespace SimCore.Dynamics;

/// <summary>
/// Steering and longitudinal actuators: a first-order lag towards the clamped demand
/// (discretised exactly with exp(-dt/tau)), followed by a rate limit (steering rate, jerk)
/// and the range limits. Stateless: the actuator outputs live in <see cref="VehicleState"/>.
/// </summary>
public sealed class Actuators
{
    private readonly VehicleParameters _p;

    /// <summary>Creates the actuators of a vehicle.</summary>
    /// <param name="parameters">Vehicle parameters; they must pass <see cref="VehicleParameters.Validate"/>.</param>
    public Actuators(VehicleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.EnsureValid();
        _p = parameters;
    }

    /// <summary>
    /// Moves <see cref="VehicleState.SteeringAngle"/> and <see cref="VehicleState.Acceleration"/>
    /// one step towards the demand.
    /// </summary>
    /// <param name="state">The state whose actuator outputs are advanced.</param>
    /// <param name="demand">The demand, held for the step; both values must be finite.</param>
    /// <param name="dt">Step length (s).</param>
    public void Step(ref VehicleState state, in ControlDemand demand, double dt)
    {
        state.SteeringAngle = demand.Steering == SteeringInput.Rate
            ? StepSteeringRate(state.SteeringAngle, demand.SteeringRate, dt)
            : StepSteering(state.SteeringAngle, demand.SteeringAngle, dt);
        state.Acceleration = StepAcceleration(state.Acceleration, demand.Acceleration, dt);
    }

    /// <summary>The steering angle after one step from <paramref name="current"/> towards <paramref name="demand"/> (rad).</summary>
    /// <param name="current">Road-wheel angle at the start of the step (rad).</param>
    /// <param name="demand">Demanded road-wheel angle (rad), finite.</param>
    /// <param name="dt">Step length (s).</param>
    public double StepSteering(double current, double demand, double dt)
    {
        CheckFinite(demand, nameof(ControlDemand.SteeringAngle));
        double max = _p.MaxSteeringAngle;
        return Advance(current, Math.Clamp(demand, -max, max), -max, max, _p.SteeringTimeConstant, _p.MaxSteeringRate, dt);
    }

    /// <summary>
    /// The steering angle after one step of a rate demand: the rate, limited to the actuator's
    /// maximum, integrated over the step and held within the angle limits (rad).
    /// </summary>
    /// <param name="current">Road-wheel angle at the start of the step (rad).</param>
    /// <param name="rate">Demanded road-wheel rate (rad/s), finite.</param>
    /// <param name="dt">Step length (s).</param>
    public double StepSteeringRate(double current, double rate, double dt)
    {
        CheckFinite(rate, nameof(ControlDemand.SteeringRate));
        CheckStep(dt);
        double max = _p.MaxSteeringAngle;
        double limited = Math.Clamp(rate, -_p.MaxSteeringRate, _p.MaxSteeringRate);
        return Math.Clamp(Math.Clamp(current, -max, max) + limited * dt, -max, max);
    }

    /// <summary>The longitudinal acceleration after one step from <paramref name="current"/> towards <paramref name="demand"/> (m/s^2).</summary>
    /// <param name="current">Acceleration at the start of the step (m/s^2).</param>
    /// <param name="demand">Demanded acceleration (m/s^2), finite.</param>
    /// <param name="dt">Step length (s).</param>
    public double StepAcceleration(double current, double demand, double dt)
    {
        CheckFinite(demand, nameof(ControlDemand.Acceleration));
        double lo = -_p.MaxDeceleration;
        double hi = _p.MaxAcceleration;
        return Advance(current, Math.Clamp(demand, lo, hi), lo, hi, _p.AccelerationTimeConstant, _p.MaxJerk, dt);
    }

    private static double Advance(double current, double target, double lo, double hi, double tau, double maxRate, double dt)
    {
        CheckStep(dt);
        // A state set from outside the limits (e.g. a scenario's initial values) is pulled in first,
        // so the rate limit below works from a reachable value.
        current = Math.Clamp(current, lo, hi);
        // Exact solution of x' = (target - x)/tau over dt with target held: stable for any dt.
        double decay = tau > 0 ? Math.Exp(-dt / tau) : 0.0;
        double lagged = target + (current - target) * decay;
        double maxStep = maxRate * dt;
        double next = current + Math.Clamp(lagged - current, -maxStep, maxStep);
        return Math.Clamp(next, lo, hi);
    }

    internal static void CheckStep(double dt)
    {
        if (!(dt > 0) || double.IsPositiveInfinity(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "the step must be positive and finite");
        }
    }

    private static void CheckFinite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(ControlDemand), value, $"{nameof(ControlDemand)}.{field} must be finite");
        }
    }
}
