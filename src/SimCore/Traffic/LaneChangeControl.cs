using SimCore.Entities;

namespace SimCore.Traffic;

/// <summary>
/// Moves laterally from the current t to the centre (plus offset) of a target lane along a shape,
/// over a time, a distance or at a lateral rate. The target follows the lane as it curves or
/// widens. While it moves, the lane id follows the reference point (so traffic in the target lane
/// reacts once the car is more in that lane than in its old one); at the end it is the target lane.
/// </summary>
internal sealed class LaneChangeControl : LateralControl
{
    private readonly int _targetLane;
    private readonly double _targetOffset;
    private readonly TransitionDynamics _dynamics;
    private readonly double _t0;
    private readonly double _span;
    private double _progressed;
    private TransitionClock _clock;

    public LaneChangeControl(Entity e, int targetLane, double targetOffset, TransitionDynamics dynamics)
    {
        _targetLane = targetLane;
        _targetOffset = targetOffset;
        _dynamics = dynamics;
        _t0 = e.T;
        double t1 = e.Road!.LaneCenterT(targetLane, e.S) + targetOffset;
        _span = dynamics.Dimension == TransitionDimension.Rate
            ? (dynamics.Value > 0 ? Math.Abs(t1 - _t0) / dynamics.Value : 0)
            : dynamics.Value;
    }

    public int TargetLane => _targetLane;

    public override double NextT(Entity e, double ds, double dt)
    {
        double t1 = e.Road!.HasLane(_targetLane, e.S) ? e.Road.LaneCenterT(_targetLane, e.S) + _targetOffset : _t0;
        double progressed = _dynamics.Dimension == TransitionDimension.Distance ? (_progressed += ds) : _clock.Advance(dt);
        double x = _span > 0 ? progressed / _span : 1.0;
        if (TransitionClock.IsComplete(x) || _dynamics.Shape == TransitionShape.Step)
        {
            Finished = true;
            e.LaneId = _targetLane;
            e.LaneOffset = _targetOffset;
            return t1;
        }
        return _t0 + (t1 - _t0) * TransitionDynamics.Evaluate(_dynamics.Shape, x);
    }
}
