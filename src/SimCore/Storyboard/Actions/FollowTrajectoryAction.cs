using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>How a trajectory's vertex times are read (OpenSCENARIO TimeReference).</summary>
/// <param name="Absolute">Times are simulation times (else relative to the action's start).</param>
/// <param name="Scale">Factor applied to every time.</param>
/// <param name="Offset">Seconds added to every time after scaling.</param>
internal sealed record TrajectoryTiming(bool Absolute, double Scale, double Offset)
{
    public static readonly TrajectoryTiming Relative = new(false, 1, 0);
}

/// <summary>
/// Moves an entity along a world polyline: at its own speed (or a given one), or on the vertex
/// times (scaled, offset, relative to the action's start or absolute; vertices already past are
/// reached at once). Pedestrians walking a path use it too. After the end the entity stands
/// still (pedestrians) or carries on straight (vehicles). The reference driver does not follow
/// trajectories: on a driven ego the action fails (logged).
/// </summary>
internal sealed class FollowTrajectoryAction(string name, string entity, IReadOnlyList<Vec2> points, IReadOnlyList<double>? times, double? speed,
    TrajectoryTiming? timing = null) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            world.Emit("action_failed", Name, "the reference driver does not follow trajectories", e);
            return CompletedRun.Instance;
        }
        IReadOnlyList<double>? t = null;
        if (times is not null)
        {
            TrajectoryTiming tt = timing ?? TrajectoryTiming.Relative;
            // The follower counts from its start time; absolute times count from zero.
            double shift = tt.Absolute ? -world.Seconds : 0;
            t = times.Select(x => x * tt.Scale + tt.Offset + shift).ToList();
        }
        var follower = new PathFollower(points, t, world.Seconds);
        e.Path = follower;
        e.Mode = MotionMode.Path;
        e.Lateral = null;
        e.Longitudinal = speed is { } v
            ? new SpeedTransitionControl(e, world, new SpeedTarget(SpeedTargetKind.Absolute, v, null), new TransitionDynamics(TransitionShape.Step, TransitionDimension.Time, 0), false)
            : null;
        return new Run(e, follower);
    }

    private sealed class Run(Entity e, PathFollower follower) : IActionRun
    {
        public bool IsDone(World world) => follower.Finished || !ReferenceEquals(e.Path, follower);

        public void Stop(World world)
        {
            if (ReferenceEquals(e.Path, follower))
            {
                e.Path = null;
                e.Mode = MotionMode.Free;
            }
        }
    }
}
