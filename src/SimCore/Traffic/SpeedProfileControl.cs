using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>One entry of a speed profile: reach <c>Speed</c> over <c>Duration</c> seconds after the previous entry (null: as fast as the limits allow).</summary>
internal readonly record struct SpeedProfileEntry(double? Duration, double Speed);

/// <summary>
/// OpenSCENARIO 1.2 SpeedProfileAction: follows the speed curve <see cref="SpeedProfilePlan"/>
/// planned when the action starts, evaluated at the end of each step; finishes at the last speed.
/// Speeds are absolute, or relative to a reference entity's speed at the start.
/// </summary>
internal sealed class SpeedProfileControl : LongitudinalControl
{
    private readonly SpeedPiece[] _pieces;
    private readonly double? _maxSpeed;
    private int _index;

    public SpeedProfileControl(Entity e, World world, IReadOnlyList<SpeedProfileEntry> entries, string? reference, bool follow, DynamicLimits limits)
    {
        double offset = reference is null ? 0 : world.Get(reference).Speed;
        _pieces = SpeedProfilePlan.Build(world.Seconds, e.Speed, e.State.Acceleration, entries, offset, follow, limits);
        _maxSpeed = limits.MaxSpeed;
    }

    internal IReadOnlyList<SpeedPiece> Pieces => _pieces;

    public override double NextSpeed(Entity e, World world, double dt)
    {
        double t = world.Seconds;
        while (_index < _pieces.Length - 1 && t >= _pieces[_index + 1].T - 1e-9)
        {
            _index++;
        }
        SpeedPiece last = _pieces[^1];
        double v = _pieces[_index].At(t);
        if (_index == _pieces.Length - 1 && t >= last.T - 1e-9)
        {
            v = last.V + last.K * (t - last.T);
            Finished = last.K == 0;
        }
        v = Math.Max(0, v);
        return _maxSpeed is { } vmax ? Math.Min(v, vmax) : v;
    }
}
