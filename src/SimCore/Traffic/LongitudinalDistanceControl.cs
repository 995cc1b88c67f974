using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>Limits a controller obeys (OpenSCENARIO DynamicConstraints); null means unlimited.</summary>
internal sealed record DynamicLimits(double? MaxAcceleration, double? MaxDeceleration, double? MaxSpeed, double? MaxAccelerationRate = null, double? MaxDecelerationRate = null)
{
    /// <summary>No constraint at all: the action places the entity rigidly rather than driving it there.</summary>
    public bool None => MaxAcceleration is null && MaxDeceleration is null && MaxSpeed is null && MaxAccelerationRate is null && MaxDecelerationRate is null;

    /// <summary>
    /// The constraints a vehicle can obey: a value it does not give is the vehicle's own
    /// performance, one beyond its performance is cut to it (esmini reads DynamicConstraints so).
    /// </summary>
    public DynamicLimits Within(Dynamics.VehicleParameters? vehicle)
    {
        if (vehicle is null)
        {
            return this;
        }
        return this with
        {
            MaxAcceleration = Math.Min(MaxAcceleration ?? double.PositiveInfinity, vehicle.MaxAcceleration),
            MaxDeceleration = Math.Min(MaxDeceleration ?? double.PositiveInfinity, vehicle.MaxDeceleration),
            MaxSpeed = Math.Min(MaxSpeed ?? double.PositiveInfinity, vehicle.MaxSpeed),
        };
    }
}

/// <summary>Where the entity keeps the gap: behind the reference, ahead of it, or on the side it is on when the action starts.</summary>
internal enum LongitudinalDisplacement
{
    TrailingReferencedEntity,
    LeadingReferencedEntity,
    Any,
}

/// <summary>
/// OpenSCENARIO LongitudinalDistanceAction as esmini plays it. Without DynamicConstraints the
/// entity is placed at the goal distance every step and takes the reference's speed. With them,
/// a critically damped spring pulls the gap error to zero: stiffness 0.4 times the limit on the
/// side it acts (max acceleration when too close, max deceleration when too far, as esmini
/// does), damping 2 sqrt(stiffness) on the speed difference, the acceleration clipped to the
/// limits and its change per step to the jerk limits, the speed to maxSpeed. A time gap is
/// taken at the reference's speed. Without <c>continuous</c> it ends once the gap is within
/// 0.1 m of the goal; the entity then keeps its speed.
/// </summary>
internal sealed class LongitudinalDistanceControl : LongitudinalControl
{
    private const double Stiffness = 0.4;
    private const double Threshold = 0.1;
    private readonly string _reference;
    private readonly double? _distance;
    private readonly double? _timeGap;
    private readonly bool _leading;
    private readonly bool _freespace;
    private readonly MeasureFrame _frame;
    private readonly bool _continuous;
    private readonly DynamicLimits? _limits;
    private double _acceleration;

    // limits null: rigid placement; otherwise the resolved constraints (see DynamicLimits.Within).
    public LongitudinalDistanceControl(Entity e, World world, string reference, double? distance, double? timeGap, LongitudinalDisplacement displacement,
        bool freespace, MeasureFrame frame, bool continuous, DynamicLimits? limits)
    {
        _reference = reference;
        _distance = distance;
        _timeGap = timeGap;
        _freespace = freespace;
        _frame = frame;
        _continuous = continuous;
        _limits = limits;
        _leading = displacement switch
        {
            LongitudinalDisplacement.LeadingReferencedEntity => true,
            // Whichever side it is on now: the reference behind means leading.
            LongitudinalDisplacement.Any => Gap(e, world.Get(reference)) < 0,
            _ => false,
        };
    }

    /// <summary>Signed distance to the reference, positive while it is ahead.</summary>
    private double Gap(Entity e, Entity r)
        => _freespace
            // esmini measures a free-space gap box to box along the entity's own axis, whatever the coordinate system.
            ? Measures.Distance(e, r, DistanceKind.Longitudinal, MeasureFrame.Entity, true)
            : Measures.Distance(e, r, DistanceKind.Longitudinal, _frame, false);

    /// <summary>Gap minus goal: positive when the entity should close up.</summary>
    public double GapError(Entity e, World world, out Entity reference)
    {
        reference = world.Get(_reference);
        double goal = Math.Abs(_distance ?? Math.Abs(reference.Speed) * (_timeGap ?? 0));
        return Gap(e, reference) - (_leading ? -goal : goal);
    }

    public override double? StartSpeed(Entity e, World world)
    {
        if (_limits is not null)
        {
            return null;
        }
        e.PendingShift = GapError(e, world, out Entity r);
        return r.Speed;
    }

    public override double NextSpeed(Entity e, World world, double dt)
    {
        double error = GapError(e, world, out Entity r);
        if (!_continuous && Math.Abs(error) < Threshold)
        {
            // Ends, but still acts in this step (as esmini does).
            Finished = true;
        }
        if (_limits is not { } l)
        {
            e.PendingShift = error;
            return r.Speed;
        }
        double maxAcc = l.MaxAcceleration ?? double.PositiveInfinity, maxDec = l.MaxDeceleration ?? double.PositiveInfinity;
        double k = Stiffness * (error < 0 ? maxAcc : maxDec);
        double a = error * k - (e.Speed - r.Speed) * 2 * Math.Sqrt(k);
        if (a < 0)
        {
            a = Math.Max(a, -maxDec);
            if (l.MaxDecelerationRate is { } jerk && a < _acceleration)
            {
                a = Math.Max(_acceleration - jerk * dt, a);
            }
        }
        else
        {
            a = Math.Min(a, maxAcc);
            if (l.MaxAccelerationRate is { } jerk && a > _acceleration)
            {
                a = Math.Min(_acceleration + jerk * dt, a);
            }
        }
        _acceleration = a;
        double v = e.Speed + a * dt;
        return l.MaxSpeed is { } vmax ? Math.Clamp(v, -vmax, vmax) : v;
    }
}
