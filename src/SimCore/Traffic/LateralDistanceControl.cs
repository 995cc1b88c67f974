using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>Which side of the reference entity a lateral distance is kept on.</summary>
internal enum LateralDisplacement
{
    Any,
    LeftToReferencedEntity,
    RightToReferencedEntity,
}

/// <summary>
/// OpenSCENARIO LateralDistanceAction as esmini plays it: the entity moves across its lane to
/// stay <c>distance</c> to the left or right of a reference entity (between reference points, or
/// between the sides of the two bounding boxes with freespace). Without DynamicConstraints it is
/// placed there every step. With maxAcceleration, a critically damped spring moves its lateral
/// coordinate: stiffness 0.4 times maxAcceleration, damping 2 sqrt(stiffness) on its lateral speed
/// relative to the reference's sideways speed in the reference's own frame,
/// the lateral acceleration clipped to maxAcceleration (and its change to maxAccelerationRate), the
/// lateral speed to maxSpeed and to the entity's speed; without it, the entity moves straight at
/// that speed and lands on the goal. The first step after the start only takes the measure
/// (esmini's order), so the heading of the first move is measured over two steps. Without
/// <c>continuous</c> the action ends on reaching the goal, or, with the spring, once a step starts
/// within 0.01 m of it (that step still moves).
/// </summary>
internal sealed class LateralDistanceControl : LateralControl
{
    private const double Stiffness = 0.4;
    private const double Threshold = 0.01;
    private readonly string _reference;
    private readonly double? _distance;
    private readonly bool _freespace;
    private readonly MeasureFrame _frame;
    private readonly bool _continuous;
    private readonly double? _maxAcceleration;
    private readonly double? _maxSpeed;
    private readonly bool _rigid;
    private double _goal;
    private double _error;
    private double _velocity;
    private bool _started;
    private double _idle;
    private bool _holdIdle;
    private Roads.Road? _lastRoad;
    private double _lastT;
    private double _lastX;
    private double _lastY;
    private double _goalVelocity;
    private readonly double? _maxJerk;
    private double _acceleration;

    /// <param name="e">The entity, where the action starts.</param>
    /// <param name="reference">The reference entity.</param>
    /// <param name="distance">Distance to keep (m, positive); null keeps the one at the start.</param>
    /// <param name="side">The side to keep it on; Any keeps the side the entity is on at the start.</param>
    /// <param name="freespace">Between the boxes' sides rather than the reference points.</param>
    /// <param name="frame">Road: along road t when both are on one road; entity: in the reference's frame.</param>
    /// <param name="continuous">Keeps the distance until another lateral action takes over.</param>
    /// <param name="limits">DynamicConstraints; null: rigid placement.</param>
    public LateralDistanceControl(Entity e, Entity reference, double? distance, LateralDisplacement side, bool freespace,
        MeasureFrame frame, bool continuous, DynamicLimits? limits)
    {
        _reference = reference.Name;
        _distance = distance;
        _freespace = freespace;
        _frame = frame;
        _continuous = continuous;
        _rigid = limits is null;
        _maxAcceleration = limits?.MaxAcceleration;
        _maxSpeed = limits?.MaxSpeed;
        _maxJerk = limits?.MaxAccelerationRate;
        double now = Lateral(reference, e);
        double sign = side switch
        {
            LateralDisplacement.LeftToReferencedEntity => 1,
            LateralDisplacement.RightToReferencedEntity => -1,
            _ => now < 0 ? -1 : 1,
        };
        double magnitude = distance is { } d ? Math.Abs(d) : Math.Abs(now) - (freespace ? HalfWidths(e, reference) : 0);
        _goal = sign * (Math.Max(magnitude, 0) + (freespace ? HalfWidths(e, reference) : 0));
    }

    private static double HalfWidths(Entity a, Entity b) => 0.5 * (a.Width + b.Width);

