namespace SimCore.Trajectories;

/// <summary>
/// A trajectory fixed in the world (its relative positions resolved when its action started):
/// pose by distance along it, and distance by trajectory time for timed following.
/// </summary>
internal abstract class Trajectory
{
    private int _hint;
    private int _timeHint;

    protected Trajectory(TrajectoryPolyline samples, double startTime, double duration)
    {
        Samples = samples;
        StartTime = startTime;
        Duration = duration;
    }

    public TrajectoryPolyline Samples { get; }

    public virtual double Length => Samples.Length;

    /// <summary>Trajectory time of the start (first vertex or segment time), s.</summary>
    public double StartTime { get; }

    /// <summary>Trajectory time from start to end, s.</summary>
    public double Duration { get; }

    /// <summary>The pose at distance <paramref name="s"/> along the trajectory (clamped to it).</summary>
    public virtual TrajectoryPoint At(double s) => Samples.Evaluate(Math.Clamp(s, 0, Length), ref _hint);

    /// <summary>Distance along the trajectory at trajectory time <paramref name="time"/>; the end once past it.</summary>
    public virtual double DistanceAtTime(double time) => Samples.DistanceAtTime(time, ref _timeHint);
}
