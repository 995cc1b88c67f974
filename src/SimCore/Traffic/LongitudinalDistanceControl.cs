using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>Limits a controller obeys (OpenSCENARIO DynamicConstraints); null means unlimited.</summary>
internal sealed record DynamicLimits(double? MaxAcceleration, double? MaxDeceleration, double? MaxSpeed, double? MaxAccelerationRate = null, double? MaxDecelerationRate = null);

/// <summary>
/// Keeps a distance, or a time gap at the entity's own speed, behind (or ahead of) a reference
/// entity, as OpenSCENARIO's LongitudinalDistanceAction. A critically damped spring on the gap
/// error and the speed difference (natural frequency 2 rad/s, settling in about 2 s) gives the
/// acceleration, clipped to the limits. Without <c>continuous</c> it finishes once within 0.1 m
/// and 0.1 m/s of the goal; the entity then keeps its speed.
/// </summary>
internal sealed class LongitudinalDistanceControl(string reference, double? distance, double? timeGap, bool leading, bool freespace, MeasureFrame frame, bool continuous, DynamicLimits limits) : LongitudinalControl
{
    private const double Omega = 2.0;

    /// <summary>Signed gap error: positive when the entity should close up (accelerate).</summary>
    public double GapError(Entity e, World world, out double relativeSpeed)
    {
        Entity r = world.Get(reference);
        double d = Measures.Distance(e, r, DistanceKind.Longitudinal, frame, freespace);
        double goal = distance ?? (timeGap ?? 0) * e.Speed;
        // Trailing: the reference is ahead by d; leading: the entity is ahead of it by -d.
        double error = leading ? goal - (-d) : d - goal;
        relativeSpeed = r.Speed - e.Speed;
        return error;
    }

    public override double NextSpeed(Entity e, World world, double dt)
    {
        double error = GapError(e, world, out double dv);
        double a = Omega * Omega * error + 2 * Omega * dv;
        if (limits.MaxAcceleration is { } up)
        {
            a = Math.Min(a, up);
        }
        if (limits.MaxDeceleration is { } down)
        {
            a = Math.Max(a, -down);
        }
        double v = Math.Max(0.0, e.Speed + a * dt);
        if (limits.MaxSpeed is { } vmax)
        {
            v = Math.Min(v, vmax);
        }
        if (!continuous && Math.Abs(error) < 0.1 && Math.Abs(dv) < 0.1)
        {
            Finished = true;
        }
        return v;
    }
}
