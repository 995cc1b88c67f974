using SimCore.Entities;

namespace SimCore.Traffic;

/// <summary>Moves the offset from the lane centre to a target along a shape over a duration.</summary>
internal sealed class LaneOffsetControl : LateralControl
{
    private readonly double _o0;
    private readonly double _o1;
    private readonly TransitionShape _shape;
    private readonly double _duration;
    private readonly bool _continuous;
    private TransitionClock _clock;

    public LaneOffsetControl(Entity e, double targetOffset, TransitionShape shape, double duration, bool continuous)
    {
        _o0 = e.LaneOffset;
        _o1 = targetOffset;
        _shape = shape;
        _duration = duration;
        _continuous = continuous;
    }

    /// <summary>
    /// Duration that keeps the peak lateral acceleration at <paramref name="maxLateralAcceleration"/>:
    /// a cubic peaks at 6 d / T^2, a half cosine at pi^2 d / (2 T^2), a linear ramp needs an instant jump (taken as the cubic's).
    /// </summary>
    public static double DurationFor(double distance, TransitionShape shape, double maxLateralAcceleration)
    {
        double d = Math.Abs(distance);
        double k = shape == TransitionShape.Sinusoidal ? Math.PI * Math.PI / 2.0 : 6.0;
        return maxLateralAcceleration > 0 ? Math.Sqrt(k * d / maxLateralAcceleration) : 0;
    }

    public override double NextT(Entity e, double ds, double dt)
    {
        double x = _duration > 0 ? _clock.Advance(dt) / _duration : 1.0;
        double offset = _o0 + (_o1 - _o0) * TransitionDynamics.Evaluate(_shape, x);
        if (TransitionClock.IsComplete(x))
        {
            offset = _o1;
            Finished = !_continuous;
        }
        e.LaneOffset = offset;
        return e.Road!.LaneCenterT(e.LaneId, e.S) + offset;
    }
}
