using SimCore.Entities;
using SimCore.Storyboard.Actions;

namespace SimCore.Trajectories;

/// <summary>
/// Moves an entity along a fixed trajectory, as OpenSCENARIO FollowTrajectoryAction asks:
/// without timing at the entity's own speed; with timing at the position the trajectory time gives
/// (the speed then follows from the distance covered). A vertex time t is reached at simulation
/// time t * scale + offset, counted from the action's start (relative) or from zero (absolute).
/// At the end of an open trajectory the rest of the step's distance continues straight along the
/// final heading and the follower finishes; a closed one starts over.
/// </summary>
internal sealed class TrajectoryFollower
{
    private const double Small = 1e-6;
    private readonly Trajectory _trajectory;
    private readonly TrajectoryTiming? _timing;
    private readonly bool _closed;
    private double _s;
    private double _elapsed;

    public TrajectoryFollower(Trajectory trajectory, TrajectoryTiming? timing, bool closed, double initialDistance, bool stopAtEnd)
    {
        _trajectory = trajectory;
        _timing = timing;
        _closed = closed && timing is null;
        _s = Math.Clamp(initialDistance, 0, trajectory.Length);
        StopAtEnd = stopAtEnd;
    }

    public bool Finished { get; private set; }

    /// <summary>The entity stands still where the trajectory ends (a pedestrian walking a path) instead of carrying on.</summary>
    public bool StopAtEnd { get; }

    /// <summary>Puts the entity at its start on the trajectory (the action's first moment).</summary>
    public void Place(Entity e)
    {
        TrajectoryPoint p = _trajectory.At(_s);
        TrailingAxle.Pose(e, p.X, p.Y, p.Heading);
        if (_timing is not null)
        {
            e.State.Speed = p.Speed;
        }
    }

    /// <summary>
    /// Advances over a step that ends at simulation time <paramref name="now"/>: by
    /// <paramref name="speed"/> * <paramref name="dt"/> untimed, to the trajectory time otherwise.
    /// Writes the pose; returns the entity's speed over the step.
    /// </summary>
    public double Step(Entity e, double now, double dt, double speed)
    {
        double old = _s;
        double v = Math.Abs(speed);
        double end = _trajectory.StartTime + _trajectory.Duration;
        double time = 0;
        if (_timing is null)
        {
            _s = old + v * dt;
            if (_closed && _trajectory.Length > 0)
            {
                _s %= _trajectory.Length;
            }
        }
        else
        {
            _elapsed += dt;
            double clock = _timing.Absolute ? now : _elapsed;
            time = (clock - _timing.Offset) / _timing.Scale;
            _s = _trajectory.DistanceAtTime(time);
            if (dt > Small && time < end + Small)
            {
                v = Math.Abs(_s - old) / dt;
            }
        }
        TrajectoryPoint p = _trajectory.At(_s);
        double x = p.X, y = p.Y;
        bool atEnd = _timing is null
            ? !_closed && _s > _trajectory.Length - Small
            : time >= end - Small;
        if (atEnd)
        {
            // The rest of the step continues straight along the final heading.
            double rest = _timing is null
                ? v * dt - Math.Abs(Math.Min(_s, _trajectory.Length) - old)
                : (time - end) * _timing.Scale * v;
            x += rest * Math.Cos(p.Heading);
            y += rest * Math.Sin(p.Heading);
            Finished = true;
        }
        TrailingAxle.Pose(e, x, y, p.Heading);
        return v;
    }
}
