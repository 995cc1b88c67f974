using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>One entry of a speed profile: reach <c>Speed</c> over <c>Duration</c> seconds after the previous entry (null: as fast as the limits allow).</summary>
internal readonly record struct SpeedProfileEntry(double? Duration, double Speed);

/// <summary>
/// OpenSCENARIO 1.2 SpeedProfileAction. The profile is the piecewise-linear speed through the
/// entries (each reached its duration after the previous one, starting from the speed at the
/// start). In <c>position</c> mode the entity follows it exactly; in <c>follow</c> mode it tracks
/// it within the dynamic limits (acceleration, deceleration and their rates of change). Speeds are
/// absolute, or added to a reference entity's current speed.
/// </summary>
internal sealed class SpeedProfileControl : LongitudinalControl
{
    private readonly double[] _times;
    private readonly double[] _speeds;
    private readonly string? _reference;
    private readonly bool _follow;
    private readonly DynamicLimits _limits;
    private TransitionClock _clock;
    private double _acceleration;

    public SpeedProfileControl(Entity e, IReadOnlyList<SpeedProfileEntry> entries, string? reference, bool follow, DynamicLimits limits)
    {
        _reference = reference;
        _follow = follow;
        _limits = limits;
        _times = new double[entries.Count + 1];
        _speeds = new double[entries.Count + 1];
        _speeds[0] = e.Speed;
        for (int i = 0; i < entries.Count; i++)
        {
            double dv = entries[i].Speed - _speeds[i];
            double duration = entries[i].Duration ?? MinimumDuration(dv, limits);
            _times[i + 1] = _times[i] + Math.Max(0, duration);
            _speeds[i + 1] = entries[i].Speed;
        }
    }

    private static double MinimumDuration(double dv, DynamicLimits limits)
    {
        double? a = dv >= 0 ? limits.MaxAcceleration : limits.MaxDeceleration;
        return a is > 0 ? Math.Abs(dv) / a.Value : 0;
    }

    /// <summary>Total time of the profile (s).</summary>
    public double Duration => _times[^1];

    /// <summary>The profile's speed <paramref name="t"/> seconds after the start, before any reference speed is added.</summary>
    public double ProfileAt(double t)
    {
        if (t >= _times[^1])
        {
            return _speeds[^1];
        }
        int i = 1;
        while (_times[i] < t)
        {
            i++;
        }
        double span = _times[i] - _times[i - 1];
        // A zero-length segment is a jump to its speed.
        double f = span > 0 ? (t - _times[i - 1]) / span : 1.0;
        return _speeds[i - 1] + f * (_speeds[i] - _speeds[i - 1]);
    }

    public override double NextSpeed(Entity e, World world, double dt)
    {
        double t = _clock.Advance(dt);
        double offset = _reference is null ? 0 : world.Get(_reference).Speed;
        double target = Math.Max(0, ProfileAt(t) + offset);
        double v = target;
        if (_follow)
        {
            double a = (target - e.Speed) / dt;
            if (_limits.MaxAcceleration is { } up)
            {
                a = Math.Min(a, up);
            }
            if (_limits.MaxDeceleration is { } down)
            {
                a = Math.Max(a, -down);
            }
            // Rates of change: rising acceleration is limited by the acceleration rate, falling by the deceleration rate.
            if (a > _acceleration && _limits.MaxAccelerationRate is { } jUp)
            {
                a = Math.Min(a, _acceleration + jUp * dt);
            }
            else if (a < _acceleration && _limits.MaxDecelerationRate is { } jDown)
            {
                a = Math.Max(a, _acceleration - jDown * dt);
            }
            _acceleration = a;
            v = Math.Max(0, e.Speed + a * dt);
        }
        if (_limits.MaxSpeed is { } vmax)
        {
            v = Math.Min(v, vmax);
        }
        if (TransitionClock.IsComplete(t / Math.Max(_times[^1], 1e-12)) && Math.Abs(v - target) < 1e-3)
        {
            Finished = true;
        }
        return v;
    }
}
