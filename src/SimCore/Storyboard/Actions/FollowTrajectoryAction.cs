using SimCore.Driver;
using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;
using SimCore.Trajectories;

namespace SimCore.Storyboard.Actions;

/// <summary>How a trajectory's times map onto simulation time (OpenSCENARIO TimeReference Timing).</summary>
/// <param name="Absolute">Vertex times are simulation times (else counted from the action's start).</param>
/// <param name="Scale">Factor applied to every vertex time.</param>
/// <param name="Offset">Seconds added to every vertex time after scaling.</param>
internal sealed record TrajectoryTiming(bool Absolute, double Scale, double Offset)
{
    public static readonly TrajectoryTiming Relative = new(false, 1, 0);
}

/// <summary>
/// Moves an entity along a trajectory (OpenSCENARIO FollowTrajectoryAction). The shape is fixed
/// in the world when the action starts (positions relative to entities resolve then) and the
/// entity is put at its start, <paramref name="initialDistance"/> along it. Untimed it moves at its
/// own speed (or <paramref name="speed"/> when given); timed (<paramref name="timing"/>) the
/// trajectory's times place it. <paramref name="follow"/> is followingMode 'follow' (see
/// <see cref="PolylineShape"/>). After the end the entity carries on along the road, or stands
/// still when <paramref name="stopAtEnd"/> (null: people stand, vehicles carry on). An ego driven by
/// the reference driver follows in mode follow with its own dynamics (<see cref="TrajectoryTarget"/>);
/// in mode position the action fails (logged): the driver cannot be placed.
/// </summary>
internal sealed class FollowTrajectoryAction(string name, string entity, TrajectoryShape shape, TrajectoryTiming? timing, bool follow,
    double initialDistance = 0, double? speed = null, bool? stopAtEnd = false, bool closed = false) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive && !follow)
        {
            world.Emit("action_failed", Name, "followingMode position places the entity exactly, which the reference driver cannot; it follows trajectories in followingMode follow", e);
            return CompletedRun.Instance;
        }
        Trajectory? trajectory = shape.Freeze(new FreezeContext(world, e, follow), out string? error);
        if (trajectory is null)
        {
            world.Emit("action_failed", Name, error, e);
            return CompletedRun.Instance;
        }
        if (e.DriverActive)
        {
            // Follow with the car's own dynamics: the driver steers and paces along it.
            var target = new TrajectoryTarget(trajectory, timing, world.Seconds);
            e.Driver.Trajectory = target;
            return new DriverRun(e, target);
        }
        var follower = new TrajectoryFollower(trajectory, timing, closed, initialDistance, stopAtEnd ?? !e.IsVehicle);
        follower.Place(e);
        e.Path = follower;
        e.Mode = MotionMode.Path;
        e.Lateral = null;
        e.Teleported = false;
        if (speed is { } v)
        {
            e.Longitudinal = new SpeedTransitionControl(e, world, new SpeedTarget(SpeedTargetKind.Absolute, v, null), new TransitionDynamics(TransitionShape.Step, TransitionDimension.Time, 0), false);
        }
        RoadLocalizer.Localize(e, world.Network);
        return new Run(e, follower);
    }

    private sealed class DriverRun(Entity e, TrajectoryTarget target) : IActionRun
    {
        public bool IsDone(World world) => target.Finished || !ReferenceEquals(e.Driver?.Trajectory, target);

        public void Stop(World world)
        {
            if (e.Driver is { } d && ReferenceEquals(d.Trajectory, target))
            {
                // Back to the lane the car is in.
                d.Reset(e);
            }
        }
    }

    private sealed class Run(Entity e, TrajectoryFollower follower) : IActionRun
    {
        public bool IsDone(World world) => follower.Finished || !ReferenceEquals(e.Path, follower);

        public void Stop(World world)
        {
            if (ReferenceEquals(e.Path, follower))
            {
                EntityMotion.LeavePath(e, stop: false);
            }
        }
    }
}