    /// <summary>Lateral position of <paramref name="e"/> relative to <paramref name="r"/>: positive on its left.</summary>
    private double Lateral(Entity r, Entity e)
    {
        if (_frame == MeasureFrame.Road && r.Road is not null && ReferenceEquals(r.Road, e.Road))
        {
            return (e.T - r.T) * r.Direction;
        }
        Vec2 left = Vec2.FromAngle(r.State.Heading).PerpLeft;
        return Vec2.Dot(new Vec2(e.State.X - r.State.X, e.State.Y - r.State.Y), left);
    }

    public override void Prepare(Entity e, World world)
    {
        Entity r = world.Get(_reference);
        double lateralError = _goal - Lateral(r, e);
        if (_frame == MeasureFrame.Road && r.Road is not null && ReferenceEquals(r.Road, e.Road))
        {
            // Aim at where the reference will be at the end of the step, its last step's lateral
            // move carried on: esmini moves a lane-changing reference before it measures, when
            // the reference's action comes first in the storyboard.
            bool tracked = ReferenceEquals(r.Road, _lastRoad);
            double drift = tracked ? r.T - _lastT : 0;
            // The reference's sideways speed in its own frame, from its last step (esmini damps
            // the spring on the speed relative to it): on a curve the chord of a lane-following
            // step leans inwards of its heading, which settles the follower a little outwards.
            Vec2 left = Vec2.FromAngle(r.State.Heading).PerpLeft;
            double sideways = tracked ? Vec2.Dot(new Vec2(r.State.X - _lastX, r.State.Y - _lastY), left) / world.Dt : 0;
            _lastRoad = r.Road;
            _lastT = r.T;
            _lastX = r.State.X;
            _lastY = r.State.Y;
            // Left of the reference is +t when it travels along s.
            _error = (lateralError + drift * r.Direction) * r.Direction;
            _goalVelocity = sideways * r.Direction;
        }
        else
        {
            bool sameWay = Math.Cos(e.State.Heading - r.State.Heading) >= 0;
            _error = lateralError * e.Direction * (sameWay ? 1 : -1);
            _goalVelocity = 0;
        }
    }

    public override double NextT(Entity e, double ds, double dt)
    {
        if (!_started)
        {
            // esmini's first step decides how to move and moves nothing.
            _started = true;
            _idle = ds;
            _holdIdle = true;
            return e.T;
        }
        double step;
        double vmax = Math.Min(_maxSpeed ?? double.PositiveInfinity, Math.Abs(e.Speed));
        if (_rigid)
        {
            Finished = !_continuous && Math.Abs(_error) < Threshold;
            step = _error;
        }
        else if (_maxAcceleration is not { } maxAcc)
        {
            // No acceleration limit: straight at the speed limit, landing on the goal.
            _velocity = (_error < 0 ? -1 : 1) * vmax;
            step = _velocity * dt;
            if (Math.Sign(_error - step) != Math.Sign(_error))
            {
                step = _error;
                _velocity = step / dt;
                Finished = !_continuous;
            }
        }
        else
        {
            if (!_continuous && Math.Abs(_error) < Threshold)
            {
                // Close enough at the start of the step: this is the last move.
                Finished = true;
            }
            double k = Stiffness * maxAcc;
            double a = Math.Clamp(k * _error - 2 * Math.Sqrt(k) * (_velocity - _goalVelocity), -maxAcc, maxAcc);
            if (_maxJerk is { } jerk)
            {
                a = Math.Clamp(a, _acceleration - jerk * dt, _acceleration + jerk * dt);
            }
            _acceleration = a;
            _velocity = Math.Clamp(_velocity + a * dt, -vmax, vmax);
            step = _velocity * dt;
        }
        return e.T + step;
    }

    public override bool Places => _rigid;

    public override double HeadingBase(double d)
    {
        if (_holdIdle)
        {
            _holdIdle = false;
            return d;
        }
        double b = d + _idle;
        _idle = 0;
        return b;
    }
}
