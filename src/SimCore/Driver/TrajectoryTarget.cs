using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Storyboard.Actions;
using SimCore.Trajectories;

namespace SimCore.Driver;

/// <summary>
/// A trajectory the reference driver follows with the car's own dynamics (OpenSCENARIO
/// followingMode follow on a driven entity): it steers at a point ahead on the trajectory, and on
/// a timed one sets its speed to be where the trajectory's times say a second from now. Done once
/// the car has passed the trajectory's end.
/// </summary>
internal sealed class TrajectoryTarget(Trajectory trajectory, TrajectoryTiming? timing, double startTime)
{
    private const double SpeedHorizon = 1.0;
    private double _s;

    public bool Finished { get; private set; }

    /// <summary>Moves the car's place along the trajectory to the point nearest to it (a few Newton steps from the last).</summary>
    public void Track(Entity ego)
    {
        for (int i = 0; i < 4; i++)
        {
            TrajectoryPoint p = trajectory.At(_s);
            double ds = (ego.State.X - p.X) * Math.Cos(p.Heading) + (ego.State.Y - p.Y) * Math.Sin(p.Heading);
            _s = Math.Clamp(_s + ds, 0, trajectory.Length);
            if (Math.Abs(ds) < 1e-6)
            {
                break;
            }
        }
        TrajectoryPoint end = trajectory.At(trajectory.Length);
        double beyond = (ego.State.X - end.X) * Math.Cos(end.Heading) + (ego.State.Y - end.Y) * Math.Sin(end.Heading);
        Finished = _s >= trajectory.Length - 1e-6 && beyond >= 0;
    }

    /// <summary>The point <paramref name="distance"/> ahead of the car's place, straight on past the end.</summary>
    public Vec2 Ahead(double distance)
    {
        double s = _s + distance;
        TrajectoryPoint p = trajectory.At(Math.Min(s, trajectory.Length));
        double over = Math.Max(0, s - trajectory.Length);
        return new Vec2(p.X + over * Math.Cos(p.Heading), p.Y + over * Math.Sin(p.Heading));
    }

    /// <summary>The speed that brings the car to where the trajectory's times put it a second ahead; null untimed.</summary>
    public double? SetSpeed(double now)
    {
        if (timing is null)
        {
            return null;
        }
        double clock = (timing.Absolute ? now : now - startTime) + SpeedHorizon;
        double ahead = trajectory.DistanceAtTime((clock - timing.Offset) / timing.Scale);
        return Math.Max(0, (ahead - _s) / SpeedHorizon);
    }
}
