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
    private TransitionClock _clock;

    public SpeedTransitionControl(Entity e, World world, SpeedTarget target, TransitionDynamics dynamics, bool continuous)
    {
        _target = target;
        _dynamics = dynamics;
        _continuous = continuous;
        _v0 = e.Speed;
        double v1 = target.Evaluate(world);
        _span = dynamics.Dimension switch
        {
            TransitionDimension.Rate => dynamics.Value > 0 ? Math.Abs(v1 - _v0) / dynamics.Value : 0,
            _ => dynamics.Value,
        };
    }

    public override double NextSpeed(Entity e, World world, double dt)
    {
        double v1 = Math.Max(0.0, _target.Evaluate(world));
        if (_dynamics.Shape == TransitionShape.Step || _span <= 0)
        {
            Finished = !_continuous;
            return v1;
        }
        // Distance progress uses the speed over this step (trapezoid), so the distance to reach the
        // target matches the requested one to second order.
        double x;
        if (_dynamics.Dimension == TransitionDimension.Distance)
        {
            _progressed += e.Speed * dt;
            x = _progressed / _span;
        }
        else
        {
            x = _clock.Advance(dt) / _span;
        }
        if (_dynamics.Dimension == TransitionDimension.Distance)
        {
            double f0 = TransitionDynamics.Evaluate(_dynamics.Shape, x);
            double vGuess = _v0 + (v1 - _v0) * f0;
            _progressed += 0.5 * (vGuess - e.Speed) * dt;
            x = _progressed / _span;
        }
        if (TransitionClock.IsComplete(x))
        {
            Finished = !_continuous;
            return v1;
        }
        return Math.Max(0.0, _v0 + (v1 - _v0) * TransitionDynamics.Evaluate(_dynamics.Shape, x));
    }
}
