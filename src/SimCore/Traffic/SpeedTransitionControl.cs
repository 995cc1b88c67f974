using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>
/// Moves speed from its value at the start to the target along a shape, over a time, a distance
/// or at a rate. A relative target is re-evaluated every step; a continuous one keeps tracking it
/// after the transition and never finishes.
/// </summary>
internal sealed class SpeedTransitionControl : LongitudinalControl
{
    private readonly SpeedTarget _target;
    private readonly TransitionDynamics _dynamics;
    private readonly bool _continuous;
    private readonly double _v0;
    private readonly double _span;     // seconds (time, rate) or metres (distance)
    private double _progressed;
    private double _rate;
    private TransitionClock _clock;

    /// <param name="e">The entity, at the start.</param>
    /// <param name="world">The world at the start.</param>
    /// <param name="target">The speed to reach.</param>
    /// <param name="dynamics">Shape and dimension.</param>
    /// <param name="continuous">Keeps tracking a relative target after the transition.</param>
    /// <param name="distanceAsTime">
    /// OpenSCENARIO (esmini's reading): a distance dimension runs the shape over the time the
    /// distance takes at the mean of the start and end speeds. Otherwise (the YAML format) the
    /// shape runs over the distance covered.
    /// </param>
    public SpeedTransitionControl(Entity e, World world, SpeedTarget target, TransitionDynamics dynamics, bool continuous, bool distanceAsTime = false)
    {
        _target = target;
        _continuous = continuous;
        _v0 = e.Speed;
        double v1 = target.Evaluate(world);
        if (dynamics.Dimension == TransitionDimension.Distance && distanceAsTime)
        {
            // The shape runs over the time the distance takes at the average of the start and end
            // speeds (esmini's reading of a distance dimension): a linear change over 44 m from
            // 13.9 m/s to rest brakes at a constant 2.2 m/s^2 for 6.3 s.
            dynamics = dynamics with { Dimension = TransitionDimension.Time, Value = DurationOver(dynamics.Value, _v0, v1) };
        }
        _dynamics = dynamics;
        _span = dynamics.Dimension switch
        {
            TransitionDimension.Rate => dynamics.Value > 0 ? Math.Abs(v1 - _v0) / dynamics.Value : 0,
            _ => dynamics.Value,
        };
        _rate = dynamics.Value;
        if (dynamics.Dimension != TransitionDimension.Distance && dynamics.Shape != TransitionShape.Step && e.Vehicle is { } vehicle)
        {
            // A vehicle cannot change speed faster than its performance allows: a transition whose
            // peak rate would exceed it takes longer (esmini does the same).
            double limit = v1 >= _v0 ? vehicle.MaxAcceleration : vehicle.MaxDeceleration;
            double peak = TransitionDynamics.Slope(dynamics.Shape, 0.5);
            if (limit > 0)
            {
                _span = Math.Max(_span, peak * Math.Abs(v1 - _v0) / limit);
                _rate = Math.Min(_rate, limit);
            }
        }
    }

    /// <summary>
    /// The time a speed change from <paramref name="v0"/> to <paramref name="v1"/> takes over
    /// <paramref name="distance"/> at the mean speed; through a stop (the sign changes) each part
    /// takes its share of the distance in proportion to its speed squared.
    /// </summary>
    internal static double DurationOver(double distance, double v0, double v1)
    {
        if (Math.Abs(v1 - v0) < 1e-10)
        {
            return 0;
        }
        if (Math.Abs(v0) > 1e-10 && Math.Abs(v1) > 1e-10 && Math.Sign(v0) != Math.Sign(v1))
        {
            double d0 = distance * v0 * v0 / (v0 * v0 + v1 * v1);
            return 2 * d0 / Math.Abs(v0) + 2 * (distance - d0) / Math.Abs(v1);
        }
        return 2 * distance / Math.Abs(v0 + v1);
    }

    public override double? StartSpeed(Entity e, World world)
        => _dynamics.Shape == TransitionShape.Step || _span <= 0 ? _target.Evaluate(world) : null;

    public override double NextSpeed(Entity e, World world, double dt)
    {
        // A negative target reverses the entity (esmini plays it so); it keeps facing the same way.
        double v1 = _target.Evaluate(world);
        if (_dynamics.Shape == TransitionShape.Step || _span <= 0)
        {
            Finished = !_continuous;
            return v1;
        }
        if (_dynamics.Shape == TransitionShape.Linear && _dynamics.Dimension == TransitionDimension.Rate)
        {
            // A rate is a bound on the change, also while a relative target moves: follow the
            // target at no more than the rate (the vehicle's own limit when that is lower).
            double step = _rate * dt;
            double v = e.Speed + Math.Clamp(v1 - e.Speed, -step, step);
            if (Math.Abs(v1 - v) < 1e-12)
            {
                Finished = !_continuous;
                return v1;
            }
            return v;
        }
        double x;
        if (_dynamics.Dimension == TransitionDimension.Distance)
        {
            // Entities travel v_new * dt in a step (semi-implicit Euler), and v_new depends on the
            // progress: one fixed-point pass from the old speed settles it to second order.
            double vGuess = _v0 + (v1 - _v0) * TransitionDynamics.Evaluate(_dynamics.Shape, (_progressed + Math.Abs(e.Speed) * dt) / _span);
            _progressed += Math.Abs(vGuess) * dt;
            x = _progressed / _span;
        }
        else
        {
            x = _clock.Advance(dt) / _span;
        }
        if (TransitionClock.IsComplete(x))
        {
            Finished = !_continuous;
            return v1;
        }
        return _v0 + (v1 - _v0) * TransitionDynamics.Evaluate(_dynamics.Shape, x);
    }
}
